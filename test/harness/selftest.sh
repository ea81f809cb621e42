#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks qemu-expect against small shell commands standing in for QEMU.
# Usage: test/harness/selftest.sh PATH-TO-qemu-expect
# Prints one line per case; exits 0 only when every case behaves.
set -u

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 PATH-TO-qemu-expect" >&2
	exit 2
fi
QE=$(realpath "$1")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# A stand-in that outlives its welcome sleeps for this odd time, so a leftover is easy to find.
MARK="31.$$"
# Each case is over in about 3 s at most (timeouts here are < 1 s, plus the 2 s SIGTERM grace).
CASE_LIMIT=8
passed=0
failed=0

script() { # NAME LINES... : writes a script file
	local name=$1
	shift
	printf '%s\n' "$@" >"$WORK/$name"
}

# Prints the pids of stand-ins still alive. Reads /proc rather than needing procps; zombies have
# an empty command line and never match.
leftover() {
	local cmdline pid args
	for cmdline in /proc/[0-9]*/cmdline; do
		pid=${cmdline#/proc/}
		pid=${pid%/cmdline}
		args=()
		mapfile -d '' args 2>/dev/null <"$cmdline"
		[[ "${args[*]}" == *"sleep $MARK"* ]] && echo "$pid"
	done
	return 0
}

# check NAME WANT_STATUS [WORDS...] -- QEMU-EXPECT-ARGS...
# Runs qemu-expect; the case behaves when it exits with WANT_STATUS within CASE_LIMIT seconds,
# its output holds every WORD and no stand-in is left running.
check() {
	local name=$1 want=$2 status word problem=""
	shift 2
	local words=()
	while [ "$1" != "--" ]; do
		words+=("$1")
		shift
	done
	shift
	(cd "$WORK" && timeout -k 1 "$CASE_LIMIT" "$QE" "$@") >"$WORK/out" 2>&1
	status=$?
	if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
		problem="still running after $CASE_LIMIT s"
	elif [ "$status" -ne "$want" ]; then
		problem="exit status $status, expected $want"
	fi
	for word in "${words[@]}"; do
		grep -qF -- "$word" "$WORK/out" || problem="${problem:+$problem; }no '$word' in output"
	done
	[ -z "$(leftover)" ] || problem="${problem:+$problem; }command left running"
	report "$name" "$problem"
}

report() { # NAME PROBLEM
	if [ -z "$2" ]; then
		echo "ok    $1"
		passed=$((passed + 1))
	else
		echo "FAIL  $1: $2"
		cut -c1-160 "$WORK/out" | head -n 30 | sed 's/^/      | /'
		failed=$((failed + 1))
		leftover | xargs -r kill -KILL 2>/dev/null
	fi
}

script boot.script '# stand-in boot' '' 'reject Unexpected exception' \
	'expect ^Mortise booting' 'expect CPU[0-9]+ online' 'expect ^all CPUs up$'
script off.script 'expect ^powering off' 'exit 0'
script exit-only.script 'exit 3'

check "lines in order with others between and \\r\\n endings" 0 "PASS boot.script" "3 expectations" \
	-- boot.script -- sh -c 'printf "noise\r\nMortise booting\r\nx\r\nCPU1 online\r\nall CPUs up\r\n"'
check "command that never exits is stopped once all expects match" 0 "PASS boot.script" \
	-- boot.script -- sh -c "printf 'Mortise booting\nCPU0 online\nall CPUs up\n'; exec sleep $MARK"
check "grandchild in the command's process group is stopped too" 0 "PASS boot.script" \
	-- boot.script -- sh -c "sleep $MARK & printf 'Mortise booting\nCPU0 online\nall CPUs up\n'; wait"
check "command is asked to stop with SIGTERM first" 0 "PASS boot.script" \
	-- boot.script -- sh -c "trap 'echo yes >termed; exit 0' TERM
		printf 'Mortise booting\nCPU0 online\nall CPUs up\n'; sleep $MARK & wait"
problem=""
[ -f "$WORK/termed" ] || problem="the command saw no SIGTERM"
report "SIGTERM reached the command" "$problem"
check "command ignoring SIGTERM is killed after the grace period" 1 "timeout after 0.3 s" \
	-- --timeout 0.3 boot.script -- sh -c "trap '' TERM; echo 'Mortise booting'; sleep $MARK"
check "out-of-order lines fail when the command exits" 1 \
	"command exited with status 0 before 'CPU[0-9]+ online' (expectation 2 of 3)" \
	"begin console log" "end console log" \
	-- boot.script -- sh -c 'printf "CPU0 online\nMortise booting\nall CPUs up\n"'
check "timeout names the regex and its place" 1 \
	"timeout after 0.5 s waiting for '^all CPUs up\$' (expectation 3 of 3)" "CPU2 online" \
	-- --timeout 0.5 boot.script -- sh -c "printf 'Mortise booting\nCPU2 online\n'; sleep $MARK"
check "reject fails at once, before later expects" 1 \
	"rejected line 2 \"Unexpected exception at EL2\" matched 'Unexpected exception'" \
	"begin console log" "later line" \
	-- boot.script -- sh -c "printf 'Mortise booting\nUnexpected exception at EL2\nlater line\n'; sleep $MARK"
script armed.script 'expect ^booted$' 'reject ^late error' 'expect ^done$'
check "a reject below an expect ignores lines before that expect matched" 0 "PASS armed.script" \
	-- armed.script -- sh -c "printf 'late error early\nbooted\ndone\n'; sleep $MARK"
check "a reject below an expect fails on lines after it" 1 \
	"rejected line 3 \"late error now\" matched '^late error'" \
	-- armed.script -- sh -c "printf 'x\nbooted\nlate error now\ndone\n'; sleep $MARK"
check "exit status that matches passes" 0 "PASS off.script (1 expectations" \
	-- off.script -- sh -c 'echo "powering off"; exit 0'
check "wrong exit status fails" 1 "exit status 3, expected 0" \
	-- off.script -- sh -c 'echo "powering off"; exit 3'
check "death by signal is no exit status" 1 "exit status signal 9" \
	-- off.script -- sh -c 'echo "powering off"; kill -9 $$'
check "command that never exits times out when exit is expected" 1 \
	"timeout after 0.5 s waiting for the command to exit with status 0" \
	-- --timeout 0.5 off.script -- sh -c "echo 'powering off'; exec sleep $MARK"
check "exit without expects checks the status only" 0 "PASS exit-only.script (0 expectations" \
	-- exit-only.script -- sh -c 'echo bye; exit 3'
check "command exiting before the first expect" 1 "command exited with status 5 before '^powering off'" \
	-- off.script -- sh -c 'echo "panic"; exit 5'
check "missing command reports status 127" 1 "status 127" "cannot run" \
	-- off.script -- /nonexistent/qemu
check "partial last line without newline still matches" 0 "PASS off.script" \
	-- off.script -- sh -c 'printf "powering off"; exit 0'
check "NUL bytes and a 100 kB line do not hide later lines" 0 "PASS off.script" \
	-- off.script -- sh -c 'printf "a\0b\n"; head -c 100000 /dev/zero | tr "\0" x; printf "\npowering off\n"'
check "long line longer than the line buffer is still logged" 1 "begin console log (100006 bytes)" \
	-- --timeout 0.3 off.script -- sh -c "head -c 100000 /dev/zero | tr '\\0' x; printf '\nnope\n'; sleep $MARK"

check "--log writes the whole console log" 0 "PASS off.script" \
	-- --log console.log off.script -- sh -c 'printf "first\npowering off\n"; exit 0'
problem=""
[ "$(cat "$WORK/console.log" 2>/dev/null)" = "$(printf 'first\npowering off')" ] ||
	problem="console.log holds '$(cat "$WORK/console.log" 2>/dev/null)'"
report "--log file content" "$problem"

# Typing into the command: send waits for the expects above it, prompts have no newline.
script login.script 'reject ^oops' 'expect ^login: $' 'send root' 'expect hello root$' \
	'expect ^[$] $' 'send exit 4' 'exit 4'
check "send answers prompts that never get a newline" 0 "PASS login.script (3 expectations" \
	-- --timeout 5 login.script -- sh -c 'printf "login: "; read -r name; echo "hello $name"
		printf "$ "; read -r cmd; eval "$cmd"'
script escapes.script 'expect ^ready$' 'send a\tb\x41\\c\r' 'exit 0'
check "send decodes escapes and appends a newline" 0 "PASS escapes.script" \
	-- --timeout 5 escapes.script -- sh -c 'echo ready; IFS= read -r line; printf "%s" "$line" >typed'
problem=""
[ "$(cat "$WORK/typed" 2>/dev/null)" = $'a\tbA\\c\r' ] ||
	problem="typed '$(od -An -c "$WORK/typed" 2>/dev/null | tr -s ' ')'"
report "sent bytes arrive as written" "$problem"
script first-send.script 'send early' 'expect ^got early$'
check "send before any expect goes at once" 0 "PASS first-send.script" \
	-- --timeout 5 first-send.script -- sh -c "read -r x; echo \"got \$x\"; exec sleep $MARK"
script reuse.script 'expect ^prompt>[ ]' 'send x' 'expect prompt'
check "text a partial match used does not match again" 1 \
	"timeout after 1 s waiting for 'prompt' (expectation 2 of 2)" \
	-- --timeout 1 reuse.script -- sh -c "printf 'prompt> '; read -r x; echo ok; exec sleep $MARK"
script rest.script 'expect ^prompt>[ ]$' 'send x' 'expect ^[ ]?ok$' 'expect ^more$'
check "the rest of a partial line is matched without ^" 1 \
	"waiting for '^[ ]?ok\$' (expectation 2 of 3)" \
	-- --timeout 1 rest.script -- sh -c "printf 'prompt> '; read -r x; echo ok; echo more; exec sleep $MARK"
script whole.script 'expect ^ab$' 'exit 0'
check "a short pause inside a line does not split it" 1 "command exited with status 0 before '^ab\$'" \
	-- whole.script -- sh -c 'printf ab; sleep 0.05; printf "c\n"'
script no-reader.script 'expect ^ready$' 'send x' 'expect never'
check "send to a command that closed its stdin fails" 1 "cannot send script line 2" \
	-- --timeout 2 no-reader.script -- sh -c "exec 0<&-; echo ready; exec sleep $MARK"
script bad-send.script 'send oops\q'
check "bad escape in send is a script error" 2 "bad-send.script:1" "bad escape" \
	-- bad-send.script -- true
check "no send keeps stdin at /dev/null" 0 "PASS off.script" \
	-- off.script -- sh -c 'cat; echo "powering off"'

script bad-regex.script 'expect fine' '# comment' 'expect broken(' 'exit 0'
check "bad regex names the script file and line" 2 "bad-regex.script:3" "broken(" \
	-- bad-regex.script -- true
script bad-directive.script 'expetc typo'
check "unknown directive is a script error" 2 "bad-directive.script:1" "unknown directive" \
	-- bad-directive.script -- true
script bad-exit.script 'exit zero'
check "non-numeric exit status is a script error" 2 "bad-exit.script:1" -- bad-exit.script -- true
script empty.script '# nothing'
check "script with nothing to check is an error" 2 "nothing to check" -- empty.script -- true
check "missing -- is a usage error" 2 "usage:" -- off.script true
check "bad --timeout is a usage error" 2 "--timeout" -- --timeout soon off.script -- true
check "missing script file is an error" 2 "cannot open script" -- no-such.script -- true

# A signal to qemu-expect itself (e.g. from `timeout`) must still stop the command.
(cd "$WORK" && exec "$QE" boot.script -- sh -c "echo 'Mortise booting'; exec sleep $MARK") \
	>"$WORK/out" 2>&1 &
qe_pid=$!
sleep 0.5
kill -TERM "$qe_pid"
wait "$qe_pid"
status=$?
problem=""
[ "$status" -eq 1 ] || problem="exit status $status, expected 1"
grep -qF "interrupted by signal" "$WORK/out" || problem="${problem:+$problem; }no 'interrupted' message"
[ -z "$(leftover)" ] || problem="${problem:+$problem; }command left running"
report "SIGTERM to qemu-expect stops the command" "$problem"

echo "qemu-expect selftest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
