/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tenon primitives on QEMU: each test drives real threads, interrupts and the virtual timer and
 * prints "PASS name" or "FAIL name: line N: what". The main thread runs at priority 1 (0 is the one
 * more urgent level the tests use) and orchestrates; workers run from a static pool.
 */
#include "tenon.h"
#include "tenon_testing.h"

#include "array_length.h"
#include "boot.h"
#include "console.h"

#define MAIN_PRIORITY 1
#define WORKERS 4
#define WORKER_STACK 16384
#define US 1000ull
#define MS 1000000ull

/* What the tests accept as the overshoot of a sleep: the request is a lower bound, and the wake-up
 * comes within one tick (tickless: one tick of 1/TENON_TICK_HZ as the stated bound; periodic: the
 * tick it waits for plus one tick for the phase of the request within a tick). */
#define SLEEP_BOUND_NS (TENON_TICKLESS ? 1000000000ull / CONFIG_TENON_TICK_HZ : 2000000000ull / CONFIG_TENON_TICK_HZ)

static struct tenon_thread main_thread;
static struct tenon_thread workers[WORKERS];
static uint8_t worker_stacks[WORKERS][WORKER_STACK] __attribute__((aligned(16)));



static enum tenon_status spawn(unsigned index, void (*entry)(void *), void *arg, unsigned priority)
{
	return tenon_thread_create(&workers[index], "worker", entry, arg, priority,
				   worker_stacks[index], WORKER_STACK);
}

static uint64_t now(void)
{
	return tenon_time_now_ns();
}

static void spin_ns(uint64_t ns)
{
	uint64_t end = now() + ns;

	while (now() < end)
		;
}

/* An order log shared by threads and handlers. */
static char order[64];
static unsigned order_length;

static void log_event(char c)
{
	uint64_t saved = tenon_arch_irq_save();

	if (order_length < sizeof(order) - 1)
		order[order_length++] = c;
	order[order_length] = '\0';
	tenon_arch_irq_restore(saved);
}

static void log_reset(void)
{
	order_length = 0;
	order[0] = '\0';
}

static bool log_is(const char *expected)
{
	unsigned i = 0;

	for (; expected[i] != '\0'; i++)
		if (i >= order_length || order[i] != expected[i])
			return false;
	return i == order_length;
}

static bool join_all(unsigned count)
{
	for (unsigned i = 0; i < count; i++)
		if (tenon_thread_join(&workers[i], 5000 * MS) != TENON_OK)
			return false;
	return true;
}

/* ---- preemption by a thread woken from an interrupt handler -------------------------------- */
static struct tenon_semaphore isr_sem;
static volatile uint64_t fired_at, woke_at;

static void isr_give(struct tenon_timer *timer, void *arg)
{
	(void)timer;
	(void)arg;
	fired_at = now();
	tenon_sem_give(&isr_sem);
}

static void isr_waiter(void *arg)
{
	(void)arg;
	if (tenon_sem_take(&isr_sem, TENON_WAIT_FOREVER) == TENON_OK)
		woke_at = now();
}

static bool test_isr_preemption(void)
{
	static struct tenon_timer timer;

	woke_at = 0;
	CHECK(tenon_sem_init(&isr_sem, 0, 1) == TENON_OK);
	CHECK(spawn(0, isr_waiter, NULL, 0) == TENON_OK);
	CHECK(tenon_thread_state(&workers[0]) == TENON_THREAD_BLOCKED);
	tenon_timer_init(&timer, isr_give, NULL);
	CHECK(tenon_timer_start(&timer, 2 * MS, 0) == TENON_OK);
	/* main never blocks here: only preemption on interrupt exit can run the waiter. */
	uint64_t end = now() + 50 * MS;
	while (woke_at == 0 && now() < end)
		;
	CHECK(woke_at != 0);
	CHECK(woke_at >= fired_at);
	console_printf("  ISR give -> thread running: %llu us\n",
		       (unsigned long long)((woke_at - fired_at) / US));
	CHECK(join_all(1));
	return true;
}

