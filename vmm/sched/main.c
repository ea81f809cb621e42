// SPDX-License-Identifier: Apache-2.0
/*
 * The sched component: runs the instances of its pools' templates and serves the requests of the
 * partitions the policy gives a control channel to it (README.md). It runs on a CPU of its own,
 * outside the pool it schedules, and sleeps in WFI between requests: a client rings the control
 * channel's doorbell after writing its request, and a timer looks at every mailbox now and then
 * for a client that wrote without ringing.
 */
#include <stdlib.h>

#include "sched.h"

#include "boot.h"
#include "console.h"
#include "exception.h"
#include "gicv3.h"
#include "gtimer.h"
#include "hvc.h"

/* How long a request written without a ring may wait. */
#define UNRUNG_POLL_US 100000u

static cap_selector console_selector = SCHED_OWN_CONSOLE;
static struct sched_config config;

_Noreturn void abort(void)
{
	console_printf("sched: abort\n");
	exception_park_cpu();
}

/*
 * In WFI (trapped: Mortise gives our CPU's time away or idles it) until a doorbell rings or
 * timeout_ticks pass. Interrupts stay masked: they only end the WFI, and are acknowledged here.
 */
static void wait_for_doorbell(uint64_t timeout_ticks)
{
	gtimer_arm_after(GTIMER_EL1_VIRTUAL, timeout_ticks);
	for (uint32_t intid = GICV3_INTID_SPURIOUS; intid == GICV3_INTID_SPURIOUS;) {
		__asm__ volatile("wfi" ::: "memory");
		intid = gicv3_acknowledge();
		/* The timer's line drops before its interrupt ends, or it would come straight back. */
		if (intid == GTIMER_BSA_EL1_VIRTUAL_INTID)
			gtimer_disable(GTIMER_EL1_VIRTUAL);
		if (intid != GICV3_INTID_SPURIOUS)
			gicv3_end_of_interrupt(intid);
	}
	gtimer_disable(GTIMER_EL1_VIRTUAL);
	for (uint32_t intid; (intid = gicv3_acknowledge()) != GICV3_INTID_SPURIOUS;)
		gicv3_end_of_interrupt(intid);
}

void image_main(const void *dtb)
{
	console_attach(hvc_console_write, &console_selector);
	exception_install();
	if (!sched_config_read(dtb, &config))
		exception_park_cpu();
	if (gicv3_cpu_interface_enable() != GICV3_OK)
		console_printf("sched: no GIC CPU interface: serving every %u us without doorbells\n",
			       UNRUNG_POLL_US);
	instances_init(&config);
	uint64_t poll = gtimer_ticks_from_ns(gtimer_frequency(), UNRUNG_POLL_US * 1000ull);
	for (;;) {
		for (unsigned i = 0; i < config.channel_count; i++)
			serve_channel(&config.channels[i]);
		wait_for_doorbell(poll);
	}
}
