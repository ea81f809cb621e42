/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Mode 2 costs on one CPU, between instances that are partitions of their own (the code of
 * arch/aarch64/mode2_instance.S) under this guest's sched context. Its ceiling is the guests'
 * priority, so every vCPU here has that priority, and among equals the one created first runs
 * first: the same pick, wake-up and switch a higher priority takes (kernel/sched.c).
 *
 * Times are virtual counter ticks, turned into nanoseconds: under QEMU -icount shift=0 a
 * nanosecond is one instruction, so the figures are cycles as the other rows count them, to the
 * counter's granularity (16 ns at QEMU virt's 62.5 MHz) and within one loop pass of the
 * instance (a few instructions). Without -icount (make test) they are host time and mean little.
 *   - mode2_launch: vcpu.start -> the instance's first instruction, the starter then waiting in
 *     WFI (a start at the starter's own priority runs once the starter leaves its CPU);
 *   - mode2_launch_request: the same launch from its first call to Mortise (the tables' memory
 *     derived, partition.create, its two mappings, vcpu.create, vcpu.start): what a launcher
 *     asks of Mortise for an instance whose image is already in memory;
 *   - mode2_pause, mode2_resume: sched.pause and sched.resume of a runnable vCPU, round trips;
 *   - mode2_switch_budget: the running instance's budget ends (EL2 timer) -> the next one runs;
 *   - mode2_switch_replenish: its next period starts (EL2 timer) -> it preempts the other;
 *   - mode2_switch_wfi: the running instance executes WFI -> the next one runs;
 *   - mode2_timer_preempt: an instance's virtual timer deadline, while another runs in its
 *     place -> its own code after the WFI, past the preemption.
 */
#include "guest.h"

#include "bench.h"
#include "console.h"
#include "gicv3.h"
#include "gtimer.h"
#include "hvc.h"
#include "mode2_bench.h"

#define PAGE 0x1000ULL
#define CODE_PAGE 0
#define FIRST_TABLES_PAGE 1
/* Its capability space, root, level 2 and level 3 (two pages at IPA 0), and its vCPU. */
#define TABLES_PER_INSTANCE (CAP_SPACE_PAGES + 3 + HC_VCPU_MEMORY_SIZE / PAGE)
#define LAUNCH_RUNS 21
#define CALL_RUNS 101
#define BUDGET_US 100
#define PERIOD_US 1000
#define ALTERNATE_US 40000
/* A sample longer than this took in something else (this guest's own wake-up): not a switch. */
#define PLAUSIBLE_NS 100000

extern const char mode2_instance_start[], mode2_instance_end[];

static struct hc_registers r;
static uint64_t samples[CALL_RUNS];
static uint64_t request_samples[LAUNCH_RUNS];
static cap_selector code_page, mailbox_page;
/* A page of this guest's RAM, mapped into the instances too: nothing stays mapped after them. */
static uint64_t mailbox[PAGE / 8] __attribute__((aligned(PAGE)));

struct instance {
	cap_selector partition, vcpu;
};

static cap_selector spare_pages(cap_rights rights, uint64_t first, uint64_t count)
{
	guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), SEL_SPARE, rights, first * PAGE,
		   count * PAGE, 0);
	return (cap_selector)r.x[1];
}

static enum cap_status map(cap_selector partition, cap_selector memory, uint64_t ipa)
{
	return guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_MAP), partition, memory, ipa,
			  HC_MAP_NORMAL, 0);
}

