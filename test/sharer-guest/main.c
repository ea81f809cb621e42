/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A boot-module guest of Mortise that shares its CPU with another vCPU: every millisecond its
 * virtual timer wakes it from WFI, and it waits again. While it waits, Mortise runs the other
 * vCPU bound to that CPU; each wake-up switches to it and back.
 */
#include <stdlib.h>

#include "boot.h"
#include "console.h"
#include "cpu.h"
#include "exception.h"
#include "gicv3.h"
#include "gtimer.h"
#include "hvc.h"

#define PERIOD_US 1000u

static cap_selector console_selector = 0;
static uint64_t period_ticks;

_Noreturn void abort(void)
{
	exception_park_cpu();
}

static void timer_interrupt(struct trap_frame *frame)
{
	uint32_t intid = gicv3_acknowledge();

	(void)frame;
	if (intid == GICV3_INTID_SPURIOUS)
		return;
	if (intid == GTIMER_BSA_EL1_VIRTUAL_INTID)
		gtimer_arm_after(GTIMER_EL1_VIRTUAL, period_ticks);
	gicv3_end_of_interrupt(intid);
}

void image_main(const void *dtb)
{
	(void)dtb;
	console_attach(hvc_console_write, &console_selector);
	exception_install();
	exception_set_handler(EXCEPTION_CURRENT_SPX_IRQ, timer_interrupt);
	if (gicv3_cpu_interface_enable() != GICV3_OK)
		console_printf("sharer: GIC CPU interface refused\n");
	period_ticks = gtimer_ticks_from_ns(gtimer_frequency(), PERIOD_US * GTIMER_NS_PER_US);
	console_printf("sharer: waking every %u us\n", PERIOD_US);
	gtimer_arm_after(GTIMER_EL1_VIRTUAL, period_ticks);
	cpu_irq_enable();
	for (;;)
		__asm__ volatile("wfi" ::: "memory");
}
