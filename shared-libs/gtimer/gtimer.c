/* SPDX-License-Identifier: Apache-2.0 */
#include "gtimer.h"

#include "cpu.h"
#include "sync.h"

/* CNTP_CTL_EL0, CNTV_CTL_EL0 and CNTHP_CTL_EL2 share one layout. */
#define GTIMER_CTL_ENABLE (1u << 0)
#define GTIMER_CTL_IMASK (1u << 1)
#define GTIMER_CTL_ISTATUS (1u << 2)

uint64_t gtimer_frequency(void)
{
	/* Bits 63:32 are RES0. */
	return sysreg_read(cntfrq_el0) & 0xffffffffu;
}

/* Ordered as gtimer_counter is (gtimer.h). */
uint64_t gtimer_virtual_counter(void)
{
	barrier_instruction();
	return sysreg_read(cntvct_el0);
}

static uint64_t gtimer_ctl_read(enum gtimer_kind kind)
{
	switch (kind) {
	case GTIMER_EL1_PHYSICAL:
		return sysreg_read(cntp_ctl_el0);
	case GTIMER_EL1_VIRTUAL:
		return sysreg_read(cntv_ctl_el0);
	case GTIMER_EL2_PHYSICAL:
		return sysreg_read(cnthp_ctl_el2);
	}
	return 0;
}

/*
 * A System register write is guaranteed to take effect only after a context synchronization event
 * (Arm ARM, "Synchronization requirements for AArch64 System registers"): the isb makes the timer
 * state the caller asked for real before, say, it waits for the interrupt.
 */
static void gtimer_ctl_write(enum gtimer_kind kind, uint64_t ctl)
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

static void gtimer_cval_write(enum gtimer_kind kind, uint64_t deadline)
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

static bool gtimer_kind_valid(enum gtimer_kind kind)
{
	return kind == GTIMER_EL1_PHYSICAL || kind == GTIMER_EL1_VIRTUAL ||
	       kind == GTIMER_EL2_PHYSICAL;
}

/* The compare value goes in first, so the enabled timer never compares against a stale one. */
void gtimer_arm_at(enum gtimer_kind kind, uint64_t deadline)
{
	if (!gtimer_kind_valid(kind))
		return;
	gtimer_cval_write(kind, deadline);
	gtimer_ctl_write(kind, GTIMER_CTL_ENABLE);
}

/* A wrapped deadline would lie in the past and fire at once; saturating means "never". */
void gtimer_arm_after(enum gtimer_kind kind, uint64_t ticks)
{
	if (!gtimer_kind_valid(kind))
		return;
	uint64_t now = kind == GTIMER_EL1_VIRTUAL ? gtimer_virtual_counter() : gtimer_counter();
	uint64_t deadline = ticks > UINT64_MAX - now ? UINT64_MAX : now + ticks;

	gtimer_arm_at(kind, deadline);
}

void gtimer_disable(enum gtimer_kind kind)
{
	if (!gtimer_kind_valid(kind))
		return;
	gtimer_ctl_write(kind, 0);
}

/* ISTATUS is UNKNOWN while the timer is disabled (Arm ARM, CNTP_CTL_EL0 description). */
bool gtimer_pending(enum gtimer_kind kind)
{
	uint64_t ctl = gtimer_ctl_read(kind);

	return (ctl & GTIMER_CTL_ENABLE) && (ctl & GTIMER_CTL_ISTATUS);
}
