/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SMP on QEMU with two CPUs: both run threads (each reports the MPIDR it reads), a thread pinned
 * to a CPU never runs on the other, threads move between CPUs on request, a semaphore given on
 * one CPU wakes its waiter on the other through the reschedule SGI (tickless: nothing else would
 * wake the idle CPU), and a thread woken for the other CPU preempts a less urgent one running
 * there. Each test prints "PASS name" or "FAIL name: line N: what".
 *
 * Under -icount QEMU runs the vCPUs in turn, switching when one waits (WFI, WFE) or at the next
 * timer deadline, so no thread here waits for the other CPU by spinning on CPU 0: the waiting
 * side blocks or sleeps, and its CPU idles, which lets the other CPU run.
 */
#include "tenon.h"
#include "tenon_testing.h"

#include "boot.h"
#include "console.h"
#include "cpu.h"

#define MAIN_PRIORITY 10
#define US 1000ull
#define MS (1000 * US)
#define STACK 16384

static struct tenon_thread main_thread;
TENON_THREAD_STORAGE(worker_a, STACK);
TENON_THREAD_STORAGE(worker_b, STACK);
TENON_THREAD_STORAGE(worker_c, STACK);
/* MPIDR affinity of CPU 0 and CPU 1, as each read it itself. */
static uint64_t cpu_mpidr[2];


/* Where the caller runs, read with interrupts masked so index and MPIDR are of the same CPU. */
static void where(unsigned *index, uint64_t *mpidr)
{
	uint64_t saved = tenon_arch_irq_save();

	*index = tenon_cpu_index();
	*mpidr = cpu_mpidr_affinity();
	tenon_arch_irq_restore(saved);
}

static void join(struct tenon_thread *thread)
{
	tenon_thread_join(thread, TENON_WAIT_FOREVER);
}

/* Sleeps in steps until thread is in state (false after about a second). */
static bool wait_state(struct tenon_thread *thread, enum tenon_thread_state state)
{
	for (unsigned step = 0; step < 10000 && tenon_thread_state(thread) != state; step++)
		tenon_thread_sleep_ns(100 * US);
	return tenon_thread_state(thread) == state;
}

/* ---- threads on both CPUs ---- */

struct report {
	unsigned index;
	uint64_t mpidr;
	volatile bool done;
};
static struct report reports[2];

static void report_entry(void *arg)
{
	struct report *report = arg;

	where(&report->index, &report->mpidr);
	report->done = true;
}

static bool test_both_cpus_run(void)
{
	CHECK(tenon_cpus_online() == 2);
	for (unsigned cpu = 0; cpu < 2; cpu++)
		reports[cpu] = (struct report){0};
	CHECK(tenon_thread_create_on(&worker_a, "on0", report_entry, &reports[0], 5, worker_a_stack,
				     STACK, 0) == TENON_OK);
	CHECK(tenon_thread_create_on(&worker_b, "on1", report_entry, &reports[1], 5, worker_b_stack,
				     STACK, 1) == TENON_OK);
	join(&worker_a);
	join(&worker_b);
	CHECK(reports[0].done && reports[1].done);
	CHECK(reports[0].index == 0 && reports[1].index == 1);
	CHECK(reports[0].mpidr != reports[1].mpidr);
	cpu_mpidr[0] = reports[0].mpidr;
	cpu_mpidr[1] = reports[1].mpidr;
	console_printf("Tenon SMP: thread on CPU 0 saw MPIDR 0x%llx, thread on CPU 1 saw 0x%llx\n",
		       (unsigned long long)cpu_mpidr[0], (unsigned long long)cpu_mpidr[1]);
	CHECK(tenon_thread_create_on(&worker_c, "bad", report_entry, NULL, 5, worker_c_stack, STACK,
				     2) == TENON_ERR_INVALID);
	return true;
}

/* ---- affinity ---- */

#define PINNED_ROUNDS 200
static struct tenon_semaphore ping, pong;
static volatile unsigned wrong_cpu, pinned_rounds;

/* Pinned to CPU 1: wakes from CPU 0's gives, yields and sleeps, and checks where it is each time. */
static void pinned_entry(void *arg)
{
	(void)arg;
	for (unsigned round = 0; round < PINNED_ROUNDS; round++) {
		unsigned index;
		uint64_t mpidr;
		if (tenon_sem_take(&ping, 50 * MS) != TENON_OK)
			break;
		where(&index, &mpidr);
		wrong_cpu += index != 1 || mpidr != cpu_mpidr[1];
		if (round % 16 == 0)
			tenon_thread_sleep_ns(100 * US);
		tenon_thread_yield();
		where(&index, &mpidr);
		wrong_cpu += index != 1 || mpidr != cpu_mpidr[1];
		pinned_rounds = round + 1;
		tenon_sem_give(&pong);
	}
}

/* Keeps CPU 0 busy with short sleeps: a CPU the pinned thread could be put on if affinity were
 * not kept. */
