#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# x18 is Tenon's own in every image with Tenon in it (libos-tenon/arch/aarch64/vectors.S): it holds
# this CPU's state, so no other code there may write or even use it.
#   test/tenon-tests/x18-reserved.sh ELF...
# The images this build makes are named, not found in the build folder: one the orchestrator built
# there earlier, with other flags, is not this build's. For each linked image holding Tenon's vector table, every function whose code names x18 (or w18)
# must be one of those that keep it: Tenon's interrupt entry and the loader of x18, the entry into a
# new EL0 process, which clears it as every register, and the shared exception entry, which saves
# and restores it whole in the trap frame (EL0's value).
set -u

[ $# -ge 1 ] || { echo "usage: $0 ELF..." >&2; exit 2; }
objdump=${OBJDUMP:-aarch64-linux-gnu-objdump}
nm=${NM:-aarch64-linux-gnu-nm}
keepers="irq_slot irq_from_thread irq_thread_work irq_thread_return irq_entry irq_entry_work
irq_entry_done tenon_arch_cpu_register_load user_enter exception_entry exception_return"
passed=0
failed=0
while IFS= read -r elf; do
	"$nm" "$elf" 2>/dev/null | grep -q ' tenon_vectors$' || continue
	users=$("$objdump" -d --no-show-raw-insn "$elf" |
		awk '/^[0-9a-f]+ <.*>:$/ { name = substr($2, 2, length($2) - 3) }
		     /\t.*[^a-z0-9_.][xw]18([^0-9]|$)/ { print name }' | sort -u)
	bad=
	for user in $users; do
		tr ' ' '\n' <<<"$keepers" | grep -qxF "$user" || bad="$bad $user"
	done
	if [ -z "$bad" ]; then
		passed=$((passed + 1))
	else
		echo "FAIL  $elf: x18 used by$bad"
		failed=$((failed + 1))
	fi
done < <(printf '%s\n' "$@")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
