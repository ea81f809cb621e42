/* SPDX-License-Identifier: Apache-2.0 */
/* Checks the hypercall ABI from inside a guest, measures it, and powers the partition off. */
#include "guest.h"
#include "race.h"

#include <stdlib.h>

#include "boot.h"
#include "console.h"
#include "exception.h"
#include "hvc.h"
#include "psci.h"

static cap_selector console_selector = SEL_CONSOLE;

enum cap_status guest_call(struct hc_registers *registers, uint32_t function, uint64_t a1,
			   uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	*registers = (struct hc_registers){.x = {function, a1, a2, a3, a4, a5}};
	return hvc_call(registers);
}

/* libc-min's contract: the image decides what a failed C runtime check does. */
_Noreturn void abort(void)
{
	console_printf("caps guest: abort\n");
	exception_park_cpu();
}

void image_main(const void *dtb)
{
	unsigned passed = 0, failed = 0, race_failed, copy_failed;

	(void)dtb;
	console_attach(hvc_console_write, &console_selector);
	exception_install();
	/* First, while its spare memory is untouched: the checks leave it as they found it only
	 * on the CPUs they expect, and make bench runs on one. */
	mode2_bench_run();
	console_printf("caps guest: checking the hypercall ABI\n");
	/* The race first: its two vCPUs are part of what the checks find spent of the quota. */
	unsigned cpus = race_run(&race_failed);
	/*
	 * The checks place vCPUs on the CPUs of make test's machine; on fewer (make bench runs on
	 * one), each would wait 10 s of virtual time for a CPU that is not there, and fail.
	 */
	if (cpus == RACE_CPUS)
		checks_run(&passed, &failed);
	else
		console_printf("caps guest: the checks skipped: they need %u CPUs, the race found %u\n",
			       RACE_CPUS, cpus);
	failed += race_failed;
	copy_run(&copy_failed);
	failed += copy_failed;
	console_printf("caps guest: %u passed, %u failed\n", passed, failed);
	bench_run();
	psci_init(PSCI_CONDUIT_HVC);
	psci_system_off();
	console_printf("caps guest: PSCI SYSTEM_OFF returned\n");
	exception_park_cpu();
}