/* ---- cooperative yield among equals ------------------------------------------------------- */
static void yielder(void *arg)
{
	for (int i = 0; i < 3; i++) {
		log_event((char)(uintptr_t)arg);
		tenon_thread_yield();
	}
}

static bool test_yield(void)
{
	log_reset();
	CHECK(spawn(0, yielder, (void *)'a', 5) == TENON_OK);
	CHECK(spawn(1, yielder, (void *)'b', 5) == TENON_OK);
	CHECK(join_all(2));
	CHECK(log_is("ababab"));
	return true;
}

/* ---- round-robin time slices ---------------------------------------------------------------- */
static volatile uint64_t rr_end;
static volatile unsigned rr_turns[2];

static void busy_worker(void *arg)
{
	unsigned id = (unsigned)(uintptr_t)arg;

	while (now() < rr_end) {
		if (order_length == 0 || order[order_length - 1] != (char)('0' + id)) {
			log_event((char)('0' + id));
			rr_turns[id]++;
		}
	}
}

static bool test_round_robin(void)
{
	if (CONFIG_TENON_TIME_SLICE_US == 0) {
		console_printf("  round-robin is configured off (TENON_TIME_SLICE_US = 0)\n");
		return true;
	}
	log_reset();
	rr_turns[0] = rr_turns[1] = 0;
	rr_end = now() + 10ull * CONFIG_TENON_TIME_SLICE_US * US;
	CHECK(spawn(0, busy_worker, (void *)0, 5) == TENON_OK);
	CHECK(spawn(1, busy_worker, (void *)1, 5) == TENON_OK);
	CHECK(join_all(2));
	console_printf("  10 slices of %u us: turns %u + %u\n", CONFIG_TENON_TIME_SLICE_US, rr_turns[0],
		       rr_turns[1]);
	/* Ten slices' worth of time: each thread gets several turns (5 each ideally). */
	CHECK(rr_turns[0] >= 3 && rr_turns[1] >= 3);
	return true;
}

/* ---- sleep accuracy ------------------------------------------------------------------------------ */
static bool test_sleep_accuracy(void)
{
	static const uint64_t requests[] = {100 * US, 1 * MS, 2500 * US, 7 * MS};
	uint64_t worst = 0, total = 0;
	unsigned samples = 0;

	for (unsigned r = 0; r < ARRAY_LENGTH(requests); r++) {
		for (unsigned i = 0; i < 5; i++) {
			uint64_t start = now();
			CHECK(tenon_thread_sleep_ns(requests[r]) == TENON_OK);
			uint64_t slept = now() - start;
			CHECK(slept >= requests[r]);
			uint64_t over = slept - requests[r];
			worst = over > worst ? over : worst;
			total += over;
			samples++;
		}
	}
	console_printf("  sleep overshoot (%s): mean %llu us, worst %llu us, bound %llu us\n",
		       TENON_TICKLESS ? "tickless" : "periodic", (unsigned long long)(total / samples / US),
		       (unsigned long long)(worst / US), (unsigned long long)(SLEEP_BOUND_NS / US));
	CHECK(worst <= SLEEP_BOUND_NS);
	uint64_t ticks = tenon_time_ticks();
	CHECK(tenon_thread_sleep_ticks(3) == TENON_OK);
	CHECK(tenon_time_ticks() >= ticks + 3);
	return true;
}

/* ---- semaphores ------------------------------------------------------------------------------- */
static struct tenon_semaphore sem;

static void sem_waiter(void *arg)
{
	if (tenon_sem_take(&sem, TENON_WAIT_FOREVER) == TENON_OK)
		log_event((char)(uintptr_t)arg);
}

static void sem_producer(void *arg)
{
	(void)arg;
	for (int i = 0; i < 5; i++) {
		tenon_thread_sleep_ns(200 * US);
		tenon_sem_give(&sem);
	}
}

