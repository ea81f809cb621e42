/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Physical interrupt -> guest handler latency, with QEMU virt's PL031 RTC alarm as the interrupt.
 * The same image runs as a Mortise guest (the policy passes the PL031 and its SPI through) and
 * bare at EL1 (it then owns the whole GIC and enables the SPI itself), so the two rows compare.
 *
 * Why the PL031: under -icount shift=0 -rtc clock=vm its alarm is a QEMU timer on the virtual
 * clock, so the instant it raises its line is known exactly. hw/rtc/pl031.c arms it, on the write
 * to RTCMR, at (virtual ns of that write) + (RTCMR - counter) seconds: not at a whole second of
 * the RTC's count (the count, tick_offset + ns / 10^9, changes on whole seconds, but the alarm
 * is relative to the write). With RTCMR = RTCDR + 1 it fires exactly 10^9 ns after the write.
 *
 * Time base: QEMU's PMCCNTR_EL0 is the virtual clock in ns minus a fixed offset (counting at every
 * EL, bench_counter_start), and under -icount shift=0 a ns is one instruction. Reading it in the
 * instruction just before the store to RTCMR therefore dates the alarm to the instruction, and
 * the handler's first read gives
 *     latency = handler read - (write read + 1) - 10^9
 * in instructions (= cycles here), no calibration needed. What it contains: from the instant the
 * PL031 raises its line, the GIC signalling the CPU, the wake from WFI (the guest waits in WFI),
 * under Mortise its EL2 entry, acknowledge, priority drop, hand-over to the vCPU through a list
 * register (HW = 1) and the eret into the guest, then the guest's EL1 vector, its trap frame
 * save and dispatch, up to the handler's first statement. QEMU's own time to deliver the line is
 * not in it (it executes no guest instruction).
 *
 * Check: the generic counter (CNTVCT, 62.5 MHz = 16 ns per tick, CNTVOFF 0) runs on the same
 * virtual clock from 0 at reset. At boot, 16 back-to-back CNTVCT reads find the instruction at
 * which it ticks, which ties PMCCNTR to absolute virtual ns; each sample then re-reads CNTVCT next
 * to each PMCCNTR read and counts the runs where the two disagree (they must not: that proves
 * PMCCNTR followed the virtual clock through the WFI, where QEMU skips idle time).
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

/* QEMU virt: /pl031@9010000, interrupts = <0 2 4> (SPI 2, level high). */
#define PL031_BASE 0x09010000u
#define PL031_INTID 34
#define RTC_DR 0x00
#define RTC_MR 0x04
#define RTC_IMSC 0x10
#define RTC_ICR 0x1c
#define RTC_ALARM_BIT 1u

#define RUNS 20
/*
 * The running-guest variant: the virtual timer wakes the guest this many counter ticks (16 ns
 * each) before the alarm and it spins until the alarm comes. Enough for any wake-up path, and
 * only 3200 instructions of spinning per run.
 */
#define SPIN_TICKS 200
/* A run whose arming straddled a second of the RTC's count is retried; give up after this many. */
#define ATTEMPTS (2 * RUNS)
#define NS_PER_SECOND 1000000000ull
#define NS_PER_COUNTER_TICK 16u
#define CALIBRATION_READS 16

static struct dtb_platform platform;
static struct gicv3 gic;

/*
 * An SGI to itself, the one interrupt a guest raises by a register write: ICC_SGI1R_EL1, which
 * traps to EL2 under any GICv3 hypervisor (HCR_EL2.IMO or FMO set), so this row shows what that
 * trap costs against bare.
 */
#define SELF_SGI_INTID 1

/* Filled by the handler, read by the main loop. */
static volatile bool handled, timer_woke, sgi_handled;
static volatile uint64_t entered_cycles, entered_ticks, sgi_entered_cycles;
static volatile uint32_t wrong_interrupts;

static uint64_t idle_samples[RUNS], running_samples[RUNS], sgi_samples[RUNS];

_Noreturn void abort(void)
{
	exception_park_cpu();
}

/*
 * PMCCNTR then CNTVCT in adjacent instructions, so CNTVCT is read exactly one ns (instruction)
 * after the cycle count: the pair can be checked against the calibration exactly.
 */
