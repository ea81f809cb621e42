#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# write-bootargs.sh MANIFEST.dts OUT.dtb BOOTARGS
#
# Compiles a policy manifest with dtc and writes BOOTARGS (LINUX_GUEST_BOOTARGS, the one definition
# of Linux's kernel command line, test/linux-guest/guest.mk) as the bootargs of every partition of
# kind "linux", so that Linux under Mortise boots with the command line bare Linux gets. A manifest
# that sets bootargs itself is refused: it would be a second definition that drifts.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: write-bootargs.sh MANIFEST.dts OUT.dtb BOOTARGS" >&2; exit 2; }
manifest=$1 out=$2 bootargs=$3

dtc -q -I dts -O dtb -o "$out.tmp" "$manifest"
linux=0
for name in $(fdtget -l "$out.tmp" /partitions); do
	[ "$(fdtget "$out.tmp" "/partitions/$name" kind)" = linux ] || continue
	if fdtget "$out.tmp" "/partitions/$name" bootargs >/dev/null 2>&1; then
		echo "$manifest: /partitions/$name: bootargs: expected none (the build writes" \
			"LINUX_GUEST_BOOTARGS of test/linux-guest/guest.mk), found one" >&2
		rm -f "$out.tmp"
		exit 1
	fi
	fdtput -t s "$out.tmp" "/partitions/$name" bootargs "$bootargs"
	linux=$((linux + 1))
done
if [ "$linux" -eq 0 ]; then
	echo "$manifest: /partitions: expected a partition of kind \"linux\", found none" >&2
	rm -f "$out.tmp"
	exit 1
fi
mv "$out.tmp" "$out"
