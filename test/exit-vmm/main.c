/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The exit-test VMM component. It finds its capabilities by type, whoever gave them (the kernel's
 * boot modules or the root component from a policy): the console, its exit endpoint and one vCPU
 * (control) per guest. It emulates a PL011 at the platform's UART address for its guests, printing
 * their lines with their name. A load or store to any other device address (below RAM) is a bus
 * error: Mortise injects a data abort into the guest, which goes on. Any other exit means a guest
 * touched memory outside its partition, and that guest is stopped.
 *
 * Given sched contexts over CPUs (control), it makes itself a context on each of those CPUs
 * (endpoint.context_create), which serves the exits taken there on the spot (endpoint.serve);
 * the exits of other CPUs reach its main vCPU across CPUs (endpoint.wait). Whoever stops the last
 * guest powers off. With contexts on two CPUs or more, the first context to end its guest's run
 * while another guest still runs faults on purpose instead: Mortise stops that guest alone, and
 * the VMM's other contexts go on.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "boot.h"
#include "caps.h"
#include "console.h"
#include "exception.h"
#include "hvc.h"
#include "pl011.h"
#include "psci.h"
#include "sync.h"

#define MAX_GUESTS 4
#define MAX_CONTEXTS 4
#define CONTEXT_STACK_SIZE 8192
#define UART_BASE CONFIG_PLATFORM_EARLY_UART
/* Outside every partition's RAM (guests touch it to be stopped): a context's deliberate fault. */
#define OUTSIDE_PARTITION 0x80000000ul
#define UART_SIZE 0x1000
#define LINE_LENGTH 120

struct guest {
	uint64_t vcpu_id;
	cap_selector vcpu;
	bool running;
	unsigned served_by; /* the index + 1 of the context that served its last exit, or 0 */
	char line[LINE_LENGTH];
	unsigned line_length;
};

static struct guest guests[MAX_GUESTS];
/* guests_running: atomic, as contexts on several CPUs stop guests. */
static unsigned guest_count, guests_running;
static cap_selector console_selector, endpoint_selector;
/* Sched contexts (control) over CPUs: where contexts may be made. */
static cap_selector sched_selectors[MAX_CONTEXTS];
static uint64_t sched_cpus[MAX_CONTEXTS];
static unsigned sched_count, context_count;
static _Alignas(16) uint8_t context_stacks[MAX_CONTEXTS][CONTEXT_STACK_SIZE];
uintptr_t exit_vmm_context_stack_tops[MAX_CONTEXTS]; /* context_entry.S reads them */
static unsigned context_cpus[MAX_CONTEXTS];
static cap_selector context_vcpus[MAX_CONTEXTS];
/*
 * Whether a context faults on purpose yet: once, and only with two contexts or more; the index of
 * that context + 1 (0: none). Atomic.
 */
static unsigned fault_taken;
/* Lines from several CPUs at once are printed whole. */
static struct spinlock console_lock;

void exit_vmm_context_entry(uint64_t index);
_Noreturn void exit_vmm_context_main(uint64_t index);

#define say(...)                                                                                   \
	do {                                                                                       \
		spin_lock(&console_lock);                                                          \
		console_printf(__VA_ARGS__);                                                       \
		spin_unlock(&console_lock);                                                        \
	} while (0)

_Noreturn void abort(void)
{
	say("exit vmm: abort\n");
	exception_park_cpu();
}

static enum cap_status call(struct hc_registers *r, uint32_t function, uint64_t a1, uint64_t a2,
			    uint64_t a3)
{
	*r = (struct hc_registers){.x = {function, a1, a2, a3}};
	return hvc_call(r);
}

/* False when a capability it cannot work without is missing. */
static bool find_capabilities(void)
{
	struct hc_registers r;
	bool console = false, endpoint = false;

	for (cap_selector selector = 0; selector < CONFIG_CAPS_SLOTS_PER_SPACE; selector++) {
		if (call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), selector, 0, 0) != CAP_OK)
			continue;
		if (r.x[1] == CAP_TYPE_CONSOLE && !console) {
			console_selector = selector;
			console = true;
		} else if (r.x[1] == CAP_TYPE_ENDPOINT && !endpoint) {
			endpoint_selector = selector;
			endpoint = true;
		} else if (r.x[1] == CAP_TYPE_SCHED_CONTEXT && sched_count < MAX_CONTEXTS &&
			   (r.x[2] & CAP_RIGHT_CONTROL)) {
			sched_selectors[sched_count] = selector;
			sched_cpus[sched_count++] = r.x[3];
		} else if (r.x[1] == CAP_TYPE_VCPU && guest_count < MAX_GUESTS) {
			guests[guest_count++] = (struct guest){.vcpu_id = r.x[3], .vcpu = selector,
							       .running = true};
		}
	}
	guests_running = guest_count;
	return console && endpoint;
}