static inline void read_clocks(uint64_t *cycles, uint64_t *ticks)
{
	uint64_t c, t;

	__asm__ volatile("isb\n\tmrs %0, pmccntr_el0\n\tmrs %1, cntvct_el0"
			 : "=&r"(c), "=r"(t)::"memory");
	*cycles = c;
	*ticks = t;
}

static void rtc_interrupt(struct trap_frame *frame)
{
	uint64_t cycles, ticks;

	/* First, so that nothing of the handler's own work is in the figure. */
	read_clocks(&cycles, &ticks);
	uint32_t intid = gicv3_acknowledge();

	(void)frame;
	if (intid == PL031_INTID) {
		/* The line is level: drop it at the device before the EOI deactivates it. */
		mmio_write32(PL031_BASE + RTC_ICR, RTC_ALARM_BIT);
		entered_cycles = cycles;
		entered_ticks = ticks;
		handled = true;
	} else if (intid == SELF_SGI_INTID) {
		sgi_entered_cycles = cycles;
		sgi_handled = true;
	} else if (intid == platform.timer.el1_virtual_intid) {
		/* Disabling the timer drops its line before the EOI deactivates it. */
		gtimer_disable(GTIMER_EL1_VIRTUAL);
		timer_woke = true;
	} else if (intid != GICV3_INTID_SPURIOUS) {
		wrong_interrupts++;
	}
	if (intid != GICV3_INTID_SPURIOUS)
		gicv3_end_of_interrupt(intid);
}

/*
 * PMCCNTR minus the virtual clock in ns. The 16 CNTVCT reads are consecutive instructions, one ns
 * apart, so exactly one of them is the first at or after a multiple of 16 ns: the first read
 * showing the final value is at ns 16 * value, and the PMCCNTR read is 1 + its index before it.
 * Returns false if the reads do not step exactly once (the clocks are not what this assumes).
 */
static bool calibrate(uint64_t *offset)
{
	uint64_t cycles, t[CALIBRATION_READS];

	__asm__ volatile("isb\n\tmrs %0, pmccntr_el0\n\t"
			 "mrs %1, cntvct_el0\n\tmrs %2, cntvct_el0\n\tmrs %3, cntvct_el0\n\t"
			 "mrs %4, cntvct_el0\n\tmrs %5, cntvct_el0\n\tmrs %6, cntvct_el0\n\t"
			 "mrs %7, cntvct_el0\n\tmrs %8, cntvct_el0\n\tmrs %9, cntvct_el0\n\t"
			 "mrs %10, cntvct_el0\n\tmrs %11, cntvct_el0\n\tmrs %12, cntvct_el0\n\t"
			 "mrs %13, cntvct_el0\n\tmrs %14, cntvct_el0\n\tmrs %15, cntvct_el0\n\t"
			 "mrs %16, cntvct_el0"
			 : "=&r"(cycles), "=&r"(t[0]), "=&r"(t[1]), "=&r"(t[2]), "=&r"(t[3]),
			   "=&r"(t[4]), "=&r"(t[5]), "=&r"(t[6]), "=&r"(t[7]), "=&r"(t[8]),
			   "=&r"(t[9]), "=&r"(t[10]), "=&r"(t[11]), "=&r"(t[12]), "=&r"(t[13]),
			   "=&r"(t[14]), "=&r"(t[15])::"memory");
	uint64_t last = t[CALIBRATION_READS - 1];
	unsigned first = 0;
	while (t[first] != last)
		first++;
	for (unsigned i = 0; i < CALIBRATION_READS; i++)
		if (t[i] != (i < first ? last - 1 : last))
			return false;
	*offset = cycles - (last * NS_PER_COUNTER_TICK - 1 - first);
	return true;
}

/*
 * Whether a CNTVCT read taken `after` instructions after a PMCCNTR read (negative: before) shows
 * the tick the calibration predicts for it.
 */
static bool counter_agrees(uint64_t offset, uint64_t cycles, int after, uint64_t ticks)
{
	return ticks == (cycles - offset + (uint64_t)(int64_t)after) / NS_PER_COUNTER_TICK;
}

