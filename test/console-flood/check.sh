#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks the console of the flood test (test/console-flood/main.c) once QEMU has powered off:
#   test/console-flood/check.sh CONSOLE-LOG
# - every line is Mortise's, the root's, QEMU's warning, or a well-formed line of "flood" or
#   "steady" (Tenon's boot report included);
# - each of flood's lines is one writer's alone ("wW NNNNNN " and 28 times the letter 'a' + W),
#   every writer's sequence numbers only increase (no line printed twice), and all writers
#   appear (the flood came from every vCPU);
# - the bytes flood got printed (its own, newline included) stay within its budget: at most
#   BUDGET x (PERIODS + 1), PERIODS being the periods begun during the flood (the elapsed time it
#   reports, divided by the period and rounded up), and the budget the root reports applying;
# - a "[flood] N bytes dropped" note came, at most once per period;
# - steady's lines 1 to 60 all appear, in order, and its last line says 60.
# Prints one summary line; exit status 0 when all holds, 1 otherwise, 2 on usage.
set -u

[ $# -eq 1 ] || { echo "usage: $0 CONSOLE-LOG" >&2; exit 2; }
[ -r "$1" ] || { echo "$0: cannot read $1" >&2; exit 2; }

awk -v writers_expected=3 -v pattern_length=28 -v steady_expected=60 '
function fail(why) { failures++; if (failures <= 10) print "check: " why }
function repeat(c, n,    s) { s = ""; while (n-- > 0) s = s c; return s }
BEGIN { letters = "abcdefghij" }
/^\[root\] root: partition flood: console budget [0-9]+ bytes per [0-9]+ us$/ {
	budget = $7; period_us = $10
}
/^\[flood\] / {
	text = substr($0, 9)
	if (text ~ /^w[0-9] [0-9][0-9][0-9][0-9][0-9][0-9] [a-z]+$/) {
		bytes += length(text) + 1
		writer = substr(text, 2, 1) + 0
		sequence = substr(text, 4, 6) + 0
		if (substr(text, 11) != repeat(substr(letters, writer + 1, 1), pattern_length))
			fail("line " NR ": mixed: " $0)
		else if (writer in last && sequence <= last[writer])
			fail("line " NR ": writer " writer " again at " sequence " after " last[writer])
		else {
			last[writer] = sequence
			lines++
		}
	} else if (text ~ /^[0-9]+ bytes dropped$/) {
		notes++
	} else if (text ~ /^flood: [0-9]+ writers wrote [0-9]+ lines in [0-9]+ us, [0-9]+ calls refused$/) {
		split(text, f, " ")
		written = f[5]; elapsed_us = f[8]; refused = f[10]
	} else if (text !~ /^Tenon[ :]/) {
		bytes += length(text) + 1
		fail("line " NR ": not a line of the flood: " $0)
	}
	next
}
/^\[steady\] steady [0-9]+$/ {
	if ($3 != steady + 1) fail("line " NR ": steady " $3 " after " steady)
	steady = $3
	next
}
/^\[steady\] steady: [0-9]+ lines$/ { steady_total = $3; next }
/^\[steady\] Tenon[ :]/ { next }
# QEMU says on its way out that -icount has no timer left to wait for.
!/^Mortise/ && !/^\[root\] / && !/^qemu-system-aarch64: warning: / {
	fail("line " NR ": stray: " $0)
}
END {
	if (budget == "") fail("no console budget line of the root for flood")
	if (elapsed_us == "") fail("no report of the flood")
	if (budget == "" || elapsed_us == "") exit 1
	periods = int((elapsed_us + period_us - 1) / period_us)
	bound = budget * (periods + 1)
	if (bytes > bound) fail("flood printed " bytes " bytes, more than " bound)
	for (w = 0; w < writers_expected; w++)
		if (!(w in last)) fail("no line of writer " w)
	if (notes == 0) fail("no \"bytes dropped\" note")
	if (notes > periods + 2) fail(notes " notes for " periods " periods")
	if (refused != 0) fail(refused " console.write calls refused")
	if (steady != steady_expected || steady_total != steady_expected)
		fail("steady: " steady " lines in order, report of " steady_total ", expected " steady_expected)
	printf "check: flood printed %d well-formed of %d lines, %d bytes in %d us, bound %d x (%d periods + 1) = %d; %d notes; steady %d lines in order: %s\n", \
		lines, written, bytes, elapsed_us, budget, periods, bound, notes, steady, failures ? "FAIL" : "PASS"
	exit failures ? 1 : 0
}
' "$1"
