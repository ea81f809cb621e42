#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Objectives planned, built and booted:
#   test/orchestrate/boot.sh TENON_ORCHESTRATE GRAPH_DB VIRT_DTB OBJECTIVE-NAME...
# each test/orchestrate/objectives/NAME.obj is planned for the board VIRT_DTB describes, every
# image built from its generated .config and the system booted in QEMU (tenon-orchestrate build
# --boot), where every partition must come up: Tenon's ready line, Linux's shell, the pools'
# scheduler answering tenonctl and starting an instance from Linux. make test boots a representative few, make orchestrate-check every
# objective that can be met.
set -u

[ $# -ge 4 ] || { echo "usage: $0 TENON_ORCHESTRATE GRAPH_DB VIRT_DTB OBJECTIVE-NAME..." >&2; exit 2; }
tool=$1
db=$2
dtb=$3
shift 3
cd "$(dirname "$0")/../.." || exit 2
passed=0
failed=0
for name in "$@"; do
	plan=build/orchestrate/plans/$name
	rm -rf "$plan"
	mkdir -p "$(dirname "$plan")"
	if ! "$tool" plan --db "$db" --board "$dtb" --out "$plan" \
		"test/orchestrate/objectives/$name.obj" >/dev/null; then
		echo "FAIL  $name: no plan"
		failed=$((failed + 1))
	elif result=$("$tool" build --board "$dtb" --boot --timeout 180 "$plan" 2>&1); then
		echo "PASS  $name: $(echo "$result" | grep '^qemu-expect: PASS')"
		passed=$((passed + 1))
	else
		echo "FAIL  $name:"
		echo "$result"
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