/*
 * RTCMR = RTCDR + 1: the alarm goes off 10^9 ns after the store. The PMCCNTR read is the
 * instruction right before the store, so the store is at *cycles + 1. The count is read again
 * after: if it moved, the store may have met the new second (alarm at once); false then.
 */
static bool arm_alarm(uint64_t *cycles, uint64_t *ticks)
{
	uint32_t count = mmio_read32(PL031_BASE + RTC_DR);
	uint64_t c, t;

	__asm__ volatile("isb\n\tmrs %1, cntvct_el0\n\tmrs %0, pmccntr_el0\n\tstr %w2, [%3]"
			 : "=&r"(c), "=&r"(t)
			 : "r"(count + 1), "r"((uintptr_t)PL031_BASE + RTC_MR)
			 : "memory");
	*cycles = c;
	*ticks = t;
	return mmio_read32(PL031_BASE + RTC_DR) == count;
}

/*
 * Bare, the image owns the distributor and must turn the SPI on; as a guest Mortise keeps the
 * distributor (the devicetree says "cpu-interface-only") and enabled the SPI when the root passed
 * it through.
 */
static enum gicv3_status gic_setup(void)
{
	uintptr_t redistributor;

	if (platform.gic.cpu_interface_only)
		return gicv3_cpu_interface_enable();
	enum gicv3_status status = gicv3_distributor_init(
		&gic, platform.gic.distributor_base, platform.gic.redistributor_base,
		platform.gic.redistributor_size);
	if (status == GICV3_OK)
		status = gicv3_cpu_init(&gic, &redistributor);
	if (status == GICV3_OK)
		status = gicv3_irq_configure(&gic, redistributor, PL031_INTID,
					     GICV3_DEFAULT_PRIORITY, false);
	if (status == GICV3_OK)
		status = gicv3_spi_route(&gic, PL031_INTID, cpu_mpidr_affinity());
	if (status == GICV3_OK)
		status = gicv3_irq_enable(&gic, redistributor, PL031_INTID);
	/* The running-guest variant's wake-up and the SGI; Mortise enables both for its guests. */
	const uint32_t private_intids[] = { platform.timer.el1_virtual_intid, SELF_SGI_INTID };
	for (unsigned i = 0; i < ARRAY_LENGTH(private_intids); i++) {
		if (status == GICV3_OK)
			status = gicv3_irq_configure(&gic, redistributor, private_intids[i],
						     GICV3_DEFAULT_PRIORITY, false);
		if (status == GICV3_OK)
			status = gicv3_irq_enable(&gic, redistributor, private_intids[i]);
	}
	return status;
}

static _Noreturn void finish(void)
{
	psci_system_off();
	exception_park_cpu();
}

struct series {
	unsigned runs, off_time_base;
	uint64_t first_alarm_ns;
};

/*
 * RUNS alarms into samples. Idle: the guest waits in WFI, which under Mortise traps (HCR_EL2.TWI)
 * and leaves the CPU waiting at EL2 with the vCPU loaded, so the figure includes that wake-up.
 * Running: the guest executes (a spin on the flag) when the alarm comes, so the interrupt takes
 * the CPU straight out of the guest, as the timer guest's virtual timer does.
 */
static struct series measure(bool running, uint64_t offset, uint64_t *samples)
{
	struct series series = {0};
	unsigned attempts = 0;

	while (series.runs < RUNS && attempts++ < ATTEMPTS) {
		uint64_t armed_cycles, armed_ticks;

		handled = false;
		timer_woke = false;
		bool clean = arm_alarm(&armed_cycles, &armed_ticks);
		/*
		 * Interrupts stay open across the WFI: the alarm (and the timer) is far beyond the
		 * few instructions between a flag check and the WFI.
		 */
		if (running) {
			gtimer_arm_at(GTIMER_EL1_VIRTUAL,
				      armed_ticks + NS_PER_SECOND / NS_PER_COUNTER_TICK - SPIN_TICKS);
			while (!timer_woke && !handled)
				cpu_wait_for_interrupt();
			while (!handled)
				;
		} else {
			while (!handled)
				cpu_wait_for_interrupt();
		}
		if (!clean)
			continue;
		uint64_t alarm_cycles = armed_cycles + 1 + NS_PER_SECOND;
		/* A timer that had not fired yet means the guest was not running at the alarm. */
		if (!counter_agrees(offset, armed_cycles, -1, armed_ticks) ||
		    !counter_agrees(offset, entered_cycles, 1, entered_ticks) ||
		    entered_cycles < alarm_cycles || (running && !timer_woke))
			series.off_time_base++;
		if (series.runs == 0)
			series.first_alarm_ns = alarm_cycles - offset;
		samples[series.runs++] = entered_cycles - alarm_cycles;
	}
	return series;
}

