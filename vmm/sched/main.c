// SPDX-License-Identifier: Apache-2.0
/*
 * The sched component: runs the instances of its pools' templates and serves the requests of the
 * partitions the policy gives a control channel to it (README.md). It runs on a CPU of its own,
 * outside the pool it schedules, and looks at its mailboxes every millisecond (README.md says
 * why not on the doorbell yet).
 */
#include <stdlib.h>

#include "sched.h"

#include "boot.h"
#include "console.h"
#include "exception.h"
#include "gtimer.h"
#include "hvc.h"

static cap_selector console_selector = 0;
static struct sched_config config;

_Noreturn void abort(void)
{
	console_printf("sched: abort\n");
	exception_park_cpu();
}

void image_main(const void *dtb)
{
	console_attach(hvc_console_write, &console_selector);
	exception_install();
	if (!sched_config_read(dtb, &config))
		exception_park_cpu();
	instances_init(&config);
	for (;;) {
		for (unsigned i = 0; i < config.channel_count; i++)
			serve_channel(&config.channels[i]);
		gtimer_delay_us(1000);
	}
}
