#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Where a boot's cycles go: the instructions each vCPU executes until a row's marker, by what runs
# there. make bench runs it through BENCH_RUNS (test/boot-table/boot.mk):
#
#   cycle-profile.sh DIR RUNS PLUGIN TENON-POLICY MORTISE-ELF ROW=ARCHIVE...
#
# ROW names an icount line of RUNS (the boot table's, test/boot-table/boot.mk); ARCHIVE is the root
# archive whose policy that row boots, or "-" for a bare row. Each row runs twice under -icount: once
# to find the console byte that ends its marker, then with the cycle-profile plugin (PLUGIN,
# cycle_profile.c) writing its counts at that byte. The plugin gives each block's physical address;
# an address in a partition's memory (the policy, through tenon-policy show) is that partition's
# code; in the RAM Mortise keeps (the start of RAM), its own image (MORTISE-ELF's extent) is
# Mortise's and the rest is the root component's, which Mortise builds there from its boot module;
# on a bare row all RAM is the guest's. Mortise's addresses are also named by function
# (MORTISE-ELF is linked where it runs; NM, aarch64-linux-gnu-nm unless given, reads it).
# Prints Markdown as "md: " lines (bench.sh copies them into BENCHMARKS.md); profiles stay in DIR.
set -euo pipefail

