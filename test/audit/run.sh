#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tenon-audit against fixtures whose figures are known:
#   test/audit/run.sh TENON_AUDIT TENON_POLICY PLATFORM_DTB
# - tiny/: a C file, an assembly file and a one-file library with hand-counted lines (each file's
#   first comment gives them), and unused.c, which --gc-sections drops whole and whose lines must
#   not count, linked into a tiny AArch64 ELF here; its section sizes must equal
#   what aarch64-linux-gnu-size -A says, its line counts what cloc says when cloc is installed;
# - small.dts: the capabilities and hypercalls of each partition after boot;
# - small-more.dts: one grant more, which `diff` must report (exit 1) and the reverse must not;
# - policy/examples/dynamic-pool.dts and test/root/vmm.dts: sched contexts of a pool and of a
#   partition's CPUs.
# Prints PASS/FAIL per case; exit status 1 when any case failed.
set -u
. "$(dirname "$0")/../lib/cases.sh"

[ $# -eq 3 ] || { echo "usage: $0 TENON_AUDIT TENON_POLICY PLATFORM_DTB" >&2; exit 2; }
audit=$(absolute "$1")
policy=$(absolute "$2")
platform=$(absolute "$3")
cd "$(dirname "$0")/../.." || exit 2

# ---- the tiny image ---------------------------------------------------------------------------
objects=$work/build/tiny
cc=aarch64-linux-gnu-gcc
for source in test/audit/tiny/main.c test/audit/tiny/start.S test/audit/tiny/lib/widget/widget.c \
	test/audit/tiny/unused.c; do
	object=$objects/${source%.*}.o
	mkdir -p "$(dirname "$object")"
	$cc -O2 -ffreestanding -ffunction-sections -fdata-sections -MMD -Itest/audit/tiny/lib/widget \
		-c "$source" -o "$object" || fail "compile $source" "$cc failed"
done
$cc -nostdlib -static -Wl,--gc-sections -Wl,-Map,"$objects/tiny.map" -o "$objects/tiny.elf" \
	$(find "$objects" -name '*.o' | sort) || fail "link tiny.elf" "$cc failed"

table=$("$audit" report --image guest:tiny:"$objects/tiny.elf" --libraries "test/audit/tiny/lib/widget/" \
	--build-dir "$work/build" --json "$work/tiny.json" --dot "$work/tiny.dot")
check "report exits 0" 0 $?
row() { awk -v name="$1" '$1 == name { print; exit }' <<<"$table" | tr -s ' ' | sed 's/^ //'; }
# name C headers asm total | .text .rodata .data .bss other total
check "tiny lines (C 8+4, headers 4, asm 6)" "tiny 12 4 6 22" "$(row tiny | cut -d'|' -f1 | sed 's/ $//')"
check "own code lines" "own 8 0 6 14" "$(row own | cut -d'|' -f1 | sed 's/ $//')"
check "library widget lines" "lib widget 4 4 0 8" \
	"$(awk '$1 == "lib" && $2 == "widget" { print; exit }' <<<"$table" | tr -s ' ' | sed 's/^ //' |
	cut -d'|' -f1 | sed 's/ $//')"

# Sizes: our ELF reader against binutils, class by class.
size_sum() { # ELF PATTERN
	aarch64-linux-gnu-size -A "$1" | awk -v pattern="$2" '$1 ~ pattern { sum += $2 } END { print sum + 0 }'
}
sizes=$(row tiny | cut -d'|' -f2)
read -r text rodata data bss _ _ <<<"$sizes"
check ".text as size -A gives" "$(size_sum "$objects/tiny.elf" '^\.text($|\.)')" "$text"
check ".rodata as size -A gives" "$(size_sum "$objects/tiny.elf" '^\.rodata($|\.)')" "$rodata"
check ".data as size -A gives" "$(size_sum "$objects/tiny.elf" '^\.data($|\.)')" "$data"
check ".bss as size -A gives" "$(size_sum "$objects/tiny.elf" '^\.bss($|\.)')" "$bss"
# The groups add up to the image.
group_text=$(awk '/^    / && $0 ~ /\|/ { split($0, p, "|"); split(p[2], s, " "); sum += s[1] } END { print sum }' <<<"$table")
check "groups' .text adds up to the image's" "$text" "$group_text"

if command -v cloc >/dev/null; then
	cloc_lines=$(cloc --by-file --csv --quiet test/audit/tiny/main.c test/audit/tiny/start.S \
		test/audit/tiny/lib/widget/widget.c test/audit/tiny/lib/widget/widget.h |
		awk -F, '$2 ~ /tiny/ { print $2, $5 }' | sort)
	ours=$(grep -o '"path": "[^"]*", "language": "[a-z]*", "code": [0-9]*' "$work/tiny.json" |
		sed 's/"path": "\([^"]*\)".*"code": \([0-9]*\)/\1 \2/' | sort)
	check "per-file code lines as cloc counts them" "$cloc_lines" "$ours"
else
	echo "SKIP  cloc comparison (cloc not installed)"
fi

# ---- capabilities after boot -------------------------------------------------------------------
for manifest in small small-more; do
	"$policy" compile "test/audit/$manifest.dts" -o "$work/$manifest.blob" --platform "$platform" \
		>/dev/null || fail "compile $manifest.dts" "tenon-policy failed"
