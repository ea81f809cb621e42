/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An exit-test guest: prints through the PL011 its VMM emulates (every access is an exit), measures
 * that exit round trip, then touches memory outside its partition and is stopped for it.
 */
#include <stdlib.h>

#include "bench.h"
#include "boot.h"
#include "console.h"
#include "exception.h"
#include "cpu.h"
#include "pl011.h"

#define RUNS 201
/* Past the partition's 16 MiB of RAM at 0x40000000: nothing is mapped there. */
#define OUTSIDE_THE_PARTITION 0x80000000ULL

static uint64_t samples[RUNS];

_Noreturn void abort(void)
{
	exception_park_cpu();
}

void image_main(const void *dtb)
{
	(void)dtb;
	console_attach_pl011(CONFIG_PLATFORM_EARLY_UART);
	exception_install();
	console_printf("hello through an emulated PL011\n");

	bench_counter_start();
	for (unsigned i = 0; i < RUNS; i++) {
		uint64_t start = bench_cycles();
		(void)mmio_read32(CONFIG_PLATFORM_EARLY_UART + PL011_FR);
		samples[i] = bench_cycles() - start;
	}
	bench_report("exit_to_vmm_and_back", samples, RUNS);

	console_printf("touching memory outside my partition\n");
	(void)*(volatile uint64_t *)OUTSIDE_THE_PARTITION;
	console_printf("still running after touching memory outside my partition\n");
	exception_park_cpu();
}
