/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Where PSCI CPU_ON starts a secondary CPU (TENON_SMP_CPUS > 1): at EL1, MMU and caches off,
 * interrupts masked, x0 = the context argument, here Tenon's index of the CPU (PSCI DEN0022
 * 5.1.4 / 6.4). The MMU goes on first (boot_mmu_enable uses no memory and no stack), so the
 * stack top is then read through the caches, coherent with the boot CPU that wrote it; with the
 * MMU off the read would bypass the caches and could miss that write (Arm ARM D7.2.x, data
 * accesses with the MMU off are Device-nGnRnE).
 */
#if CONFIG_TENON_SMP_CPUS > 1
	.section .text.tenon_secondary_entry, "ax"
	.balign 4
	.global tenon_secondary_entry
	.type tenon_secondary_entry, %function
tenon_secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	bl	boot_mmu_enable
	adrp	x1, tenon_secondary_stack_tops
	add	x1, x1, #:lo12:tenon_secondary_stack_tops
	ldr	x1, [x1, x19, lsl #3]
	mov	sp, x1
	mov	x29, #0
	mov	x0, x19
	bl	tenon_secondary_main
1:	wfi
	b	1b
	.size tenon_secondary_entry, . - tenon_secondary_entry
#endif
