#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# One image's configuration: the main configuration with the image's Kconfig fragments merged onto
# it (as Zephyr merges prj.conf and its overlays), through Debian's kconfig-frontends.
#   image-config.sh SRCTREE CONFIG-DIR BASE-CONFIG [FRAGMENT...]
# writes CONFIG-DIR/.config, CONFIG-DIR/auto.conf and CONFIG-DIR/autoconf.h.
# - A fragment holds .config lines (CONFIG_X=value, "# CONFIG_X is not set") and comments; a later
#   line wins over an earlier one, a fragment over the base, a later fragment over an earlier one.
# - A value a fragment asks for that Kconfig does not keep (a typo, an unmet "depends on", a value
#   out of range) fails the build, naming the fragment and the line.
# - autoconf.h is rewritten only when its content changes, so make recompiles an image only when
#   its configuration changed.
set -euo pipefail

[ $# -ge 3 ] || { echo "usage: $0 SRCTREE CONFIG-DIR BASE-CONFIG [FRAGMENT...]" >&2; exit 2; }
srctree=$(realpath "$1")
config_dir=$2
base=$3
shift 3

mkdir -p "$config_dir/include/config"
# make takes an existing .config for done: a failed merge leaves none.
trap '[ $? -eq 0 ] || rm -f "$config_dir/.config"' EXIT
cat "$base" "$@" >"$config_dir/.config"

kconfig() { # MODE [ENV...]: kconfig-conf MODE on the image's .config
	local mode=$1
	shift
	# Kconfig warns for each value a later line overrides: that is how fragments work, not news.
	(cd "$config_dir" && env srctree="$srctree" KCONFIG_CONFIG=.config "$@" \
		kconfig-conf -s "$mode" "$srctree/Kconfig") 2>&1 | { grep -v 'warning: override:' || true; } >&2
}
kconfig --olddefconfig

# The last line for each symbol is what the fragments ask for; check that Kconfig kept it.
declare -A wanted where
for fragment in "$@"; do
	line_number=0
	while IFS= read -r line || [ -n "$line" ]; do
		line_number=$((line_number + 1))
		case $line in
		CONFIG_*=*) symbol=${line%%=*} ;;
		"# CONFIG_"*" is not set") symbol=${line#\# } && symbol=${symbol%% *} ;;
		*) continue ;;
		esac
		wanted[$symbol]=$line
		where[$symbol]=$fragment:$line_number
	done <"$fragment"
done
status=0
for symbol in "${!wanted[@]}"; do
	line=${wanted[$symbol]}
	case $line in
	CONFIG_*) grep -qxF -- "$line" "$config_dir/.config" && continue ;;
	*) grep -q "^$symbol=" "$config_dir/.config" || continue ;;
	esac
	kept=$(grep -E "^(# )?$symbol[= ]" "$config_dir/.config" || echo "nothing")
	echo "${where[$symbol]}: Kconfig did not keep '$line' (unknown symbol, unmet dependency or" \
		"value out of range); $config_dir/.config has $kept" >&2
	status=1
done
[ $status -eq 0 ] || exit 1

kconfig --silentoldconfig KCONFIG_AUTOHEADER=autoconf.h.new KCONFIG_AUTOCONFIG=auto.conf
if cmp -s "$config_dir/autoconf.h.new" "$config_dir/autoconf.h"; then
	rm "$config_dir/autoconf.h.new"
else
	mv "$config_dir/autoconf.h.new" "$config_dir/autoconf.h"
fi
