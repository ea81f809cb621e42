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
	boot_primary_entry 2, boot_stack, STACK_SIZE, kernel_main

	/*
	 * A secondary's stack comes from Mortise's memory, allocated by the boot CPU before
	 * CPU_ON (cpus.c). Its top is read only with the MMU on: the boot CPU wrote it through
	 * its caches. boot_mmu_enable uses no stack.
	 */
	.global secondary_entry
secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	bl	boot_mmu_enable
	adrp	x1, cpu_stack_tops
	add	x1, x1, #:lo12:cpu_stack_tops
	ldr	x1, [x1, x19, lsl #3]
	mov	sp, x1
	mov	x0, x19
	bl	kernel_secondary_main
1:	wfi
	b	1b

	/* The boot CPU's stack, its own for good; only it is part of the image. */
	.bss
	.balign 16
	.global boot_stack
boot_stack:
	.space	STACK_SIZE
