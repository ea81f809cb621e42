#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The build's wiring, checked from a fresh build folder without building anything:
#   test/build-wiring.sh FRESH-BUILD-DIR
# `make -n` of every public goal must succeed (every prerequisite has a rule), and make must meet
# no undefined project variable on the way: a rule that names an image variable before the file
# defining it is read gets an empty prerequisite, and `make build/test/root/demo.cpio` from a clean
# tree then fails (issue 14). Kconfig symbols (CONFIG_*) are exempt: one that is off is undefined.
set -u

[ $# -eq 1 ] || { echo "usage: $0 FRESH-BUILD-DIR" >&2; exit 2; }
fresh=$1
cd "$(dirname "$0")/.." || exit 2
rm -rf "$fresh"
trap 'rm -rf "$fresh"' EXIT
# Run as a make test item: the calling make's flags (its job server) are not this make's.
unset MAKEFLAGS MFLAGS MAKELEVEL

log=$(make -n --warn-undefined-variables O="$fresh" DEPS_READY=1 all test soak bench run audit \
	"$fresh/test/root/demo.cpio" 2>&1 >/dev/null)
status=$?
undefined=$(echo "$log" | grep "warning: undefined variable '[A-Z][A-Z0-9_]*'" |
	grep -v "undefined variable 'CONFIG_" | sort -u)
errors=$(echo "$log" | grep -v "warning: undefined variable" || true)
if [ $status -ne 0 ] || [ -n "$undefined" ]; then
	echo "FAIL: make -n from a fresh build folder (status $status)"
	[ -z "$undefined" ] || echo "$undefined"
	[ -z "$errors" ] || echo "$errors"
	exit 1
fi
echo "PASS: every goal's rules are complete and name only defined variables"