static bool test_semaphore(void)
{
	CHECK(tenon_sem_init(&sem, 0, 3) == TENON_OK);
	CHECK(tenon_sem_init(&sem, 4, 3) == TENON_ERR_INVALID);
	CHECK(tenon_sem_init(&sem, 0, 3) == TENON_OK);
	for (int i = 0; i < 3; i++)
		CHECK(tenon_sem_give(&sem) == TENON_OK);
	CHECK(tenon_sem_give(&sem) == TENON_ERR_OVERFLOW);
	CHECK(tenon_sem_count(&sem) == 3);
	for (int i = 0; i < 3; i++)
		CHECK(tenon_sem_take(&sem, TENON_NO_WAIT) == TENON_OK);
	CHECK(tenon_sem_take(&sem, TENON_NO_WAIT) == TENON_ERR_WOULD_BLOCK);
	uint64_t start = now();
	CHECK(tenon_sem_take(&sem, 2 * MS) == TENON_ERR_TIMEOUT);
	CHECK(now() - start >= 2 * MS);
	CHECK(tenon_timers_armed() == 0);

	/* Blocking takes served by a producer thread. */
	CHECK(spawn(0, sem_producer, NULL, 3) == TENON_OK);
	for (int i = 0; i < 5; i++)
		CHECK(tenon_sem_take(&sem, 100 * MS) == TENON_OK);
	CHECK(join_all(1));

	/* Waiters are served most urgent first, whatever their arrival order. */
	log_reset();
	CHECK(spawn(0, sem_waiter, (void *)'l', 6) == TENON_OK);
	CHECK(spawn(1, sem_waiter, (void *)'h', 4) == TENON_OK);
	CHECK(tenon_thread_sleep_ns(1 * MS) == TENON_OK);
	CHECK(tenon_sem_give(&sem) == TENON_OK);
	CHECK(tenon_sem_give(&sem) == TENON_OK);
	CHECK(join_all(2));
	CHECK(log_is("hl"));
	return true;
}

/* ---- message queues ----------------------------------------------------------------------------- */
static struct tenon_msgq queue;
static uint32_t ring[4];
static volatile unsigned receiver_errors, received_count;

static void receiver(void *arg)
{
	(void)arg;
	for (uint32_t i = 0; i < 10; i++) {
		uint32_t message = 0;
		if (tenon_msgq_receive(&queue, &message, 100 * MS) != TENON_OK || message != 100 + i)
			receiver_errors++;
		received_count++;
	}
}

static void sender(void *arg)
{
	(void)arg;
	for (uint32_t i = 0; i < 8; i++)
		if (tenon_msgq_send(&queue, &(uint32_t){200 + i}, 100 * MS) != TENON_OK)
			receiver_errors++;
}

static void isr_send(struct tenon_timer *timer, void *arg)
{
	(void)timer;
	(void)arg;
	tenon_msgq_send(&queue, &(uint32_t){0xabc}, TENON_NO_WAIT);
}

