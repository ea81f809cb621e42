/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The instances of the Mode 2 benchmark (mode2_bench.c), copied to a page each instance runs at
 * IPA 0, entered at EL1 with the MMU off and interrupts masked, x0 as mode2_bench.h says.
 * Position-independent: only PC-relative branches, and the mailbox's fixed IPA.
 *   - First, the counter into its slot's FIRST: when it started.
 *   - Spin mode: it stores the counter into LAST on every pass; a pass that finds the counter
 *     more than MODE2_GAP_TICKS past the previous one ran after something else had its CPU, and
 *     records (now - the peer's LAST): the switch from the peer to it.
 *   - Timer mode: its virtual timer MODE2_TIMER_TICKS ahead, LAST, WFI; woken, it records
 *     (now - the timer's deadline): the deadline to its own code, past whatever ran meanwhile.
 */
#include "mode2_bench.h"

	.macro	record sample, slot, scratch1, scratch2
	ldr	\scratch1, [\slot, #MODE2_COUNT]
	and	\scratch2, \scratch1, #(MODE2_RING - 1)
	add	\scratch2, \slot, \scratch2, lsl #3
	str	\sample, [\scratch2, #MODE2_SAMPLES]
	add	\scratch1, \scratch1, #1
	str	\scratch1, [\slot, #MODE2_COUNT]
	.endm

	.text
	.balign 4
	.global mode2_instance_start, mode2_instance_end
mode2_instance_start:
	mrs	x1, cntvct_el0
	mov	x10, #MODE2_MAILBOX_IPA
	and	x11, x0, #MODE2_SLOT_MASK
	mov	x9, #MODE2_SLOT_SIZE
	madd	x11, x11, x9, x10		/* its slot */
	eor	x12, x0, #MODE2_SLOT_MASK
	and	x12, x12, #MODE2_SLOT_MASK
	madd	x12, x12, x9, x10		/* its peer's */
	str	x1, [x11, #MODE2_FIRST]
	mov	x2, x1
	tbnz	x0, #MODE2_TIMER_MODE_BIT, timer_mode
spin:
	mrs	x1, cntvct_el0
	str	x1, [x11, #MODE2_LAST]
	sub	x3, x1, x2
	mov	x2, x1
	cmp	x3, #MODE2_GAP_TICKS
	b.ls	spin
	ldr	x4, [x12, #MODE2_LAST]
	sub	x5, x1, x4
	record	x5, x11, x6, x7
	b	spin

timer_mode:
	/* The virtual GIC CPU interface, so that the timer's interrupt ends the WFI and is acked. */
	mov	x9, #7
	msr	icc_sre_el1, x9
	isb
	mov	x9, #0xff
	msr	icc_pmr_el1, x9
	mov	x9, #1
	msr	icc_igrpen1_el1, x9
	isb
arm:
	mrs	x1, cntvct_el0
	add	x8, x1, #MODE2_TIMER_TICKS
	msr	cntv_cval_el0, x8
	mov	x9, #1
	msr	cntv_ctl_el0, x9
	isb
	mrs	x1, cntvct_el0
	str	x1, [x11, #MODE2_LAST]
wait:
	wfi
	mrs	x1, cntvct_el0
	cmp	x1, x8
	b.lo	wait
	sub	x5, x1, x8
	record	x5, x11, x6, x7
	mrs	x9, icc_iar1_el1
	msr	cntv_ctl_el0, xzr
	msr	icc_eoir1_el1, x9
	isb
	b	arm
mode2_instance_end:
