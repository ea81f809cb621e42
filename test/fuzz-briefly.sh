#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# One libFuzzer harness for a fixed number of inputs from a fixed seed, as `make test` runs it:
#
#   test/fuzz-briefly.sh FUZZER CORPUS SEED RUNS ARTIFACTS
#
# It starts from the committed CORPUS, mutates RUNS inputs from SEED, and keeps what it learns in
# a scratch corpus it removes afterwards, so every run starts alike: the same seed, count and
# corpus give the same inputs (a count, not a duration: a busy host runs the same inputs, only
# slower). Two things would still make runs differ: libFuzzer re-reads its corpus folder on a
# timer (-reload=0 stops it), and it feeds the values the code compares back into its mutations,
# pointers among them, which address space randomisation moves from run to run (setarch -R turns
# it off for this process, when the host allows it). A crash is
# written to ARTIFACTS (crash-<sha1>) and its input printed in the log; add it to CORPUS once fixed.
# Exit status: libFuzzer's (0 when no input failed).
set -u

[ $# -eq 5 ] || { echo "usage: $0 FUZZER CORPUS SEED RUNS ARTIFACTS" >&2; exit 2; }
fuzzer=$1 corpus=$2 seed=$3 runs=$4 artifacts=$5
scratch=$(mktemp -d) || exit 2
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$artifacts" || exit 2
no_randomisation=(setarch -R)
if ! setarch -R true 2>/dev/null; then
	echo "note: setarch -R is not allowed here; this run may not repeat exactly"
	no_randomisation=()
fi
"${no_randomisation[@]}" "$fuzzer" -seed="$seed" -runs="$runs" -reload=0 -print_final_stats=1 \
	-artifact_prefix="$artifacts/" "$scratch" "$corpus"