static bool test_message_queue(void)
{
	static struct tenon_timer timer;
	uint32_t message;

	CHECK(tenon_msgq_init(&queue, ring, sizeof(uint32_t), 0) == TENON_ERR_INVALID);
	CHECK(tenon_msgq_init(&queue, ring, sizeof(uint32_t), 4) == TENON_OK);
	for (uint32_t i = 0; i < 4; i++)
		CHECK(tenon_msgq_send(&queue, &i, TENON_NO_WAIT) == TENON_OK);
	CHECK(tenon_msgq_send(&queue, &(uint32_t){9}, TENON_NO_WAIT) == TENON_ERR_WOULD_BLOCK);
	uint64_t start = now();
	CHECK(tenon_msgq_send(&queue, &(uint32_t){9}, 1 * MS) == TENON_ERR_TIMEOUT);
	CHECK(now() - start >= 1 * MS);
	for (uint32_t i = 0; i < 4; i++) {
		CHECK(tenon_msgq_receive(&queue, &message, TENON_NO_WAIT) == TENON_OK);
		CHECK(message == i);
	}
	start = now();
	CHECK(tenon_msgq_receive(&queue, &message, 1 * MS) == TENON_ERR_TIMEOUT);
	CHECK(now() - start >= 1 * MS);

	/* A more urgent receiver blocks on the empty queue: each send hands over directly. */
	receiver_errors = received_count = 0;
	CHECK(spawn(0, receiver, NULL, 0) == TENON_OK);
	for (uint32_t i = 0; i < 10; i++) {
		CHECK(tenon_msgq_send(&queue, &(uint32_t){100 + i}, TENON_NO_WAIT) == TENON_OK);
		CHECK(received_count == i + 1);
	}
	CHECK(join_all(1));
	CHECK(receiver_errors == 0);

	/* A sender blocks on the full queue; receiving unblocks it, order kept. */
	CHECK(spawn(0, sender, NULL, 3) == TENON_OK);
	CHECK(tenon_thread_sleep_ns(1 * MS) == TENON_OK);
	CHECK(tenon_msgq_count(&queue) == 4);
	CHECK(tenon_thread_state(&workers[0]) == TENON_THREAD_BLOCKED);
	for (uint32_t i = 0; i < 8; i++) {
		CHECK(tenon_msgq_receive(&queue, &message, 100 * MS) == TENON_OK);
		CHECK(message == 200 + i);
	}
	CHECK(join_all(1));
	CHECK(receiver_errors == 0);

	/* From an interrupt handler. */
	tenon_timer_init(&timer, isr_send, NULL);
	CHECK(tenon_timer_start(&timer, 1 * MS, 0) == TENON_OK);
	CHECK(tenon_msgq_receive(&queue, &message, 100 * MS) == TENON_OK);
	CHECK(message == 0xabc);
	return true;
}

/* ---- event flags ---------------------------------------------------------------------------------- */
static struct tenon_events events;
static volatile uint32_t event_observed;
static volatile enum tenon_status event_status;

static void event_waiter(void *arg)
{
	(void)arg;
	uint32_t seen = 0;
	event_status = tenon_event_wait(&events, 0x3, TENON_EVENT_ALL | TENON_EVENT_CLEAR,
					TENON_WAIT_FOREVER, &seen);
	event_observed = seen;
}

static void isr_set(struct tenon_timer *timer, void *arg)
{
	(void)timer;
	(void)arg;
	tenon_event_set(&events, 0x10);
}

static bool test_event_flags(void)
{
	static struct tenon_timer timer;
	uint32_t seen = 0;

	CHECK(tenon_event_init(&events) == TENON_OK);
	event_status = TENON_ERR_STATE;
	CHECK(spawn(0, event_waiter, NULL, 0) == TENON_OK);
	CHECK(tenon_event_set(&events, 0x1) == TENON_OK);
	CHECK(tenon_thread_state(&workers[0]) == TENON_THREAD_BLOCKED);
	CHECK(tenon_event_set(&events, 0x6) == TENON_OK);
	/* The waiter is more urgent: it has run to completion by now. */
	CHECK(event_status == TENON_OK);
	CHECK(event_observed == 0x7);
	CHECK(tenon_event_bits(&events) == 0x4);
	CHECK(join_all(1));

	CHECK(tenon_event_wait(&events, 0x5, TENON_EVENT_ANY, TENON_NO_WAIT, &seen) == TENON_OK);
	CHECK(seen == 0x4);
	CHECK(tenon_event_wait(&events, 0x5, TENON_EVENT_ALL, TENON_NO_WAIT, NULL) ==
	      TENON_ERR_WOULD_BLOCK);
	uint64_t start = now();
	CHECK(tenon_event_wait(&events, 0x8, TENON_EVENT_ANY, 1 * MS, NULL) == TENON_ERR_TIMEOUT);
	CHECK(now() - start >= 1 * MS);
	CHECK(tenon_event_clear(&events, 0x4) == TENON_OK);
	CHECK(tenon_event_bits(&events) == 0);

	tenon_timer_init(&timer, isr_set, NULL);
	CHECK(tenon_timer_start(&timer, 1 * MS, 0) == TENON_OK);
	CHECK(tenon_event_wait(&events, 0x10, TENON_EVENT_ANY | TENON_EVENT_CLEAR, 100 * MS, &seen) ==
	      TENON_OK);
	CHECK(seen == 0x10);
	CHECK(tenon_event_bits(&events) == 0);
	return true;
}

