#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A plan built and booted: orchestrator/orchestrate/build-and-boot.sh PLAN-DIR VIRT-DTB [TIMEOUT]
# PLAN-DIR is what `tenon-orchestrate plan --out` wrote. Each image is built by this repository's
# own Makefile from its generated .config and nothing else (a build folder per image whose main
# configuration is that .config, under build/orchestrate/boot/<plan>/ or $ORCHESTRATE_BUILD): the system image's Mortise, root and (for Linux) linux-vmm, and
# for each Tenon partition Tenon's boot image (libos-tenon/main.c: it checks its timer, GIC and
# scheduler and reports a ready line). The manifest is compiled into the root's boot archive and
# Mortise boots it in QEMU; every Tenon partition must print its ready line and power off.
# Linux partitions are not booted here (their kernel and initramfs come from the Linux tests).
# Exit status 0 when every partition was ready, 1 otherwise (the console is printed).
set -u

[ $# -ge 2 ] || { echo "usage: $0 PLAN-DIR VIRT-DTB [TIMEOUT-SECONDS]" >&2; exit 2; }
plan=$(cd "$1" && pwd)
virt_dtb=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
timeout=${3:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
unset MAKEFLAGS MFLAGS MAKELEVEL
module_base=0x70000000
module_stride=0x400000

if grep -q 'kind = "linux"' "$plan/policy.dts"; then
	echo "build-and-boot: $plan has a Linux partition: validated, not booted here" >&2
	exit 2
fi
if grep -q 'pool = ' "$plan/policy.dts"; then
	echo "build-and-boot: $plan has a pool (Mode 2): validated only, the sched component is not built" >&2
	exit 2
fi

# The Makefile wants its build folder relative to the repository (Kconfig runs inside it).
builds=${ORCHESTRATE_BUILD:-build/orchestrate/boot}/$(basename "$plan")
build_image() { # IMAGE-NAME CONFIG TARGET...: builds TARGETs in a folder whose main config is CONFIG
	local out=$builds/$1
	shift
	local config=$1
	shift
	mkdir -p "$out"
	cmp -s "$config" "$out/.config" || cp "$config" "$out/.config"
	make --no-print-directory -j2 DEPS_READY=1 O="$out" "${@/#/$out/}" >"$out.log" 2>&1 || {
		echo "build-and-boot: building $* from $config failed:" >&2
		cat "$out.log" >&2
		exit 1
	}
}

build_image system "$plan/system.config" kernel/kernel.img vmm/root/root.img host/tenon-policy
partitions=$(awk '/^\tpartitions \{/ { inside = 1; next } /^\t\};/ { inside = 0 }
	inside && /^\t\t[a-z0-9-]+ \{$/ { print $1 }' "$plan/policy.dts" | grep -vx root)
archive=$plan/boot.d
rm -rf "$archive" && mkdir -p "$archive"
for partition in $partitions; do
	build_image "$partition" "$plan/$partition.config" libos-tenon/libos-tenon.img
	cp "$builds/$partition/libos-tenon/libos-tenon.img" "$archive/$partition.img"
done
"$builds/system/host/tenon-policy" compile --platform "$virt_dtb" "$plan/policy.dts" \
	-o "$archive/policy.blob" >/dev/null || exit 1
(cd "$archive" && ls | cpio --quiet -o -H newc) >"$plan/boot.cpio"

modules=("$builds/system/vmm/root/root.img" "$plan/boot.cpio")
dtb=$plan/boot.dtb
cp "$virt_dtb" "$dtb"
fdtput -t i "$dtb" /chosen '#address-cells' 2 && fdtput -t i "$dtb" /chosen '#size-cells' 2
loaders=()
for index in 1 0; do
	address=$(printf '0x%x' $((module_base + index * module_stride)))
	fdtput -c "$dtb" /chosen/module@$index
	fdtput -t s "$dtb" /chosen/module@$index compatible multiboot,module
	fdtput -t x "$dtb" /chosen/module@$index reg 0 "$address" 0 \
		"$(printf '%x' "$(stat -c %s "${modules[$index]}")")"
	loaders+=(-device "loader,file=${modules[$index]},addr=$address,force-raw=on")
done
fdtput -t s "$dtb" /chosen/module@0 compatible tenonos,root-component multiboot,module

console=$plan/console.log
qemu-system-aarch64 -M virt,virtualization=on,gic-version=3,dtb-randomness=off -smp 4 \
	-cpu max,pauth-impdef=on -m 1G -nographic -nic none -no-reboot \
	-kernel "$builds/system/kernel/kernel.img" -dtb "$dtb" "${loaders[@]}" \
	</dev/null >"$console" 2>&1 &
qemu=$!
ready() {
	local partition
	for partition in $partitions; do
		grep -q "^\[$partition\] Tenon: main thread: [0-9]* timer ticks" "$console" || return 1
		grep -q "^Mortise: partition $partition stopped: powered off" "$console" || return 1
	done
}
for _ in $(seq $((timeout * 5))); do
	ready && break
	kill -0 "$qemu" 2>/dev/null || break
	sleep 0.2
done
kill "$qemu" 2>/dev/null
wait "$qemu" 2>/dev/null
if ready; then
	echo "build-and-boot: $(echo $partitions | wc -w) partition(s) ready:" $partitions
	exit 0
fi
echo "build-and-boot: not every partition reached its ready line ($partitions); console:" >&2
cat "$console" >&2
exit 1