static struct guest *guest_of(uint64_t vcpu_id)
{
	for (unsigned i = 0; i < guest_count; i++) {
		if (guests[i].vcpu_id == vcpu_id)
			return &guests[i];
	}
	return NULL;
}

static void uart_write(struct guest *guest, uint64_t offset, uint64_t value)
{
	if (offset != PL011_DR)
		return;
	char c = (char)value;
	if (c != '\n' && guest->line_length < LINE_LENGTH)
		guest->line[guest->line_length++] = c;
	if (c == '\n' || guest->line_length == LINE_LENGTH) {
		say("exit vmm: guest%u says: %.*s\n", (unsigned)(guest - guests) + 1,
		    (int)guest->line_length, guest->line);
		guest->line_length = 0;
	}
}

/*
 * Until Mortise has stopped the context that faulted on purpose, if one did: its guest's end is
 * told then, before the machine is off.
 */
static void wait_for_faulted_context(void)
{
	unsigned faulted = __atomic_load_n(&fault_taken, __ATOMIC_ACQUIRE);
	struct hc_registers r;

	while (faulted != 0 &&
	       call(&r, HC_ID(HC_GROUP_SCHED, HC_SCHED_INFO), context_vcpus[faulted - 1], 0, 0) ==
		       CAP_OK &&
	       r.x[1] != HC_SCHED_STATE_STOPPED)
		;
}

/* powers off once no guest is left: whoever stopped the last. */
static void guest_done(void)
{
	if (__atomic_sub_fetch(&guests_running, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	wait_for_faulted_context();
	say("exit vmm: no guest left; powering off\n");
	psci_init(PSCI_CONDUIT_HVC);
	psci_system_off();
	exception_park_cpu();
}

static void stop(struct guest *guest, uint64_t ipa, uint64_t esr, uint64_t elr)
{
	struct hc_registers r;

	say("exit vmm: guest%u touched IPA 0x%llx outside its partition (ESR 0x%llx, ELR 0x%llx): "
	    "stopping it\n",
	    (unsigned)(guest - guests) + 1, (unsigned long long)ipa, (unsigned long long)esr,
	    (unsigned long long)elr);
	call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_STOP), guest->vcpu, 0, 0);
	guest->running = false;
	guest_done();
}

/*
 * Whether context is the one to fault on purpose as guest's run ends: the first, and only while
 * another guest runs, to stop it and power off; guest then counts as done.
 */