/* ---- join ------------------------------------------------------------------------------------------ */
static volatile int join_result;

static void short_worker(void *arg)
{
	join_result = (int)(uintptr_t)arg;
}

static void sleepy_worker(void *arg)
{
	(void)arg;
	tenon_thread_sleep_ns(20 * MS);
	join_result = 7;
}

static bool test_join(void)
{
	join_result = 0;
	CHECK(spawn(0, short_worker, (void *)42, 10) == TENON_OK);
	CHECK(tenon_thread_join(&workers[0], TENON_WAIT_FOREVER) == TENON_OK);
	CHECK(join_result == 42);
	CHECK(tenon_thread_state(&workers[0]) == TENON_THREAD_EXITED);
	CHECK(tenon_thread_join(&workers[0], TENON_NO_WAIT) == TENON_OK);
	CHECK(tenon_thread_join(tenon_thread_self(), TENON_WAIT_FOREVER) == TENON_ERR_STATE);

	CHECK(spawn(0, sleepy_worker, NULL, 10) == TENON_OK);
	CHECK(tenon_thread_join(&workers[0], TENON_NO_WAIT) == TENON_ERR_WOULD_BLOCK);
	CHECK(tenon_thread_join(&workers[0], 1 * MS) == TENON_ERR_TIMEOUT);
	CHECK(join_result == 0 || join_result == 42);
	CHECK(tenon_thread_join(&workers[0], 100 * MS) == TENON_OK);
	CHECK(join_result == 7);
	return true;
}

/* ---- suspend and resume ----------------------------------------------------------------------- */
static volatile unsigned counter;
static volatile bool stop;
static volatile bool took;

static void counting_worker(void *arg)
{
	(void)arg;
	while (!stop) {
		counter++;
		tenon_thread_sleep_ns(200 * US);
	}
}

static void taking_worker(void *arg)
{
	(void)arg;
	took = tenon_sem_take(&sem, TENON_WAIT_FOREVER) == TENON_OK;
}

static bool test_suspend_resume(void)
{
	counter = 0;
	stop = false;
	CHECK(spawn(0, counting_worker, NULL, 5) == TENON_OK);
	CHECK(tenon_thread_sleep_ns(3 * MS) == TENON_OK);
	CHECK(counter > 0);
	CHECK(tenon_thread_suspend(&workers[0]) == TENON_OK);
	CHECK(tenon_thread_sleep_ns(1 * MS) == TENON_OK);
	unsigned frozen = counter;
	CHECK(tenon_thread_sleep_ns(3 * MS) == TENON_OK);
	CHECK(counter == frozen);
	CHECK(tenon_thread_state(&workers[0]) == TENON_THREAD_SUSPENDED);
	CHECK(tenon_thread_resume(&workers[0]) == TENON_OK);
	CHECK(tenon_thread_resume(&workers[0]) == TENON_ERR_STATE);
	CHECK(tenon_thread_sleep_ns(3 * MS) == TENON_OK);
	CHECK(counter > frozen);
	stop = true;
	CHECK(join_all(1));

	/* A blocked thread that is suspended finishes its wait but does not run until resumed. */
	took = false;
	CHECK(tenon_sem_init(&sem, 0, 1) == TENON_OK);
	CHECK(spawn(0, taking_worker, NULL, 0) == TENON_OK);
	CHECK(tenon_thread_suspend(&workers[0]) == TENON_OK);
	CHECK(tenon_sem_give(&sem) == TENON_OK);
	CHECK(!took);
	CHECK(tenon_thread_state(&workers[0]) == TENON_THREAD_SUSPENDED);
	CHECK(tenon_thread_resume(&workers[0]) == TENON_OK);
	CHECK(took);
	CHECK(join_all(1));
	return true;
}