done
table=$("$audit" report --policy "$work/small.blob" --json "$work/small.json" --dot "$work/small.dot")
check "policy report exits 0" 0 $?
expect_line() { # NAME LINE
	if grep -qxF -- "$2" <<<"$table"; then pass "$1"; else fail "$1" "no line: $2"; fi
}
expect_line "root holds every object, a sched context per partition among them" "root (component root, image root.img): 16 capabilities"
expect_line "vmm holds 4" "vmm (component linux-vmm, image linux-vmm.img): 4 capabilities"
expect_line "vmm: vcpus delegated from the root's" \
	"    1 vcpu          vcpus of guest               ----c  grant    from root       parent root:7"
expect_line "vmm: endpoint read+grant" \
	"    3 endpoint      exits of guest               r--g-  grant    from root       parent root:8"
expect_line "guest: console from its flag" \
	"    1 console       console                      -w---  implicit from root       parent root:15"
# Control over two vCPUs is what a channel between them takes: the VMM may make one for its guests.
# endpoint.serve takes no capability (it acts only for a VMM context: kernel/hand_off.h), so every
# partition reaches it.
expect_line "vmm reaches vcpu, endpoint, guest-memory copy, channel and pause/resume calls, not console or delegate" \
	"  hypercalls: hypervisor.null hypervisor.version hypervisor.stats caps.cap_derive caps.cap_revoke caps.cap_delete caps.cap_info vcpu.resume vcpu.stop vcpu.start vcpu.start_at vcpu.set_spi_enabled vcpu.dedicate endpoint.wait endpoint.serve partition.copy partition.channel_create sched.pause sched.resume"
expect_line "guest reaches console.write and copies within its own memory beyond the basics" \
	"  hypercalls: hypervisor.null hypervisor.version hypervisor.stats caps.cap_derive caps.cap_revoke caps.cap_delete caps.cap_info console.write endpoint.serve partition.copy"
if grep -q '"guest:vmm" -> "object:exits of guest" \[label="r--g-"' "$work/small.dot"; then
	fail "dot edges" "wrong holder"
elif grep -q '"partition:vmm" -> "object:exits of guest" \[label="r--g-", color=red' "$work/small.dot"; then
	pass "dot edge labelled with rights"
else
	fail "dot edge labelled with rights" "$(grep 'exits of guest' "$work/small.dot")"
fi
if command -v dot >/dev/null; then
	dot -Tsvg -o "$work/small.svg" "$work/small.dot" && grep -q '<svg' "$work/small.svg" &&
		pass "dot renders the graph" || fail "dot renders the graph" "dot failed"
fi

# Sched contexts: a pool's and a static partition's CPUs, each a set the capability system accepts
# (a CPU mask, not a table index) and granted as the manifest says.
for manifest in policy/examples/dynamic-pool.dts test/root/vmm.dts; do
	name=$(basename "$manifest" .dts)
	"$policy" compile "$manifest" -o "$work/$name.blob" --platform "$platform" >/dev/null ||
		fail "compile $manifest" "tenon-policy failed"
done
table=$("$audit" report --policy "$work/dynamic-pool.blob" 2>&1)
check "a manifest with a pool replays" 0 $?
grep -qE '^ +[0-9]+ sched_context +pool shared +rw--c +grant +from root' <<<"$table" &&
	pass "sched holds the pool's sched context" ||
	fail "sched holds the pool's sched context" "$table"
table=$("$audit" report --policy "$work/vmm.blob" 2>&1)
check "a manifest granting a partition's CPUs replays" 0 $?
grep -qE '^ +[0-9]+ sched_context +CPUs of guest1 +----c +grant +from root' <<<"$table" &&
	pass "the VMM holds guest1's CPUs" || fail "the VMM holds guest1's CPUs" "$table"

# ---- diff ----------------------------------------------------------------------------------------
"$audit" report --quiet --policy "$work/small-more.blob" --json "$work/small-more.json" ||
	fail "report small-more" "exit $?"
output=$("$audit" diff "$work/small.json" "$work/small-more.json")
check "diff exits 1 on a new grant" 1 $?
expect_diff() { if grep -qxF -- "$2" <<<"$output"; then pass "$1"; else fail "$1" "no line: $2 in: $output"; fi; }
expect_diff "diff names the grant" "+ vmm newly holds partition guest: ---gc (had nothing)"
expect_diff "diff names the new hypercall" "+ vmm newly reaches hypercall caps.cap_delegate"
output=$("$audit" diff "$work/small-more.json" "$work/small.json")
check "diff exits 0 when authority only shrinks" 0 $?
expect_diff "reverse diff" "- vmm no longer holds partition guest: ---gc (now nothing)"
output=$("$audit" diff "$work/tiny.json" "$work/tiny.json")
check "diff of a report with itself" "0:0 grew or newly granted, 0 shrank or taken away" "$?:$output"
sed 's/"total": 22}/"total": 21}/' "$work/tiny.json" >"$work/tiny-old.json"
output=$("$audit" diff "$work/tiny-old.json" "$work/tiny.json")
check "diff reports code growth" "1" "$?"
expect_diff "diff names the lines" "+ tiny: total lines 21 -> 22 (+1)"

# ---- refusals ------------------------------------------------------------------------------------
printf 'TPOL' >"$work/bad.blob"
"$audit" report --quiet --policy "$work/bad.blob" 2>"$work/err"
check "a damaged blob exits 1" 1 $?
grep -q 'POLICY_ERR_' "$work/err" && pass "a damaged blob is named" || fail "a damaged blob is named" "$(cat "$work/err")"
"$audit" report --image kernel:x:"$objects/tiny.elf" >/dev/null 2>&1
check "an unknown class is a usage error" 2 $?
echo '{"schema": "tenonos-audit-1", "images": [' >"$work/broken.json"
"$audit" diff "$work/broken.json" "$work/tiny.json" >/dev/null 2>&1
check "broken JSON is refused" 2 $?

cases_summary
