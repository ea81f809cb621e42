/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Where a VMM context starts (endpoint.context_create): at EL1, MMU and caches off, interrupts
 * masked, x0 = its index. The MMU goes on first (boot_mmu_enable uses no memory and no stack), so
 * that the stack top, written by the main vCPU through the caches, is read through them too.
 */
	.text
	.balign 4
	.global exit_vmm_context_entry
	.type exit_vmm_context_entry, %function
exit_vmm_context_entry:
	msr	daifset, #0xf
	mov	x19, x0
	bl	boot_mmu_enable
	adrp	x1, exit_vmm_context_stack_tops
	add	x1, x1, #:lo12:exit_vmm_context_stack_tops
	ldr	x1, [x1, x19, lsl #3]
	mov	sp, x1
	mov	x29, #0
	mov	x0, x19
	bl	exit_vmm_context_main
1:	wfi
	b	1b
	.size exit_vmm_context_entry, . - exit_vmm_context_entry
