#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# same-boot.sh TENON-POLICY RUNS ARCHIVE...
#
# make test's check that Linux boots alike bare and under Mortise: every "Linux bare" command of the
# boot table (RUNS, test/boot-table/boot.mk) and every Linux partition of the policies in the root
# archives (ARCHIVE: the boot table's and make run's) must agree on the kernel command line, the
# RAM (MiB) and the number of CPUs. Prints each pair compared; a difference fails, naming both.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: same-boot.sh TENON-POLICY RUNS ARCHIVE..." >&2; exit 2; }
policy_tool=$1 runs=$2
shift 2

fail() { echo "same-boot: $*" >&2; exit 1; }

# "BOOTARGS|MIB|CPUS" of a bare QEMU command line: its one -append "...", -m SIZE and -smp N.
bare_boot() {
	local command=$1 append memory cpus
	[ "$(grep -o -- ' -append "' <<<"$command" | wc -l)" -eq 1 ] || fail "not one -append: $command"
	[ "$(grep -o -- ' -m [^ ]*' <<<"$command" | wc -l)" -eq 1 ] || fail "not one -m: $command"
	[ "$(grep -o -- ' -smp [^ ]*' <<<"$command" | wc -l)" -eq 1 ] || fail "not one -smp: $command"
	append=$(sed -E 's/.* -append "([^"]*)".*/\1/' <<<"$command")
	memory=$(sed -E 's/.* -m ([^ ]*).*/\1/' <<<"$command")
	cpus=$(sed -E 's/.* -smp ([^ ]*).*/\1/' <<<"$command")
	case $memory in
	*[0-9]M) memory=${memory%M} ;;
	*[0-9]G) memory=$((${memory%G} * 1024)) ;;
	*) fail "-m $memory: expected a size in M or G" ;;
	esac
	printf '%s|%s|%s' "$append" "$memory" "$cpus"
}

# "BOOTARGS|MIB|CPUS" of each Linux partition of the policy blob in a root archive, one a line.
policy_boots() {
	local archive=$1 blob shown
	blob=$(mktemp)
	cpio --quiet -i --to-stdout policy.blob <"$archive" >"$blob"
	[ -s "$blob" ] || fail "$archive holds no policy.blob"
	shown=$("$policy_tool" show "$blob")
	rm -f "$blob"
	local name vcpus bootargs mib
	while read -r name; do
		local line
		line=$(grep -E "^partition [0-9]+ $name: linux," <<<"$shown")
		vcpus=$(sed -E 's/.* ([0-9]+) vCPUs?,.*/\1/' <<<"$line")
		grep -q 'bootargs "' <<<"$line" || fail "$archive: partition $name has no bootargs"
		bootargs=$(sed -E 's/.* bootargs "(.*)"$/\1/' <<<"$line")
		mib=0
		while read -r start end; do
			mib=$((mib + (end - start) / 1048576))
		done < <(sed -nE "s/^memory \[(0x[0-9a-f]+), (0x[0-9a-f]+)\) $name$/\1 \2/p" <<<"$shown")
		printf '%s|%s|%s\n' "$bootargs" "$mib" "$vcpus"
	done < <(sed -nE 's/^partition [0-9]+ ([^:]+): linux,.*/\1/p' <<<"$shown")
}

describe() { IFS='|' read -r a m c <<<"$1"; printf 'command line "%s", %s MiB, %s CPUs' "$a" "$m" "$c"; }

reference= reference_from=
compare() {
	local boot=$1 from=$2
	if [ -z "$reference" ]; then
		reference=$boot reference_from=$from
	elif [ "$boot" != "$reference" ]; then
		fail "$from boots Linux with $(describe "$boot"); $reference_from with" \
			"$(describe "$reference")"
	fi
	echo "same-boot: $from: $(describe "$boot")"
}

bare=0
while IFS='|' read -r kind row marker command; do
	[ "$row" = "Linux bare" ] || continue
	compare "$(bare_boot "$command")" "$runs: $kind $row"
	bare=$((bare + 1))
done <"$runs"
[ "$bare" -gt 0 ] || fail "$runs has no Linux bare row"
for archive in "$@"; do
	found=0
	while read -r boot; do
		compare "$boot" "$archive"
		found=$((found + 1))
	done < <(policy_boots "$archive")
	[ "$found" -gt 0 ] || fail "$archive: no Linux partition"
done
echo "same-boot: $bare bare command(s) and $# policies agree"
