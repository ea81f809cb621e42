#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The boot-time table (the paper's Table 3 in our terms): time from QEMU's start to a fixed console
# marker, per configuration. make bench runs it twice through BENCH_RUNS (test/boot-table/boot.mk):
#
#   boot-table.sh icount DIR RUNS ROUNDS PLUGIN
#       cycles to each marker under -icount shift=0: QEMU's virtual clock and the instructions
#       executed when the marker's last character was written, from the marker-clock plugin;
#       each row ROUNDS times, into DIR/icount.tsv
#   boot-table.sh wall DIR RUNS ROUNDS
#       wall-clock milliseconds to each marker without -icount, ROUNDS rounds of every
#       configuration; then the table of both
#
# RUNS has one line per measurement: KIND|ROW|MARKER|COMMAND (KIND icount or wall; MARKER a POSIX
# extended regex matched against console lines). Wall lines with the same COMMAND share a run.
# The wall step renders the table from both steps: on stdout, each line prefixed "md: " (bench.sh
# copies those lines into BENCHMARKS.md), and into DIR/TABLE.md. Consoles and counts stay in DIR.
set -euo pipefail

usage() {
	echo "usage: boot-table.sh icount DIR RUNS ROUNDS PLUGIN | wall DIR RUNS ROUNDS" >&2
	exit 2
}
[ $# -ge 4 ] || usage
mode=$1 dir=$2 runs=$3 rounds=$4 plugin=${5:-}
case $mode in
icount) [ $# -eq 5 ] || usage ;;
wall) [ $# -eq 4 ] || usage ;;
*) usage ;;
esac
[[ $rounds =~ ^[1-9][0-9]*$ ]] || usage
[ -f "$runs" ] || { echo "boot-table: $runs is missing (make it with make bench)" >&2; exit 2; }
mkdir -p "$dir"

# Seconds before a configuration that has not shown its marker counts as failed.
ICOUNT_LIMIT=120
WALL_LIMIT=30

# shellcheck source=test/boot-table/qemu-runs.sh
source "$(dirname "$0")/qemu-runs.sh"

# A row whose marker never came: what the console and QEMU said, for the person reading CI.
report_missing() {
	local row=$1 marker=$2 when=$3 console=$4 stderr=$5
	echo "boot-table: $row: no \"$marker\" on the console $when; $console:" >&2
	tail -n 20 "$console" >&2
	cat "$stderr" >&2
}

