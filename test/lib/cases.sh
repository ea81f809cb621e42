# SPDX-License-Identifier: Apache-2.0
# Sourced by the host test scripts that print one PASS/FAIL line per case: a scratch folder
# ($work, removed on exit), the counts, and cases_summary, the last command, whose status is the
# script's (1 when any case failed).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
pass() { echo "PASS  $1"; passed=$((passed + 1)); }
fail() { echo "FAIL  $1: $2"; failed=$((failed + 1)); }
check() { # NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected '$2', got '$3'"; fi
}
absolute() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
cases_summary() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
