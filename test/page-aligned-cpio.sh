#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# page-aligned-cpio.sh DIR > ARCHIVE
#
# A newc cpio archive of DIR's files (sorted by name) whose every file's data starts at a multiple
# of 4096 bytes from the archive's start. Boot modules are page-aligned, so Mortise then copies an
# image out of the archive into a partition with whole aligned words (a newc archive alone only
# aligns file data to 4 bytes: cpio_find in shared-libs/cpio), and the pages could be mapped
# instead. Before a file whose data would not be aligned comes a padding file ".pad-NAME" of the
# size that aligns it; readers look files up by name and never ask for those.
set -euo pipefail
[ $# -eq 1 ] && [ -d "$1" ] || { echo "usage: page-aligned-cpio.sh DIR > ARCHIVE" >&2; exit 2; }
cd "$1"
PAGE=4096
HEADER=110 # a newc header, before the name and its NUL

align4() { echo $((($1 + 3) / 4 * 4)); }
# Bytes from an entry's start to its data.
data_start() { align4 $((HEADER + ${#1} + 1)); }

rm -f .pad-*
offset=0 order=()
for name in $(LC_ALL=C ls); do
	size=$(stat -c %s "$name")
	lead=$(data_start "$name")
	if [ $(((offset + lead) % PAGE)) -ne 0 ]; then
		pad=.pad-$name
		pad_lead=$(data_start "$pad")
		pad_size=$(((PAGE - (offset + pad_lead + lead) % PAGE) % PAGE))
		head -c "$pad_size" /dev/zero >"$pad"
		order+=("$pad")
		offset=$((offset + pad_lead + pad_size))
	fi
	order+=("$name")
	offset=$((offset + lead + $(align4 "$size")))
done
printf '%s\n' "${order[@]}" | cpio --quiet -o -H newc
