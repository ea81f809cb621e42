/* SPDX-License-Identifier: Apache-2.0 */
/*
 * gtimer: the Arm generic timer (Arm ARM DDI 0487, chapter D11 "The Generic Timer in AArch64
 * state"): the system counter, one-shot deadlines on the EL1 physical, EL1 virtual and EL2
 * physical timers, tick/nanosecond conversion and a busy-wait delay.
 *
 * A timer fires (its PPI is asserted, level-sensitive) while counter >= CVAL and CTL.ENABLE is set
 * and CTL.IMASK clear; it keeps firing until re-armed later or disabled.
 */
#ifndef GTIMER_H
#define GTIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "sync.h"

enum gtimer_kind {
	GTIMER_EL1_PHYSICAL, /* CNTP_*_EL0, counts CNTPCT_EL0 */
	GTIMER_EL1_VIRTUAL, /* CNTV_*_EL0, counts CNTVCT_EL0 (physical minus CNTVOFF_EL2) */
	GTIMER_EL2_PHYSICAL, /* CNTHP_*_EL2, counts CNTPCT_EL0; EL2 only */
};

/*
 * The EL1 timers' PPIs as Arm's Base System Architecture (DEN0094, PPI assignments) gives them,
 * which QEMU virt follows. Code that reads a devicetree takes them from its timer node instead
 * (dtb.h); these are for test guests that boot without reading one.
 */
#define GTIMER_BSA_EL1_VIRTUAL_INTID 27
#define GTIMER_BSA_EL1_PHYSICAL_INTID 30

/* CNTFRQ_EL0 as firmware programmed it, in Hz; 0 if it did not. */
uint64_t gtimer_frequency(void);
/*
 * CNTPCT_EL0, ordered after every earlier instruction: counter reads may be performed
 * speculatively and out of order (Arm ARM D11.2.2), and the isb makes an interval measured around
 * some code include that code. Inline: the scheduler reads it on every switch.
 */
static inline uint64_t gtimer_counter(void)
{
	barrier_instruction();
	return sysreg_read(cntpct_el0);
}
/* CNTVCT_EL0, ordered the same way. */
uint64_t gtimer_virtual_counter(void);

/* CNTP_CTL_EL0, CNTV_CTL_EL0 and CNTHP_CTL_EL2 share one layout. */
#define GTIMER_CTL_ENABLE (1u << 0)
#define GTIMER_CTL_IMASK (1u << 1)
#define GTIMER_CTL_ISTATUS (1u << 2)

/*
 * A System register write is guaranteed to take effect only after a context synchronization event
 * (Arm ARM, "Synchronization requirements for AArch64 System registers"): the isb makes the timer
 * state the caller asked for real before, say, it waits for the interrupt.
 */
static inline void gtimer_ctl_write(enum gtimer_kind kind, uint64_t ctl)
{
	switch (kind) {
	case GTIMER_EL1_PHYSICAL:
		sysreg_write(cntp_ctl_el0, ctl);
		break;
	case GTIMER_EL1_VIRTUAL:
		sysreg_write(cntv_ctl_el0, ctl);
		break;
	case GTIMER_EL2_PHYSICAL:
		sysreg_write(cnthp_ctl_el2, ctl);
		break;
	}
	barrier_instruction();
}

static inline void gtimer_cval_write(enum gtimer_kind kind, uint64_t deadline)
{
	switch (kind) {
	case GTIMER_EL1_PHYSICAL:
		sysreg_write(cntp_cval_el0, deadline);
		break;
	case GTIMER_EL1_VIRTUAL:
		sysreg_write(cntv_cval_el0, deadline);
		break;
	case GTIMER_EL2_PHYSICAL:
		sysreg_write(cnthp_cval_el2, deadline);
		break;
	}
}

static inline bool gtimer_kind_valid(enum gtimer_kind kind)
{
	return kind == GTIMER_EL1_PHYSICAL || kind == GTIMER_EL1_VIRTUAL ||
	       kind == GTIMER_EL2_PHYSICAL;
}

/*
 * Fires once the timer's counter reaches deadline (now, if it already has). The compare value
 * goes in first, so the enabled timer never compares against a stale one. Inline, as the next
 * one: Mortise's scheduler sets its EL2 timer on every switch, and a constant kind leaves two
 * register writes and an isb.
 */
static inline void gtimer_arm_at(enum gtimer_kind kind, uint64_t deadline)
{
	if (!gtimer_kind_valid(kind))
		return;
	gtimer_cval_write(kind, deadline);
	gtimer_ctl_write(kind, GTIMER_CTL_ENABLE);
}

static inline void gtimer_disable(enum gtimer_kind kind)
{
	if (!gtimer_kind_valid(kind))
		return;
	gtimer_ctl_write(kind, 0);
}

/* Fires ticks after the timer's own counter's current value; saturates instead of wrapping. */
void gtimer_arm_after(enum gtimer_kind kind, uint64_t ticks);
/* True while the timer is enabled and its condition is met (CTL.ISTATUS), even if masked. */
bool gtimer_pending(enum gtimer_kind kind);

/* The unit its callers count periods in, and the one these conversions take. */
#define GTIMER_NS_PER_US 1000u

/*
 * Exact for every 64-bit input, without overflow: a result too large for 64 bits gives UINT64_MAX.
 * Ticks round up, so a timeout or delay is never shorter than asked; nanoseconds round down.
 * A frequency of 0 (CNTFRQ_EL0 never programmed) gives 0.
 */
uint64_t gtimer_ticks_from_ns(uint64_t frequency, uint64_t ns);
uint64_t gtimer_ns_from_ticks(uint64_t frequency, uint64_t ticks);

/* Busy-waits at least this long on CNTPCT_EL0; returns at once if CNTFRQ_EL0 is 0. */
void gtimer_delay_us(uint64_t microseconds);

#endif