static volatile bool stop_spinner;
static void spinner_entry(void *arg)
{
	(void)arg;
	while (!stop_spinner) {
		for (volatile unsigned spin = 0; spin < 1000; spin++)
			;
		tenon_thread_sleep_ns(30 * US);
	}
}

static bool test_affinity_respected(void)
{
	CHECK(tenon_sem_init(&ping, 0, 1) == TENON_OK);
	CHECK(tenon_sem_init(&pong, 0, 1) == TENON_OK);
	wrong_cpu = 0;
	stop_spinner = false;
	CHECK(tenon_thread_create_on(&worker_a, "pinned", pinned_entry, NULL, 5, worker_a_stack,
				     STACK, 1) == TENON_OK);
	CHECK(tenon_thread_create_on(&worker_b, "busy0", spinner_entry, NULL, 12, worker_b_stack,
				     STACK, 0) == TENON_OK);
	CHECK(tenon_thread_cpu(&worker_a) == 1 && tenon_thread_cpu(&worker_b) == 0);
	bool ok = true;
	for (unsigned round = 0; round < PINNED_ROUNDS && ok; round++) {
		ok = tenon_sem_give(&ping) == TENON_OK &&
		     tenon_sem_take(&pong, 50 * MS) == TENON_OK;
	}
	stop_spinner = true;
	join(&worker_a);
	join(&worker_b);
	CHECK(ok && pinned_rounds == PINNED_ROUNDS);
	CHECK(wrong_cpu == 0);
	return true;
}

/* ---- moving threads ---- */

static volatile unsigned moved_index[4];

static void mover_entry(void *arg)
{
	(void)arg;
	uint64_t mpidr;
	unsigned index;

	where(&index, &mpidr);
	moved_index[0] = index;
	/* Moving itself: it leaves at once and resumes on the other CPU. */
	tenon_thread_set_cpu(tenon_thread_self(), 1);
	where(&index, &mpidr);
	moved_index[1] = mpidr == cpu_mpidr[1] ? index : 99;
	/* Moved by main while blocked: wakes on CPU 0. */
	tenon_sem_take(&ping, TENON_WAIT_FOREVER);
	where(&index, &mpidr);
	moved_index[2] = mpidr == cpu_mpidr[0] ? index : 99;
}

static bool test_thread_moves(void)
{
	CHECK(tenon_sem_init(&ping, 0, 1) == TENON_OK);
	CHECK(tenon_thread_create_on(&worker_a, "mover", mover_entry, NULL, 5, worker_a_stack, STACK,
				     0) == TENON_OK);
	/* More urgent than main on main's CPU: it ran at once, moved itself, and waits on CPU 1. */
	CHECK(wait_state(&worker_a, TENON_THREAD_BLOCKED));
	CHECK(tenon_thread_cpu(&worker_a) == 1);
	CHECK(tenon_thread_set_cpu(&worker_a, 0) == TENON_OK);
	CHECK(tenon_thread_set_cpu(&worker_a, 5) == TENON_ERR_INVALID);
	CHECK(tenon_sem_give(&ping) == TENON_OK);
	join(&worker_a);
	CHECK(moved_index[0] == 0 && moved_index[1] == 1 && moved_index[2] == 0);
	return true;
}

/* ---- cross-CPU wake-up ---- */

#define WAKE_ROUNDS 50
static volatile uint64_t given_at, woken_at, worst_wake_ns;
static volatile unsigned woken;

static void waiter_entry(void *arg)
{
	(void)arg;
	while (tenon_sem_take(&ping, TENON_WAIT_FOREVER) == TENON_OK) {
		uint64_t latency = tenon_time_now_ns() - given_at;
		if (latency > worst_wake_ns)
			worst_wake_ns = latency;
		woken++;
		tenon_sem_give(&pong);
		if (woken == WAKE_ROUNDS)
			return;
	}
}

/*
 * The waiter on CPU 1 waits forever, and CPU 1 is tickless with no timer armed: it sits in WFI
 * until an interrupt comes. Only the reschedule SGI that CPU 0's give sends can wake it.
 */
static bool test_cross_cpu_wake(void)
{
	CHECK(tenon_sem_init(&ping, 0, 1) == TENON_OK);
	CHECK(tenon_sem_init(&pong, 0, 1) == TENON_OK);
	woken = 0;
	worst_wake_ns = 0;
	CHECK(tenon_thread_create_on(&worker_a, "waiter", waiter_entry, NULL, 5, worker_a_stack,
				     STACK, 1) == TENON_OK);
	for (unsigned round = 0; round < WAKE_ROUNDS; round++) {
		/* CPU 1 idle again with its waiter blocked, and no timer armed anywhere (main's
		 * sleeps have fired): nothing but the SGI can wake CPU 1. */
		CHECK(wait_state(&worker_a, TENON_THREAD_BLOCKED));
		tenon_thread_sleep_ns(200 * US);
		CHECK(tenon_timers_armed() == 0);
		given_at = tenon_time_now_ns();
		unsigned before = woken;
		CHECK(tenon_sem_give(&ping) == TENON_OK);
		CHECK(tenon_sem_take(&pong, 10 * MS) == TENON_OK);
		CHECK(woken == before + 1);
	}
	join(&worker_a);
	console_printf("Tenon SMP: %u cross-CPU wake-ups, worst %llu us\n", (unsigned)woken,
		       (unsigned long long)(worst_wake_ns / 1000));
	CHECK(worst_wake_ns < 1 * MS);
	return true;
}

