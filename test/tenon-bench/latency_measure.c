/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The rows of Zephyr's latency_measure benchmark, defined here from their descriptions and timed
 * through bench_port.h: yield, interrupt return to the same / another thread, thread create,
 * suspend, resume and abort (or self-exit where the RTOS has no abort), semaphore give/take with
 * and without a switch, mutex lock/unlock, and the queue and event-flag equivalents. Levels: 0 is
 * the more urgent thread of a pair, 1 the other; main outranks both and only waits.
 */
#include "suite.h"

#include <stdbool.h>

#include "bench.h"
#include "bench_port.h"
#include "console.h"

static uint64_t samples[SUITE_RUNS];
static uint64_t samples_other[SUITE_RUNS];

/* Shared between a pair of threads, or a thread and the ISR. */
static volatile uint64_t stamp;
static volatile uint64_t isr_end;
static struct bench_sem *pair_sem;
static struct bench_thread *urgent_thread;

static void yield_rows(void)
{
	suite_switch_ring(2, samples, SUITE_RUNS);
	suite_report(samples, SUITE_RUNS, "lm_thread_yield_switch");
}

static void isr_stamp_only(void)
{
	isr_end = bench_cycles();
}

static void isr_give(void)
{
	bench_sem_give(pair_sem);
	isr_end = bench_cycles();
}

static void isr_waiter(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < SUITE_RUNS; i++) {
		bench_sem_take(pair_sem);
		samples[i] = bench_cycles() - isr_end;
	}
	bench_thread_exit();
}

static void isr_raiser(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < SUITE_RUNS; i++)
		bench_irq_trigger();
	bench_thread_exit();
}

static void isr_rows(void)
{
	bench_irq_install(isr_stamp_only);
	for (unsigned i = 0; i < SUITE_RUNS; i++) {
		bench_irq_trigger();
		samples[i] = bench_cycles() - isr_end;
	}
	suite_report(samples, SUITE_RUNS, "lm_isr_return_to_same_thread");

	pair_sem = bench_sem_create(0);
	bench_irq_install(isr_give);
	struct bench_thread *waiter = bench_thread_create(isr_waiter, NULL, 0);
	struct bench_thread *raiser = bench_thread_create(isr_raiser, NULL, 1);
	bench_thread_join(waiter);
	bench_thread_join(raiser);
	bench_port_reset();
	suite_report(samples, SUITE_RUNS, "lm_isr_to_other_thread");
}

static void exit_at_once(void *arg)
{
	(void)arg;
	bench_thread_exit();
}

static void exit_stamped(void *arg)
{
	(void)arg;
	stamp = bench_cycles();
	bench_thread_exit();
}

static void self_suspender(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < SUITE_RUNS; i++) {
		stamp = bench_cycles();
		bench_thread_suspend(urgent_thread);
		samples_other[i] = bench_cycles() - stamp; /* resumed by the other: resume + switch */
	}
	bench_thread_exit();
}

static void resumer(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < SUITE_RUNS; i++) {
		samples[i] = bench_cycles() - stamp; /* the other suspended itself: suspend + switch */
		stamp = bench_cycles();
		bench_thread_resume(urgent_thread);
	}
	bench_thread_exit();
}

static void thread_rows(void)
{
	for (unsigned i = 0; i < SUITE_RUNS; i++) {
		uint64_t start = bench_cycles();
		struct bench_thread *thread = bench_thread_create(exit_at_once, NULL, BENCH_LEVELS - 1);
		samples[i] = bench_cycles() - start;
		bench_thread_join(thread);
		bench_port_reset();
	}
	suite_report(samples, SUITE_RUNS, "lm_thread_create");

	/* A ready, less urgent thread: neither call switches. */
	struct bench_thread *bystander = bench_thread_create(exit_at_once, NULL, BENCH_LEVELS - 1);
	for (unsigned i = 0; i < SUITE_RUNS; i++) {
		uint64_t start = bench_cycles();
		bench_thread_suspend(bystander);
		uint64_t middle = bench_cycles();
		bench_thread_resume(bystander);
		samples_other[i] = bench_cycles() - middle;
		samples[i] = middle - start;
	}
	bench_thread_join(bystander);
	bench_port_reset();
	suite_report(samples, SUITE_RUNS, "lm_thread_suspend_no_switch");
	suite_report(samples_other, SUITE_RUNS, "lm_thread_resume_no_switch");

	urgent_thread = bench_thread_create(self_suspender, NULL, 0);
	struct bench_thread *other = bench_thread_create(resumer, NULL, 1);
	bench_thread_join(urgent_thread);
	bench_thread_join(other);
	bench_port_reset();
	suite_report(samples, SUITE_RUNS, "lm_thread_suspend_self_switch");
	suite_report(samples_other, SUITE_RUNS, "lm_thread_resume_switch");

	if (bench_port_has_thread_abort()) {
		for (unsigned i = 0; i < SUITE_RUNS; i++) {
			struct bench_thread *victim =
				bench_thread_create(exit_at_once, NULL, BENCH_LEVELS - 1);
			uint64_t start = bench_cycles();
			bench_thread_abort(victim);
			samples[i] = bench_cycles() - start;
			bench_port_reset();
		}
		suite_report(samples, SUITE_RUNS, "lm_thread_abort");
		return;
	}
	/* No abort: the nearest row is a thread ending itself, until its joiner runs again. */
	for (unsigned i = 0; i < SUITE_RUNS; i++) {
		struct bench_thread *leaver = bench_thread_create(exit_stamped, NULL, 0);
		bench_thread_join(leaver);
		samples[i] = bench_cycles() - stamp;
		bench_port_reset();
	}
	suite_report(samples, SUITE_RUNS, "lm_thread_exit_to_joiner");
}

