/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Thread context switch. Called as a C function, so only the AAPCS64 callee-saved registers
 * (x19-x28, x29, x30) and sp need keeping (AAPCS64 6.1.1); x30 is where the switched-out thread
 * resumes. Offsets match struct tenon_arch_context in tenon_arch.h. Runs with interrupts masked.
 */
#define CONTEXT_SP (12 * 8)

	.text
	.balign 4
	.global tenon_arch_context_switch
	.type tenon_arch_context_switch, %function
/* x0: context to save into, x1: context to load. */
tenon_arch_context_switch:
	stp	x19, x20, [x0, #16 * 0]
	stp	x21, x22, [x0, #16 * 1]
	stp	x23, x24, [x0, #16 * 2]
	stp	x25, x26, [x0, #16 * 3]
	stp	x27, x28, [x0, #16 * 4]
	stp	x29, x30, [x0, #16 * 5]
	mov	x9, sp
	str	x9, [x0, #CONTEXT_SP]

	ldp	x19, x20, [x1, #16 * 0]
	ldp	x21, x22, [x1, #16 * 1]
	ldp	x23, x24, [x1, #16 * 2]
	ldp	x25, x26, [x1, #16 * 3]
	ldp	x27, x28, [x1, #16 * 4]
	ldp	x29, x30, [x1, #16 * 5]
	ldr	x9, [x1, #CONTEXT_SP]
	mov	sp, x9
	ret
	.size tenon_arch_context_switch, . - tenon_arch_context_switch

	.global tenon_arch_thread_trampoline
	.type tenon_arch_thread_trampoline, %function
/* A new thread's first "return": x19 holds its start function; a zero frame pointer ends
 * backtraces here. */
tenon_arch_thread_trampoline:
	mov	x29, #0
	mov	x30, #0
	blr	x19
	b	.
	.size tenon_arch_thread_trampoline, . - tenon_arch_thread_trampoline