/* From the cycle count read just before the SGI is sent to the handler's first statement. */
static void measure_self_sgi(void)
{
	for (unsigned run = 0; run < RUNS; run++) {
		sgi_handled = false;
		uint64_t sent = bench_cycles();
		gicv3_send_sgi(SELF_SGI_INTID, cpu_mpidr_affinity());
		while (!sgi_handled)
			;
		sgi_samples[run] = sgi_entered_cycles - sent;
	}
}

static void report(const char *what, const char *name, struct series series, uint64_t *samples)
{
	console_printf("irq guest: %s: %u alarms, %u off the counter's time base; first alarm at "
		       "virtual ns %llu (%llu past a whole second)\n",
		       what, series.runs, series.off_time_base,
		       (unsigned long long)series.first_alarm_ns,
		       (unsigned long long)(series.first_alarm_ns % NS_PER_SECOND));
	if (series.runs > 0)
		bench_report(name, samples, series.runs);
}

void image_main(const void *dtb)
{
	struct dtb_diagnostic diagnostic = {0};
	uint64_t offset = 0;

	exception_install();
	/* No output before the devicetree names the console: a guest has no UART to touch. */
	if (dtb_read_platform(dtb, &platform, &diagnostic) != DTB_OK) {
		console_attach_pl011(CONFIG_PLATFORM_EARLY_UART);
		console_printf("irq guest: boot error: %s at %s %s: expected %s\n",
			       dtb_status_name(diagnostic.status), diagnostic.node,
			       diagnostic.property, diagnostic.expected);
		exception_park_cpu();
	}
	if (platform.hypervisor_console)
		console_attach(hvc_console_write, &platform.console_capability);
	else
		console_attach_pl011(platform.uart_base);
	psci_init(platform.psci == DTB_PSCI_SMC	  ? PSCI_CONDUIT_SMC :
		  platform.psci == DTB_PSCI_HVC ? PSCI_CONDUIT_HVC :
						  PSCI_CONDUIT_NONE);

	exception_set_handler(EXCEPTION_CURRENT_SPX_IRQ, rtc_interrupt);
	enum gicv3_status status = gic_setup();
	if (status != GICV3_OK) {
		console_printf("irq guest: boot error: GIC: %s\n", gicv3_status_name(status));
		finish();
	}
	console_printf("irq guest: %s GIC, PL031 at 0x%x on INTID %u, %u runs\n",
		       platform.gic.cpu_interface_only ? "virtual (cpu-interface-only)" : "full",
		       PL031_BASE, PL031_INTID, RUNS);

	bench_counter_start();
	if (!calibrate(&offset)) {
		console_printf("irq guest: boot error: CNTVCT does not step once in 16 reads\n");
		finish();
	}
	/* A stale alarm from an earlier owner must not count as the first sample. */
	mmio_write32(PL031_BASE + RTC_ICR, RTC_ALARM_BIT);
	mmio_write32(PL031_BASE + RTC_IMSC, RTC_ALARM_BIT);
	cpu_irq_enable();

	struct series idle = measure(false, offset, idle_samples);
	struct series running = measure(true, offset, running_samples);
	measure_self_sgi();
	cpu_irq_disable();
	mmio_write32(PL031_BASE + RTC_IMSC, 0);

	report("waiting in WFI", "passthrough_irq_to_guest_handler", idle, idle_samples);
	report("running", "passthrough_irq_to_running_guest_handler", running, running_samples);
	console_printf("irq guest: %u SGIs to itself\n", RUNS);
	bench_report("self_sgi_to_handler", sgi_samples, RUNS);
	console_printf("irq guest: %u other interrupts\n", wrong_interrupts);
	finish();
}
