#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs every test `make test` knows about and reports them in one list.
#
#   test/run-tests.sh LOGDIR UNIT_TEST_BINARY... -- INTEGRATION_TEST_COMMAND...
#
# A unit test is a CMocka binary run on its own; its name is its path. An integration test is one
# string run with `bash -c`; its name is the SCRIPT argument of the qemu-expect it runs, or else
# the whole string. Each item's output goes to LOGDIR/<name>.log and each item
# is stopped after TEST_TIMEOUT seconds (default 300); with TESTS set, only the items whose name
# contains it run (make test TESTS=mortise-root). The last line is "N passed, N failed",
# which CI reads. Exit status: 0 all passed, 1 any failed, 2 usage error.
set -u

usage() {
	echo "usage: $0 LOGDIR UNIT_TEST_BINARY... -- INTEGRATION_TEST_COMMAND..." >&2
	exit 2
}

[ $# -ge 1 ] || usage
LOGDIR=$1
shift
LIMIT=${TEST_TIMEOUT:-300}
if [[ ! $LIMIT =~ ^[0-9]+([.][0-9]+)?$ ]] || [[ $LIMIT =~ ^0*([.]0*)?$ ]]; then
	echo "$0: TEST_TIMEOUT='$LIMIT' is not a positive number of seconds" >&2
	exit 2
fi
mkdir -p "$LOGDIR" || exit 2

unit_tests=()
integration_tests=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	unit_tests+=("$1")
	shift
done
[ $# -gt 0 ] && shift
integration_tests=("$@")

passed=0
failed=0
failed_names=()
failed_logs=()
declare -A used_logs=()
running=""

# Stop the running item too: `timeout` keeps it in a process group of its own, which a Ctrl-C
# at the terminal does not reach.
on_signal() {
	[ -n "$running" ] && kill -TERM "$running" 2>/dev/null && wait "$running"
	echo "run-tests: interrupted" >&2
	exit 130
}
trap on_signal INT TERM HUP

# Sets $log to LOGDIR/<NAME>.log, the name reduced to safe characters and made unique in this run
# (a global, not an echo: used_logs must survive, which a $(...) subshell would lose).
choose_log() { # NAME
	local base=${1//[^A-Za-z0-9._-]/_} candidate n=2
	while [[ $base == [._]* ]]; do
		base=${base#?}
	done
	base=${base:0:120}
	base=${base:-test}
	candidate=$base
	while [ -n "${used_logs[$candidate]+x}" ]; do
		candidate="$base-$n"
		n=$((n + 1))
	done
	used_logs[$candidate]=1
	log="$LOGDIR/$candidate.log"
}

integration_name() { # COMMAND-STRING
	local words word found_harness=false skip_value=false
	read -r -a words <<<"$1"
	for word in "${words[@]}"; do
		if ! $found_harness; then
			[ "${word##*/}" = qemu-expect ] && found_harness=true
		elif $skip_value; then
			skip_value=false
		elif [ "$word" = "--timeout" ] || [ "$word" = "--log" ]; then
			skip_value=true
		elif [ "$word" = "--" ]; then
			break
		else
			echo "$word"
			return
		fi
	done
	echo "$1"
}

run_item() { # NAME COMMAND...
	local name=$1 log status
	shift
	[ -n "${TESTS:-}" ] && [[ $name != *"$TESTS"* ]] && return
	choose_log "$name"
	timeout -k 10 "$LIMIT" "$@" </dev/null >"$log" 2>&1 &
	running=$!
	wait "$running"
	status=$?
	running=""
	if [ "$status" -eq 0 ]; then
		echo "PASS  $name"
		passed=$((passed + 1))
		return
	fi
	if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
		echo "FAIL  $name (exit $status, timed out after $LIMIT s)"
	else
		echo "FAIL  $name (exit $status)"
	fi
	failed=$((failed + 1))
	failed_names+=("$name")
	failed_logs+=("$log")
}

for unit_test in "${unit_tests[@]}"; do
	run_item "$unit_test" "$unit_test"
done
for command in "${integration_tests[@]}"; do
	run_item "$(integration_name "$command")" bash -c "$command"
done

for i in "${!failed_names[@]}"; do
	echo
	echo "===== log of ${failed_names[$i]} (${failed_logs[$i]}) ====="
	# Indented, so no line of a log can pass for the summary line below.
	sed 's/^/  /' "${failed_logs[$i]}"
	echo "===== end of ${failed_names[$i]} ====="
done
[ "$failed" -eq 0 ] || echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
