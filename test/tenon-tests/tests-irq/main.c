/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interrupt nesting by priority and deferred work, on QEMU: the CPU sends itself SGIs of chosen
 * GIC priorities from threads, handlers and deferred work, and every handler logs a letter and
 * the nesting depth it ran at. Each test prints "PASS name" or "FAIL name: line N: what".
 */
#include "tenon.h"
#include "tenon_testing.h"

#include "array_length.h"
#include "boot.h"
#include "console.h"
#include "cpu.h"

#define MAIN_PRIORITY 1
#define WORKER_PRIORITY 0
#define US 1000ull
/* How long a handler waits for an interrupt it sent: far beyond QEMU's delivery of an SGI. */
#define WAIT_NS (200 * US)

/* GIC priorities: lower is more urgent; steps of 0x10 stay distinct whatever the number of
 * priority bits and the binary point (GICv3 spec 4.8: at least 5 bits, group priority 7:4 up). */
enum sgi {
	SGI_LOW = 1, /* 0xc0 */
	SGI_HIGH = 2, /* 0x40 */
	SGI_PEER = 3, /* 0xc0, the same as SGI_LOW */
	SGI_CHAIN_FIRST = 4, /* 4..8 at most: chain_priority */
	SGI_URGENT = 9, /* 0x30: interrupts deferred work */
};
/* One link more than the nesting bound: the last one meets it. */
#define CHAIN_LENGTH (CONFIG_TENON_IRQ_MAX_NESTING + 1)
static const uint8_t chain_priority[] = {0xb0, 0x90, 0x70, 0x60, 0x50};
_Static_assert(CONFIG_TENON_IRQ_MAX_NESTING >= 2 && CHAIN_LENGTH <= ARRAY_LENGTH(chain_priority),
	       "the chain shows the bound with the SGIs it has");

enum scenario {
	NEST_HIGHER,
	NEST_EQUAL,
	NEST_LOWER,
	NEST_CHAIN,
	DEFERRED,
};

static struct tenon_thread main_thread;
TENON_THREAD_STORAGE(worker, 16384);
static volatile enum scenario scenario;


/* What ran, in order, and at which depth: written by handlers, deferred work and threads. */
struct event {
	char what;
	unsigned depth;
};
static struct event events[32];
static volatile unsigned event_count;

static void log_event(char what)
{
	uint64_t saved = tenon_arch_irq_save();

	if (event_count < ARRAY_LENGTH(events))
		events[event_count++] = (struct event){what, tenon_interrupt_depth()};
	tenon_arch_irq_restore(saved);
}

static bool log_is(const char *expected)
{
	unsigned i = 0;

	for (; expected[i] != '\0'; i++)
		if (i >= event_count || events[i].what != expected[i])
			return false;
	return i == event_count;
}

static unsigned depth_of(char what)
{
	for (unsigned i = 0; i < event_count; i++)
		if (events[i].what == what)
			return events[i].depth;
	return 0;
}

static bool logged(char what)
{
	uint64_t saved = tenon_arch_irq_save();
	bool found = false;

	for (unsigned i = 0; i < event_count && !found; i++)
		found = events[i].what == what;
	tenon_arch_irq_restore(saved);
	return found;
}

/* Spins (interrupts as the caller has them) until what is logged or ns pass. */
static bool wait_for(char what, uint64_t ns)
{
	uint64_t end = tenon_time_now_ns() + ns;

	while (!logged(what) && tenon_time_now_ns() < end)
		;
	return logged(what);
}

static void send(enum sgi sgi)
{
	gicv3_send_sgi(sgi, cpu_mpidr_affinity());
	/* The SGI write is a system register write: make it take effect before we go on. */
	__asm__ volatile("isb" ::: "memory");
}

static struct tenon_deferred deferred;
static struct tenon_semaphore wake_worker;

static void low_handler(uint32_t intid)
{
	(void)intid;
	log_event('L');
	if (scenario == NEST_HIGHER || scenario == DEFERRED) {
		send(SGI_HIGH);
		wait_for('H', WAIT_NS);
	} else if (scenario == NEST_EQUAL) {
		send(SGI_PEER);
		wait_for('P', WAIT_NS);
	}
	log_event('l');
}

static void high_handler(uint32_t intid)
{
	(void)intid;
	log_event('H');
	if (scenario == NEST_LOWER) {
		send(SGI_LOW);
		wait_for('L', WAIT_NS);
	} else if (scenario == DEFERRED) {
		tenon_deferred_queue(&deferred);
	}
	log_event('h');
}

static void peer_handler(uint32_t intid)
{
	(void)intid;
	log_event('P');
}

/* Chain link k logs '1' + k on entry, 'a' + k on exit. */
static void chain_handler(uint32_t intid)
{
	unsigned link = intid - SGI_CHAIN_FIRST;

	log_event((char)('1' + link));
	if (link + 1 < CHAIN_LENGTH) {
		send((enum sgi)(intid + 1));
		wait_for((char)('1' + link + 1), WAIT_NS);
	}
	log_event((char)('a' + link));
}

static void urgent_handler(uint32_t intid)
{
	(void)intid;
	log_event('U');
}

static void deferred_work(void *arg)
{
	(void)arg;
	log_event('D');
	send(SGI_URGENT);
	wait_for('U', WAIT_NS);
	tenon_sem_give(&wake_worker);
	log_event('d');
}

