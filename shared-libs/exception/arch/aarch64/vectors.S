/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vector table for the EL this image runs at (TARGET_EL). Every slot saves a struct
 * trap_frame on the current stack and calls exception_dispatch(frame, slot); if the handler
 * returns, the (possibly changed) frame is restored and the exception returns. At EL2 the slots
 * of a lower EL's exceptions save it into the running context's own frame instead, where SP_EL2
 * points while a lower EL runs, and call C on the EL2 stack that frame names (exception.h, "lower
 * EL frames").
 *
 * With CONFIG_LIB_EXCEPTION_LOWER_EL_ENTRY an EL2 image looks first at synchronous exceptions and
 * IRQs from a lower EL: their slots save x0 and x1 only and branch to its exception_lower_sync
 * and exception_lower_irq, which return from the exception themselves or complete the frame
 * through exception_entry or exception_entry_rest (exception.h).
 */
#include "exception.h"

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
#define FRAME_SP TRAP_FRAME_SP
#define FRAME_ELR (32 * 8)
#define FRAME_ESR (34 * 8)
#define SLOT_LOWER_A64_SYNC 8
#define SLOT_LOWER_A64_IRQ 9
/* Every image shares the main configuration: the option is the EL2 image's, a hypervisor's. */
#if defined(CONFIG_LIB_EXCEPTION_LOWER_EL_ENTRY) && TARGET_EL == 2
#define LOWER_EL_ENTRY 1
#else
#define LOWER_EL_ENTRY 0
#endif

/*
 * Each slot is 0x80 bytes (Arm ARM D1.10.2), of which its stub uses a few: the rest of slots 0
 * and 1 holds the entries to the general path that are not the fall-through into
 * exception_return. .org, not .balign: code that outgrew its slot fails to assemble instead of
 * moving every later slot.
 */
.macro vector_slot slot
	.org	exception_vectors + \slot * 0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
#if LOWER_EL_ENTRY
	.if \slot == SLOT_LOWER_A64_SYNC
	b	exception_lower_sync
	.elseif \slot == SLOT_LOWER_A64_IRQ
	b	exception_lower_irq
	.endif
#endif
	mov	x1, #\slot
#if TARGET_EL == 2
	.if \slot >= SLOT_LOWER_A64_SYNC
	b	exception_entry_lower
	.else
	b	exception_entry
	.endif
#else
	b	exception_entry
#endif
.endm

/* x18..x29 of the frame at sp, by pairs: saved (stp) or restored (ldp). */
.macro trap_frame_x18_x29 pair_op
	\pair_op	x18, x19, [sp, #16 * 9]
	\pair_op	x20, x21, [sp, #16 * 10]
	\pair_op	x22, x23, [sp, #16 * 11]
	\pair_op	x24, x25, [sp, #16 * 12]
	\pair_op	x26, x27, [sp, #16 * 13]
	\pair_op	x28, x29, [sp, #16 * 14]
.endm

/* ELR and SPSR into the frame at sp, through x2 and x3: what the return restores. */
.macro save_return_registers
	mrs	x2, ELR_REG
	mrs	x3, SPSR_REG
	stp	x2, x3, [sp, #FRAME_ELR]
.endm

/* ELR, SPSR, ESR and FAR into the frame at sp, through x2 and x3. */
.macro save_exception_registers
	save_return_registers
	mrs	x2, ESR_REG
	mrs	x3, FAR_REG
	stp	x2, x3, [sp, #FRAME_ESR]
.endm

	/* In a section of its own, which image.ld.S places after the code. */
	.section .vectors, "ax"
	.balign 0x800
	.global exception_vectors
exception_vectors:
	vector_slot 0
#if TARGET_EL == 2
/*
 * From a lower EL: as exception_entry into the running context's frame at sp, whose sp (the EL2
 * stack) is left as it is, with exception_dispatch called on that stack.
 */
	.global exception_entry_lower
exception_entry_lower:
	trap_frame_x2_x17 stp
	trap_frame_x18_x29 stp
	str	x30, [sp, #FRAME_SP - 8]
	save_exception_registers
	lower_el_frame_to_stack
	bl	exception_dispatch
	lower_el_stack_to_frame
	b	exception_return
#endif

	vector_slot 1
#if LOWER_EL_ENTRY
/*
 * For an image that saved x0..x18 and x30 itself: saves x19..x29, ELR and SPSR (ESR and FAR are
 * the caller's to save, for a call that reads them), calls x4(frame, x1) on the EL2 stack and
 * returns from the exception with the frame as the call leaves it.
 */
	.global exception_entry_rest
exception_entry_rest:
	stp	x19, x20, [sp, #8 * 19]
	stp	x21, x22, [sp, #8 * 21]
	stp	x23, x24, [sp, #8 * 23]
	stp	x25, x26, [sp, #8 * 25]
	stp	x27, x28, [sp, #8 * 27]
	str	x29, [sp, #8 * 29]
	save_return_registers
	lower_el_frame_to_stack
	blr	x4
	lower_el_stack_to_frame
	b	exception_return
#endif

	.global exception_install
exception_install:
	adr	x0, exception_vectors
	msr	VBAR_REG, x0
	isb
	ret

	.irp slot, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	vector_slot \slot
	.endr

	.global exception_entry
exception_entry:
	trap_frame_x2_x17 stp
	trap_frame_x18_x29 stp
	add	x2, sp, #FRAME_SIZE
	stp	x30, x2, [sp, #FRAME_SP - 8]
	save_exception_registers
	mov	x0, sp
	bl	exception_dispatch

	.global exception_return
exception_return:
	ldp	x2, x3, [sp, #FRAME_ELR]
	msr	ELR_REG, x2
	msr	SPSR_REG, x3
	trap_frame_x2_x17 ldp
	trap_frame_x18_x29 ldp
	ldr	x30, [sp, #FRAME_SP - 8]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #FRAME_SIZE
	eret
