/* SPDX-License-Identifier: Apache-2.0 */
/* Counts a few ticks 20 ms apart on its console capability (selector 0), then powers off. */
#include <stdlib.h>

#include "boot.h"
#include "console.h"
#include "cpu.h"
#include "exception.h"
#include "gtimer.h"
#include "hvc.h"
#include "psci.h"

#define TICKS 3
#define TICK_US 20000

static cap_selector console_selector = 0;

_Noreturn void abort(void)
{
	exception_park_cpu();
}

void image_main(const void *dtb)
{
	(void)dtb;
	console_attach(hvc_console_write, &console_selector);
	exception_install();
	console_printf("ticker: running as vCPU 0x%llx\n", (unsigned long long)cpu_mpidr_affinity());
	for (unsigned tick = 1; tick <= TICKS; tick++) {
		gtimer_delay_us(TICK_US);
		console_printf("ticker: tick %u of %u\n", tick, TICKS);
	}
	psci_init(PSCI_CONDUIT_HVC);
	psci_system_off();
	exception_park_cpu();
}