static void worker_entry(void *arg)
{
	(void)arg;
	while (tenon_sem_take(&wake_worker, TENON_WAIT_FOREVER) == TENON_OK)
		log_event('W');
}

static void start(enum scenario which, enum sgi first)
{
	event_count = 0;
	scenario = which;
	send(first);
}

/* A more urgent SGI sent by a handler runs inside it, one level deeper. */
static bool test_nest_higher(void)
{
	start(NEST_HIGHER, SGI_LOW);
	CHECK(wait_for('l', WAIT_NS * 2));
	CHECK(log_is("LHhl"));
	CHECK(depth_of('L') == 1);
	CHECK(depth_of('H') == 2);
	return true;
}

/* An SGI of the handler's own priority waits for its end-of-interrupt, then runs at depth 1. */
static bool test_no_nest_equal(void)
{
	start(NEST_EQUAL, SGI_LOW);
	CHECK(wait_for('P', WAIT_NS * 2));
	CHECK(log_is("LlP"));
	CHECK(depth_of('P') == 1);
	return true;
}

/* A less urgent SGI sent by a handler waits likewise. */
static bool test_no_nest_lower(void)
{
	start(NEST_LOWER, SGI_HIGH);
	CHECK(wait_for('l', WAIT_NS * 2));
	CHECK(log_is("HhLl"));
	CHECK(depth_of('L') == 1);
	return true;
}

/*
 * Bound + 1 ever more urgent SGIs, each sent by the previous one's handler: links 1 to bound nest,
 * the link at the bound runs masked, so the last link waits for its end and then preempts the link
 * before it (still more urgent than that link's running priority) at the bound again. With a
 * bound of 3: "123c4dba".
 */
static bool test_nesting_bound(void)
{
	const unsigned bound = CONFIG_TENON_IRQ_MAX_NESTING;
	char expected[2 * CHAIN_LENGTH + 1];
	unsigned length = 0;

	for (unsigned link = 0; link < bound; link++)
		expected[length++] = (char)('1' + link);
	expected[length++] = (char)('a' + bound - 1);
	expected[length++] = (char)('1' + bound);
	expected[length++] = (char)('a' + bound);
	for (unsigned link = bound - 1; link-- > 0;)
		expected[length++] = (char)('a' + link);
	expected[length] = '\0';

	start(NEST_CHAIN, SGI_CHAIN_FIRST);
	CHECK(wait_for('a', WAIT_NS * 2 * CHAIN_LENGTH));
	CHECK(log_is(expected));
	for (unsigned link = 0; link < bound; link++)
		CHECK(depth_of((char)('1' + link)) == link + 1);
	CHECK(depth_of((char)('1' + bound)) == bound);
	return true;
}

/*
 * Deferred work queued by a nested handler runs after the outermost handler returned (depth 1:
 * itself), can be interrupted by a more urgent SGI, and the thread it wakes runs before the
 * interrupted main thread resumes.
 */
static bool test_deferred_work(void)
{
	CHECK(tenon_sem_init(&wake_worker, 0, 1) == TENON_OK);
	CHECK(tenon_thread_create(&worker, "worker", worker_entry, NULL, WORKER_PRIORITY,
				  worker_stack, sizeof(worker_stack)) == TENON_OK);
	start(DEFERRED, SGI_LOW);
	CHECK(wait_for('W', WAIT_NS * 4));
	log_event('M');
	CHECK(log_is("LHhlDUdWM"));
	CHECK(depth_of('H') == 2);
	CHECK(depth_of('D') == 1);
	CHECK(depth_of('U') == 2);
	CHECK(depth_of('W') == 0);
	return true;
}

/* Queued from a thread, the work runs at once in the caller, still as interrupt context. */
static bool test_deferred_from_thread(void)
{
	event_count = 0;
	scenario = NEST_HIGHER;
	CHECK(tenon_deferred_queue(&deferred) == TENON_OK);
	CHECK(event_count >= 1 && events[0].what == 'D' && events[0].depth == 1);
	CHECK(tenon_deferred_queue(NULL) == TENON_ERR_INVALID);
	CHECK(tenon_interrupt_depth() == 0);
	return true;
}

void image_main(const void *dtb)
{
	platform_start(dtb, &main_thread, MAIN_PRIORITY);
	irq_register(SGI_LOW, low_handler, 0xc0);
	irq_register(SGI_HIGH, high_handler, 0x40);
	irq_register(SGI_PEER, peer_handler, 0xc0);
	for (unsigned link = 0; link < CHAIN_LENGTH; link++)
		irq_register(SGI_CHAIN_FIRST + link, chain_handler, chain_priority[link]);
	irq_register(SGI_URGENT, urgent_handler, 0x30);
	tenon_deferred_init(&deferred, deferred_work, NULL);
	console_printf("Tenon irq tests: nesting depth at most %u\n", CONFIG_TENON_IRQ_MAX_NESTING);

	tenon_test_run("nest-higher", test_nest_higher);
	tenon_test_run("no-nest-equal", test_no_nest_equal);
	tenon_test_run("no-nest-lower", test_no_nest_lower);
	tenon_test_run("nesting-bound", test_nesting_bound);
	tenon_test_run("deferred-work", test_deferred_work);
	tenon_test_run("deferred-from-thread", test_deferred_from_thread);
	tenon_test_finish("Tenon irq tests");
}