/* Instance number index (its tables from its own spare pages) on CPU 0 with that x0. */
static enum cap_status create(unsigned index, uint64_t x0, struct instance *instance)
{
	cap_selector tables =
		spare_pages(CAP_RIGHT_CONTROL, FIRST_TABLES_PAGE + index * TABLES_PER_INSTANCE,
			    TABLES_PER_INSTANCE);
	enum cap_status status = guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_CREATE),
					    tables, 0x3265646f6d /* "mode2" */, 0, 0, 0);
	instance->partition = (cap_selector)r.x[1];
	if (status == CAP_OK)
		status = map(instance->partition, code_page, 0);
	if (status == CAP_OK)
		status = map(instance->partition, mailbox_page, MODE2_MAILBOX_IPA);
	if (status == CAP_OK)
		status = guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_VCPU_CREATE),
				    instance->partition, 0, 0, x0, SEL_SCHED_CONTEXT);
	instance->vcpu = (cap_selector)r.x[1];
	return status;
}

static enum cap_status start(const struct instance *instance)
{
	return guest_call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_START), instance->vcpu, 0, 0, 0, 0);
}

static void destroy(const struct instance *instance)
{
	while (guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_DESTROY), instance->partition,
			  0, 0, 0, 0) == CAP_PREEMPTED)
		;
}

/* This guest leaves its CPU to the instances for about microseconds, in WFI. */
static void step_aside(uint64_t microseconds)
{
	gtimer_arm_after(GTIMER_EL1_VIRTUAL,
			 gtimer_ticks_from_ns(gtimer_frequency(), microseconds * 1000));
	while (gicv3_acknowledge() == GICV3_INTID_SPURIOUS)
		__asm__ volatile("wfi" ::: "memory");
	gtimer_disable(GTIMER_EL1_VIRTUAL);
	gicv3_end_of_interrupt(GTIMER_BSA_EL1_VIRTUAL_INTID);
}

static volatile uint64_t *slot(unsigned index)
{
	return (volatile uint64_t *)((uintptr_t)mailbox + index * MODE2_SLOT_SIZE);
}

static void clear_mailbox(void)
{
	for (unsigned i = 0; i < 2 * MODE2_SLOT_SIZE / 8; i++)
		slot(0)[i] = 0;
}

static uint64_t ticks_to_ns(uint64_t ticks)
{
	return gtimer_ns_from_ticks(gtimer_frequency(), ticks);
}

/* The plausible samples an instance's slot holds, as a row. */
static void report_slot(const char *name, unsigned index)
{
	volatile uint64_t *s = slot(index);
	uint64_t count = s[MODE2_COUNT / 8] < MODE2_RING ? s[MODE2_COUNT / 8] : MODE2_RING;
	unsigned kept = 0;

	for (unsigned i = 0; i < count; i++) {
		uint64_t ns = ticks_to_ns(s[MODE2_SAMPLES / 8 + i]);
		if (ns < PLAUSIBLE_NS)
			samples[kept++] = ns;
	}
	if (kept == 0)
		console_printf("caps guest: %s: no sample\n", name);
	else
		bench_report(name, samples, kept);
}

static void bench_launch(void)
{
	struct instance z;
	unsigned runs = 0;

	for (unsigned i = 0; i < LAUNCH_RUNS; i++) {
		clear_mailbox();
		uint64_t asked = gtimer_virtual_counter();
		if (create(0, 0, &z) != CAP_OK)
			break;
		uint64_t requested = gtimer_virtual_counter();
		start(&z);
		step_aside(100);
		uint64_t first = slot(0)[MODE2_FIRST / 8];
		if (first >= requested) {
			request_samples[runs] = ticks_to_ns(first - asked);
			samples[runs++] = ticks_to_ns(first - requested);
		}
		destroy(&z);
	}
	if (runs > 0) {
		bench_report("mode2_launch", samples, runs);
		bench_report("mode2_launch_request", request_samples, runs);
	}
}