static bool fault_on_purpose(struct guest *guest, unsigned context)
{
	unsigned none = 0, running = __atomic_load_n(&guests_running, __ATOMIC_ACQUIRE);

	if (!__atomic_compare_exchange_n(&fault_taken, &none, context, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		return false;
	while (running > 1 && !__atomic_compare_exchange_n(&guests_running, &running, running - 1,
							   false, __ATOMIC_ACQ_REL,
							   __ATOMIC_ACQUIRE))
		;
	if (running <= 1) {
		__atomic_store_n(&fault_taken, 0, __ATOMIC_RELEASE);
		return false;
	}
	guest->running = false;
	say("exit vmm: guest%u is done; its context faults on purpose\n",
	    (unsigned)(guest - guests) + 1);
	return true;
}

/* What serving an exit asks for: an answer (HC_VCPU_RESUME_*), or none as its guest stopped. */
#define NO_ANSWER ~0ull

/*
 * One exit as endpoint.wait or endpoint.serve gave it (r->x[1..5]): the answer for its vCPU.
 * context: the index + 1 of the context serving it, 0 for the main vCPU. A context that ends
 * its guest's run while another guest runs faults instead, once: Mortise stops its guest alone.
 */
static uint64_t serve(const struct hc_registers *r, unsigned context)
{
	struct guest *guest = guest_of(r->x[1]);
	uint64_t esr = r->x[2], ipa = r->x[3], value = r->x[4], elr = r->x[5];

	if (guest == NULL || !guest->running)
		return NO_ANSWER;
	if (context != 0 && guest->served_by != context)
		say("exit vmm: guest%u's exits are served on CPU %u\n",
		    (unsigned)(guest - guests) + 1, context_cpus[context - 1]);
	guest->served_by = context;
	bool access = esr_class(esr) == ESR_EC_DABT_LOWER;
	bool emulated = ipa >= UART_BASE && ipa < UART_BASE + UART_SIZE && access &&
			ESR_DABT_VALID(esr);
	if (!emulated && access && ipa < CONFIG_PLATFORM_RAM_BASE) {
		say("exit vmm: guest%u: bus error at IPA 0x%llx\n", (unsigned)(guest - guests) + 1,
		    (unsigned long long)ipa);
		return HC_VCPU_RESUME_ABORT;
	}
	if (!emulated) {
		if (context != 0 && context_count > 1 && fault_on_purpose(guest, context))
			(void)*(volatile uint64_t *)OUTSIDE_PARTITION;
		stop(guest, ipa, esr, elr);
		return NO_ANSWER;
	}
	/* Reads of any register give 0: TX FIFO empty, UART idle. */
	if (ESR_DABT_IS_WRITE(esr))
		uart_write(guest, ipa - UART_BASE, value);
	return HC_VCPU_RESUME_NEXT;
}

/* An answer Mortise refused: only an injected bus error can be; the guest is stopped. */
static void refused(const struct hc_registers *exit, enum cap_status status)
{
	struct guest *guest = guest_of(exit->x[1]);

	say("exit vmm: guest%u: injecting a bus error refused: status %d\n",
	    (unsigned)(guest - guests) + 1, (int)status);
	stop(guest, exit->x[3], exit->x[2], exit->x[5]);
}

/* A context's life: each endpoint.serve answers the exit before and waits for the next. */
_Noreturn void exit_vmm_context_main(uint64_t index)
{
	struct hc_registers r, exit = {0};
	uint64_t answer = NO_ANSWER;

	exception_install();
	for (;;) {
		/* x1 names nothing: the context's own endpoint is implied. */
		r.x[0] = HC_ID(HC_GROUP_ENDPOINT, HC_ENDPOINT_SERVE);
		r.x[2] = answer;
		r.x[3] = 0;
		enum cap_status status = hvc_call(&r);
		if (status != CAP_OK && answer == HC_VCPU_RESUME_ABORT) {
			refused(&exit, status);
			answer = NO_ANSWER;
			continue;
		}
		if (status != CAP_OK) {
			say("exit vmm: the context on CPU %u cannot serve: status %d\n",
			    context_cpus[index], (int)status);
			exception_park_cpu();
		}
		answer = serve(&r, (unsigned)index + 1);
		/* Kept for a refused bus error, which only the next call can tell. */
		if (answer == HC_VCPU_RESUME_ABORT)
			exit = r;
	}
}

/* A context on each CPU its sched contexts give it, started at once; how many were made. */
static unsigned make_contexts(void)
{
	struct hc_registers r;

	for (unsigned i = 0; i < sched_count; i++) {
		for (unsigned cpu = 0; cpu < 64 && context_count < MAX_CONTEXTS; cpu++) {
			if (((sched_cpus[i] >> cpu) & 1) == 0)
				continue;
			unsigned index = context_count;
			exit_vmm_context_stack_tops[index] =
				(uintptr_t)&context_stacks[index][CONTEXT_STACK_SIZE];
			context_cpus[index] = cpu;
			enum cap_status status =
				hvc_call_with(&r, HC_ID(HC_GROUP_ENDPOINT, HC_ENDPOINT_CONTEXT_CREATE),
					      endpoint_selector, cpu,
					      (uintptr_t)exit_vmm_context_entry, index,
					      sched_selectors[i]);
			context_vcpus[index] = (cap_selector)r.x[1];
			if (status == CAP_OK)
				status = call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_START),
					      context_vcpus[index], 0, 0);
			if (status != CAP_OK) {
				say("exit vmm: no context on CPU %u: status %d\n", cpu, (int)status);
				continue;
			}
			say("exit vmm: a context serves the exits of CPU %u\n", cpu);
			context_count++;
		}
	}
	return context_count;
}

void image_main(const void *dtb)
{
	struct hc_registers r;

	(void)dtb;
	exception_install();
	spinlock_init(&console_lock);
	bool complete = find_capabilities();
	console_attach(hvc_console_write, &console_selector);
	say("exit vmm: serving %u guests%s\n", guest_count,
	    complete ? "" : " (no console or no exit endpoint: nothing to do)");
	if (!complete || guest_count == 0) {
		guests_running = 1;
		guest_done();
	}
	make_contexts();
	for (;;) {
		if (call(&r, HC_ID(HC_GROUP_ENDPOINT, HC_ENDPOINT_WAIT), endpoint_selector, 0, 0) !=
		    CAP_OK) {
			say("exit vmm: waiting for exits failed\n");
			exception_park_cpu();
		}
		struct hc_registers exit = r;
		uint64_t answer = serve(&exit, 0);
		if (answer == NO_ANSWER)
			continue;
		enum cap_status status = call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_RESUME),
					      guest_of(exit.x[1])->vcpu, answer, 0);
		if (status != CAP_OK && answer == HC_VCPU_RESUME_ABORT)
			refused(&exit, status);
	}
}
