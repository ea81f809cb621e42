/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tenon_arch clock on the EL1 virtual generic timer: the timer a guest owns outright under Mortise
 * as on bare metal (CNTVOFF is 0 without a hypervisor), so Tenon runs unchanged in both. The
 * timer is level-sensitive (Arm ARM D11.2.4): every interrupt ends with tenon-rt reprogramming or
 * disarming it, which drops the level.
 */
#include "tenon.h"
#include "tenon_arch.h"
#include "tenon_rt.h"

#include "gtimer.h"

#define CLOCK_IRQ_PRIORITY 0x80

uint64_t tenon_arch_clock_frequency(void)
{
	return gtimer_frequency();
}

void tenon_arch_clock_program(uint64_t deadline)
{
	if (deadline == UINT64_MAX)
		gtimer_disable(GTIMER_EL1_VIRTUAL);
	else
		gtimer_arm_at(GTIMER_EL1_VIRTUAL, deadline);
}

static void clock_interrupt(uint32_t intid)
{
	(void)intid;
	tenon_time_interrupt();
}

void clock_start(uint32_t timer_intid)
{
	irq_register(timer_intid, clock_interrupt, CLOCK_IRQ_PRIORITY);
	tenon_time_start();
}
