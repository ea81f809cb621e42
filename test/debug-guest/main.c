/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The debug and PMU isolation test guest. Three copies share one CPU with the exit-test VMM
 * (test/build.mk, debug-test.dtb); the second one's module lists no feature ("tenonos,features"
 * empty), the others get the debug and PMU registers (the boot-module default).
 *
 * guest1 unlocks the OS lock, arms a breakpoint on probe() and a watchpoint on watched, and
 * configures the PMU; then sleeps while the others run. guest2 must read all of it as zero (the
 * OS lock as implemented and unlocked), its writes must change nothing, and calling probe() and
 * reading watched must raise nothing: the same code is at the same addresses in every copy.
 * guest3 sets values of its own. guest1 wakes with guest3's state in the registers and must find
 * its own values, and its breakpoint must still fire; then guest3 checks its own likewise.
 * Last, guest2 reads the cycle counter from its EL0, which guest1's PMUSERENR_EL0 would let
 * through were it guest2's: Mortise traps it and makes guest2's EL1 take it as undefined.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "boot.h"
#include "caps.h"
#include "console.h"
#include "cpu.h"
#include "exception.h"
#include "gicv3.h"
#include "gtimer.h"
#include "guest.h"
#include "hvc.h"
#include "pl011.h"

#define SELECTOR_OWN_PARTITION 1
#define SELECTOR_PEER 3

/* ESR_EL1 classes of a breakpoint and a watchpoint taken at EL1 (Arm ARM D17.2.37). */
#define ESR_EC_BREAKPOINT_SAME 0x31u
#define ESR_EC_WATCHPOINT_SAME 0x35u
#define ESR_EC_SVC64 0x15u
/* SPSR_EL1 of EL0t with D, A, I and F masked; of EL1h likewise. */
#define SPSR_EL0T_MASKED 0x3c0ULL
#define SPSR_EL1H_MASKED 0x3c5ULL

/* DBGBCR: enabled, EL1 and EL0 (PMC 0b11), all of an A64 instruction (BAS 0b1111). */
#define BREAKPOINT_CONTROL 0x1e7ULL
/* DBGWCR: enabled, EL1 and EL0 (PAC 0b11), loads and stores (LSC 0b11), 8 bytes (BAS 0xff). */
#define WATCHPOINT_CONTROL 0x1fffULL
/* MDSCR_EL1: MDE (bit 15) arms breakpoints and watchpoints, KDE (bit 13) at EL1. */
#define MDSCR_ARMED 0xa000ULL
#define OSLSR_IMPLEMENTED_UNLOCKED 0x8ULL
#define PMCR_E 1ULL
#define PMCR_N(pmcr) (((pmcr) >> 11) & 0x1f)
#define PMCCFILTR_NSH (1ULL << 27)

static volatile uint64_t watched;
static volatile unsigned debug_exceptions;
static volatile uint32_t timer_interrupts;
static volatile unsigned el0_undefined;
static unsigned failures;

/* Runs at EL0: reads the cycle counter, then calls EL1 back. */
void el0_read_cycle_counter(void);
__asm__(".text\n.balign 4\n.global el0_read_cycle_counter\n"
	"el0_read_cycle_counter:\n\tmrs x0, pmccntr_el0\n\tsvc #0\n\tb .\n");

_Noreturn void abort(void)
{
	exception_park_cpu();
}

/* Where guest1's breakpoint is: every copy has it at the same address. */
__attribute__((noinline)) static void probe(void)
{
	__asm__ volatile("nop" ::: "memory");
}

/* A breakpoint returns to the same instruction: disarmed here, so that it fires once. */
static void count_debug_exception(struct trap_frame *frame)
{
	uint32_t class = esr_class(frame->esr);

	if (class == ESR_EC_BREAKPOINT_SAME) {
		sysreg_write(dbgbcr0_el1, 0);
	} else if (class == ESR_EC_WATCHPOINT_SAME) {
		sysreg_write(dbgwcr0_el1, 0);
	} else {
		exception_report(frame, EXCEPTION_CURRENT_SPX_SYNC);
		exception_park_cpu();
	}
	__asm__ volatile("isb" ::: "memory");
	debug_exceptions++;
}

