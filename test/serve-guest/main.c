/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Exits served on the CPU where they happen (kernel/README.md). This guest is the VMM of child
 * partitions of its own: it receives their exits at an endpoint, with a server, a vCPU of its own
 * partition, waiting there on each of CPUs 1 and 2. Each child vCPU (a probe) loads PROBE_EXITS
 * times from an IPA nothing maps, then stores once to another: each access is an exit.
 *
 * - Two probes exit at once, one on each CPU: every exit must be served by the server on the
 *   probe's own CPU (resumed with endpoint.reply_wait), none elsewhere.
 * - The server on CPU 1 faults while it serves a probe's exit: it stops alone, with the child
 *   partition it served; this partition and the other server go on.
 * - A new child's probes on CPUs 1 and 2: the server on CPU 2 serves both, its own CPU's
 *   directly and CPU 1's, where no server waits any more, from afar.
 * - The server on CPU 2 powers this guest off while it serves that child's exit: the child,
 *   whose vCPU waits for that answer, stops with it.
 */
#include "guest.h"
#include "serve.h"

#include <stdlib.h>
#include <string.h>

#include "boot.h"
#include "console.h"
#include "exception.h"
#include "gtimer.h"
#include "hvc.h"
#include "psci.h"

#define PROBE_EXITS 1000
#define PROBE_LOAD_IPA 0x10000
#define PROBE_DONE_IPA 0x20000
#define WAIT_SECONDS 60
#define SPARE_PAGES_PER_CHILD 3

/*
 * The probe, copied to a spare page mapped at IPA 0 of a child, where it runs with its MMU off:
 * PROBE_EXITS loads from PROBE_LOAD_IPA, then a store to PROBE_DONE_IPA, then it spins.
 */
extern const char probe_code[], probe_code_end[];
__asm__(".pushsection .text\n"
	".balign 4\n"
	"probe_code:\n"
	"	mov x2, #0x10000\n"
	"	mov x3, #1000\n"
	"1:	ldr x1, [x2]\n"
	"	subs x3, x3, #1\n"
	"	b.ne 1b\n"
	"	mov x2, #0x20000\n"
	"	str x3, [x2]\n"
	"2:	b 2b\n"
	"probe_code_end:\n"
	".popsection\n");
_Static_assert(PROBE_LOAD_IPA == 0x10000 && PROBE_DONE_IPA == 0x20000 && PROBE_EXITS == 1000,
	       "probe_code's constants");

struct probe {
	uint64_t id; /* the kernel's number of its vCPU, as an exit names it */
	cap_selector vcpu;
	unsigned cpu;
};

/* What a server did, written by it alone (atomic), read by this vCPU. */
struct server {
	cap_selector vcpu;
	unsigned started; /* 1 once it runs */
	bool fault; /* set here: touch memory outside the partition serving the next exit */
	bool power_off; /* set here: power this partition off serving the next exit */
	unsigned own, elsewhere; /* exits served of probes on its own CPU, of probes elsewhere */
	unsigned done;		 /* probes whose last store it served */
	int refused;		 /* the status of a wait Mortise refused, or CAP_OK */
};

static struct server servers[SERVE_CPUS];
static struct probe probes[4];
static unsigned probe_count, failed;
static cap_selector endpoint;
static cap_selector console_selector = SEL_CONSOLE;

_Noreturn void abort(void)
{
	console_printf("serve guest: abort\n");
	exception_park_cpu();
}

enum cap_status guest_call(struct hc_registers *registers, uint32_t function, uint64_t a1,
			   uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	*registers = (struct hc_registers){.x = {function, a1, a2, a3, a4, a5}};
	return hvc_call(registers);
}

static void check(bool holds, const char *what, int line)
{
	if (holds)
		return;
	console_printf("serve guest: FAIL line %d: %s\n", line, what);
	failed++;
}
#define CHECK(condition) check((condition), #condition, __LINE__)

/* The probe an exit names: the latest with that number, which a destroyed one's may be again. */
static const struct probe *probe_of(uint64_t id)
{
	for (unsigned i = __atomic_load_n(&probe_count, __ATOMIC_ACQUIRE); i > 0; i--) {
		if (probes[i - 1].id == id)
			return &probes[i - 1];
	}
	return NULL;
}

