#!/usr/bin/env bash
# Installs, on Debian 12 as root, only what the build is missing: idempotent, and silent when all is
# there. Target (arm64) packages are never installed system-wide: libfdt-dev:arm64 is not Multi-Arch
# and would replace the host's, and the machine's dpkg/apt setup should not change for a build. So
# arm64 packages come from a private apt state under the cache folder (SYSROOT's parent): its own
# package lists and cache for APT::Architecture=arm64, reusing the system's sources, and are only
# downloaded and unpacked there.
#   SYSROOT                 libfdt-dev and musl-dev (musl's AArch64 libc.a, crt*.o and headers in
#                           usr/lib/aarch64-linux-musl, usr/include/aarch64-linux-musl), which the
#                           target code and Tenon's EL0 test programs link against
#   CACHE/linux-arm64/      Image (Debian's arm64 kernel, raw), busybox (static), version: the
#                           Linux guest payload (test/linux-guest/)
#   CACHE/linux-arm64-uio/  uio.ko and uio_pci_generic.ko from the same kernel package as Image,
#                           version: what the Linux guest's initramfs loads to drive a channel's
#                           PCI device from user space (test/linux-guest/)
#   CACHE/xen-arm64/        xen (Debian's arm64 Xen, /boot/xen-*-arm64: an arm64 Image), version:
#                           the boot table's peer row, Xen booting the Linux guest as dom0
#                           (test/boot-table/)
set -euo pipefail

sysroot=${1:?usage: deps.sh SYSROOT-DIR}
cache=$(dirname "$sysroot")
linux_dir="$cache/linux-arm64"
xen_dir="$cache/xen-arm64"
uio_dir="$cache/linux-arm64-uio"
uio_modules=(uio uio_pci_generic)

host_packages=(
	make gcc libc6-dev gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-system-arm
	device-tree-compiler libfdt-dev libcmocka-dev libsqlite3-dev kconfig-frontends-nox cpio clang
	graphviz gnuplot-nox picosat sqlite3
)
target_packages=(libfdt-dev musl-dev)
# Changing what is fetched for the Linux guest changes this, which makes the next run fetch again.
linux_recipe="linux-image-arm64(unsigned) busybox-static"
xen_recipe="xen-hypervisor-4.17-arm64"

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for package in "${host_packages[@]}"; do
	dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
fi

sysroot_ready() { [ "$(cat "$sysroot/.packages" 2>/dev/null)" = "${target_packages[*]}" ]; }
linux_ready() { [ "$(cat "$linux_dir/.packages" 2>/dev/null)" = "$linux_recipe" ]; }
xen_ready() { [ "$(cat "$xen_dir/.packages" 2>/dev/null)" = "$xen_recipe" ]; }
# The modules must come from the very package Image came from (vermagic and symbol versions).
uio_recipe() { echo "$(cat "$linux_dir/version" 2>/dev/null) ${uio_modules[*]}"; }
uio_ready() { [ "$(cat "$uio_dir/.packages" 2>/dev/null)" = "$(uio_recipe)" ]; }
sysroot_ready && linux_ready && xen_ready && uio_ready && exit 0

mkdir -p "$cache"
apt_dir=$(realpath "$cache")/apt-arm64
work=$(mktemp -d "$(realpath "$cache")/deps-work.XXXXXX")
trap 'rm -rf "$work"' EXIT
# apt drops to its _apt user to download when run as root; that user must be able to write here.
chmod 755 "$work"

# An empty dpkg status: the host's installed amd64 packages are of no interest to an arm64 download.
arm64_apt() { # apt-get|apt-cache ARGS...
	local tool=$1
	shift
	"$tool" -q -o APT::Architecture=arm64 -o APT::Architectures=arm64 \
		-o Dir::State::Lists="$apt_dir/lists" -o Dir::State::status="$apt_dir/status" \
		-o Dir::Cache="$apt_dir/cache" -o Debug::NoLocking=1 "$@"
}

mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
touch "$apt_dir/status"
if ! arm64_apt apt-get update -qq >"$work/update.log" 2>&1; then
	cat "$work/update.log" >&2
	echo "deps: apt-get update for arm64 failed" >&2
	exit 1
fi

download() { # DIR PACKAGE... : fetches arm64 .debs into DIR
	mkdir -p "$1" && chmod 755 "$1"
	(cd "$1" && arm64_apt apt-get download -qq "${@:2}" 2>"$work/download.log") || {
		cat "$work/download.log" >&2
		echo "deps: cannot download ${*:2}" >&2
		exit 1
	}
}

