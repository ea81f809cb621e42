/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vector table for the EL this image runs at (TARGET_EL). Every slot saves a struct
 * trap_frame on the current stack and calls exception_dispatch(frame, slot); if the handler
 * returns, the (possibly changed) frame is restored and the exception returns.
 */
#if TARGET_EL == 2
#define ELR_REG elr_el2
#define SPSR_REG spsr_el2
#define ESR_REG esr_el2
#define FAR_REG far_el2
#define VBAR_REG vbar_el2
#else
#define ELR_REG elr_el1
#define SPSR_REG spsr_el1
#define ESR_REG esr_el1
#define FAR_REG far_el1
#define VBAR_REG vbar_el1
#endif

#define FRAME_SIZE (36 * 8)
#define FRAME_SP (31 * 8)
#define FRAME_ELR (32 * 8)
#define FRAME_ESR (34 * 8)

.macro vector_slot slot
	.balign 0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x1, #\slot
	b	exception_entry
.endm

	.section .text.exception_vectors, "ax"
	.balign 0x800
	.global exception_vectors
exception_vectors:
	.irp slot, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	vector_slot \slot
	.endr

exception_entry:
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	add	x2, sp, #FRAME_SIZE
	stp	x30, x2, [sp, #FRAME_SP - 8]
	mrs	x2, ELR_REG
	mrs	x3, SPSR_REG
	stp	x2, x3, [sp, #FRAME_ELR]
	mrs	x2, ESR_REG
	mrs	x3, FAR_REG
	stp	x2, x3, [sp, #FRAME_ESR]
	mov	x0, sp
	bl	exception_dispatch

	ldp	x2, x3, [sp, #FRAME_ELR]
	msr	ELR_REG, x2
	msr	SPSR_REG, x3
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #FRAME_SP - 8]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #FRAME_SIZE
	eret

	.text
	.global exception_install
exception_install:
	adr	x0, exception_vectors
	msr	VBAR_REG, x0
	isb
	ret