static void count_timer(struct trap_frame *frame)
{
	uint32_t intid = gicv3_acknowledge();

	(void)frame;
	if (intid == GICV3_INTID_SPURIOUS)
		return;
	if (intid == GTIMER_BSA_EL1_PHYSICAL_INTID) {
		timer_interrupts++;
		gtimer_disable(GTIMER_EL1_PHYSICAL);
	}
	gicv3_end_of_interrupt(intid);
}

static void sleep_in_wfi(uint64_t milliseconds)
{
	uint32_t before = timer_interrupts;

	gtimer_arm_at(GTIMER_EL1_PHYSICAL,
		      gtimer_counter() +
			      gtimer_ticks_from_ns(gtimer_frequency(), milliseconds * 1000000u));
	cpu_irq_enable();
	while (timer_interrupts == before)
		cpu_wait_for_interrupt();
	cpu_irq_disable();
}

static void check(const char *what, uint64_t found, uint64_t expected)
{
	if (found == expected)
		return;
	failures++;
	console_printf("%s: found 0x%llx, expected 0x%llx\n", what, (unsigned long long)found,
		       (unsigned long long)expected);
}

/* Values that differ per guest, so that one guest's state cannot pass for another's. */
struct settings {
	uint64_t bvr5, wvr3, evtyper0, evcntr0, evcntr5, ccfiltr, selr, userenr;
	uint64_t cntenset, intenset, ovsset;
};

static const struct settings guest1_settings = {
	.bvr5 = 0x40201000, .wvr3 = 0x40300000, .evtyper0 = 0x11, .evcntr0 = 0x1234,
	.evcntr5 = 0x5555, .ccfiltr = PMCCFILTR_NSH, .selr = 2, .userenr = 1,
	.cntenset = 1ULL << 31, .intenset = 1ULL << 2, .ovsset = 1ULL << 3};
static const struct settings guest3_settings = {
	.bvr5 = 0x40202000, .wvr3 = 0x40301000, .evtyper0 = 0x08, .evcntr0 = 0x4321,
	.evcntr5 = 0xaaaa, .ccfiltr = PMCCFILTR_NSH | (1ULL << 30), .selr = 4, .userenr = 0,
	.cntenset = 1ULL << 31, .intenset = 1ULL << 1, .ovsset = 1ULL << 4};

static void set_up(const struct settings *s, bool arm)
{
	sysreg_write(oslar_el1, 0);
	sysreg_write(dbgbvr0_el1, (uint64_t)(uintptr_t)probe);
	sysreg_write(dbgbcr0_el1, arm ? BREAKPOINT_CONTROL : 0);
	sysreg_write(dbgbvr5_el1, s->bvr5);
	sysreg_write(dbgwvr0_el1, (uint64_t)(uintptr_t)&watched);
	sysreg_write(dbgwcr0_el1, arm ? WATCHPOINT_CONTROL : 0);
	sysreg_write(dbgwvr3_el1, s->wvr3);
	sysreg_write(mdscr_el1, MDSCR_ARMED);
	sysreg_write(pmevtyper0_el0, s->evtyper0);
	sysreg_write(pmevcntr0_el0, s->evcntr0);
	sysreg_write(pmevcntr5_el0, s->evcntr5);
	sysreg_write(pmccfiltr_el0, s->ccfiltr);
	sysreg_write(pmselr_el0, s->selr);
	sysreg_write(pmuserenr_el0, s->userenr);
	sysreg_write(pmintenset_el1, s->intenset);
	sysreg_write(pmovsset_el0, s->ovsset);
	sysreg_write(pmcntenset_el0, s->cntenset);
	sysreg_write(pmcr_el0, PMCR_E);
	__asm__ volatile("isb" ::: "memory");
	/* Debug exceptions at EL1 need PSTATE.D clear as well (Arm ARM D2.x). */
	__asm__ volatile("msr daifclr, #8" ::: "memory");
}

