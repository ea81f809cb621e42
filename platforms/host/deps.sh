#!/usr/bin/env bash
# Installs, on Debian 12 as root, only what the build is missing: idempotent, and silent when all is
# there. Target (arm64) libraries are not installed system-wide: libfdt-dev:arm64 is not Multi-Arch and
# would replace the host's, so they are fetched with apt-get download and unpacked into a sysroot.
# musl-dev:arm64 is musl's AArch64 libc.a, crt*.o and headers (usr/lib/aarch64-linux-musl,
# usr/include/aarch64-linux-musl), which Tenon's EL0 test programs link against.
set -euo pipefail

sysroot=${1:?usage: deps.sh SYSROOT-DIR}

host_packages=(
	make gcc libc6-dev gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-system-arm
	device-tree-compiler libfdt-dev libcmocka-dev libsqlite3-dev kconfig-frontends-nox cpio clang
	graphviz
)
target_packages=(libfdt-dev musl-dev)

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for package in "${host_packages[@]}"; do
	dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$package")
done

apt_updated=false
apt_update_once() {
	$apt_updated && return 0
	as_root apt-get update -qq
	apt_updated=true
}

if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	apt_update_once
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
fi

stamp="$sysroot/.packages"
if [ "$(cat "$stamp" 2>/dev/null)" != "${target_packages[*]}" ]; then
	echo "deps: fetching arm64 ${target_packages[*]} into $sysroot"
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		as_root dpkg --add-architecture arm64
		apt_updated=false
	fi
	apt_update_once
	download=$(mktemp -d)
	trap 'rm -rf "$download"' EXIT
	chmod 755 "$download"
	(cd "$download" && apt-get download -qq "${target_packages[@]/%/:arm64}" 2>/dev/null)
	rm -rf "$sysroot"
	mkdir -p "$sysroot"
	for deb in "$download"/*.deb; do
		dpkg-deb -x "$deb" "$sysroot"
	done
	echo "${target_packages[*]}" >"$stamp"
fi