# ---- icount: instructions to the marker ---------------------------------------------------------
# The plugin writes one line per console byte, "INSTRUCTIONS WAITS", so the count at the marker is
# on the line numbered by the offset of the marker's last byte in the console (+1). Sets sample to
# "ROW<TAB>INSTRUCTIONS<TAB>CYCLES<TAB>SHIFT", the cycles being QEMU's virtual ns at shift=0 and the
# instructions above it (run in this shell, not a subshell, so that the traps above
# can stop its QEMU).
sample=
measure_icount() {
	local row=$1 marker=$2 command=$3 base console counts
	base=$dir/$(slug "$row")
	console=$base.console counts=$base.counts
	: >"$console"
	rm -f "$counts"
	bash -c "exec $command -plugin $plugin,out=$counts" </dev/null >"$console" 2>"$base.stderr" &
	qemu_pid=$!
	local waited=0 match= running
	while :; do
		# Liveness first: QEMU may print the marker and exit between the two checks.
		running=yes
		kill -0 "$qemu_pid" 2>/dev/null || running=
		match=$(grep -a -E -b -o -m 1 -- "$marker" "$console" | head -n 1 || true)
		[ -n "$match" ] && break
		[ -n "$running" ] || break
		if [ "$waited" -ge $((ICOUNT_LIMIT * 20)) ]; then
			break
		fi
		sleep 0.05
		waited=$((waited + 1))
	done
	stop_qemu
	if [ -z "$match" ]; then
		report_missing "$row" "$marker" "under -icount within ${ICOUNT_LIMIT} s" "$console" \
			"$base.stderr"
		return 1
	fi
	local offset=${match%%:*} text=${match#*:}
	local last=$((offset + ${#text}))
	local line
	line=$(sed -n "${last}p" "$counts")
	if [ -z "$line" ]; then
		echo "boot-table: $row: the plugin logged $(wc -l <"$counts") console bytes, the" \
			"marker ends at byte $last; $base.stderr:" >&2
		cat "$base.stderr" >&2
		return 1
	fi
	# The plugin must have seen every console byte up to the marker, and only those: the byte
	# it logged last before QEMU stopped is at least the console's last byte.
	local bytes logged
	bytes=$(stat -c %s "$console")
	logged=$(wc -l <"$counts")
	if [ "$logged" -lt "$bytes" ]; then
		echo "boot-table: $row: console has $bytes bytes, the plugin saw $logged writes" >&2
		return 1
	fi
	# Above shift=0 QEMU's clock runs 2^shift ns per instruction: the instructions are the cycles.
	local clock=${line#* } shift=0
	[[ $command =~ -icount\ shift=([0-9]+) ]] && shift=${BASH_REMATCH[1]}
	[ "$shift" -eq 0 ] || clock=${line% *}
	sample=$(printf '%s\t%s\t%s\t%s' "$row" "${line% *}" "$clock" "$shift")
}

if [ "$mode" = icount ]; then
	[ -f "$plugin" ] || { echo "boot-table: plugin $plugin is missing" >&2; exit 2; }
	results=$dir/icount.tsv.new
	: >"$results"
	# Row by row, each ROUNDS times in a row: a figure that does not repeat exactly is given as
	# median, min and max like the wall-clock ones.
	while IFS='|' read -r kind row marker command; do
		[ "$kind" = icount ] || continue
		for _ in $(seq "$rounds"); do
			measure_icount "$row" "$marker" "$command"
			printf '%s\n' "$sample" >>"$results"
			echo "boot-table: $sample" >&2
		done
	done <"$runs"
	mv "$results" "$dir/icount.tsv"
	# bench.sh needs output from every step; this one's rows appear in the wall step's table.
	echo "md: <!-- boot-table: $(wc -l <"$dir/icount.tsv") runs under -icount -->"
	exit 0
fi


# ---- wall: milliseconds to each marker, ROUNDS rounds of all configurations ----------------------
# One run: start the command, read its console line by line and note the time at which each
# marker's line arrives. Prints "ROW<TAB>MS" per marker.
wall_run() {
	local command=$1 log=$2
	shift 2
	local -a rows=() markers=() found=()
	while [ $# -gt 0 ]; do
		rows+=("$1") markers+=("$2") found+=("")
		shift 2
	done
	local fifo=$dir/console.fifo
	rm -f "$fifo" && mkfifo "$fifo"
	local start
	start=$(date +%s%N)
	bash -c "exec $command" </dev/null >"$fifo" 2>"$log.stderr" &
	qemu_pid=$!
	local fd left=${#rows[@]} line i now deadline=$((start + WALL_LIMIT * 1000000000))
	exec {fd}<"$fifo"
	: >"$log"
	while [ "$left" -gt 0 ]; do
		if ! IFS= read -r -t 1 -u "$fd" line; then
			# Timeout of this read (keep waiting) or end of the console (QEMU exited).
			[ "$(date +%s%N)" -lt "$deadline" ] || break
			kill -0 "$qemu_pid" 2>/dev/null || break
			continue
		fi
		now=$(date +%s%N)
		printf '%s\n' "$line" >>"$log"
		for i in "${!rows[@]}"; do
			if [ -z "${found[$i]}" ] && [[ $line =~ ${markers[$i]} ]]; then
				found[$i]=$(((now - start) / 1000))
				left=$((left - 1))
			fi
		done
		[ "$now" -lt "$deadline" ] || break
	done
	stop_qemu
	exec {fd}<&-
	rm -f "$fifo"
	for i in "${!rows[@]}"; do
		if [ -z "${found[$i]}" ]; then
			report_missing "${rows[$i]}" "${markers[$i]}" "within ${WALL_LIMIT} s" "$log" \
				"$log.stderr"
			return 1
		fi
		printf '%s\t%s\n' "${rows[$i]}" "${found[$i]}"
	done
}

# The distinct wall commands in order of first appearance, each with its rows and markers.
declare -a commands=()
declare -A spec=()
while IFS='|' read -r kind row marker command; do
	[ "$kind" = wall ] || continue
	if [ -z "${spec[$command]+set}" ]; then
		commands+=("$command")
		spec[$command]=
	fi
	spec[$command]+="$row"$'\x1f'"$marker"$'\x1f'
done <"$runs"

samples=$dir/wall.tsv
: >"$samples"
misses=0
for round in $(seq "$rounds"); do
	for index in "${!commands[@]}"; do
		command=${commands[$index]}
		IFS=$'\x1f' read -r -a pairs <<<"${spec[$command]}"
		# A run that misses a marker is kept for inspection, counted in the table's note and
		# repeated, up to twice: one console line in a few dozen runs has come out short of a
		# character under Mortise (Linux's "tenonos-linux: init reached" without its "t").
		for attempt in 1 2 3; do
			wall_run "$command" "$dir/wall-$index.console" "${pairs[@]}" >"$samples.part" && break
			misses=$((misses + 1))
			cp "$dir/wall-$index.console" "$dir/wall-$index-missed-$misses.console"
			[ "$attempt" -lt 3 ] || { echo "boot-table: three runs in a row missed" >&2; exit 1; }
		done
		cat "$samples.part" >>"$samples"
		sed "s/^/boot-table: round $round: /" "$samples.part" >&2
		rm -f "$samples.part"
	done
done

# ---- The table ------------------------------------------------------------------------------------
# Median (the middle value; the lower of the two middle ones for an even count), min, max and count
# of column COLUMN of the rows named ROW in FILE, each value divided by DIVISOR and printed with
# FORMAT: "median | min | max | n", or empty cells.
stats() {
	awk -F'\t' -v row="$1" -v column="$2" -v divisor="$3" -v format="$4" '
	function show(x) { return sprintf(format, x / divisor) }
	$1 == row { v[n++] = $column + 0 }
	END {
		if (n == 0) { print "| | |"; exit }
		for (i = 1; i < n; i++) for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
		printf "%s | %s | %s | %d\n", show(v[int((n - 1) / 2)]), show(v[0]), show(v[n - 1]), n
	}' "$5" 2>/dev/null || echo "| | |"
}
# Thousands grouped: 3496274 -> 3,496,274 (in a table cell line).
group() { sed -E ':a; s/([0-9])([0-9]{3})([^0-9.]|$)/\1,\2\3/; ta'; }

icount=$dir/icount.tsv
[ -f "$icount" ] || : >"$icount"
# How far the plugin's own instruction count is from QEMU's virtual clock, over every sample.
deviation=$(awk -F'\t' '$4 == 0 { n++; d = $2 - $3; if (d < 0) { ahead++; d = -d }; if (d > m) m = d
	if ($2 == $3) same++ } END { printf "%d %d %d %d", m, same, n, ahead }' "$icount")
read -r max_deviation same_samples icount_samples clock_ahead <<<"$deviation"
if [ "$clock_ahead" -eq 0 ]; then
	skipped="The clock is never ahead of the count: the cycles are instructions executed, not time"
	skipped+=" skipped while every vCPU waited."
else
	skipped="In $clock_ahead runs the clock is ahead of the count: time skipped while every vCPU"
	skipped+=" waited."
fi
# The rows whose cycles differ between runs, with their spread (max - min) / min.
varying=$(awk -F'\t' '{ if (!($1 in lo) || $3 < lo[$1]) lo[$1] = $3; if ($3 > hi[$1]) hi[$1] = $3 }
	END { for (r in lo) if (hi[r] > lo[r]) printf "%s (%.3f%%); ", r, 100 * (hi[r] - lo[r]) / lo[r] }' \
	"$icount" | LC_ALL=C sort | sed 's/; $//')
# Median of one row's column, for the ratios below; empty if not measured.
median() {
	awk -F'\t' -v row="$1" -v column="$2" '$1 == row { v[n++] = $column + 0 } END {
		if (n == 0) exit
		for (i = 1; i < n; i++) for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
		print v[int((n - 1) / 2)] }' "$3"
}
# "A / B: Xx in cycles, Yx in wall-clock time", from the medians.
ratio() {
	local a=$1 b=$2 ca cb wa wb
	ca=$(median "$a" 3 "$icount") cb=$(median "$b" 3 "$icount")
	wa=$(median "$a" 2 "$samples") wb=$(median "$b" 2 "$samples")
	awk -v ca="$ca" -v cb="$cb" -v wa="$wa" -v wb="$wb" -v a="$a" -v b="$b" 'BEGIN {
		printf "%s / %s: ", a, b
		printf "%s in cycles, ", (ca != "" && cb > 0) ? sprintf("%.2fx", ca / cb) : "-"
		printf "%s in wall-clock time", (wa != "" && wb > 0) ? sprintf("%.2fx", wa / wb) : "-" }'
}

table=$dir/TABLE.md
{
	echo "## Boot times: the paper's Table 3 in our terms"
	echo
	echo "Made by \`make bench\` (\`test/boot-table/\`): from QEMU's start to a fixed console line, per"
	echo "configuration, in two ways."
	echo
	echo "- **Cycles** under QEMU \`-icount shift=0,sleep=off\`: QEMU's virtual clock, in ns, when the"
	echo "  marker's last character is written to the UART. Under shift=0 one instruction is one ns"
	echo "  (one \"cycle\"; the guest's 62.5 MHz counter ticks once per 16), and the clock also runs"
	echo "  while every vCPU waits in WFI. A TCG plugin (\`test/boot-table/marker_clock.c\`) reads"
	echo "  the clock at each write to the PL011 data register, and counts the instructions executed"
	echo "  on all vCPUs itself as a check: in $same_samples of the $icount_samples shift=0 runs here the two are"
	echo "  equal, in the others they differ by at most $max_deviation (the plugin counts an"
	echo "  instruction when it starts; which ones QEMU's clock leaves out is not traced here)."
	echo "  $skipped"
	echo "  All CPUs count: under \`-icount\` QEMU runs them one at a time on one clock, so a"
	echo "  configuration's cycles include its other CPUs' work before the marker. Rows that vary"
	echo "  between runs (-icount alone, without record/replay, does not pin down when QEMU delivers"
	echo "  its timers to several CPUs): ${varying:-none}; the others repeat exactly."
	echo "- **Wall-clock ms** without \`-icount\` (MTTCG: a host thread per vCPU), on the command lines"
	echo "  of \`make test\` and \`make run\`. The rounds run one after another and each boots every"
	echo "  configuration once, so all rows are measured side by side under the same host load. Host:"
	echo "  $(nproc) cores, $(qemu-system-aarch64 --version | head -n 1 | sed 's/ (.*//'). The co-located"
	echo "  run is \`make run\`'s (\`platforms/qemu-virt/qemu-rt-cpus.sh\`: rt's vCPU at a host real-time"
	echo "  priority where allowed); one run gives both co-located rows. Runs that missed a marker"
	echo "  within ${WALL_LIMIT} s and were repeated: $misses (their consoles stay in the build folder)."
	echo
	echo "| configuration | marker | cycles (-icount), median | min | max | runs | wall ms, median | min | max | runs |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	while IFS='|' read -r row marker; do
		echo "| $row | \`$marker\` | $(stats "$row" 3 1 %d "$icount" | group) |" \
			"$(stats "$row" 2 1000 %.1f "$samples") |"
	done <<-'EOF'
		Tenon bare|rt: periodic task every
		Tenon solo under Mortise|[rt] rt: periodic task every
		Tenon co-located with Linux|[rt] rt: periodic task every
		Linux bare|tenonos-linux: init reached
		Linux solo under Mortise|tenonos-linux: init reached
		Linux co-located with Tenon|tenonos-linux: init reached
		Mortise init, 1 CPU|Mortise ... at EL2: 1 of 1 CPUs online
		Mortise init, 4 CPUs (root demo)|Mortise ... at EL2: 4 of 4 CPUs online
		Linux as Xen dom0|tenonos-linux: init reached
	EOF
	echo
	echo "Ratios of the medians: $(ratio "Tenon solo under Mortise" "Tenon bare");"
	echo "$(ratio "Linux solo under Mortise" "Linux bare");"
	echo "$(ratio "Linux co-located with Tenon" "Linux solo under Mortise");"
	echo "$(ratio "Linux as Xen dom0" "Linux bare")."
	echo
	echo "Configurations. Tenon is the rt-demo image (\`demos/rt-demo/\`) in every row: bare on"
	echo "one CPU; solo as the only partition beside the root component (\`tenon-solo.dts\`, two CPUs,"
	echo "since a Tenon partition may not share the root's CPU); co-located in the mixed demo"
	echo "(\`policy/examples/linux-demo.dts\`, four CPUs). Linux is Debian's arm64 kernel with the"
	echo "busybox initramfs of \`test/linux-guest/\` on two vCPUs: bare (QEMU_LINUX_BARE), solo with its"
	echo "VMM (\`linux-solo.dts\`: linux-demo.dts without rt, same CPUs) and co-located. Mortise init is"
	echo "Mortise's banner, printed once every CPU is online: alone on one CPU (\`-kernel\` only), and"
	echo "with the root demo (\`test/root/demo.dts\`) on four."
	echo
	echo "Linux boots alike in every Linux row: one kernel command line (\`LINUX_GUEST_BOOTARGS\` in"
	echo "\`test/linux-guest/guest.mk\`, written into every Linux manifest by the build), 256 MiB of"
	echo "RAM and two CPUs; \`make test\` checks that the manifests and the bare command agree"
	echo "(\`test/linux-guest/same-boot.sh\`). What still differs is the devicetree: bare Linux sees"
	echo "all of QEMU virt's devices (PCIe, virtio-mmio, flash, RTC), under Mortise only the GIC, the"
	echo "timer and the passed-through UART, so it probes less."
	echo
	echo "The peer, Linux as Xen dom0: Debian's \`xen-hypervisor-4.17-arm64\` (fetched by \`make deps\`)"
	echo "boots the same kernel and initramfs as dom0 with the same RAM and two vCPUs on a two-CPU"
	echo "machine, handed to it by QEMU's \`guest-loader\` devices; its command line differs only in"
	echo "\`console=hvc0\` (Xen keeps the UART). Under \`-icount shift=0\` this Xen stalls in QEMU 7.2"
	echo "during its own boot (its last line is its P2M setup), so its cycles come from"
	echo "\`-icount shift=2\`: the instructions the plugin counted (QEMU's clock runs 4 ns per"
	echo "instruction there, so the clock and the count are not compared for this row, and Linux's"
	echo "timers fire after fewer instructions than at shift=0). Its wall-clock figure is measured like"
	echo "the others."
	echo
	echo "Reading the rows. Everything under Mortise starts after Mortise's own init and the root"
	echo "component's work: reading the policy and loading every partition's images. For the"
	echo "co-located Tenon row that includes building the Linux partition (copying its 31 MiB kernel"
	echo "and its initramfs) before any partition starts, and under \`-icount\` also the Linux vCPUs'"
	echo "instructions until rt prints: the difference from the solo row is that work, not a cost to"
	echo "rt itself. A \"cycle\" here is an instruction, with no caches or memory stalls: compare"
	echo "rows with each other, not with the paper's board."
} >"$table"
sed 's/^/md: /' "$table"