/* Pause and resume of y, runnable beside this guest; then x and y alternate on x's budget. */
static void bench_budget(void)
{
	struct instance x, y;

	clear_mailbox();
	if (create(0, 0, &x) != CAP_OK || create(1, 1, &y) != CAP_OK) {
		console_printf("caps guest: mode 2 bench: instances: status %llu\n",
			       (unsigned long long)r.x[0]);
		return;
	}
	for (unsigned i = 0; i < CALL_RUNS; i++) {
		uint64_t before = bench_cycles();
		guest_call(&r, HC_ID(HC_GROUP_SCHED, HC_SCHED_PAUSE), y.vcpu, 0, 0, 0, 0);
		samples[i] = bench_cycles() - before;
		guest_call(&r, HC_ID(HC_GROUP_SCHED, HC_SCHED_RESUME), y.vcpu, 0, 0, 0, 0);
	}
	bench_report("mode2_pause", samples, CALL_RUNS);
	for (unsigned i = 0; i < CALL_RUNS; i++) {
		guest_call(&r, HC_ID(HC_GROUP_SCHED, HC_SCHED_PAUSE), y.vcpu, 0, 0, 0, 0);
		uint64_t before = bench_cycles();
		guest_call(&r, HC_ID(HC_GROUP_SCHED, HC_SCHED_RESUME), y.vcpu, 0, 0, 0, 0);
		samples[i] = bench_cycles() - before;
	}
	bench_report("mode2_resume", samples, CALL_RUNS);
	r = (struct hc_registers){.x = {HC_ID(HC_GROUP_SCHED, HC_SCHED_CONFIGURE), x.vcpu,
					SEL_SCHED_CONTEXT, 0, 0, BUDGET_US, PERIOD_US}};
	if (hvc_call(&r) != CAP_OK || start(&x) != CAP_OK || start(&y) != CAP_OK) {
		console_printf("caps guest: mode 2 bench: budget: status %llu\n",
			       (unsigned long long)r.x[0]);
		return;
	}
	step_aside(ALTERNATE_US);
	destroy(&x);
	destroy(&y);
	report_slot("mode2_switch_budget", 1);
	report_slot("mode2_switch_replenish", 0);
}

/* x sleeps on its timer in WFI; y spins whenever x waits. */
static void bench_wfi(void)
{
	struct instance x, y;

	clear_mailbox();
	if (create(0, 1u << MODE2_TIMER_MODE_BIT, &x) != CAP_OK || create(1, 1, &y) != CAP_OK ||
	    start(&x) != CAP_OK || start(&y) != CAP_OK) {
		console_printf("caps guest: mode 2 bench: wfi: status %llu\n",
			       (unsigned long long)r.x[0]);
		return;
	}
	step_aside(ALTERNATE_US);
	destroy(&x);
	destroy(&y);
	report_slot("mode2_switch_wfi", 1);
	report_slot("mode2_timer_preempt", 0);
}

void mode2_bench_run(void)
{
	code_page = spare_pages(CAP_RIGHT_READ | CAP_RIGHT_WRITE | CAP_RIGHT_EXECUTE, CODE_PAGE, 1);
	guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), SEL_RAM,
		   CAP_RIGHT_READ | CAP_RIGHT_WRITE, (uintptr_t)mailbox - CONFIG_PLATFORM_RAM_BASE,
		   PAGE, 0);
	mailbox_page = (cap_selector)r.x[1];
	enum cap_status status = guest_call(
		&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_COPY), code_page, SEL_RAM, 0,
		(uintptr_t)mode2_instance_start - CONFIG_PLATFORM_RAM_BASE,
		(uint64_t)(mode2_instance_end - mode2_instance_start));
	if (status == CAP_OK && gicv3_cpu_interface_enable() != GICV3_OK)
		status = CAP_NOT_SUPPORTED;
	if (status != CAP_OK) {
		console_printf("caps guest: mode 2 bench: status %u\n", (unsigned)status);
		return;
	}
	bench_counter_start();
	bench_launch();
	bench_budget();
	bench_wfi();
	while (guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_REVOKE), SEL_SPARE, 0, 0, 0, 0) ==
	       CAP_PREEMPTED)
		;
	guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DELETE), mailbox_page, 0, 0, 0, 0);
}