if ! sysroot_ready; then
	echo "deps: fetching arm64 ${target_packages[*]} into $sysroot"
	download "$work/sysroot" "${target_packages[@]/%/:arm64}"
	rm -rf "$sysroot"
	mkdir -p "$sysroot"
	for deb in "$work/sysroot"/*.deb; do
		dpkg-deb -x "$deb" "$sysroot"
	done
	echo "${target_packages[*]}" >"$sysroot/.packages"
fi

if ! linux_ready; then
	# The metapackage names the current ABI's kernel; its -unsigned twin holds the same Image
	# without the Secure Boot signature appended, which a direct -kernel boot has no use for.
	kernel=$(arm64_apt apt-cache depends linux-image-arm64 |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-arm64\)$/\1/p' | head -n 1)
	if [ -z "$kernel" ]; then
		echo "deps: cannot resolve linux-image-arm64 to a kernel package" >&2
		exit 1
	fi
	if arm64_apt apt-cache show "$kernel-unsigned" >/dev/null 2>&1; then
		kernel="$kernel-unsigned"
	fi
	version=$(arm64_apt apt-cache show --no-all-versions "$kernel" | sed -n 's/^Version: //p')
	echo "deps: Linux guest kernel $kernel $version and busybox-static (arm64)"
	download "$work/linux" "$kernel:arm64" busybox-static:arm64
	mkdir -p "$work/linux/root"
	dpkg-deb --fsys-tarfile "$work/linux"/linux-image-*.deb |
		tar -x -C "$work/linux/root" --wildcards './boot/vmlinuz-*'
	dpkg-deb --fsys-tarfile "$work/linux"/busybox-static_*.deb |
		tar -x -C "$work/linux/root" ./bin/busybox
	set -- "$work/linux/root"/boot/vmlinuz-*
	[ $# -eq 1 ] && [ -f "$1" ] || { echo "deps: no single vmlinuz in $kernel" >&2; exit 1; }
	# An arm64 Image header has its magic "ARM\x64" at offset 0x38; a compressed or
	# wrapped vmlinuz would not boot with -kernel as a raw Image.
	if [ "$(od -An -tx1 -j56 -N4 "$1" | tr -d ' \n')" != 41524d64 ]; then
		echo "deps: $1 is not a raw arm64 Image" >&2
		exit 1
	fi
	rm -rf "$linux_dir"
	mkdir -p "$linux_dir"
	mv "$1" "$linux_dir/Image"
	mv "$work/linux/root/bin/busybox" "$linux_dir/busybox"
	echo "$kernel $version ${1##*/vmlinuz-}" >"$linux_dir/version"
	echo "$linux_recipe" >"$linux_dir/.packages"
fi

if ! xen_ready; then
	version=$(arm64_apt apt-cache show --no-all-versions "$xen_recipe" | sed -n 's/^Version: //p')
	echo "deps: Xen $xen_recipe $version (arm64)"
	download "$work/xen" "$xen_recipe:arm64"
	mkdir -p "$work/xen/root"
	dpkg-deb --fsys-tarfile "$work/xen"/xen-hypervisor-*.deb |
		tar -x -C "$work/xen/root" --wildcards './boot/xen-*-arm64'
	set -- "$work/xen/root"/boot/xen-*-arm64
	[ $# -eq 1 ] && [ -f "$1" ] || { echo "deps: no single /boot/xen-*-arm64 in $xen_recipe" >&2; exit 1; }
	rm -rf "$xen_dir"
	mkdir -p "$xen_dir"
	mv "$1" "$xen_dir/xen"
	echo "$xen_recipe $version ${1##*/}" >"$xen_dir/version"
	echo "$xen_recipe" >"$xen_dir/.packages"
fi

if ! uio_ready; then
	read -r kernel version release <"$linux_dir/version"
	echo "deps: ${uio_modules[*]} from $kernel $version (arm64)"
	download "$work/uio" "$kernel:arm64=$version"
	mkdir -p "$work/uio/root"
	dpkg-deb --fsys-tarfile "$work/uio"/linux-image-*.deb |
		tar -x -C "$work/uio/root" --wildcards "./lib/modules/$release/kernel/drivers/uio/*"
	rm -rf "$uio_dir"
	mkdir -p "$uio_dir"
	for module in "${uio_modules[@]}"; do
		# Bookworm's 6.1 ships modules uncompressed; busybox insmod loads only those.
		ko="$work/uio/root/lib/modules/$release/kernel/drivers/uio/$module.ko"
		if [ "$(od -An -tx1 -N4 "$ko" 2>/dev/null | tr -d ' \n')" != 7f454c46 ]; then
			echo "deps: $kernel has no uncompressed $module.ko (compressed modules?)" >&2
			exit 1
		fi
		mv "$ko" "$uio_dir/$module.ko"
	done
	echo "$kernel $version $release" >"$uio_dir/version"
	uio_recipe >"$uio_dir/.packages"
fi
