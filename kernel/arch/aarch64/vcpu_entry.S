/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vcpu_enter(frame, stack_top): the first entry of a vCPU. The EL2 stack restarts at stack_top, so
 * every later trap from the guest builds its frame on an empty stack. Offsets follow struct
 * trap_frame (exception.h): x0..x30, sp, elr, spsr. SP_EL1 is part of the vCPU context,
 * restored before.
 */

	.text
	.global vcpu_enter
vcpu_enter:
	mov	sp, x1
	ldp	x2, x3, [x0, #(32 * 8)]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	ldr	x30, [x0, #(30 * 8)]
	mov	x1, x0
	ldp	x2, x3, [x1, #(2 * 8)]
	ldp	x4, x5, [x1, #(4 * 8)]
	ldp	x6, x7, [x1, #(6 * 8)]
	ldp	x8, x9, [x1, #(8 * 8)]
	ldp	x10, x11, [x1, #(10 * 8)]
	ldp	x12, x13, [x1, #(12 * 8)]
	ldp	x14, x15, [x1, #(14 * 8)]
	ldp	x16, x17, [x1, #(16 * 8)]
	ldp	x18, x19, [x1, #(18 * 8)]
	ldp	x20, x21, [x1, #(20 * 8)]
	ldp	x22, x23, [x1, #(22 * 8)]
	ldp	x24, x25, [x1, #(24 * 8)]
	ldp	x26, x27, [x1, #(26 * 8)]
	ldp	x28, x29, [x1, #(28 * 8)]
	ldp	x0, x1, [x1, #0]
	eret