void server_main(uint64_t cpu)
{
	struct server *self = &servers[cpu];
	const struct probe *reply = NULL;
	struct hc_registers exit;

	__atomic_store_n(&self->started, 1, __ATOMIC_RELEASE);
	for (;;) {
		enum cap_status status =
			reply != NULL ? guest_call(&exit, HC_ID(HC_GROUP_ENDPOINT,
								HC_ENDPOINT_REPLY_WAIT),
						   endpoint, reply->vcpu, HC_VCPU_RESUME_NEXT, 0, 0) :
					guest_call(&exit, HC_ID(HC_GROUP_ENDPOINT, HC_ENDPOINT_WAIT),
						   endpoint, 0, 0, 0, 0);
		if (status != CAP_OK) {
			__atomic_store_n(&self->refused, status, __ATOMIC_RELEASE);
			return;
		}
		if (__atomic_load_n(&self->fault, __ATOMIC_ACQUIRE))
			(void)*(volatile uint64_t *)OUTSIDE_THE_PARTITION;
		if (__atomic_load_n(&self->power_off, __ATOMIC_ACQUIRE))
			psci_system_off();
		reply = probe_of(exit.x[1]);
		if (reply == NULL)
			continue;
		__atomic_fetch_add(reply->cpu == cpu ? &self->own : &self->elsewhere, 1,
				   __ATOMIC_RELEASE);
		if (exit.x[3] == PROBE_DONE_IPA) {
			/* The probe stays exited; this server waits for the next. */
			reply = NULL;
			__atomic_fetch_add(&self->done, 1, __ATOMIC_RELEASE);
		}
	}
}

/* Until *value reaches want, at most WAIT_SECONDS; whether it did. */
static bool wait_for(const unsigned *value, unsigned want)
{
	uint64_t deadline = gtimer_virtual_counter() + WAIT_SECONDS * gtimer_frequency();

	while (__atomic_load_n(value, __ATOMIC_ACQUIRE) < want) {
		if (gtimer_virtual_counter() > deadline)
			return false;
	}
	return true;
}

/* A capability over count spare pages from first, with rights; CAP_NONE when refused. */
static cap_selector spare_pages(cap_rights rights, uint64_t first, uint64_t count)
{
	struct hc_registers r;

	if (guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), SEL_SPARE, rights, first * 0x1000,
		       count * 0x1000, 0) != CAP_OK)
		return CAP_NONE;
	return (cap_selector)r.x[1];
}

/* A child partition called name, its kernel memory spare pages from first, with code at IPA 0. */
static cap_selector create_child(const char *name, uint64_t first, cap_selector code)
{
	uint64_t packed[2] = {0, 0};
	struct hc_registers r;

	memcpy(packed, name, strlen(name));
	cap_selector memory = spare_pages(CAP_RIGHT_CONTROL, first, SPARE_PAGES_PER_CHILD);
	enum cap_status created = guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_CREATE),
					     memory, packed[0], packed[1], 0, 0);
	CHECK(created == CAP_OK);
	cap_selector child = (cap_selector)r.x[1];
	CHECK(guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_MAP), child, code, 0,
			 HC_MAP_NORMAL, 0) == CAP_OK);
	return child;
}

/* A probe of child on cpu, its exits to this guest's endpoint; started when start is true. */
static const struct probe *create_probe(cap_selector child, unsigned cpu)
{
	struct hc_registers r;
	struct probe *probe = &probes[probe_count];

	r = (struct hc_registers){.x = {HC_ID(HC_GROUP_PARTITION, HC_PARTITION_VCPU_CREATE), child,
					cpu, 0, 0, SEL_SCHED_CONTEXT}};
	CHECK(hvc_call(&r) == CAP_OK);
	*probe = (struct probe){.vcpu = (cap_selector)r.x[1], .cpu = cpu};
	CHECK(guest_call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_SET_EXIT_ENDPOINT), probe->vcpu, endpoint,
			 0, 0, 0) == CAP_OK);
	CHECK(guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), probe->vcpu, 0, 0, 0, 0) == CAP_OK);
	probe->id = r.x[3];
	__atomic_store_n(&probe_count, probe_count + 1, __ATOMIC_RELEASE);
	return probe;
}

static void start(cap_selector vcpu)
{
	struct hc_registers r;

	CHECK(guest_call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_START), vcpu, 0, 0, 0, 0) == CAP_OK);
}

static uint64_t sched_state(cap_selector vcpu)
{
	struct hc_registers r;

	return guest_call(&r, HC_ID(HC_GROUP_SCHED, HC_SCHED_INFO), vcpu, 0, 0, 0, 0) == CAP_OK ?
		       r.x[1] :
		       ~0ULL;
}

/* Until vcpu is stopped (sched.info), at most WAIT_SECONDS. */
static bool stops(cap_selector vcpu)
{
	uint64_t deadline = gtimer_virtual_counter() + WAIT_SECONDS * gtimer_frequency();

	while (sched_state(vcpu) != HC_SCHED_STATE_STOPPED) {
		if (gtimer_virtual_counter() > deadline)
			return false;
	}
	return true;
}

static void destroy(cap_selector partition)
{
	struct hc_registers r;
	enum cap_status status;

	do
		status = guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_DESTROY), partition,
				    0, 0, 0, 0);
	while (status == CAP_PREEMPTED);
	CHECK(status == CAP_OK);
}

