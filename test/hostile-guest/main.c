/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hostile guest's first vCPU: it makes the objects the workers' sandboxes derive from, scans
 * the IPA space through partition.map, exhausts the tables, starts the other two workers on the
 * next CPUs, works as the first itself, then checks every slot of its space and gives the verdict.
 */
#include "hostile.h"

#include <stdlib.h>

#include "boot.h"
#include "console.h"
#include "exception.h"
#include "hvc.h"
#include "psci.h"

/* How long the first worker sleeps between looks at the others: 100 us at 62.5 MHz. */
#define WAIT_TICKS 6250u
/*
 * The heartbeat's head start, 10 ms: it makes its channel's vCPU before the tables are full and
 * keeps time through the whole attack.
 */
#define HEARTBEAT_HEAD_START_TICKS 625000u

struct shared_objects shared;
static cap_selector console_selector = SEL_CONSOLE;
static cap_selector worker_vcpus[HOSTILE_WORKERS];

/* libc-min's contract: the image decides what a failed C runtime check does. */
_Noreturn void abort(void)
{
	console_printf("hostile: abort\n");
	exception_park_cpu();
}

/* The boot capabilities, whichever Mortise gives (selectors 0..4 and any appended), are held. */
static void claim_boot_capabilities(void)
{
	for (cap_selector selector = 0; selector < CONFIG_CAPS_SLOTS_PER_SPACE; selector++) {
		struct cap_info ignored;
		if (info(selector, &ignored) == CAP_OK)
			selector_claim(selector, OWNER_MAIN);
	}
}

static cap_selector create(const char *what, uint32_t function, uint64_t a1, uint64_t a2,
			   uint64_t a3, uint64_t a4, uint64_t a5)
{
	struct hc_registers r;
	enum cap_status status = call(&r, function, a1, a2, a3, a4, a5);

	if (status != CAP_OK) {
		mismatch("creating %s: %s", what, cap_status_name(status));
		return CAP_NONE;
	}
	selector_claim((cap_selector)r.x[1], OWNER_MAIN);
	return (cap_selector)r.x[1];
}

static void make_shared_objects(void)
{
	struct cap_info ram;

	if (info(SEL_RAM, &ram) != CAP_OK)
		mismatch("no RAM capability at selector %u", SEL_RAM);
	shared.ram_base = ram.object;
	shared.vcpu = create("a vCPU for the sandboxes",
			     HC_ID(HC_GROUP_PARTITION, HC_PARTITION_VCPU_CREATE), SEL_SELF,
			     HOSTILE_FIRST_CPU, (uintptr_t)hostile_idle_entry, 0, SEL_SCHED_CONTEXT);
	shared.channel = create("a channel for the sandboxes",
				HC_ID(HC_GROUP_PARTITION, HC_PARTITION_CHANNEL_CREATE), shared.vcpu,
				shared.vcpu, DOORBELL_FIRST, DOORBELL_SECOND, 0);
	shared.endpoint = create("an endpoint for the sandboxes",
				 HC_ID(HC_GROUP_PARTITION, HC_PARTITION_ENDPOINT_CREATE), SEL_SELF,
				 0, 0, 0, 0);
}

/* Before the tables are exhausted: the workers' vCPUs must exist by then. */
static void create_workers(void)
{
	for (unsigned i = 0; i < HOSTILE_WORKERS; i++)
		workers[i].index = i;
	for (unsigned i = 1; i < HOSTILE_WORKERS; i++) {
		worker_vcpus[i] = create("a worker's vCPU",
					 HC_ID(HC_GROUP_PARTITION, HC_PARTITION_VCPU_CREATE),
					 SEL_SELF, HOSTILE_FIRST_CPU + i,
					 (uintptr_t)hostile_worker_entry, i, SEL_SCHED_CONTEXT);
		if (worker_vcpus[i] == CAP_NONE)
			workers[i].done = true;
	}
}

static void start_workers(void)
{
	struct hc_registers r;

	for (unsigned i = 1; i < HOSTILE_WORKERS; i++) {
		if (worker_vcpus[i] == CAP_NONE)
			continue;
		enum cap_status status = call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_START),
					      worker_vcpus[i], 0, 0, 0, 0);
		if (status != CAP_OK) {
			mismatch("starting worker %u: %s", i, cap_status_name(status));
			workers[i].done = true;
		}
	}
}

static void wait_for_workers(void)
{
	for (unsigned i = 1; i < HOSTILE_WORKERS; i++) {
		while (!__atomic_load_n(&workers[i].done, __ATOMIC_ACQUIRE))
			sleep_ticks(WAIT_TICKS);
	}
}

static void report(void)
{
	unsigned long long calls = 0, rounds = 0;

	for (unsigned i = 0; i < HOSTILE_WORKERS; i++) {
		const struct worker *worker = &workers[i];
		console_printf("hostile: worker %u on CPU %u: %llu calls, %llu race rounds (%llu "
			       "derives refused for room), %llu SGIs, %llu WFIs\n",
			       i, HOSTILE_FIRST_CPU + i, (unsigned long long)worker->calls,
			       (unsigned long long)worker->race_rounds,
			       (unsigned long long)worker->race_refusals,
			       (unsigned long long)worker->sgis, (unsigned long long)worker->wfis);
		calls += worker->calls;
		rounds += worker->race_rounds;
	}
	console_printf("hostile: %llu random hypercalls, %llu race rounds, %u mismatches\n", calls,
		       rounds, mismatches());
	console_printf("hostile: %s\n", mismatches() == 0 && calls >= HOSTILE_CALLS ? "PASS" : "FAIL");
}

void image_main(const void *dtb)
{
	(void)dtb;
	console_attach(hvc_console_write, &console_selector);
	exception_install();
	interrupts_init();
	console_printf("hostile: %u random hypercalls on CPUs %u..%u, beside the heartbeat on CPU "
		       "%u\n",
		       HOSTILE_CALLS, HOSTILE_FIRST_CPU, HOSTILE_FIRST_CPU + HOSTILE_WORKERS - 1,
		       HEARTBEAT_CPU);
	sleep_ticks(HEARTBEAT_HEAD_START_TICKS);
	claim_boot_capabilities();
	make_shared_objects();
	create_workers();
	ipa_scan();
	exhaust_tables();
	start_workers();
	worker_run(&workers[0]);
	wait_for_workers();
	final_consistency_check();
	report();
	psci_init(PSCI_CONDUIT_HVC);
	psci_system_off();
	console_printf("hostile: PSCI SYSTEM_OFF returned\n");
	exception_park_cpu();
}
