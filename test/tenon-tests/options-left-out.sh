#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Tenon's optional features are left out of the images whose configuration turns them off:
#   test/tenon-tests/options-left-out.sh BUILD-DIR
# from each image's link map, the objects of semaphores, message queues, event flags and EL0
# processes are linked exactly when its .config has the option =y (libos-tenon/Kconfig).
set -u

[ $# -eq 1 ] || { echo "usage: $0 BUILD-DIR" >&2; exit 2; }
build=$1
passed=0
failed=0
options="TENON_SEMAPHORES:tenon-rt/sem.o TENON_MESSAGE_QUEUES:tenon-rt/msgq.o
	TENON_EVENT_FLAGS:tenon-rt/event.o TENON_PROCESSES:process/syscall.o"
for image in libos-tenon test/tenon-tests/tests test/tenon-tests/processes \
	test/tenon-tests/tests-irq test/channel-guest demos/rt-demo; do
	map=$build/$image/$(basename "$image").map
	config=$build/$image/config/.config
	for pair in $options; do
		symbol=${pair%%:*}
		object=${pair#*:}
		grep -qx "CONFIG_$symbol=y" "$config" && wanted=linked || wanted=absent
		grep -q "libos-tenon/$object" "$map" && found=linked || found=absent
		if [ "$wanted" = "$found" ]; then
			passed=$((passed + 1))
		else
			echo "FAIL  $image: $object $found, but CONFIG_$symbol says $wanted"
			failed=$((failed + 1))
		fi
	done
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
