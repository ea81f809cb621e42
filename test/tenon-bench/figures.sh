#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Draws the paper's figures from make bench's Tenon rows as SVG: thread switch against thread
# count, interrupt phases as stacked bars, timer cost against timers armed (log scale), bare
# against guest. Our figures are instructions under QEMU -icount shift=0; the paper's are CPU
# cycles on hardware. The two never share an axis: each figure puts the paper's numbers, where
# the paper gives any, in a panel of their own.
# Usage: test/tenon-bench/figures.sh RESULTS OUTDIR   (RESULTS: the Markdown test/bench.sh wrote)
set -euo pipefail

results=${1:?usage: figures.sh RESULTS OUTDIR}
out=${2:?usage: figures.sh RESULTS OUTDIR}
command -v gnuplot >/dev/null ||
	{ echo "figures: gnuplot is missing (platforms/host/deps.sh installs gnuplot-nox)" >&2; exit 1; }
mkdir -p "$out"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

# The median of one row, "?" (gnuplot's missing value) when the run is absent.
median() { # CONFIGURATION MEASUREMENT
	awk -F'|' -v c="$1" -v m="$2" '
		{ gsub(/ /, "", $2); gsub(/ /, "", $3); gsub(/ /, "", $5) }
		$2 == c && $3 == m { print $5; found = 1; exit }
		END { if (!found) print "?" }' "$results"
}

# Data files hold no header line where the plots title their series themselves: histograms
# would take one for a bar. Each series: CONFIGURATION|LEGEND. A configuration make bench did not run is left out.
bare=('tenon-bare-tick|tick' 'tenon-bare-tickless|tickless' 'tenon-bare-tick-smp|tick, SMP'
	'tenon-bare-tickless-smp|tickless, SMP')
present=()
for series in "${bare[@]}"; do
	[ "$(median "${series%%|*}" paper_switch_2_threads)" != "?" ] && present+=("$series")
