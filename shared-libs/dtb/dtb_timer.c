/* SPDX-License-Identifier: Apache-2.0 */
#include "dtb_internal.h"

#define TIMER_NODE "arm,armv8-timer node"

/*
 * The arm,armv8-timer binding lists the timers' PPIs in a fixed order: secure EL1 physical,
 * non-secure EL1 physical, EL1 virtual, EL2 physical, then optionally EL2 virtual.
 */
enum timer_interrupt_index {
	TIMER_SECURE_PHYSICAL,
	TIMER_EL1_PHYSICAL,
	TIMER_EL1_VIRTUAL,
	TIMER_EL2_PHYSICAL,
	TIMER_REQUIRED_INTERRUPTS
};

static bool timer_intid(const dtb_cell *interrupts, unsigned index, uint32_t *intid)
{
	/*
	 * Each CPU has its own timers, so their interrupts are private to it: PPIs (Arm ARM, "The
	 * Generic Timer in AArch64 state").
	 */
	return dtb_interrupt_is_ppi(interrupts, index) &&
	       dtb_interrupt_intid(interrupts, index, intid);
}

enum dtb_status dtb_finish_timer(struct dtb_collector *collector,
				 struct dtb_diagnostic *diagnostic)
{
	const dtb_cell *interrupts = collector->timer_interrupts.specifiers.data;
	struct dtb_timer *timer = &collector->platform.timer;
	enum dtb_status status;
	unsigned count;

	if (collector->timer < 0)
		return dtb_fail(diagnostic, DTB_ERR_NO_TIMER, "/", "compatible",
				"an enabled node compatible with \"arm,armv8-timer\"");
	status = dtb_interrupts(collector, &collector->timer_interrupts, TIMER_NODE, &count,
				diagnostic);
	if (status != DTB_OK)
		return status;
	if (count < TIMER_REQUIRED_INTERRUPTS ||
	    !timer_intid(interrupts, TIMER_EL1_PHYSICAL, &timer->el1_physical_intid) ||
	    !timer_intid(interrupts, TIMER_EL1_VIRTUAL, &timer->el1_virtual_intid) ||
	    !timer_intid(interrupts, TIMER_EL2_PHYSICAL, &timer->el2_physical_intid))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, TIMER_NODE, "interrupts",
				"at least 4 PPIs: secure, non-secure EL1 physical, EL1 virtual, "
				"EL2 physical");
	return dtb_succeed(diagnostic);
}
