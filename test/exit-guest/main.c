/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An exit-test guest: prints through the PL011 its VMM emulates (every access is an exit), measures
 * that exit round trip, takes the bus errors its VMM has Mortise inject for a device it does not
 * emulate (bus_error.c), then touches memory outside its partition and is stopped for it.
 *
 * It shares its CPU with the VMM and the other guest, so it also checks that the EL1 physical
 * timer is each vCPU's own: it is stopped inside its timer's handler, the timer still firing and
 * its interrupt not ended. The guest that runs next must not see that timer, and must still get
 * its own: Mortise handed the stopped guest that interrupt and must end it for it. Before that
 * each guest sleeps in WFI on its timer, and the other must run meanwhile.
 */
#include <stdlib.h>

#include "bench.h"
#include "boot.h"
#include "bus_error.h"
#include "console.h"
#include "exception.h"
#include "cpu.h"
#include "gicv3.h"
#include "gtimer.h"
#include "guest.h"
#include "pl011.h"

#define RUNS 201

#define TIMER_WAIT_SPINS 1000000u
/* Long enough for the other guest to reach its own sleep first, even on a loaded host. */
#define SLEEP_MS 2000u

static uint64_t samples[RUNS];
static volatile uint32_t own_timer_interrupts, other_interrupts;
static volatile bool stop_in_timer_handler;

_Noreturn void abort(void)
{
	exception_park_cpu();
}

static _Noreturn void touch_outside_the_partition(void)
{
	console_printf("touching memory outside my partition\n");
	(void)*(volatile uint64_t *)OUTSIDE_THE_PARTITION;
	console_printf("still running after touching memory outside my partition\n");
	exception_park_cpu();
}

static void count_interrupt(struct trap_frame *frame)
{
	uint32_t intid = gicv3_acknowledge();

	(void)frame;
	if (intid == GICV3_INTID_SPURIOUS)
		return;
	if (intid == GTIMER_BSA_EL1_PHYSICAL_INTID && gtimer_pending(GTIMER_EL1_PHYSICAL)) {
		if (stop_in_timer_handler)
			touch_outside_the_partition();
		own_timer_interrupts++;
		gtimer_disable(GTIMER_EL1_PHYSICAL);
	} else {
		other_interrupts++;
	}
	gicv3_end_of_interrupt(intid);
}

/* Interrupts open for a while: whatever is pending for this vCPU arrives. */
static void take_interrupts(void)
{
	cpu_irq_enable();
	for (unsigned spin = 0; spin < TIMER_WAIT_SPINS && own_timer_interrupts == 0; spin++)
		;
	cpu_irq_disable();
}

static void check_physical_timer(void)
{
	exception_set_handler(EXCEPTION_CURRENT_SPX_IRQ, count_interrupt);
	if (gicv3_cpu_interface_enable() != GICV3_OK)
		console_printf("GIC CPU interface refused\n");
	take_interrupts();
	gtimer_arm_at(GTIMER_EL1_PHYSICAL, 0);
	take_interrupts();
	console_printf("physical timer: %u interrupts of my own, %u others\n",
		       own_timer_interrupts, other_interrupts);
}

/*
 * Waits for its own timer in WFI. The other guest shares the CPU, so Mortise must switch this
 * vCPU out meanwhile and let that one run, and bring this one back at its deadline.
 */
static void sleep_in_wfi(uint64_t milliseconds)
{
	uint64_t ticks = gtimer_ticks_from_ns(gtimer_frequency(), milliseconds * 1000000u);
	uint32_t before = own_timer_interrupts;
	uint64_t start = gtimer_counter();

	console_printf("sleeping %llu ms in WFI\n", (unsigned long long)milliseconds);
	gtimer_arm_at(GTIMER_EL1_PHYSICAL, start + ticks);
	cpu_irq_enable();
	while (own_timer_interrupts == before)
		cpu_wait_for_interrupt();
	cpu_irq_disable();
	uint64_t slept = gtimer_ns_from_ticks(gtimer_frequency(), gtimer_counter() - start);
	console_printf("woke from WFI %s\n", slept >= milliseconds * 1000000u ? "after the deadline" :
										 "too early");
}

void image_main(const void *dtb)
{
	(void)dtb;
	console_attach_pl011(CONFIG_PLATFORM_EARLY_UART);
	exception_install();
	console_printf("hello through an emulated PL011\n");
	check_physical_timer();
	sleep_in_wfi(SLEEP_MS);

	bench_counter_start();
	for (unsigned i = 0; i < RUNS; i++) {
		uint64_t start = bench_cycles();
		(void)mmio_read32(CONFIG_PLATFORM_EARLY_UART + PL011_FR);
		samples[i] = bench_cycles() - start;
	}
	bench_report("exit_to_vmm_and_back", samples, RUNS);
	bus_error_check();

	stop_in_timer_handler = true;
	gtimer_arm_at(GTIMER_EL1_PHYSICAL, 0);
	cpu_irq_enable();
	for (;;)
		cpu_wait_for_interrupt();
}
