/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The periodic tick on the EL1 virtual timer: the timer a guest owns outright under Mortise as on
 * bare metal (CNTVOFF is 0 without a hypervisor), so Tenon runs unchanged in both.
 */
#include "tenon.h"

#include "gtimer.h"

#define TICK_PRIORITY 0x80

static uint64_t tick_period;
static uint64_t next_deadline;
static uint64_t ticks;

static void tick_interrupt(uint32_t intid)
{
	(void)intid;
	/* Deadlines advance by whole periods, so a late interrupt does not drift the tick. */
	next_deadline += tick_period;
	gtimer_arm_at(GTIMER_EL1_VIRTUAL, next_deadline);
	__atomic_store_n(&ticks, ticks + 1, __ATOMIC_RELEASE);
}

void tick_start(uint32_t timer_intid, unsigned hz)
{
	tick_period = gtimer_frequency() / hz;
	next_deadline = gtimer_virtual_counter() + tick_period;
	irq_register(timer_intid, tick_interrupt, TICK_PRIORITY);
	gtimer_arm_at(GTIMER_EL1_VIRTUAL, next_deadline);
}

uint64_t tick_count(void)
{
	return __atomic_load_n(&ticks, __ATOMIC_ACQUIRE);
}