static void check_own(const struct settings *s, bool armed)
{
	check("DBGBVR0_EL1", sysreg_read(dbgbvr0_el1), (uint64_t)(uintptr_t)probe);
	check("DBGBCR0_EL1", sysreg_read(dbgbcr0_el1), armed ? BREAKPOINT_CONTROL : 0);
	check("DBGBVR5_EL1", sysreg_read(dbgbvr5_el1), s->bvr5);
	check("DBGWVR0_EL1", sysreg_read(dbgwvr0_el1), (uint64_t)(uintptr_t)&watched);
	check("DBGWCR0_EL1", sysreg_read(dbgwcr0_el1), armed ? WATCHPOINT_CONTROL : 0);
	check("DBGWVR3_EL1", sysreg_read(dbgwvr3_el1), s->wvr3);
	check("MDSCR_EL1", sysreg_read(mdscr_el1) & MDSCR_ARMED, MDSCR_ARMED);
	check("OSLSR_EL1", sysreg_read(oslsr_el1), OSLSR_IMPLEMENTED_UNLOCKED);
	check("PMEVTYPER0_EL0", sysreg_read(pmevtyper0_el0), s->evtyper0);
	check("PMEVCNTR0_EL0", sysreg_read(pmevcntr0_el0), s->evcntr0);
	check("PMEVCNTR5_EL0", sysreg_read(pmevcntr5_el0), s->evcntr5);
	check("PMCCFILTR_EL0", sysreg_read(pmccfiltr_el0), s->ccfiltr);
	check("PMSELR_EL0", sysreg_read(pmselr_el0), s->selr);
	check("PMUSERENR_EL0", sysreg_read(pmuserenr_el0), s->userenr);
	check("PMINTENSET_EL1", sysreg_read(pmintenset_el1), s->intenset);
	check("PMOVSSET_EL0", sysreg_read(pmovsset_el0), s->ovsset);
	check("PMCNTENSET_EL0", sysreg_read(pmcntenset_el0), s->cntenset);
	check("PMCR_EL0.E", sysreg_read(pmcr_el0) & PMCR_E, PMCR_E);
	check("PMCCNTR_EL0 running", sysreg_read(pmccntr_el0) != 0, 1);
}

/* Everything reads as zero, the OS lock as implemented and unlocked. */
static void check_none(const char *when)
{
	console_printf("%s:\n", when);
	check("DBGBVR0_EL1", sysreg_read(dbgbvr0_el1), 0);
	check("DBGBCR0_EL1", sysreg_read(dbgbcr0_el1), 0);
	check("DBGBVR5_EL1", sysreg_read(dbgbvr5_el1), 0);
	check("DBGWVR0_EL1", sysreg_read(dbgwvr0_el1), 0);
	check("DBGWCR0_EL1", sysreg_read(dbgwcr0_el1), 0);
	check("DBGWVR3_EL1", sysreg_read(dbgwvr3_el1), 0);
	check("MDSCR_EL1", sysreg_read(mdscr_el1), 0);
	check("OSLSR_EL1", sysreg_read(oslsr_el1), OSLSR_IMPLEMENTED_UNLOCKED);
	check("PMCR_EL0", sysreg_read(pmcr_el0), 0);
	check("PMEVTYPER0_EL0", sysreg_read(pmevtyper0_el0), 0);
	check("PMEVCNTR0_EL0", sysreg_read(pmevcntr0_el0), 0);
	check("PMEVCNTR5_EL0", sysreg_read(pmevcntr5_el0), 0);
	check("PMCCFILTR_EL0", sysreg_read(pmccfiltr_el0), 0);
	check("PMCCNTR_EL0", sysreg_read(pmccntr_el0), 0);
	check("PMSELR_EL0", sysreg_read(pmselr_el0), 0);
	check("PMUSERENR_EL0", sysreg_read(pmuserenr_el0), 0);
	check("PMINTENSET_EL1", sysreg_read(pmintenset_el1), 0);
	check("PMOVSSET_EL0", sysreg_read(pmovsset_el0), 0);
	check("PMCNTENSET_EL0", sysreg_read(pmcntenset_el0), 0);
}