/* ---- preemption lock ------------------------------------------------------------------------------ */
static bool test_sched_lock(void)
{
	took = false;
	CHECK(tenon_sem_init(&sem, 0, 1) == TENON_OK);
	CHECK(spawn(0, taking_worker, NULL, 0) == TENON_OK);
	tenon_sched_lock();
	tenon_sched_lock();
	CHECK(tenon_sem_give(&sem) == TENON_OK);
	spin_ns(2 * MS); /* timer interrupts come and go; the locked thread keeps the CPU */
	CHECK(!took);
	tenon_sched_unlock();
	CHECK(!took);
	tenon_sched_unlock();
	CHECK(took);
	CHECK(join_all(1));
	return true;
}

/* ---- mutexes and priority inheritance ---------------------------------------------------------- */
static struct tenon_mutex mutex_a, mutex_b;
static volatile unsigned priority_after_unlock;
static volatile enum tenon_status isr_status;
static struct tenon_semaphore step;

static void inversion_low(void *arg)
{
	(void)arg;
	tenon_mutex_lock(&mutex_a, TENON_WAIT_FOREVER);
	spin_ns(5 * MS);
	tenon_mutex_unlock(&mutex_a);
	priority_after_unlock = tenon_thread_priority(tenon_thread_self());
	log_event('l');
}

static void inversion_high(void *arg)
{
	(void)arg;
	if (tenon_mutex_lock(&mutex_a, TENON_WAIT_FOREVER) == TENON_OK) {
		log_event('H');
		tenon_mutex_unlock(&mutex_a);
	}
}

static void inversion_medium(void *arg)
{
	(void)arg;
	spin_ns(20 * MS);
	log_event('M');
}

/*
 * Low (20) holds the mutex; High (5) blocks on it; Medium (10) becomes ready and computes for
 * 20 ms. With inheritance Low runs at 5, finishes its 5 ms critical section, drops back to 20 on
 * unlock, and High completes before Medium, Low last: "HMl". Without it Medium runs first: "MHl".
 */
static bool test_priority_inversion(void)
{
	log_reset();
	CHECK(tenon_mutex_init(&mutex_a, TENON_MUTEX_INHERIT) == TENON_OK);
	CHECK(spawn(0, inversion_low, NULL, 20) == TENON_OK);
	CHECK(tenon_thread_sleep_ns(1 * MS) == TENON_OK);
	CHECK(tenon_mutex_owner(&mutex_a) == &workers[0]);
	CHECK(spawn(1, inversion_high, NULL, 5) == TENON_OK);
	CHECK(spawn(2, inversion_medium, NULL, 10) == TENON_OK);
	CHECK(join_all(3));
	console_printf("  completion order: %s\n", order);
	CHECK(log_is("HMl"));
	CHECK(priority_after_unlock == 20);
	return true;
}

static void chain_a(void *arg)
{
	(void)arg;
	tenon_mutex_lock(&mutex_a, TENON_WAIT_FOREVER);
	tenon_sem_take(&step, TENON_WAIT_FOREVER);
	tenon_mutex_unlock(&mutex_a);
	priority_after_unlock = tenon_thread_priority(tenon_thread_self());
}

static volatile unsigned chain_b_after;

static void chain_b(void *arg)
{
	(void)arg;
	tenon_mutex_lock(&mutex_b, TENON_WAIT_FOREVER);
	tenon_mutex_lock(&mutex_a, TENON_WAIT_FOREVER);
	tenon_mutex_unlock(&mutex_a);
	tenon_mutex_unlock(&mutex_b);
	chain_b_after = tenon_thread_priority(tenon_thread_self());
}

static void chain_c(void *arg)
{
	(void)arg;
	if (tenon_mutex_lock(&mutex_b, TENON_WAIT_FOREVER) == TENON_OK)
		tenon_mutex_unlock(&mutex_b);
}

/* C (5) waits for B (15), which holds mutex_b and waits for A (20) holding mutex_a: A and B both
 * run at 5 until released, then drop back to their own priorities. */
