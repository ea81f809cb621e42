#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs each benchmark configuration, collects the "bench: NAME cycles min A median B max C runs N"
# lines its console prints, and renders them as one Markdown table: on stdout and into RESULTS.
# A configuration may print Markdown of its own instead or as well, as lines "md: TEXT"; those go
# after the table, in the order of the configurations (test/boot-table/ prints its table so).
# Usage: test/bench.sh RESULTS 'CONFIGURATION|COMMAND'...
set -euo pipefail

results=${1:?usage: bench.sh RESULTS CONFIGURATION|COMMAND...}
shift
table=$(mktemp)
sections=$(mktemp)
trap 'rm -f "$table" "$sections"' EXIT

{
	echo "| configuration | measurement | min | median | max | runs |"
	echo "|---|---|---:|---:|---:|---:|"
} >"$table"
for run in "$@"; do
	name=${run%%|*}
	command=${run#*|}
	console=$(timeout 300 bash -c "$command" </dev/null 2>&1) || {
		echo "bench: $name failed; its console:" >&2
		echo "$console" >&2
		exit 1
	}
	# Measurement lines only, wherever a partition's prefix puts them: not a line that merely
	# names a partition "bench".
	lines=$(grep -oE 'bench: [A-Za-z0-9_]+ cycles min .*' <<<"$console" || true)
	markdown=$(sed -n 's/^md: //p' <<<"$console")
	if [ -z "$lines" ] && [ -z "$markdown" ]; then
		echo "bench: $name printed no measurement; its console:" >&2
		echo "$console" >&2
		exit 1
	fi
	if [ -n "$lines" ]; then
		awk -v name="$name" \
			'{ printf "| %s | %s | %s | %s | %s | %s |\n", name, $2, $5, $7, $9, $11 }' \
			<<<"$lines" >>"$table"
	fi
	if [ -n "$markdown" ]; then
		printf '\n%s\n' "$markdown" >>"$sections"
	fi
done
cat "$table" "$sections"
{
	echo "# Benchmark results"
	echo
	echo "Made by \`make bench\`: cycles read from PMCCNTR_EL0 under QEMU with \`-icount shift=0\`, where"
	echo "a cycle is one instruction and figures repeat exactly from run to run. Compare them only with"
	echo "figures measured the same way. Hypercall figures count the whole round trip, EL1 -> EL2 -> EL1."
	echo
	cat "$table"
	if [ -f libos-tenon/bench/PAPER.md ]; then
		echo
		cat libos-tenon/bench/PAPER.md
	fi
	# What the guest rows mean and where icount distorts them, beside the rows themselves.
	if [ -f test/bench-guest/RESULTS.md ]; then
		echo
		cat test/bench-guest/RESULTS.md
	fi
	cat "$sections"
} >"$results"
