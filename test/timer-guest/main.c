/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A guest of Mortise that takes its EL1 timers' interrupts (virtual, then physical) through the
 * virtual GIC CPU interface. Each run arms a timer, then spins recording the cycle counter; the
 * handler's first statement reads it again, so the difference is the path from the interrupt to
 * the guest's C handler (EL2 entry, hand-over through a list register, return, the guest's
 * vector), within one loop iteration.
 *
 * Bare at EL1 (QEMU without virtualization=on, which passes its devicetree in x0; Mortise passes
 * a boot-module guest none) it owns the whole GIC and its UART instead, so the same rows measure
 * the bare machine (test/timer-guest/bench.mk).
 */
#include <stdbool.h>
#include <stdlib.h>

#include "array_length.h"
#include "bench.h"
#include "boot.h"
#include "console.h"
#include "cpu.h"
#include "dtb.h"
#include "exception.h"
#include "gicv3.h"
#include "gtimer.h"
#include "hvc.h"
#include "psci.h"

#define RUNS 101
#define SELF_SGI_INTID 3
/* SGIs 8..15: with the timer, more interrupts at once than QEMU's GIC has list registers (4). */
#define FLOOD_FIRST_SGI 8
#define FLOOD_SGIS 8
#define FLOOD_ALL_SGIS (((1u << FLOOD_SGIS) - 1) << FLOOD_FIRST_SGI)
#define SGI_RUNS 20
#define TIMER_DELAY_TICKS 200

static cap_selector console_selector = 0;
static volatile uint64_t last_seen;
static volatile bool handled;
static volatile uint32_t wrong_interrupts, sgis, flood_sgis_seen;

struct timer_runs {
	enum gtimer_kind kind;
	uint32_t intid;
	uint64_t samples[RUNS];
	unsigned count;
};

static struct timer_runs virtual_timer = { .kind = GTIMER_EL1_VIRTUAL,
					   .intid = GTIMER_BSA_EL1_VIRTUAL_INTID };
static struct timer_runs physical_timer = { .kind = GTIMER_EL1_PHYSICAL,
					    .intid = GTIMER_BSA_EL1_PHYSICAL_INTID };
static struct timer_runs flood_timer = { .kind = GTIMER_EL1_VIRTUAL,
					 .intid = GTIMER_BSA_EL1_VIRTUAL_INTID };
/* The timer being measured; the other one must stay silent. */
static struct timer_runs *volatile measured;

_Noreturn void abort(void)
{
	exception_park_cpu();
}

static void timer_interrupt(struct trap_frame *frame)
{
	uint64_t entered = bench_cycles();
	uint32_t intid = gicv3_acknowledge();

	(void)frame;
	if (intid == measured->intid) {
		measured->samples[measured->count++] = entered - last_seen;
		/* Disabling the timer drops its interrupt line before the EOI deactivates it. */
		gtimer_disable(measured->kind);
		handled = true;
	} else if (intid == SELF_SGI_INTID) {
		sgis++;
	} else if (intid >= FLOOD_FIRST_SGI && intid < FLOOD_FIRST_SGI + FLOOD_SGIS) {
		flood_sgis_seen |= 1u << intid;
	} else if (intid != GICV3_INTID_SPURIOUS) {
		wrong_interrupts++;
	}
	if (intid != GICV3_INTID_SPURIOUS)
		gicv3_end_of_interrupt(intid);
}

static void measure_timer(struct timer_runs *timer)
{
	measured = timer;
	for (unsigned run = 0; run < RUNS; run++) {
		handled = false;
		gtimer_arm_after(timer->kind, TIMER_DELAY_TICKS);
		while (!handled)
			last_seen = bench_cycles();
	}
}

/*
 * Eight SGIs and the timer while masked, more than the list registers hold: the timer fires with
 * none free. Then unmasked, spinning rather than in WFI, so no trap tells Mortise when the guest
 * has emptied them: everything must still arrive, the timer once.
 */
static void overflow_list_registers(void)
{
	cpu_irq_disable();
	measured = &flood_timer;
	for (uint32_t intid = FLOOD_FIRST_SGI; intid < FLOOD_FIRST_SGI + FLOOD_SGIS; intid++)
		gicv3_send_sgi(intid, cpu_mpidr_affinity());
	gtimer_arm_after(GTIMER_EL1_VIRTUAL, TIMER_DELAY_TICKS);
	uint64_t fired = gtimer_virtual_counter() + 2 * TIMER_DELAY_TICKS;
	while (gtimer_virtual_counter() < fired)
		;
	cpu_irq_enable();
	for (unsigned spin = 0; spin < 1000000 &&
				(flood_sgis_seen != FLOOD_ALL_SGIS || flood_timer.count == 0);
	     spin++)
		;
	cpu_irq_disable();
}

