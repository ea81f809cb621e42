/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Where PSCI CPU_ON starts one of the VMM's vCPUs on its guests' CPUs (contexts.c): at EL1, MMU
 * and caches off, interrupts masked, x0 = the top of its stack. The MMU goes on first
 * (boot_mmu_enable uses no memory and no stack), so that the stack is cached and coherent with
 * the other vCPUs, which share everything else.
 */
	.text
	.balign 4
	.global linux_vmm_context_entry
	.type linux_vmm_context_entry, %function
linux_vmm_context_entry:
	msr	daifset, #0xf
	mov	x19, x0
	bl	boot_mmu_enable
	mov	sp, x19
	mov	x29, #0
	bl	context_main
1:	wfi
	b	1b
	.size linux_vmm_context_entry, . - linux_vmm_context_entry