static bool test_inheritance_chain(void)
{
	CHECK(tenon_mutex_init(&mutex_a, TENON_MUTEX_INHERIT) == TENON_OK);
	CHECK(tenon_mutex_init(&mutex_b, TENON_MUTEX_INHERIT) == TENON_OK);
	CHECK(tenon_sem_init(&step, 0, 1) == TENON_OK);
	CHECK(spawn(0, chain_a, NULL, 20) == TENON_OK);
	CHECK(tenon_thread_sleep_ns(1 * MS) == TENON_OK);
	CHECK(tenon_mutex_owner(&mutex_a) == &workers[0]);
	CHECK(spawn(1, chain_b, NULL, 15) == TENON_OK);
	CHECK(tenon_thread_sleep_ns(1 * MS) == TENON_OK);
	CHECK(tenon_thread_priority(&workers[0]) == 15);
	CHECK(spawn(2, chain_c, NULL, 5) == TENON_OK);
	CHECK(tenon_thread_sleep_ns(1 * MS) == TENON_OK);
	CHECK(tenon_thread_priority(&workers[0]) == 5);
	CHECK(tenon_thread_priority(&workers[1]) == 5);
	CHECK(tenon_sem_give(&step) == TENON_OK);
	CHECK(join_all(3));
	CHECK(priority_after_unlock == 20);
	CHECK(chain_b_after == 15);
	return true;
}

static void isr_take(struct tenon_timer *timer, void *arg)
{
	(void)timer;
	(void)arg;
	isr_status = tenon_sem_take(&sem, 1 * MS);
}

static bool test_mutex_rules(void)
{
	static struct tenon_timer timer;

	CHECK(tenon_mutex_init(&mutex_a, 0) == TENON_OK);
	CHECK(tenon_mutex_unlock(&mutex_a) == TENON_ERR_NOT_OWNER);
	CHECK(tenon_mutex_lock(&mutex_a, TENON_NO_WAIT) == TENON_OK);
	CHECK(tenon_mutex_lock(&mutex_a, TENON_NO_WAIT) == TENON_ERR_DEADLOCK);
	CHECK(tenon_mutex_unlock(&mutex_a) == TENON_OK);
	CHECK(tenon_mutex_owner(&mutex_a) == NULL);
	CHECK(tenon_mutex_init(&mutex_b, TENON_MUTEX_RECURSIVE | TENON_MUTEX_INHERIT) == TENON_OK);
	CHECK(tenon_mutex_lock(&mutex_b, TENON_NO_WAIT) == TENON_OK);
	CHECK(tenon_mutex_lock(&mutex_b, TENON_NO_WAIT) == TENON_OK);
	CHECK(tenon_mutex_unlock(&mutex_b) == TENON_OK);
	CHECK(tenon_mutex_owner(&mutex_b) == tenon_thread_self());
	CHECK(tenon_mutex_unlock(&mutex_b) == TENON_OK);
	CHECK(tenon_mutex_owner(&mutex_b) == NULL);
	CHECK(tenon_mutex_init(&mutex_a, 0x80) == TENON_ERR_INVALID);

	/* A blocking call from an interrupt handler is refused, not obeyed. */
	isr_status = TENON_OK;
	CHECK(tenon_sem_init(&sem, 0, 1) == TENON_OK);
	tenon_timer_init(&timer, isr_take, NULL);
	CHECK(tenon_timer_start(&timer, 1 * MS, 0) == TENON_OK);
	CHECK(tenon_thread_sleep_ns(3 * MS) == TENON_OK);
	CHECK(isr_status == TENON_ERR_IN_INTERRUPT);
	return true;
}

/* ---- software timers ----------------------------------------------------------------------------- */
#define MANY_TIMERS 10000
static struct tenon_timer many[MANY_TIMERS];
static volatile unsigned fired, out_of_order;
static uint64_t last_deadline;

static void count_firing(struct tenon_timer *timer, void *arg)
{
	(void)arg;
	if (timer->deadline < last_deadline)
		out_of_order++;
	last_deadline = timer->deadline;
	fired++;
}

static uint32_t random_state = 12345;

static uint32_t next_random(void)
{
	random_state ^= random_state << 13;
	random_state ^= random_state >> 17;
	random_state ^= random_state << 5;
	return random_state;
}