done
[ ${#present[@]} -gt 0 ] || { echo "figures: no Tenon rows in $results" >&2; exit 1; }

{
	printf 'threads'
	for series in "${present[@]}"; do printf '\t"%s"' "${series#*|}"; done
	echo
	for threads in 2 10 20 50 100; do
		printf '%s' "$threads"
		for series in "${present[@]}"; do
			printf '\t%s' "$(median "${series%%|*}" "paper_switch_${threads}_threads")"
		done
		echo
	done
} >"$data/switch.dat"

{
	for series in "${present[@]}" 'tenon-guest-solo-tick|guest, tick' \
		'tenon-guest-solo-tickless|guest, tickless'; do
		config=${series%%|*}
		[ "$(median "$config" paper_irq_total)" = "?" ] && continue
		printf '"%s" %s %s %s\n' "${series#*|}" "$(median "$config" paper_irq_save)" \
			"$(median "$config" paper_irq_dispatch)" "$(median "$config" paper_irq_restore)"
	done
} >"$data/irq.dat"

{
	echo 'armed tick tickless start-tick start-tickless stop-tick stop-tickless'
	for armed in 1 10 100 1000 10000; do
		row="$armed"
		for name in cost_10ms start stop; do
			for config in tenon-bare-tick tenon-bare-tickless; do
				row+=" $(median "$config" "paper_timer_${name}_${armed}_armed")"
			done
		done
		echo "$row"
	done
} >"$data/timers.dat"

{
	for row in 'paper_switch_2_threads|switch, 2' 'paper_switch_50_threads|switch, 50' \
		'paper_preemption|preemption' 'paper_sem_wakeup_switch|sem. wake-up' \
		'paper_irq_total|interrupt'; do
		name=${row%%|*}
		printf '"%s" %s %s %s\n' "${row#*|}" "$(median tenon-bare-tick "$name")" \
			"$(median tenon-guest-solo-tick "$name")" "$(median tenon-guest-beside-tick "$name")"
	done
} >"$data/guest.dat"

# The paper's numbers (section 5, as test/tenon-bench/PAPER.md quotes them): Table 4, Figure 8's
# totals, Table 6. Figure 9 has none.
cat >"$data/paper-switch.dat" <<'EOF'
threads "Tenon, ectx enabled" "Tenon, ectx disabled" Zephyr
2 339 166 304
10 404 242 366
20 535 304 455
50 1392 708 751
100 2242 1387 1380
EOF
cat >"$data/paper-irq.dat" <<'EOF'
Tenon 208
RT-Thread 335
Zephyr 355
EOF
cat >"$data/paper-guest.dat" <<'EOF'
row "Tenon" "Mortise + Tenon (2 cores)" "Mortise + Tenon + Linux"
"switch, 2" 164 164 163
"switch, 50" 642 648 649
"preemption" 420 420 422
"sem. wake-up" 970 970 975
"interrupt" 1290 1014 1051
EOF

ours='ours: instructions under QEMU -icount shift=0'
paper='the paper: CPU cycles on hardware'
series_count=${#present[@]}
gnuplot <<EOF
set terminal svg size 1000,460 dynamic enhanced font 'sans,11' background rgb 'white'
set datafile missing '?'
set key inside top left vertical Left reverse opaque
set grid ytics
set yrange [0:*]

set output '$out/thread-switch.svg'
set multiplot layout 1,2 title 'Thread switch among N threads of one priority (Table 4)'
set key bottom right opaque
set title '$ours'
set xlabel 'threads'
set ylabel 'instructions per switch'
plot for [i=2:$series_count + 1] '$data/switch.dat' using 1:i with linespoints title columnheader(i)
set title '$paper'
set ylabel 'cycles per switch'
plot for [i=2:4] '$data/paper-switch.dat' using 1:i with linespoints title columnheader(i)
unset multiplot

set output '$out/interrupt-phases.svg'
set multiplot layout 1,2 title 'Interrupt handling in phases (Figure 8)'
set key below
set style data histograms
set style fill solid 0.8 border -1
set boxwidth 0.7
set xtics rotate by -25
unset xlabel
set title '$ours'
set ylabel 'instructions'
set style histogram rowstacked
plot '$data/irq.dat' using 2:xtic(1) title 'save', '' using 3 title 'dispatch', \
	'' using 4 title 'restore'
set title '$paper (totals only)'
set ylabel 'cycles'
set style histogram clustered
plot '$data/paper-irq.dat' using 2:xtic(1) notitle
unset multiplot

set output '$out/timer-cost.svg'
set multiplot layout 1,2 title "Timer management against timers armed (Figure 9; the paper gives no numbers)"
set key inside top left vertical Left reverse opaque
set style data linespoints
set xtics norotate
set logscale x
set xlabel 'timers armed'
set title 'ours: interrupts in a 10 ms window, one expiry'
set ylabel 'instructions (QEMU -icount shift=0)'
plot '$data/timers.dat' using 1:2 title 'tick', '' using 1:3 title 'tickless'
set title 'ours: starting and stopping one timer'
set ylabel 'instructions per call (QEMU -icount shift=0)'
plot '$data/timers.dat' using 1:4 title 'start, tick', '' using 1:5 title 'start, tickless', \
	'' using 1:6 title 'stop, tick', '' using 1:7 title 'stop, tickless'
unset multiplot
unset logscale x

set output '$out/bare-vs-guest.svg'
set multiplot layout 1,2 title 'Bare and as a Mortise guest (Table 6)'
set key below
set style data histograms
set style histogram clustered gap 1
set xtics rotate by -25
unset xlabel
set title '$ours, periodic tick'
set ylabel 'instructions'
plot '$data/guest.dat' using 2:xtic(1) title 'bare', '' using 3 title 'guest, alone', \
	'' using 4 title 'guest, beside another partition'
set title '$paper (rk3568)'
set ylabel 'cycles'
plot '$data/paper-guest.dat' using 2:xtic(1) title columnheader(2), '' using 3 title columnheader(3), \
	'' using 4 title columnheader(4)
unset multiplot
EOF
echo "figures: $out/thread-switch.svg interrupt-phases.svg timer-cost.svg bare-vs-guest.svg"
