/* SPDX-License-Identifier: Apache-2.0 */
#include "gtimer.h"

#include "cpu.h"
#include "sync.h"

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

/* A wrapped deadline would lie in the past and fire at once; saturating means "never". */
void gtimer_arm_after(enum gtimer_kind kind, uint64_t ticks)
{
	if (!gtimer_kind_valid(kind))
		return;
	uint64_t now = kind == GTIMER_EL1_VIRTUAL ? gtimer_virtual_counter() : gtimer_counter();
	uint64_t deadline = ticks > UINT64_MAX - now ? UINT64_MAX : now + ticks;

	gtimer_arm_at(kind, deadline);
}

/* ISTATUS is UNKNOWN while the timer is disabled (Arm ARM, CNTP_CTL_EL0 description). */
bool gtimer_pending(enum gtimer_kind kind)
{
	uint64_t ctl = gtimer_ctl_read(kind);

	return (ctl & GTIMER_CTL_ENABLE) && (ctl & GTIMER_CTL_ISTATUS);
}