/*
 * Bare, the whole GIC is this image's: the distributor, and on its redistributor the two timers'
 * PPIs and the SGIs it sends itself, which Mortise enables for its guests.
 */
static enum gicv3_status bare_gic_setup(const struct dtb_platform *platform)
{
	static struct gicv3 gic;
	uintptr_t redistributor;
	enum gicv3_status status = gicv3_distributor_init(&gic, platform->gic.distributor_base,
							  platform->gic.redistributor_base,
							  platform->gic.redistributor_size);

	if (status == GICV3_OK)
		status = gicv3_cpu_init(&gic, &redistributor);
	const uint32_t private_intids[] = {virtual_timer.intid, physical_timer.intid, SELF_SGI_INTID};
	for (unsigned i = 0; i < ARRAY_LENGTH(private_intids) + FLOOD_SGIS; i++) {
		uint32_t intid = i < ARRAY_LENGTH(private_intids) ?
					 private_intids[i] :
					 FLOOD_FIRST_SGI + (i - (uint32_t)ARRAY_LENGTH(private_intids));
		if (status == GICV3_OK)
			status = gicv3_irq_configure(&gic, redistributor, intid,
						     GICV3_DEFAULT_PRIORITY, false);
		if (status == GICV3_OK)
			status = gicv3_irq_enable(&gic, redistributor, intid);
	}
	return status;
}

/* Under Mortise: its console and PSCI by hypercall. Bare: QEMU's UART, GIC and PSCI. */
static enum gicv3_status attach_machine(const void *dtb)
{
	static struct dtb_platform platform;
	struct dtb_diagnostic diagnostic = {0};

	if (dtb == NULL) {
		console_attach(hvc_console_write, &console_selector);
		psci_init(PSCI_CONDUIT_HVC);
		return gicv3_cpu_interface_enable();
	}
	if (dtb_read_platform(dtb, &platform, &diagnostic) != DTB_OK) {
		console_attach_pl011(CONFIG_PLATFORM_EARLY_UART);
		console_printf("timer guest: boot error: %s at %s %s: expected %s\n",
			       dtb_status_name(diagnostic.status), diagnostic.node,
			       diagnostic.property, diagnostic.expected);
		exception_park_cpu();
	}
	console_attach_pl011(platform.uart_base);
	psci_init(platform.psci == DTB_PSCI_SMC ? PSCI_CONDUIT_SMC : PSCI_CONDUIT_HVC);
	return bare_gic_setup(&platform);
}

void image_main(const void *dtb)
{
	/*
	 * The counter started at reset; under -icount shift=0 a nanosecond of it is one
	 * instruction, so this is reset -> the guest's first C statement in instructions.
	 */
	uint64_t since_reset = gtimer_ns_from_ticks(gtimer_frequency(), gtimer_virtual_counter());

	exception_install();
	exception_set_handler(EXCEPTION_CURRENT_SPX_IRQ, timer_interrupt);
	enum gicv3_status status = attach_machine(dtb);
	if (status != GICV3_OK)
		console_printf("timer guest: GIC: %s\n", gicv3_status_name(status));
	bench_counter_start();
	cpu_irq_enable();

	measure_timer(&virtual_timer);
	measure_timer(&physical_timer);
	/* SGIs to itself go through Mortise's ICC_SGI1R_EL1 emulation and a list register. */
	for (unsigned run = 0; run < SGI_RUNS; run++) {
		uint32_t before = sgis;
		gicv3_send_sgi(SELF_SGI_INTID, cpu_mpidr_affinity());
		for (unsigned spin = 0; sgis == before && spin < 1000000; spin++)
			;
	}
	overflow_list_registers();
	console_printf("timer guest: %u virtual and %u physical timer interrupts, %u SGIs to itself, "
		       "%u others\n",
		       virtual_timer.count, physical_timer.count, sgis, wrong_interrupts);
	unsigned flood_sgis = 0;
	for (uint32_t seen = flood_sgis_seen; seen != 0; seen &= seen - 1)
		flood_sgis++;
	console_printf("timer guest: list registers overflowed: %u of %u SGIs, %u timer interrupts\n",
		       flood_sgis, FLOOD_SGIS, flood_timer.count);
	if (virtual_timer.count > 0)
		bench_report("virtual_timer_to_guest_handler", virtual_timer.samples,
			     virtual_timer.count);
	if (physical_timer.count > 0)
		bench_report("physical_timer_to_guest_handler", physical_timer.samples,
			     physical_timer.count);
	bench_report("reset_to_guest_c_entry", &since_reset, 1);
	psci_system_off();
	exception_park_cpu();
}