static void start_servers(void)
{
	struct hc_registers r;

	for (unsigned cpu = 1; cpu < SERVE_CPUS; cpu++) {
		r = (struct hc_registers){.x = {HC_ID(HC_GROUP_PARTITION, HC_PARTITION_VCPU_CREATE),
						SEL_SELF, cpu, (uintptr_t)server_entry, cpu,
						SEL_SCHED_CONTEXT}};
		CHECK(hvc_call(&r) == CAP_OK);
		servers[cpu].vcpu = (cap_selector)r.x[1];
		start(servers[cpu].vcpu);
		CHECK(wait_for(&servers[cpu].started, 1));
	}
}

/* Two probes exiting at once, each served only on its own CPU. */
static cap_selector serve_at_once(cap_selector code)
{
	cap_selector child = create_child("served", 1, code);
	const struct probe *first = create_probe(child, 1), *second = create_probe(child, 2);

	start(first->vcpu);
	start(second->vcpu);
	CHECK(wait_for(&servers[1].done, 1));
	CHECK(wait_for(&servers[2].done, 1));
	CHECK(servers[1].own == PROBE_EXITS + 1 && servers[2].own == PROBE_EXITS + 1);
	CHECK(servers[1].elsewhere == 0 && servers[2].elsewhere == 0);
	CHECK(servers[1].refused == CAP_OK && servers[2].refused == CAP_OK);
	console_printf("serve guest: probes on CPUs 1 and 2 at once: %u and %u exits served on "
		       "their own CPU, %u elsewhere\n",
		       servers[1].own, servers[2].own, servers[1].elsewhere + servers[2].elsewhere);
	return child;
}

/* The server on CPU 1 faults serving the first probe, restarted: both stop, nothing else. */
static void server_faults(cap_selector child)
{
	struct hc_registers r;

	__atomic_store_n(&servers[1].fault, true, __ATOMIC_RELEASE);
	CHECK(guest_call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_START_AT), probes[0].vcpu, 0, 0, 0, 0) ==
	      CAP_OK);
	CHECK(stops(servers[1].vcpu));
	CHECK(stops(probes[0].vcpu));
	CHECK(sched_state(probes[1].vcpu) == HC_SCHED_STATE_STOPPED);
	CHECK(sched_state(servers[2].vcpu) == HC_SCHED_STATE_RUNNABLE);
	console_printf("serve guest: the server on CPU 1 faulted serving an exit: it stopped with "
		       "the partition it served, and I go on\n");
	destroy(child);
}

/* A new child's probes on CPUs 1 and 2, both served by the server left, on CPU 2. */
static const struct probe *serve_from_one(cap_selector code)
{
	unsigned own = servers[2].own, done = servers[2].done;
	cap_selector child = create_child("other", 1 + SPARE_PAGES_PER_CHILD, code);
	const struct probe *far = create_probe(child, 1), *near = create_probe(child, 2);

	start(far->vcpu);
	start(near->vcpu);
	CHECK(wait_for(&servers[2].done, done + 2));
	CHECK(servers[2].own - own == PROBE_EXITS + 1);
	CHECK(servers[2].elsewhere == PROBE_EXITS + 1);
	CHECK(servers[2].refused == CAP_OK);
	console_printf("serve guest: the server on CPU 2 served %u exits of its CPU and %u of CPU "
		       "1\n",
		       servers[2].own - own, servers[2].elsewhere);
	return near;
}

void image_main(const void *dtb)
{
	struct hc_registers r;

	(void)dtb;
	console_attach(hvc_console_write, &console_selector);
	exception_install();
	CHECK(guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_ENDPOINT_CREATE), SEL_SELF, 0,
			 0, 0, 0) == CAP_OK);
	endpoint = (cap_selector)r.x[1];
	cap_selector code = spare_pages(CAP_RIGHTS_ALL, 0, 1);
	CHECK(guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_COPY), code, SEL_RAM, 0,
			 (uintptr_t)probe_code - CONFIG_PLATFORM_RAM_BASE,
			 (uintptr_t)(probe_code_end - probe_code)) == CAP_OK);
	psci_init(PSCI_CONDUIT_HVC);
	start_servers();
	const struct probe *last = NULL;
	if (failed == 0) {
		server_faults(serve_at_once(code));
		last = serve_from_one(code);
	}
	console_printf("serve guest: %u failed\n", failed);
	if (last != NULL) {
		__atomic_store_n(&servers[2].power_off, true, __ATOMIC_RELEASE);
		guest_call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_START_AT), last->vcpu, 0, 0, 0, 0);
		exception_park_cpu();
	}
	psci_system_off();
	exception_park_cpu();
}
