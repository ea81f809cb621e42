/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tenon's EL1 vector table. Every slot but one branches to the shared table's same slot
 * (shared-libs/exception: full trap frame, exception_dispatch). The exception: an IRQ taken
 * from a thread at EL1 (current EL with SPx), the path every interrupt of a Tenon thread takes.
 *
 * It saves only what a C call may clobber, the AAPCS64 caller-saved registers x0-x18 and x30
 * (AAPCS64 6.1.1), with ELR_EL1 and SPSR_EL1 for the return and for nesting, and calls
 * irq_entry. The callee-saved registers need no saving here: irq_entry keeps them as any C
 * function does, and when its exit switches threads, the context switch saves them in the
 * thread's context (context.S) like any call that switches. The preempted thread's frame stays
 * on its own stack and it resumes through this same return when it is picked again. Nothing
 * is saved twice and nothing is saved that the common case does not need.
 */
#define IRQ_FRAME_SIZE (22 * 8)
#define IRQ_FRAME_ELR (20 * 8)

/* The caller-saved registers at the bottom of the frame; op is stp to save, ldp to restore. */
.macro caller_saved op
	\op	x0, x1, [sp, #16 * 0]
	\op	x2, x3, [sp, #16 * 1]
	\op	x4, x5, [sp, #16 * 2]
	\op	x6, x7, [sp, #16 * 3]
	\op	x8, x9, [sp, #16 * 4]
	\op	x10, x11, [sp, #16 * 5]
	\op	x12, x13, [sp, #16 * 6]
	\op	x14, x15, [sp, #16 * 7]
	\op	x16, x17, [sp, #16 * 8]
	\op	x18, x30, [sp, #16 * 9]
.endm

.macro shared_slot slot
	.balign 0x80
	b	exception_vectors + \slot * 0x80
.endm

	.section .text.tenon_vectors, "ax"
	.balign 0x800
	.global tenon_vectors
tenon_vectors:
	.irp slot, 0, 1, 2, 3, 4
	shared_slot \slot
	.endr

	/* Slot 5, current EL with SPx, IRQ: the whole path fits its 32 instructions. */
	.balign 0x80
irq_from_thread:
	sub	sp, sp, #IRQ_FRAME_SIZE
	caller_saved stp
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x0, x1, [sp, #IRQ_FRAME_ELR]
	bl	irq_entry
	ldp	x0, x1, [sp, #IRQ_FRAME_ELR]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	caller_saved ldp
	add	sp, sp, #IRQ_FRAME_SIZE
	eret
	.if . - irq_from_thread > 0x80
	.error "the IRQ slot outgrew its 0x80 bytes: the slots after it would move"
	.endif

	.irp slot, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	shared_slot \slot
	.endr

	.text
	.global tenon_vectors_install
	.type tenon_vectors_install, %function
tenon_vectors_install:
	adr	x0, tenon_vectors
	msr	vbar_el1, x0
	isb
	ret
	.size tenon_vectors_install, . - tenon_vectors_install
