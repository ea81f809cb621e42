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
	echo "Every measuring partition owns the PMU: the \`pmu\` flag in its policy (\`test/bench-guest/*.dts\`,"
	echo "\`test/irq-guest/passthrough.dts\`, \`test/channel-guest/channel.dts\`), or the default of a"
	echo "boot-module guest (\`kernel/boot_modules.c\`, in Mortise's test build \`test/mortise-boot-modules/\`:"
	echo "the same code as Mortise's image but for that boot step). Its PMU registers are therefore not trapped"
	echo "(\`MDCR_EL2.TPM\` clear while it runs), and its \`PMCCFILTR_EL0.NSH\` still makes the cycle counter"
	echo "run at EL2, since Mortise leaves \`MDCR_EL2.HPMD\` and \`HCCD\` clear: the rows count what they"
	echo "counted before, Mortise's own instructions included. Mortise switches PMU state lazily"
	echo "(\`kernel/arch/aarch64/debug_pmu.h\`): a hypercall, an interrupt or an exit that returns to the"
	echo "same vCPU saves and restores nothing. When a vCPU without the PMU runs in between (the VMM of"
	echo "\`mortise-exits\`), the owner's cycle counter runs on and only its event counters pause, so"
	echo "\`exit_to_vmm_and_back\` still counts the whole round trip through the VMM, plus the few"
	echo "instructions that write \`MDCR_EL2\`, disarm its breakpoints and pause and resume its event"
	echo "counters on the two switches (about 85 of the round trip, in straight lines for that pair: an"
	echo "owner of both features and a vCPU that owns neither, \`debug_pmu.c\`). Only a switch between two vCPUs that both own the PMU saves one's"
	echo "counters and restores the other's; each then counts its own time alone."
	echo
	echo "In \`mortise-exits\` the VMM serves its guests' exits from a context of its own on their CPU"
	echo "(\`kernel/hand_off.h\`): the exit switches straight to the context and its \`endpoint.serve\`"
	echo "straight back, with no IPI and no scheduler pass. \`mortise-exits-cross-cpu\` measures the other"
	echo "way, kept for VMMs with no context on a guest's CPU: the exit wakes the VMM's vCPU on another CPU"
	echo "(\`test/root/vmm-cross-cpu.dts\`, \`-smp 4\`, so QEMU's round-robin between CPUs is in it)."
	echo
	cat "$table"
	# How to read the rows (what the guest rows mean and where icount distorts them), beside them.
	for prose in test/tenon-bench/PAPER.md test/bench-guest/RESULTS.md \
		test/caps-guest/HYPERCALLS.md test/caps-guest/MODE2.md; do
		if [ -f "$prose" ]; then
			echo
			cat "$prose"
		fi
	done
	cat "$sections"
} >"$results"
