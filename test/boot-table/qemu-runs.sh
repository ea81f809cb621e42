# SPDX-License-Identifier: Apache-2.0
# Sourced by boot-table.sh and cycle-profile.sh: the QEMU each starts in the background (its pid in
# qemu_pid), stopped on exit or signal, and the file name given to a row.

qemu_pid=
stop_qemu() {
	[ -n "$qemu_pid" ] || return 0
	kill -TERM "$qemu_pid" 2>/dev/null || true
	for _ in $(seq 40); do
		kill -0 "$qemu_pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$qemu_pid" 2>/dev/null || true
	wait "$qemu_pid" 2>/dev/null || true
	qemu_pid=
}
trap stop_qemu EXIT
trap 'stop_qemu; exit 143' INT TERM HUP

# A file name for a row: "Tenon solo under Mortise" -> tenon-solo-under-mortise.
slug() { tr 'A-Z' 'a-z' <<<"$1" | tr -cs 'a-z0-9' '-' | sed 's/^-//; s/-$//'; }
