#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tenon-policy against its fixtures:
#   test/policy/run.sh TENON_POLICY PLATFORM_DTB
# - every test/policy/bad/*.dts starts with "// expect: <message line>": check must print that
#   exact line and exit 1 (it runs inside test/policy/bad, so messages name the bare file name);
# - every policy/examples/*.dts must check (exit 0), compile, and show back from the blob.
# Prints PASS/FAIL per case; exit status 1 when any case failed.
set -u
. "$(dirname "$0")/../lib/cases.sh"

[ $# -eq 2 ] || { echo "usage: $0 TENON_POLICY PLATFORM_DTB" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tool=$(absolute "$1")
platform=$(absolute "$2")

cd "$here/bad" || exit 2
for manifest in *.dts; do
	expected=$(sed -n '1s|^// expect: ||p' "$manifest")
	if [ -z "$expected" ]; then
		fail "$manifest" "no '// expect: ' first line"
		continue
	fi
	output=$("$tool" check "$manifest" --platform "$platform" --images ../images 2>&1)
	status=$?
	if [ "$status" -ne 1 ]; then
		fail "$manifest" "exit $status, expected 1; output: $output"
	elif ! grep -qxF -- "$expected" <<<"$output"; then
		fail "$manifest" "expected the line: $expected; got: $output"
	else
		pass "$manifest"
	fi
done

cd "$repo" || exit 2
for manifest in policy/examples/*.dts; do
	name=$(basename "$manifest" .dts)
	blob="$work/$name.blob"
	if ! output=$("$tool" check "$manifest" --platform "$platform" --images test/policy/images 2>&1); then
		fail "$manifest" "check failed: $output"
	elif ! output=$("$tool" compile "$manifest" -o "$blob" --platform "$platform" \
		--images test/policy/images 2>&1); then
		fail "$manifest" "compile failed: $output"
	elif ! output=$("$tool" show "$blob" 2>&1); then
		fail "$manifest" "show failed: $output"
	elif ! grep -q '^partition 0 root: component root' <<<"$output"; then
		fail "$manifest" "show printed no root partition: $output"
	else
		pass "$manifest"
	fi
done

# A damaged blob is refused with a located message, through the same reader.
if [ -f "$work/static-rt.blob" ]; then
	cp "$work/static-rt.blob" "$work/damaged.blob"
	printf '\xff' | dd of="$work/damaged.blob" bs=1 seek=200 conv=notrunc status=none
	output=$("$tool" show "$work/damaged.blob" 2>&1)
	if [ $? -eq 1 ] && grep -q 'POLICY_ERR_CHECKSUM at byte 12 (header): CRC32 does not match' <<<"$output"; then
		pass "show refuses a damaged blob"
	else
		fail "show refuses a damaged blob" "$output"
	fi
fi

# A devicetree blob libfdt 1.6.1 alone would crash on (version 3, its root named ""), as the
# manifest and as the platform: refused with a message, both times.
cp "$repo/shared-libs/dtb/fuzz/corpus/dtb/fa276acd7d3a609dbb89e79d96a7c71af27bbb4f" "$work/v3.dtb"
truncate -s 1285 "$work/v3.dtb" # its totalsize: the rest is zeros, as the fuzzer ran it
for args in "$work/v3.dtb --platform $platform" "policy/examples/static-rt.dts --platform $work/v3.dtb"; do
	output=$("$tool" check $args 2>&1)
	status=$?
	if [ $status -eq 1 ] && grep -q 'v3.dtb: not a valid devicetree blob: expected version 17' <<<"$output"; then
		pass "check refuses an old-version devicetree blob ($args)"
	else
		fail "check refuses an old-version devicetree blob ($args)" "exit $status: $output"
	fi
done

cases_summary
