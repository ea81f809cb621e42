/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Where the hostile guest's other vCPUs start (partition.vcpu_create's entry IPA), at EL1 with
 * the MMU off and x0 = the worker's index: the MMU goes on first (boot_mmu_enable touches no
 * memory), then the stack of that worker, then C. See libos-tenon/arch/aarch64/smp_entry.S for
 * why the MMU comes before any load.
 */
#include "boot.h"

#define WORKER_STACK_SIZE 16384

	.text
	.balign 4
	.global hostile_worker_entry
hostile_worker_entry:
	msr	daifset, #0xf
	mov	x19, x0
	bl	boot_mmu_enable
	set_cpu_stack hostile_worker_stacks, x19, WORKER_STACK_SIZE, x0, x1
	mov	x29, #0
	mov	x0, x19
	bl	hostile_worker_main
	b	hostile_idle_entry

/* The entry of vCPUs made only to fill the table: never started, and harmless if they were. */
	.global hostile_idle_entry
hostile_idle_entry:
	wfi
	b	hostile_idle_entry

	.bss
	.balign 16
hostile_worker_stacks:
	.space	WORKER_STACK_SIZE * 3
