/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Where the caps guest's extra vCPUs start (partition.vcpu_create with this entry, x0 = the
 * worker's number 1..RACE_CPUS-1): at EL1 with the MMU off and interrupts masked, as Mortise
 * resets a vCPU. The MMU goes on first (boot_mmu_enable touches no memory), so that the stack and
 * everything shared are read through the caches, coherent with the CPU that wrote them.
 */
#include "race.h"

	.text
	.balign 4
	.global race_secondary_entry
	.type race_secondary_entry, %function
race_secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	bl	boot_mmu_enable
	set_cpu_stack race_stacks, x19, RACE_STACK_SIZE, x0, x1
	mov	x29, #0
	mov	x0, x19
	bl	race_worker_main
1:	wfi
	b	1b
	.size race_secondary_entry, . - race_secondary_entry

	.bss
	.balign 16
race_stacks:
	.space	RACE_STACK_SIZE * RACE_CPUS
