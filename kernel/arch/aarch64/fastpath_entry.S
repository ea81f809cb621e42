/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fast paths' entry (CONFIG_MORTISE_FASTPATH; shared-libs/exception/exception.h, "lower EL
 * entry"): a guest's HVC saves only what a C call clobbers, into the vCPU's own frame, before
 * fastpath_hypercall (fastpath.h) looks at it on the EL2 stack. The registers a call preserves (x19..x29, sp_el2) need no saving, and ELR_EL2 and
 * SPSR_EL2 stay in place: nothing at EL2 takes an exception meanwhile (DAIF are masked on entry).
 * A trapped WFI or WFE goes to the scheduler with no general dispatch (trap_wfx).
 * Whatever the fast path does not finish goes on in the general path, with the frame completed.
 *
 * An IRQ from a guest is most often its own virtual timer, which the general path hands over
 * through a list register (irq.c, virq_raise_private): here that takes a few instructions and two
 * saved registers, with the same checks. Mortise's own timer, which ends every budget and wakes
 * every idle vCPU, goes straight to the scheduler (trap_el2_timer); any other interrupt goes to
 * the general path once acknowledged (trap_irq_acknowledged).
 */
#include "exception.h"
#include "fastpath.h"
#include "vgic_lr.h"

#define SLOT_LOWER_A64_SYNC 8
#define SLOT_LOWER_A64_IRQ 9
/* ESR_EL2.EC (bits 31:26) of an HVC from AArch64 (Arm ARM D17.2.37). */
#define ESR_EC_SHIFT 26
#define ESR_EC_HVC64 0x16
#define ESR_EC_WFX 0x01

/* x4..x18 and x30 into the frame at sp. */
.macro save_caller_saved_past_x3
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	str	x18, [sp, #8 * 18]
	str	x30, [sp, #8 * 30]
.endm

/* x2..x18 and x30 into the frame at sp: with x0 and x1 there already, what a C call clobbers. */
.macro save_caller_saved
	stp	x2, x3, [sp, #16 * 1]
	save_caller_saved_past_x3
.endm

/* CNTV_CTL_EL0 (Arm ARM D13.8.16): ENABLE and ISTATUS, both set when gtimer_pending says so. */
#define TIMER_CTL_ENABLE_BIT 0
#define TIMER_CTL_ISTATUS_BIT 2
#define ICC_INTID_MASK 0xffffff
/* A pending Group 1 interrupt linked to the physical one (HW = 1), at VIRQ_PRIORITY: bits 63:48. */
#define LR_HARDWARE_TOP ((1 << (LR_STATE_PENDING_SHIFT - 48)) | (1 << (LR_HW_SHIFT - 48)) | \
	(1 << (LR_GROUP1_SHIFT - 48)) | (VIRQ_PRIORITY << (LR_PRIORITY_SHIFT - 48)))

	.text
	.global exception_lower_sync
exception_lower_sync:
	mrs	x1, esr_el2
	lsr	x1, x1, #ESR_EC_SHIFT
	cmp	x1, #ESR_EC_HVC64
	b.ne	1f
	save_caller_saved
	/* x0, still the guest's, is the call's id; the frame holds the rest of x0..x7. */
	lower_el_to_stack
	bl	fastpath_hypercall
	lower_el_stack_to_frame
	cbnz	w0, 2f
	trap_frame_x2_x17 ldp
	ldr	x18, [sp, #8 * 18]
	ldr	x30, [sp, #8 * 30]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #TRAP_FRAME_SIZE
	eret
	/*
	 * A trapped WFI or WFE, which every idle vCPU takes: straight to trap_wfx and the scheduler,
	 * with the ESR it reads in x1.
	 */
1:	cmp	x1, #ESR_EC_WFX
	b.ne	5f
	save_caller_saved
	mrs	x1, esr_el2
	adr	x4, trap_wfx
	b	exception_entry_rest
	/* Anything else: the general path from the start, every register as the guest left it. */
5:	mov	x1, #SLOT_LOWER_A64_SYNC
	b	exception_entry_lower
	/*
	 * The call done, the scheduler picks, or a VMM context's answer goes straight to its guest;
	 * or declined, the general path dispatches it.
	 */
2:	mov	x1, #SLOT_LOWER_A64_SYNC
	adr	x4, sched_schedule
	tbz	w0, #31, 4f
	mrs	x2, esr_el2
	mrs	x3, far_el2
	stp	x2, x3, [sp, #TRAP_FRAME_ESR]
	adr	x4, exception_dispatch
	b	exception_entry_rest
4:	tbz	w0, #FASTPATH_HAND_OFF_BIT, exception_entry_rest
	adr	x4, hand_off_return
	b	exception_entry_rest

	.global exception_lower_irq
exception_lower_irq:
	stp	x2, x3, [sp, #16 * 1]
	mrs	x0, icc_iar1_el1
	/* As gicv3_acknowledge: the acknowledgement is complete before anything else. */
	dsb	sy
	and	w0, w0, #ICC_INTID_MASK
	adrp	x3, fastpath_timer_intids
	ldr	w1, [x3, :lo12:fastpath_timer_intids]
	cmp	w0, w1
	b.ne	3f
	/*
	 * The running vCPU's own timer fired (irq.c: one switched out just before is not), and a
	 * list register is free (ICH_ELRSR_EL2 reads 0 for those not implemented). No list register
	 * holds this INTID: its physical interrupt stays active, and is not signalled again, while
	 * one links it.
	 */
	mrs	x1, cntv_ctl_el0
	tbz	x1, #TIMER_CTL_ENABLE_BIT, 3f
	tbz	x1, #TIMER_CTL_ISTATUS_BIT, 3f
	mrs	x1, ich_elrsr_el2
	cbz	x1, 3f
	/* The priority drop only: with HW = 1, the guest's EOI deactivates the physical interrupt. */
	msr	icc_eoir1_el1, x0
	rbit	x1, x1
	clz	x1, x1
	movz	x2, #LR_HARDWARE_TOP, lsl #48
	orr	x2, x2, x0, lsl #LR_PHYSICAL_SHIFT
	orr	x2, x2, x0
	/* Into the lowest free list register: 8 bytes per entry of the table below. */
	adr	x3, 1f
	add	x3, x3, x1, lsl #3
	br	x3
1:
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	msr	ich_lr\n\()_el2, x2
	b	2f
	.endr
2:	ldp	x2, x3, [sp, #16 * 1]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #TRAP_FRAME_SIZE
	eret
	/*
	 * Anything else, acknowledged in x0, goes on from there (x2 and x3 saved above, x3 still the
	 * intids' page): Mortise's own timer, its priority dropped as gicv3_end_of_interrupt does,
	 * straight to the scheduler it wakes; any other through the general dispatch.
	 */
3:	ldr	w2, [x3, :lo12:fastpath_timer_intids + 4]
	save_caller_saved_past_x3
	mov	x1, x0
	adr	x4, trap_irq_acknowledged
	cmp	w0, w2
	b.ne	exception_entry_rest
	msr	icc_eoir1_el1, x0
	isb
	adr	x4, trap_el2_timer
	b	exception_entry_rest