static void sem_taker(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < SUITE_RUNS; i++) {
		stamp = bench_cycles();
		bench_sem_take(pair_sem);
		samples_other[i] = bench_cycles() - stamp; /* give + switch back */
	}
	bench_thread_exit();
}

static void sem_giver(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < SUITE_RUNS; i++) {
		samples[i] = bench_cycles() - stamp; /* take that blocked + switch */
		stamp = bench_cycles();
		bench_sem_give(pair_sem);
	}
	bench_thread_exit();
}

static void sync_rows(void)
{
	struct bench_sem *sem = bench_sem_create(0);
	for (unsigned i = 0; i < SUITE_RUNS; i++) {
		uint64_t start = bench_cycles();
		bench_sem_give(sem);
		uint64_t middle = bench_cycles();
		bench_sem_take(sem);
		samples_other[i] = bench_cycles() - middle;
		samples[i] = middle - start;
	}
	suite_report(samples, SUITE_RUNS, "lm_sem_give_no_switch");
	suite_report(samples_other, SUITE_RUNS, "lm_sem_take_no_switch");

	pair_sem = bench_sem_create(0);
	struct bench_thread *taker = bench_thread_create(sem_taker, NULL, 0);
	struct bench_thread *giver = bench_thread_create(sem_giver, NULL, 1);
	bench_thread_join(taker);
	bench_thread_join(giver);
	suite_report(samples, SUITE_RUNS, "lm_sem_take_switch");
	suite_report(samples_other, SUITE_RUNS, "lm_sem_give_switch");

	struct bench_mutex *mutex = bench_mutex_create(true);
	for (unsigned i = 0; i < SUITE_RUNS; i++) {
		uint64_t start = bench_cycles();
		bench_mutex_lock(mutex);
		uint64_t middle = bench_cycles();
		bench_mutex_unlock(mutex);
		samples_other[i] = bench_cycles() - middle;
		samples[i] = middle - start;
	}
	suite_report(samples, SUITE_RUNS, "lm_mutex_lock");
	suite_report(samples_other, SUITE_RUNS, "lm_mutex_unlock");

	struct bench_queue *queue = bench_queue_create(1);
	uint8_t message[BENCH_MESSAGE_SIZE] = {0};
	for (unsigned i = 0; i < SUITE_RUNS; i++) {
		uint64_t start = bench_cycles();
		bench_queue_send(queue, message);
		uint64_t middle = bench_cycles();
		bench_queue_receive(queue, message);
		samples_other[i] = bench_cycles() - middle;
		samples[i] = middle - start;
	}
	suite_report(samples, SUITE_RUNS, "lm_queue_send_no_switch");
	suite_report(samples_other, SUITE_RUNS, "lm_queue_receive_no_switch");

	struct bench_events *events = bench_events_create();
	for (unsigned i = 0; i < SUITE_RUNS; i++) {
		uint64_t start = bench_cycles();
		bench_events_set(events, 1);
		uint64_t middle = bench_cycles();
		bench_events_wait_any(events, 1);
		samples_other[i] = bench_cycles() - middle;
		samples[i] = middle - start;
	}
	suite_report(samples, SUITE_RUNS, "lm_event_set_no_switch");
	suite_report(samples_other, SUITE_RUNS, "lm_event_wait_no_switch");
	bench_port_reset();
}

void latency_measure_run(void)
{
	yield_rows();
	isr_rows();
	thread_rows();
	sync_rows();
}
