/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A process's EL0-only registers (offsets match struct user_registers in process.h) and the first
 * entry to EL0. The kernel is built with -mgeneral-regs-only; only this file names FP/SIMD
 * registers.
 */
	.arch armv8-a+fp+simd

#define USER_FPCR (32 * 16)
/* then fpsr, sp_el0, tpidr_el0: x3 points at fpcr (beyond an ldp/stp offset from x0). */

	.text
	.balign 4
	.global user_registers_save
	.type user_registers_save, %function
/* x0: struct user_registers * */
user_registers_save:
	stp	q0, q1, [x0, #32 * 0]
	stp	q2, q3, [x0, #32 * 1]
	stp	q4, q5, [x0, #32 * 2]
	stp	q6, q7, [x0, #32 * 3]
	stp	q8, q9, [x0, #32 * 4]
	stp	q10, q11, [x0, #32 * 5]
	stp	q12, q13, [x0, #32 * 6]
	stp	q14, q15, [x0, #32 * 7]
	stp	q16, q17, [x0, #32 * 8]
	stp	q18, q19, [x0, #32 * 9]
	stp	q20, q21, [x0, #32 * 10]
	stp	q22, q23, [x0, #32 * 11]
	stp	q24, q25, [x0, #32 * 12]
	stp	q26, q27, [x0, #32 * 13]
	stp	q28, q29, [x0, #32 * 14]
	stp	q30, q31, [x0, #32 * 15]
	mrs	x1, fpcr
	mrs	x2, fpsr
	add	x3, x0, #USER_FPCR
	stp	x1, x2, [x3]
	mrs	x1, sp_el0
	mrs	x2, tpidr_el0
	stp	x1, x2, [x3, #16]
	ret
	.size user_registers_save, . - user_registers_save

	.global user_registers_load
	.type user_registers_load, %function
user_registers_load:
	ldp	q0, q1, [x0, #32 * 0]
	ldp	q2, q3, [x0, #32 * 1]
	ldp	q4, q5, [x0, #32 * 2]
	ldp	q6, q7, [x0, #32 * 3]
	ldp	q8, q9, [x0, #32 * 4]
	ldp	q10, q11, [x0, #32 * 5]
	ldp	q12, q13, [x0, #32 * 6]
	ldp	q14, q15, [x0, #32 * 7]
	ldp	q16, q17, [x0, #32 * 8]
	ldp	q18, q19, [x0, #32 * 9]
	ldp	q20, q21, [x0, #32 * 10]
	ldp	q22, q23, [x0, #32 * 11]
	ldp	q24, q25, [x0, #32 * 12]
	ldp	q26, q27, [x0, #32 * 13]
	ldp	q28, q29, [x0, #32 * 14]
	ldp	q30, q31, [x0, #32 * 15]
	add	x3, x0, #USER_FPCR
	ldp	x1, x2, [x3]
	msr	fpcr, x1
	msr	fpsr, x2
	ldp	x1, x2, [x3, #16]
	msr	sp_el0, x1
	msr	tpidr_el0, x2
	ret
	.size user_registers_load, . - user_registers_load

	.global user_enter
	.type user_enter, %function
/*
 * x0: the entry point. SPSR 0 = EL0t with DAIF clear, so interrupts reach the process. The
 * kernel stack pointer (SP_EL1) stays where this thread's stack is now: exceptions from EL0 push
 * their frames there. No kernel value may leak to EL0, so every register starts at zero (the
 * Linux ABI leaves them unspecified except sp; x0 would be a dynamic linker's atexit hook).
 */
user_enter:
	msr	elr_el1, x0
	msr	spsr_el1, xzr
	.irp reg, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
	mov	x\reg, #0
	.endr
	eret
	.size user_enter, . - user_enter