/* The first guest module is created right after the peer space (kernel/boot_partitions.c). */
static unsigned guest_number(void)
{
	struct hc_registers own, peer;

	if (hvc_call_with(&own, HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), SELECTOR_OWN_PARTITION, 0, 0, 0,
			  0) != CAP_OK ||
	    hvc_call_with(&peer, HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), SELECTOR_PEER, 0, 0, 0, 0) !=
		    CAP_OK)
		return 0;
	return (unsigned)(own.x[3] - peer.x[3]);
}

static void holder_first(void)
{
	set_up(&guest1_settings, true);
	check_own(&guest1_settings, true);
	console_printf("set breakpoint, watchpoint and PMU; sleeping\n");
	sleep_in_wfi(50);
	check_own(&guest1_settings, true);
	probe();
	console_printf("after the others ran: %u wrong values, %u debug exceptions from my "
		       "breakpoint\n",
		       failures, debug_exceptions);
}

static _Noreturn void after_el0(void)
{
	console_printf("EL0 reading the cycle counter: %u undefined-instruction exceptions\n",
		       el0_undefined);
	(void)*(volatile uint64_t *)OUTSIDE_THE_PARTITION;
	exception_park_cpu();
}

/* An undefined instruction is stepped over; the SVC ends EL0 and continues in after_el0. */
static void from_el0(struct trap_frame *frame)
{
	if (esr_class(frame->esr) == ESR_EC_UNKNOWN) {
		el0_undefined++;
		frame->elr += 4;
	} else if (esr_class(frame->esr) == ESR_EC_SVC64) {
		frame->elr = (uint64_t)(uintptr_t)after_el0;
		frame->spsr = SPSR_EL1H_MASKED;
	} else {
		exception_report(frame, EXCEPTION_LOWER_A64_SYNC);
		exception_park_cpu();
	}
}

/* The MMU is off: EL0 runs the image's code flat, as EL1 does. */
static _Noreturn void read_cycle_counter_at_el0(void)
{
	exception_set_handler(EXCEPTION_LOWER_A64_SYNC, from_el0);
	sysreg_write(elr_el1, (uint64_t)(uintptr_t)el0_read_cycle_counter);
	sysreg_write(spsr_el1, SPSR_EL0T_MASKED);
	__asm__ volatile("isb\n\teret" ::: "memory");
	__builtin_unreachable();
}

static void without_features(void)
{
	check_none("reading what guest1 set");
	set_up(&guest3_settings, true);
	check_none("after writing my own");
	probe();
	(void)watched;
	console_printf("%u wrong values, %u debug exceptions\n", failures, debug_exceptions);
	read_cycle_counter_at_el0();
}

static void holder_second(void)
{
	set_up(&guest3_settings, false);
	check_own(&guest3_settings, false);
	console_printf("set values of my own; sleeping\n");
	sleep_in_wfi(100);
	check_own(&guest3_settings, false);
	console_printf("after guest1 ran: %u wrong values\n", failures);
}

void image_main(const void *dtb)
{
	(void)dtb;
	console_attach_pl011(CONFIG_PLATFORM_EARLY_UART);
	exception_install();
	exception_set_handler(EXCEPTION_CURRENT_SPX_SYNC, count_debug_exception);
	exception_set_handler(EXCEPTION_CURRENT_SPX_IRQ, count_timer);
	if (gicv3_cpu_interface_enable() != GICV3_OK)
		console_printf("GIC CPU interface refused\n");

	unsigned number = guest_number();
	if (number == 1)
		holder_first();
	else if (number == 2)
		without_features();
	else if (number == 3)
		holder_second();
	else
		console_printf("cannot tell which guest I am\n");
	(void)*(volatile uint64_t *)OUTSIDE_THE_PARTITION;
	exception_park_cpu();
}