/* ---- priority preemption across CPUs ---- */

static volatile bool urgent_ran, spinner_saw_urgent, urgent_cpu_ok;
static struct tenon_semaphore urgent_go;

/* Low priority on CPU 1: spins (never blocks or yields) until the urgent thread has run on its
 * CPU, which only preemption makes possible; bounded so that a failure ends. */
static void low_spinner_entry(void *arg)
{
	(void)arg;
	uint64_t end = tenon_time_now_ns() + 100 * MS;

	while (!urgent_ran && tenon_time_now_ns() < end)
		;
	spinner_saw_urgent = urgent_ran;
}

static void urgent_entry(void *arg)
{
	(void)arg;
	unsigned index;
	uint64_t mpidr;

	if (tenon_sem_take(&urgent_go, TENON_WAIT_FOREVER) != TENON_OK)
		return;
	where(&index, &mpidr);
	urgent_cpu_ok = index == 1 && mpidr == cpu_mpidr[1];
	urgent_ran = true;
}

static bool test_cross_cpu_preemption(void)
{
	urgent_ran = spinner_saw_urgent = urgent_cpu_ok = false;
	CHECK(tenon_sem_init(&urgent_go, 0, 1) == TENON_OK);
	/* The urgent thread blocks first, then the spinner takes CPU 1. */
	CHECK(tenon_thread_create_on(&worker_a, "urgent", urgent_entry, NULL, 2, worker_a_stack,
				     STACK, 1) == TENON_OK);
	CHECK(tenon_thread_create_on(&worker_b, "low", low_spinner_entry, NULL, 20, worker_b_stack,
				     STACK, 1) == TENON_OK);
	CHECK(wait_state(&worker_a, TENON_THREAD_BLOCKED));
	CHECK(wait_state(&worker_b, TENON_THREAD_RUNNING));
	CHECK(tenon_sem_give(&urgent_go) == TENON_OK);
	join(&worker_a);
	join(&worker_b);
	CHECK(urgent_ran && urgent_cpu_ok);
	CHECK(spinner_saw_urgent);
	return true;
}

/* ---- a mutex across CPUs, with inheritance ---- */

static struct tenon_mutex shared;
static volatile unsigned counter;
#define LOCK_ROUNDS 2000

static void locker_entry(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < LOCK_ROUNDS; i++) {
		if (tenon_mutex_lock(&shared, TENON_WAIT_FOREVER) != TENON_OK)
			return;
		unsigned value = counter;
		for (volatile unsigned spin = 0; spin < 20; spin++)
			;
		counter = value + 1;
		tenon_mutex_unlock(&shared);
	}
}

/* Two threads on each CPU increment under one mutex: no update lost. */
static bool test_cross_cpu_mutex(void)
{
	counter = 0;
	CHECK(tenon_mutex_init(&shared, TENON_MUTEX_INHERIT) == TENON_OK);
	CHECK(tenon_thread_create_on(&worker_a, "lock1", locker_entry, NULL, 12, worker_a_stack,
				     STACK, 1) == TENON_OK);
	CHECK(tenon_thread_create_on(&worker_b, "lock0", locker_entry, NULL, 12, worker_b_stack,
				     STACK, 0) == TENON_OK);
	CHECK(tenon_thread_create_on(&worker_c, "lock1b", locker_entry, NULL, 14, worker_c_stack,
				     STACK, 1) == TENON_OK);
	join(&worker_a);
	join(&worker_b);
	join(&worker_c);
	CHECK(counter == 3 * LOCK_ROUNDS);
	CHECK(tenon_mutex_owner(&shared) == NULL);
	return true;
}

void image_main(const void *dtb)
{
	platform_start(dtb, &main_thread, MAIN_PRIORITY);
	console_printf("Tenon SMP tests: %u CPUs online\n", tenon_cpus_online());

	tenon_test_run("both-cpus-run", test_both_cpus_run);
	tenon_test_run("affinity-respected", test_affinity_respected);
	tenon_test_run("thread-moves", test_thread_moves);
	tenon_test_run("cross-cpu-wake", test_cross_cpu_wake);
	tenon_test_run("cross-cpu-preemption", test_cross_cpu_preemption);
	tenon_test_run("cross-cpu-mutex", test_cross_cpu_mutex);
	tenon_test_finish("Tenon SMP tests");
}
