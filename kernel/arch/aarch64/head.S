/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Mortise entry points. The boot CPU arrives from the loader at EL2 with the DTB address in x0
 * (arm64 boot protocol); secondaries arrive from PSCI CPU_ON at EL2 with their CPU index in x0.
 * Both turn the MMU on with the bootstrap map before the first C call.
 */
#include "boot.h"

#define STACK_SIZE CONFIG_MORTISE_STACK_SIZE

	.section .text.image_header, "ax"
	arm64_image_header primary_entry

	.text
primary_entry:
	boot_primary_entry 2, cpu_stacks, STACK_SIZE, kernel_main

	.global secondary_entry
secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	set_cpu_stack cpu_stacks, x19, STACK_SIZE, x1, x2
	bl	boot_mmu_enable
	mov	x0, x19
	bl	kernel_secondary_main
1:	wfi
	b	1b

	.bss
	.balign 16
	.global cpu_stacks
cpu_stacks:
	.space	STACK_SIZE * CONFIG_MAX_CPUS
