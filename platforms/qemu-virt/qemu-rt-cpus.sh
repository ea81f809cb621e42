#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs QEMU with the emulation threads of the given CPUs at a host real-time priority.
#
#   qemu-rt-cpus.sh CPU[,CPU...] QEMU-COMMAND...
#
# On the board a real-time partition has its CPUs to itself; under QEMU each emulated CPU is a
# host thread, and on a host with fewer cores than emulated CPUs the threads of a busy Linux
# partition would delay the real-time CPU's by whole host time slices. Giving that thread
# SCHED_FIFO makes the host run it whenever it has work: it mostly sleeps in WFI, so it takes
# little from the others. QEMU's main thread gets it too: it runs the emulated timers, whose
# expiry is what wakes the real-time CPU. Without the right to do so (not root) QEMU runs
# unchanged, with a note.
set -u

cpus=${1:?usage: qemu-rt-cpus.sh CPU[,CPU...] QEMU-COMMAND...}
shift
[ $# -gt 0 ] || { echo "usage: qemu-rt-cpus.sh CPU[,CPU...] QEMU-COMMAND..." >&2; exit 2; }

# debug-threads names each vCPU thread "CPU n/TCG"; stdin is passed on explicitly, since a
# background job of a script would otherwise read /dev/null.
"$@" -name tenonos,debug-threads=on <&0 &
qemu=$!
stop() {
	kill -TERM $qemu 2>/dev/null && sleep 0.5 && kill -KILL $qemu 2>/dev/null
	exit 143
}
trap stop INT TERM HUP
trap 'kill -KILL $qemu 2>/dev/null' EXIT

# Once the CPU threads exist; reset-on-fork, so that no thread QEMU makes later inherits it.
raise() { chrt -f -R -p 10 "$1" >/dev/null 2>&1 && raised=$((raised + 1)); }
raised=0
for attempt in $(seq 100); do
	[ -d /proc/$qemu/task ] || break
	for task in /proc/$qemu/task/*; do
		name=$(cat "$task/comm" 2>/dev/null) || continue
		for cpu in ${cpus//,/ }; do
			[ "$name" = "CPU $cpu/TCG" ] && raise "${task##*/}"
		done
	done
	if [ "$raised" -gt 0 ]; then
		raise $qemu
		break
	fi
	sleep 0.05
done
[ "$raised" -gt 1 ] ||
	echo "qemu-rt-cpus: could not raise CPU $cpus to SCHED_FIFO (not root?); running without" >&2
wait $qemu
status=$?
trap - EXIT
exit $status