usage="usage: cycle-profile.sh DIR RUNS PLUGIN TENON-POLICY MORTISE-ELF ROW=ARCHIVE..."
[ $# -ge 6 ] || { echo "$usage" >&2; exit 2; }
dir=$1 runs=$2 plugin=$3 policy_tool=$4 mortise_elf=$5
shift 5
mkdir -p "$dir"
LIMIT=300 # seconds for one run to reach its marker (the profiled run is a few times slower)

fail() { echo "cycle-profile: $*" >&2; exit 1; }

# shellcheck source=test/boot-table/qemu-runs.sh
source "$(dirname "$0")/qemu-runs.sh"

# run COMMAND CONSOLE UNTIL-SHELL-TEST: QEMU in the background until the test holds or LIMIT.
run_until() {
	local command=$1 console=$2 until=$3
	bash -c "exec $command" </dev/null >"$console" 2>"$console.stderr" &
	qemu_pid=$!
	for _ in $(seq $((LIMIT * 10))); do
		eval "$until" && break
		kill -0 "$qemu_pid" 2>/dev/null || break
		sleep 0.1
	done
	stop_qemu
}

# The byte offset (from 1) of the marker's last character in a console, or nothing.
marker_end() {
	local match
	match=$(grep -a -E -b -o -m 1 -- "$2" "$1" | head -n 1 || true)
	[ -n "$match" ] || return 0
	local text=${match#*:}
	echo $((${match%%:*} + ${#text}))
}

# "START END NAME" per partition memory range of ARCHIVE's policy (decimal), or nothing for "-".
partition_ranges() {
	[ "$1" != - ] || return 0
	local blob
	blob=$(mktemp)
	cpio --quiet -i --to-stdout policy.blob <"$1" >"$blob"
	"$policy_tool" show "$blob" |
		sed -nE 's/^memory \[(0x[0-9a-f]+), (0x[0-9a-f]+)\) ([^ ]+)$/\1 \2 \3/p' |
		while read -r start end name; do echo "$((start)) $((end)) $name"; done
	rm -f "$blob"
}

# Where Mortise's image ends, and its function symbols as "ADDRESS NAME", decimal, ascending.
nm=${NM:-aarch64-linux-gnu-nm}
image_end=$((16#$("$nm" "$mortise_elf" | awk '$3 == "__image_end" { print $1 }')))
[ "$image_end" -gt 0 ] || fail "$mortise_elf has no __image_end"
"$nm" -n "$mortise_elf" | awk '$2 ~ /^[tTwW]$/ { print $1, $3 }' |
	while read -r address name; do echo "$((16#$address)) $name"; done >"$dir/mortise.symbols"

echo "md: ## Where the cycles go"
echo "md:"
echo "md: Made by \`make bench\` (\`test/boot-table/cycle-profile.sh\`): the instructions each vCPU"
echo "md: executes under \`-icount shift=0\` until the row's marker, counted by a TCG plugin"
echo "md: (\`test/boot-table/cycle_profile.c\`) per translated block. QEMU 7.2's plugins cannot read"
echo "md: the exception level, and Mortise (identity-mapped at EL2) and its guests (through stage 2)"
echo "md: run code at the same virtual addresses, so the plugin takes each block's physical address"
echo "md: instead (from QEMU's host address of the code): an address in a partition's memory (its"
echo "md: policy) is that partition's code; in the RAM Mortise keeps, its own image is Mortise's and"
echo "md: the rest the root component's (Mortise builds the root there); on a bare row all RAM is the"
echo "md: guest's. \"Idle\" time, when every vCPU waits in WFI, executes nothing and is not here."
echo "md: Mortise's largest functions follow each Mortise row."
echo "md:"
echo "md: | configuration | vCPU | runs | instructions | share |"
echo "md: |---|---:|---|---:|---:|"
for spec in "$@"; do
	row=${spec%%=*} archive=${spec#*=}
	line=$(awk -F'|' -v row="$row" '$1 == "icount" && $2 == row' "$runs")
	[ -n "$line" ] || fail "$runs has no icount row \"$row\""
	IFS='|' read -r _ _ marker command <<<"$line"
	base=$dir/$(slug "$row")
	run_until "$command" "$base.plain.console" '[ -n "$(marker_end "$base.plain.console" "$marker")" ]'
	at=$(marker_end "$base.plain.console" "$marker")
	[ -n "$at" ] || fail "$row: no \"$marker\" within $LIMIT s; $base.plain.console"
	rm -f "$base.profile"
	run_until "$command -plugin $plugin,out=$base.profile,at=$at" "$base.console" \
		'[ -f "$base.profile" ]'
	[ -f "$base.profile" ] || fail "$row: no profile within $LIMIT s; $base.console.stderr"
	[ "$(marker_end "$base.console" "$marker")" = "$at" ] ||
		fail "$row: the profiled run's marker does not end at console byte $at"
	partition_ranges "$archive" >"$base.ranges"
	# The share of each (vCPU, what runs) pair, then Mortise's functions over all vCPUs.
	awk -v row="$row" -v bare="$([ "$archive" = - ] && echo yes)" -v image_end="$image_end" '
		FILENAME == ARGV[1] { start[++ranges] = $1; end[ranges] = $2; name[ranges] = $3; next }
		FILENAME == ARGV[2] { symbol_at[++symbols] = $1; symbol[symbols] = $2; next }
		/^#/ { next }
		{
			what = "Mortise"
			if ($2 == "-") what = "QEMU boot ROM"
			else if (bare == "yes") what = "guest"
			else if ($2 >= image_end) {
				what = "root"
				for (i = 1; i <= ranges; i++)
					if ($2 >= start[i] && $2 < end[i]) { what = name[i]; break }
			}
			count[$1 "|" what] += $3
			total += $3
			if (what == "Mortise") {
				lo = 1; hi = symbols
				while (lo < hi) {
					mid = int((lo + hi + 1) / 2)
					if (symbol_at[mid] <= $2) lo = mid
					else hi = mid - 1
				}
				in_function[symbol[lo]] += $3
				mortise += $3
			}
		}
		END {
			sort = "sort -t\"|\" -k3n -k5"
			for (key in count) {
				split(key, part, "|")
				printf "md: | %s | %s | %s | %.1fM | %.1f%% |\n", row, part[1], part[2],
					count[key] / 1e6, 100 * count[key] / total | sort
			}
			close(sort)
			printf "md: | %s | all | everything | %.1fM | 100%% |\n", row, total / 1e6
			if (mortise > 0) {
				listed = ""
				for (f in in_function) order[f] = in_function[f]
				for (n = 0; n < 5; n++) {
					best = ""
					for (f in order) if (best == "" || order[f] > order[best]) best = f
					if (best == "") break
					listed = listed sprintf("%s`%s` %.1fM", n ? ", " : "", best, order[best] / 1e6)
					delete order[best]
				}
				printf "md: | %s | all | Mortise, largest: %s | %.1fM | %.1f%% |\n", row,
					listed, mortise / 1e6, 100 * mortise / total
			}
		}' "$base.ranges" "$dir/mortise.symbols" "$base.profile"
done