static bool test_software_timers(void)
{
	static struct tenon_timer one_shot, periodic;

	fired = 0;
	last_deadline = 0;
	tenon_timer_init(&one_shot, count_firing, NULL);
	CHECK(tenon_timer_start(&one_shot, 1 * MS, 0) == TENON_OK);
	CHECK(tenon_thread_sleep_ns(3 * MS) == TENON_OK);
	CHECK(fired == 1);
	CHECK(tenon_timer_stop(&one_shot) == TENON_ERR_STATE);

	fired = 0;
	last_deadline = 0;
	tenon_timer_init(&periodic, count_firing, NULL);
	CHECK(tenon_timer_start(&periodic, 1 * MS, 1 * MS) == TENON_OK);
	CHECK(tenon_thread_sleep_ns(10 * MS + 500 * US) == TENON_OK);
	CHECK(tenon_timer_stop(&periodic) == TENON_OK);
	unsigned periodic_count = fired;
	console_printf("  periodic 1 ms timer over 10.5 ms: %u firings\n", periodic_count);
	CHECK(periodic_count >= 9 && periodic_count <= 11);
	CHECK(tenon_thread_sleep_ns(3 * MS) == TENON_OK);
	CHECK(fired == periodic_count);

	if (CONFIG_TENON_TIMER_CAPACITY < MANY_TIMERS + 16) {
		console_printf("  %u-timer run skipped: TENON_TIMER_CAPACITY is %u\n", MANY_TIMERS,
			       CONFIG_TENON_TIMER_CAPACITY);
		return true;
	}
	fired = 0;
	out_of_order = 0;
	last_deadline = 0;
	uint64_t start = now();
	for (unsigned i = 0; i < MANY_TIMERS; i++) {
		tenon_timer_init(&many[i], count_firing, NULL);
		CHECK(tenon_timer_start(&many[i], 50 * MS + next_random() % (30 * MS), 0) == TENON_OK);
	}
	uint64_t armed_in = now() - start;
	CHECK(tenon_timers_armed() == MANY_TIMERS);
	unsigned cancelled = 0;
	for (unsigned i = 0; i < MANY_TIMERS; i += 3) {
		CHECK(tenon_timer_stop(&many[i]) == TENON_OK);
		cancelled++;
	}
	CHECK(tenon_thread_sleep_ns(120 * MS) == TENON_OK);
	console_printf("  %u timers armed in %llu us, %u cancelled, %u fired, %u out of order\n",
		       MANY_TIMERS, (unsigned long long)(armed_in / US), cancelled, fired,
		       out_of_order);
	CHECK(fired == MANY_TIMERS - cancelled);
	CHECK(out_of_order == 0);
	CHECK(tenon_timers_armed() == 0);
	return true;
}

static void run(const char *name, bool (*test)(void))
{
	if (!tenon_test_run(name, test)) {
		/* Leave no worker behind for the next test. */
		for (unsigned i = 0; i < WORKERS; i++)
			if (tenon_thread_state(&workers[i]) != TENON_THREAD_UNUSED &&
			    tenon_thread_state(&workers[i]) != TENON_THREAD_EXITED)
				tenon_thread_join(&workers[i], 200 * MS);
	}
}

void image_main(const void *dtb)
{
	platform_start(dtb, &main_thread, MAIN_PRIORITY);
	run("isr-preemption", test_isr_preemption);
	run("yield", test_yield);
	run("round-robin", test_round_robin);
	run("sleep-accuracy", test_sleep_accuracy);
	run("semaphore", test_semaphore);
	run("message-queue", test_message_queue);
	run("event-flags", test_event_flags);
	run("join", test_join);
	run("suspend-resume", test_suspend_resume);
	run("sched-lock", test_sched_lock);
	run("mutex-rules", test_mutex_rules);
	run("priority-inversion", test_priority_inversion);
	run("inheritance-chain", test_inheritance_chain);
	run("software-timers", test_software_timers);
	unsigned passed, failed;
	tenon_test_counts(&passed, &failed);
	console_printf("Tenon tests: %u passed, %u failed, %llu context switches\n", passed, failed,
		       (unsigned long long)tenon_sched_context_switches());
	tenon_power_off();
}
