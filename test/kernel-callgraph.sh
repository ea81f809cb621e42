#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The call graph between kernel/ files, from gcc -fcallgraph-info (test/analyzer.mk): calls go one
# way, so the files form layers and each can be read knowing only those below it.
#   test/kernel-callgraph.sh FILE.ci...       checks the given call graphs
#   test/kernel-callgraph.sh --build [O=DIR]  builds them first (make kernel-callgraph), for make test
# Prints the file graph (caller -> callees), every call through a function pointer (its target is
# unknown to the compiler, so a cycle could hide there: each is listed for review), and every cycle
# between files. Exit status: 0 no cycle, 1 a cycle, 2 no call graph.
set -u
cd "$(dirname "$0")/.." || exit 2
if [ "${1-}" = --build ]; then
	shift
	# A make of its own: the jobserver of a `make test` above does not reach this far.
	MAKEFLAGS= exec make --no-print-directory -j"$(nproc)" kernel-callgraph "$@"
fi
[ $# -gt 0 ] || { echo "kernel-callgraph: no .ci files" >&2; exit 2; }

# Each .ci is one file's graph (its title): functions it defines are nodes without a shape, the
# others are called there and defined elsewhere or in no kernel/ file (libraries: left out).
awk '
function unquote(s) { sub(/^"/, "", s); sub(/".*$/, "", s); return s }
FNR == 1 { file = $0; sub(/^graph: \{ title: "/, "", file); sub(/".*$/, "", file) }
/^node:/ && !/shape/ {
	title = $0; sub(/^node: \{ title: /, "", title); defined[unquote(title)] = file
}
/^edge:/ {
	source = $0; sub(/.*sourcename: /, "", source)
	target = $0; sub(/.*targetname: /, "", target)
	where = $0; sub(/.*label: /, "", where)
	n++; from[n] = unquote(source); to[n] = unquote(target)
	at[n] = $0 ~ /label:/ ? unquote(where) : file
}
END {
	for (i = 1; i <= n; i++) {
		caller = defined[from[i]]
		if (to[i] == "__indirect_call") {
			print "indirect " at[i] " in " from[i]
			continue
		}
		callee = defined[to[i]]
		if (callee != "" && callee != caller && !((caller, callee) in seen)) {
			seen[caller, callee] = 1
			print "edge " caller " " callee
		}
	}
}' "$@" | sort >"${TMPDIR:-/tmp}/kernel-callgraph.$$"
graph=${TMPDIR:-/tmp}/kernel-callgraph.$$
trap 'rm -f "$graph"' EXIT

echo "EL2 call graph between files of kernel/ and caps/ (caller: callees):"
awk '$1 == "edge" { line[$2] = line[$2] " " $3 } END { for (f in line) print "  " f ":" line[f] }' \
	"$graph" | sort
echo "calls through function pointers:"
grep '^indirect ' "$graph" | sed 's/^indirect /  /' || echo "  none"
# tsort orders the files by their calls and names the files of any loop it meets.
if awk '$1 == "edge" { print $2, $3 }' "$graph" | tsort >/dev/null 2>"$graph.loops"; then
	echo "no cycle between the $# files"
	rm -f "$graph.loops"
	exit 0
fi
echo "FAIL: files that call each other in a cycle:"
sed -n 's/^tsort: /  /p' "$graph.loops"
rm -f "$graph.loops"
exit 1
