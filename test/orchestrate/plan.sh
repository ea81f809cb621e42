#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tenon-orchestrate plan: test/orchestrate/plan.sh TENON_ORCHESTRATE TENON_POLICY GRAPH_DB VIRT_DTB
# - every objective of test/orchestrate/objectives/: its header says what must come out
#   ("# expect: ok|conflict|malformed", "# must: IMAGE:SYMBOL[=VALUE]...", "# must-not: ...",
#   "# conflict: TEXT" for each text the error must hold);
# - every sentence of test/orchestrate/sentences.txt: the symbols it must and must not select
#   (in any image of its plan);
# - for every plan made: `kconfig-conf --olddefconfig` leaves each generated .config byte-identical
#   and `tenon-policy check` accepts the manifest;
# - property: random objectives (seeded, so a run repeats) either plan, with every requested
#   symbol kept and the two checks above, or fail with a named conflict;
# - the board: CPUs and RAM come from its devicetree (VIRT_DTB, and variants made from it);
# - --llm: a fake command's objective is planned like a file, checked like one, and its failure named.
# Prints PASS/FAIL per case; exit status 1 when any case failed.
set -u
. "$(dirname "$0")/../lib/cases.sh"

[ $# -eq 4 ] || { echo "usage: $0 TENON_ORCHESTRATE TENON_POLICY GRAPH_DB VIRT_DTB" >&2; exit 2; }
tool=$(absolute "$1")
policy=$(absolute "$2")
db=$(absolute "$3")
board=$(absolute "$4")
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2

plan() { # OUT-DIR ARGS...: runs the planner, stderr to OUT-DIR.err
	local out=$1
	shift
	mkdir -p "$(dirname "$out")"
	"$tool" plan --db "$db" --board "${plan_board:-$board}" --out "$out" "$@" >/dev/null 2>"$out.err"
}

# The generated files are valid: Kconfig would change nothing, the policy compiler accepts them.
valid() { # NAME OUT-DIR
	local config problems=""
	for config in "$2"/*.config; do
		cp "$config" "$work/check.config"
		(cd "$work" && srctree="$root" KCONFIG_CONFIG=check.config \
			kconfig-conf -s --olddefconfig "$root/Kconfig") 2>/dev/null
		cmp -s "$config" "$work/check.config" ||
			problems="$problems $(basename "$config") changed by olddefconfig;"
	done
	"$policy" check "$2/policy.dts" >/dev/null 2>&1 || problems="$problems policy.dts rejected;"
	if [ -z "$problems" ]; then pass "$1: configs stable, manifest accepted"; else fail "$1" "$problems"; fi
}

has() { # OUT-DIR IMAGE SYMBOL[=VALUE]: the image's .config has it (=y when no value)
	local symbol=${3%%=*} value=y
	[ "$symbol" = "$3" ] || value=${3#*=}
	grep -qx "CONFIG_$symbol=$value" "$1/$2.config" 2>/dev/null
}

# ---- objectives ---------------------------------------------------------------------------
for objective in test/orchestrate/objectives/*.obj; do
	name=$(basename "$objective" .obj)
	out=$work/objectives/$name
	expect=$(sed -n 's/^# expect: //p' "$objective")
	plan "$out" "$objective"
	status=$?
	case $expect in
	ok)
		if [ $status -ne 0 ]; then
			fail "$name" "exit status $status: $(cat "$out.err")"
			continue
		fi
		problems=""
		for item in $(sed -n 's/^# must: //p' "$objective"); do
			has "$out" "${item%%:*}" "${item#*:}" || problems="$problems missing $item;"
		done
		for item in $(sed -n 's/^# must-not: //p' "$objective"); do
			! has "$out" "${item%%:*}" "${item#*:}" || problems="$problems unwanted $item;"
		done
		if [ -z "$problems" ]; then pass "$name"; else fail "$name" "$problems"; fi
		valid "$name" "$out"
		;;
	conflict | malformed)
		want=3
		[ "$expect" = conflict ] || want=1
		problems=""
		[ $status -eq $want ] || problems="exit status $status, expected $want;"
		while IFS= read -r text; do
			grep -qF -- "$text" "$out.err" || problems="$problems no \"$text\";"
		done < <(sed -n 's/^# conflict: //p' "$objective")
		if [ -z "$problems" ]; then pass "$name"; else fail "$name" "$problems $(cat "$out.err")"; fi
		;;
	*) fail "$name" "no '# expect:' line" ;;
	esac
done

# ---- explain --------------------------------------------------------------------------------
explain_has() { # NAME OBJECTIVE TEXT: the explanation of OBJECTIVE holds TEXT
	if "$tool" explain --db "$db" --board "$board" "$2" 2>&1 | grep -qF -- "$3"; then
		pass "explain: $1"
	else
		fail "explain: $1" "no \"$3\""
	fi
}
explain_has "a feature's words and path" test/orchestrate/objectives/01-pure-rt.obj \
	'TENON_MUTEX_PI: objective: rt needs TENON_MUTEX_PI: feature "priority inheritance" (FTS5 hit TENON_MUTEX_PI'
explain_has "a library pulled in along the graph" test/orchestrate/objectives/04-processes-musl.obj \
	'LIB_PAGE_ALLOC: selected by TENON_PROCESSES, objective: rt needs TENON_PROCESSES'
explain_has "an option minimised away" test/orchestrate/objectives/05-smallest.obj \
	'TENON_MUTEX_PI: on by default, off here: left out to minimise size'
explain_has "a choice's other value" test/orchestrate/objectives/02-microsecond-deadline.obj \
	'TENON_PERIODIC_TICK: on by default, off here: another value of its choice is selected'

# ---- sentences ----------------------------------------------------------------------------
number=0
while IFS='|' read -r sentence must must_not; do
	case $sentence in '#'* | '') continue ;; esac
	number=$((number + 1))
	out=$work/sentences/$number
	sentence=$(echo "$sentence" | sed 's/ *$//')
	if ! plan "$out" --text "$sentence"; then
		fail "sentence $number ($sentence)" "exit status $?: $(cat "$out.err")"
		continue
	fi
	selected=$(cat "$out"/*.config | sed -n 's/^CONFIG_\([A-Z0-9_]*\)=y$/\1/p' | sort -u)
	problems=""
	for symbol in ${must#*must:}; do
		echo "$selected" | grep -qx "$symbol" || problems="$problems missing $symbol;"
	done
	for symbol in ${must_not#*must-not:}; do
		! echo "$selected" | grep -qx "$symbol" || problems="$problems unwanted $symbol;"
	done
	if [ -z "$problems" ]; then pass "sentence $number"; else fail "sentence $number ($sentence)" "$problems"; fi
	valid "sentence $number" "$out"
done <test/orchestrate/sentences.txt

# ---- property: random objectives --------------------------------------------------------------
RANDOM=${ORCHESTRATE_SEED:-1}
options=(TENON_SEMAPHORES TENON_MESSAGE_QUEUES TENON_EVENT_FLAGS TENON_PROCESSES TENON_MUTEX_PI
	TENON_TICKLESS TENON_PERIODIC_TICK LIB_BENCH LIB_CAPS LIB_PAGE_ALLOC)
planned=0
conflicts=0
for round in $(seq 1 40); do
	file=$work/random/$round.obj
	mkdir -p "$work/random"
	requested=""
	for option in "${options[@]}"; do
		[ $((RANDOM % 4)) -eq 0 ] && requested="$requested,$option"
	done
	forbidden=${options[$((RANDOM % ${#options[@]}))]}
	{
		[ $((RANDOM % 2)) -eq 0 ] && echo "goal smallest"
		echo "partition rt tenon cpu-count=$((RANDOM % 2 + 1)) deadline-us=$((RANDOM % 400 + 20))" \
			"${requested:+require=${requested#,}} forbid=$forbidden"
		[ $((RANDOM % 2)) -eq 0 ] && echo "partition linux linux cpu-count=1" && echo "channel rt linux"
		if [ $((RANDOM % 3)) -eq 0 ]; then
			echo "partition worker tenon pool=shared"
			echo "pool shared cpus=3$([ $((RANDOM % 2)) -eq 0 ] && echo " control=rt")"
		fi
	} >"$file"
	out=$work/random/$round
	plan "$out" "$file"
	status=$?
	if [ $status -eq 3 ] && grep -q "conflict" "$out.err"; then
		conflicts=$((conflicts + 1))
		continue
	fi
	if [ $status -ne 0 ]; then
		fail "random objective $round" "exit status $status: $(cat "$out.err") for $(cat "$file")"
		continue
	fi
	planned=$((planned + 1))
	problems=""
	for symbol in ${requested//,/ }; do
		has "$out" rt "$symbol" || problems="$problems $symbol not kept;"
	done
	! has "$out" rt "$forbidden" || problems="$problems forbidden $forbidden selected;"
	if [ -n "$problems" ]; then fail "random objective $round" "$problems for $(cat "$file")"; fi
	valid "random objective $round" "$out" >/dev/null || fail "random objective $round" "invalid output"
done
if [ $planned -ge 10 ]; then
	pass "random objectives: $planned planned and valid, $conflicts named conflicts"
else
	fail "random objectives" "only $planned of 40 planned ($conflicts conflicts)"
fi

# ---- the board, from its devicetree ---------------------------------------------------------
refused_on() { # NAME BOARD-DTB OBJECTIVE TEXT: planning for that board fails naming TEXT
	local out=$work/board/$1 status
	plan_board=$2 plan "$out" "$3"
	status=$?
	if [ $status -eq 3 ] && grep -qF -- "$4" "$out.err"; then
		pass "board: $1"
	else
		fail "board: $1" "exit status $status, expected 3 and \"$4\": $(cat "$out.err")"
	fi
}
mkdir -p "$work/board"
cp "$board" "$work/board/two-cpus.dtb"
fdtput -r "$work/board/two-cpus.dtb" /cpus/cpu-map /cpus/cpu@2 /cpus/cpu@3
refused_on "two CPUs leave no CPU 2" "$work/board/two-cpus.dtb" \
	test/orchestrate/objectives/08-smp.obj "only 1 of CPUs 1-1 are left"
cp "$board" "$work/board/small-ram.dtb"
fdtput -t x "$work/board/small-ram.dtb" /memory@40000000 reg 0 40000000 0 10000000
refused_on "256 MiB is too little for Linux" "$work/board/small-ram.dtb" \
	test/orchestrate/objectives/03-mixed-linux.obj "has 256 MiB of RAM"
if plan "$work/board/ok" test/orchestrate/objectives/01-pure-rt.obj &&
	plan_board=$work/board/small-ram.dtb plan "$work/board/ok-small" \
		test/orchestrate/objectives/01-pure-rt.obj; then
	pass "board: a Tenon partition fits either board"
else
	fail "board: a Tenon partition fits either board" "$(cat "$work/board/ok.err" "$work/board/ok-small.err")"
fi
echo "not a devicetree" >"$work/board/garbage.dtb"
plan_board=$work/board/garbage.dtb plan "$work/board/garbage" test/orchestrate/objectives/01-pure-rt.obj
check "board: a file that is no devicetree is refused, naming it" "1 yes" \
	"$? $(grep -q 'garbage.dtb: .*header' "$work/board/garbage.err" && echo yes)"
cp "$board" "$work/board/no-cpus.dtb"
fdtput -r "$work/board/no-cpus.dtb" /cpus
plan_board=$work/board/no-cpus.dtb plan "$work/board/no-cpus" test/orchestrate/objectives/01-pure-rt.obj
check "board: no /cpus is refused, naming it" "1 yes" \
	"$? $(grep -q 'no cpus.*/cpus' "$work/board/no-cpus.err" && echo yes)"

# ---- build: what it refuses before building anything -------------------------------------------
refused_build() { # NAME PLAN-DIR TEXT: tenon-orchestrate build PLAN-DIR fails naming TEXT
	local output status
	output=$("$tool" build --board "$board" --build-dir build/orchestrate/refused "$2" 2>&1)
	status=$?
	if [ $status -eq 1 ] && echo "$output" | grep -qF -- "$3"; then
		pass "build: $1"
	else
		fail "build: $1" "exit status $status, expected 1 and \"$3\": $output"
	fi
}
refused_build "a folder that is no plan" "$work/nothing" "nothing: No such file or directory"
mkdir -p "$work/build"
cp -r "$work/objectives/03-mixed-linux" "$work/build/bootargs"
sed -i 's|initrd = "initramfs.cpio";|&\n\t\t\tbootargs = "console=ttyAMA0";|' "$work/build/bootargs/policy.dts"
refused_build "a Linux partition's own bootargs" "$work/build/bootargs" \
	"/partitions/gateway: bootargs: expected none"
cp -r "$work/objectives/01-pure-rt" "$work/build/component"
sed -i 's|component = "root";|component = "nosuch";|' "$work/build/component/policy.dts"
refused_build "a component it has no image for" "$work/build/component" \
	'/partitions/root: no image is built for component "nosuch"'
[ ! -e build/orchestrate/refused ] && pass "build: nothing built for a refused plan" ||
	fail "build: nothing built for a refused plan" "build/orchestrate/refused exists"

# ---- --llm: a user's command turns the sentence into an objective -----------------------------
llm=$work/llm
mkdir -p "$llm"
# The fake model: it must see the sentence and the format, and answers with a fixed objective.
cat >"$llm/fake-model" <<'FAKE'
#!/bin/sh
echo "$1" >"$(dirname "$0")/heard"
echo "$TENON_ORCHESTRATE_FORMAT" | grep -q '^partition NAME tenon|linux' || exit 9
printf '%s\n' '# from the fake model' 'partition control tenon cpus=1 features=message queues' \
	'partition gateway linux cpus=2,3' 'channel gateway control'
FAKE
printf '#!/bin/sh\necho "partition rt tenon cpus=1 colour=blue"\n' >"$llm/bad-model"
printf '#!/bin/sh\nexit 4\n' >"$llm/failing-model"
chmod +x "$llm"/*-model
if plan "$llm/plan" --text "a control loop talking to linux" --llm "$llm/fake-model"; then
	problems=""
	check "llm: the command heard the sentence" "a control loop talking to linux" "$(cat "$llm/heard")"
	has "$llm/plan" control TENON_MESSAGE_QUEUES || problems="$problems no TENON_MESSAGE_QUEUES;"
	has "$llm/plan" system VMM_LINUX || problems="$problems no VMM_LINUX;"
	grep -q "# from the fake model" "$llm/plan/objective.obj" || problems="$problems no objective.obj;"
	if [ -z "$problems" ]; then pass "llm: its objective planned"; else fail "llm: its objective planned" "$problems"; fi
	valid "llm plan" "$llm/plan"
else
	fail "llm: its objective planned" "$(cat "$llm/plan.err")"
fi
plan "$llm/bad" --text "anything" --llm "$llm/bad-model"
check "llm: what it prints is checked like a file" "1 yes" \
	"$? $(grep -q 'objective.obj:1: unknown key' "$llm/bad.err" && echo yes)"
plan "$llm/failing" --text "anything" --llm "$llm/failing-model"
check "llm: its failure is named" "1 yes" "$? $(grep -q 'failing-model.*exit 4' "$llm/failing.err" && echo yes)"
"$tool" plan --db "$db" --board "$board" --out "$llm/alone" --llm "$llm/fake-model" \
	test/orchestrate/objectives/01-pure-rt.obj >/dev/null 2>&1
check "llm: only with --text" 2 $?

cases_summary
