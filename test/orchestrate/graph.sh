#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tenon-orchestrate graph: test/orchestrate/graph.sh TENON_ORCHESTRATE
# - the fixture Kconfig (fixture/): its edges are exactly fixture/edges.txt (hand-checked against
#   the Kconfig text), its facts (type, prompt, default, range, depends, library) as written there,
#   and the fixture audit's figures land in the library table;
# - the project's Kconfig: every symbol any Kconfig file defines and every CONFIG_ symbol of every
#   configuration fragment and defconfig is a symbol row; FTS5 answers "priority inheritance" with
#   TENON_MUTEX_PI first;
# - hostile input: an audit file that is not the audit's JSON fails with its name.
# Prints PASS/FAIL per case; exit status 1 when any case failed.
set -u
. "$(dirname "$0")/../lib/cases.sh"

[ $# -eq 1 ] || { echo "usage: $0 TENON_ORCHESTRATE" >&2; exit 2; }
tool=$(absolute "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)

# ---- the fixture -----------------------------------------------------------------------------
cd "$root/test/orchestrate" || exit 2
if "$tool" graph --kconfig fixture/Kconfig --db "$work/fixture.db" --audit fixture/audit.json; then
	pass "fixture graph builds"
else
	fail "fixture graph builds" "exit status $?"
fi
edges=$(sqlite3 "$work/fixture.db" "SELECT src, kind, dst FROM named_edge" | LC_ALL=C sort)
if [ "$edges" = "$(cat fixture/edges.txt)" ]; then
	pass "fixture edges"
else
	fail "fixture edges" "$(diff <(echo "$edges") fixture/edges.txt)"
fi
check "int facts" "integer|Time slice (us)|1000|0|100000|SCHED" \
	"$(sqlite3 "$work/fixture.db" "SELECT type, prompt, default_value, range_min, range_max, depends
		FROM symbol WHERE name = 'SCHED_SLICE_US'")"
check "comparison dependency" "LIB_QUEUE && SCHED_SLICE_US>0|fixture/lib|ring" \
	"$(sqlite3 "$work/fixture.db" "SELECT depends, folder, library FROM symbol WHERE name = 'LIB_RING'")"
check "help is its own node" "help|A lock holder runs at its most urgent waiter's priority." \
	"$(sqlite3 "$work/fixture.db" "SELECT n.kind, trim(h.text, char(10)) FROM help h JOIN node n ON n.id = h.node
		JOIN edge e ON e.src = n.id JOIN node s ON s.id = e.dst WHERE s.name = 'SCHED_PI'")"
check "library figures" "queue|40|10|0|50|120|8|4|64|img/a img/b|EL2 EL1" \
	"$(sqlite3 "$work/fixture.db" "SELECT * FROM library")"
check "fixture search" "SCHED_PI" \
	"$("$tool" search --db "$work/fixture.db" --limit 1 priority inheritance | cut -f2)"

# ---- hostile input ----------------------------------------------------------------------------
echo '{"libraries": 3}' > "$work/bad.json"
message=$("$tool" graph --kconfig fixture/Kconfig --db "$work/bad.db" --audit "$work/bad.json" 2>&1)
status=$?
check "audit that is not the audit's JSON" "1|tenon-orchestrate: $work/bad.json: no \"libraries\" array: not the audit's JSON" \
	"$status|$message"

# ---- the project's Kconfig ------------------------------------------------------------------
cd "$root" || exit 2
if "$tool" graph --kconfig Kconfig --db "$work/graph.db"; then
	pass "project graph builds"
else
	fail "project graph builds" "exit status $?"
fi
sqlite3 "$work/graph.db" "SELECT name FROM symbol" | LC_ALL=C sort > "$work/present"
kconfig_files=$(find Kconfig kernel libos-tenon shared-libs platforms caps vmm demos policy -name Kconfig)
grep -hE '^[[:space:]]*(menu)?config[[:space:]]+[A-Z0-9_]+' $kconfig_files |
	awk '{print $2}' | LC_ALL=C sort -u > "$work/defined"
fragments=$(find libos-tenon test demos platforms -name '*.conf' -o -name defconfig)
grep -hoE '^(# )?CONFIG_[A-Z0-9_]+' $fragments | sed 's/^# //; s/^CONFIG_//' |
	LC_ALL=C sort -u > "$work/configured"
missing=$(LC_ALL=C comm -23 "$work/defined" "$work/present" | tr '\n' ' ')
check "every defined symbol present ($(wc -l < "$work/defined") symbols)" "" "$missing"
missing=$(LC_ALL=C comm -23 "$work/configured" "$work/present" | tr '\n' ' ')
check "every fragment symbol present ($(wc -l < "$work/configured") symbols)" "" "$missing"
check "FTS5: priority inheritance" "TENON_MUTEX_PI" \
	"$("$tool" search --db "$work/graph.db" --limit 1 priority inheritance | cut -f2)"
check "FTS5: tickless" "TENON_TICKLESS" \
	"$("$tool" search --db "$work/graph.db" --limit 1 tickless | cut -f2)"

cases_summary
