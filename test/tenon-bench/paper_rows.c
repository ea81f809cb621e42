/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The rows of the paper's evaluation (section 5.2), defined from its text: thread switch among
 * 2..100 threads of one priority (Table 4), preemption (Table 5), semaphore wake-up with a switch
 * (Table 6), interrupt latency split into context save, ISR dispatch and context restore
 * (Figure 8), and timer management cost against 1..10,000 armed timers (Figure 9; the tick or
 * tickless mode is the image's). Last, a row the paper does not have: how long an urgent thread
 * waits for a mutex held by a low one while a middle one computes, with and without priority
 * inheritance: inheritance bounds the wait by the critical section.
 */
#include "suite.h"

#include <stdbool.h>

#include "array_length.h"
#include "bench.h"
#include "bench_port.h"
#include "console.h"

static const unsigned switch_threads[] = {2, 10, 20, 50, 100};
static const unsigned timer_counts[] = {1, 10, 100, 1000, 10000};

/* Timers far beyond the test (1 s and up), and the probe: before all of them, so that arming it
 * climbs the whole heap and, tickless, moves the next clock deadline. */
#define TIMER_FAR_NS 1000000000ull
#define TIMER_PROBE_NS 500000000ull
/* The overhead window and the one expiry inside it; under -icount shift=0 a nanosecond of
 * virtual time is one instruction, so the window is about 10M cycles. */
#define TIMER_WINDOW_CYCLES 10000000ull
#define TIMER_EXPIRY_NS 5000000ull
#define TIMER_WINDOWS 3
/* A spin-loop step takes a few cycles; a longer gap is an interrupt taken in between. */
#define SPIN_GAP_CYCLES 64

#define PI_RUNS 11
#define PI_SECTION_ITERATIONS 2000u
#define PI_BURST_ITERATIONS 200000u

static uint64_t samples[SUITE_RUNS];
static uint64_t phase_samples[3][SUITE_RUNS];

static volatile uint64_t stamp;
static struct bench_thread *urgent_thread;
static struct bench_sem *wake_sem;


/* bench_report leaves the samples sorted. */
static uint64_t median_of_reported(const uint64_t *reported, unsigned runs)
{
	return reported[runs / 2];
}

/* What the rows should show whatever the RTOS; generous margins, so that a cache on real hardware
 * does not fail them while a linear cost does. */
static void check(bool holds, const char *claim, uint64_t a, uint64_t b)
{
	console_printf("check: %s: %s (%llu, %llu)\n", claim, holds ? "PASS" : "FAIL",
		       (unsigned long long)a, (unsigned long long)b);
}

static void switch_rows(void)
{
	uint64_t fewest = 0, most = 0;

	for (unsigned i = 0; i < ARRAY_LENGTH(switch_threads); i++) {
		suite_switch_ring(switch_threads[i], samples, SUITE_RUNS);
		suite_report(samples, SUITE_RUNS, "paper_switch_%u_threads", switch_threads[i]);
		most = median_of_reported(samples, SUITE_RUNS);
		if (i == 0)
			fewest = most;
	}
	check(most <= fewest + fewest / 4,
	      "switch cost flat from 2 to 100 threads (median cycles at 2, at 100)", fewest, most);
}

static void preempted_waiter(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < SUITE_RUNS; i++) {
		bench_thread_suspend(urgent_thread);
		samples[i] = bench_cycles() - stamp;
	}
	bench_thread_exit();
}

static void preempting_resumer(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < SUITE_RUNS; i++) {
		stamp = bench_cycles();
		bench_thread_resume(urgent_thread);
	}
	bench_thread_exit();
}

static void sem_waiter(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < SUITE_RUNS; i++) {
		bench_sem_take(wake_sem);
		samples[i] = bench_cycles() - stamp;
	}
	bench_thread_exit();
}

static void sem_waker(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < SUITE_RUNS; i++) {
		stamp = bench_cycles();
		bench_sem_give(wake_sem);
	}
	bench_thread_exit();
}

static void run_pair(void (*urgent)(void *arg), void (*other)(void *arg))
{
	urgent_thread = bench_thread_create(urgent, NULL, 0);
	struct bench_thread *less_urgent = bench_thread_create(other, NULL, 1);
	bench_thread_join(urgent_thread);
	bench_thread_join(less_urgent);
	bench_port_reset();
}

static void wakeup_rows(void)
{
	run_pair(preempted_waiter, preempting_resumer);
	suite_report(samples, SUITE_RUNS, "paper_preemption");
	wake_sem = bench_sem_create(0);
	run_pair(sem_waiter, sem_waker);
	suite_report(samples, SUITE_RUNS, "paper_sem_wakeup_switch");
}

static volatile uint64_t isr_start, isr_end;

static void isr_stamps(void)
{
	isr_start = bench_cycles();
	isr_end = bench_cycles();
}

static void interrupt_rows(void)
{
	bench_irq_install(isr_stamps);
	for (unsigned i = 0; i < SUITE_RUNS; i++) {
		uint64_t raised = bench_irq_trigger_timed();
		uint64_t back = bench_cycles();
		uint64_t entry = bench_irq_entry_cycles();
		phase_samples[0][i] = entry - raised;
		phase_samples[1][i] = isr_start - entry;
		phase_samples[2][i] = back - isr_end;
		samples[i] = back - raised - (isr_end - isr_start);
	}
	bench_port_reset();
	if (bench_irq_entry_cycles() == 0)
		console_printf("paper: this port cannot split save from dispatch\n");
	suite_report(phase_samples[0], SUITE_RUNS, "paper_irq_save");
	suite_report(phase_samples[1], SUITE_RUNS, "paper_irq_dispatch");
	suite_report(phase_samples[2], SUITE_RUNS, "paper_irq_restore");
	suite_report(samples, SUITE_RUNS, "paper_irq_total");
}

static void timer_noop(void *arg)
{
	(void)arg;
}

/* Cycles the interrupts took from a spin loop of window cycles. */
static uint64_t stolen_cycles(uint64_t window)
{
	uint64_t start = bench_cycles(), previous = start, stolen = 0;

	for (;;) {
		uint64_t now = bench_cycles();
		if (now - previous > SPIN_GAP_CYCLES)
			stolen += now - previous;
		previous = now;
		if (now - start >= window)
			return stolen;
	}
}

static uint64_t timer_start_fewest;

static void timer_rows(unsigned count)
{
	for (unsigned i = 0; i < count; i++) {
		/* A scattered order, so that the heap is not filled in sorted order. */
		uint64_t spread = (uint64_t)((i * 7919u) % count) * 1000u;
		bench_timer_start(bench_timer_create(timer_noop, NULL), TIMER_FAR_NS + spread, 0);
	}
	struct bench_timer *probe = bench_timer_create(timer_noop, NULL);
	for (unsigned i = 0; i < SUITE_RUNS; i++) {
		uint64_t start = bench_cycles();
		bench_timer_start(probe, TIMER_PROBE_NS, 0);
		uint64_t middle = bench_cycles();
		bench_timer_stop(probe);
		phase_samples[1][i] = bench_cycles() - middle;
		phase_samples[0][i] = middle - start;
	}
	suite_report(phase_samples[0], SUITE_RUNS, "paper_timer_start_%u_armed", count);
	uint64_t start_median = median_of_reported(phase_samples[0], SUITE_RUNS);
	if (count == timer_counts[0])
		timer_start_fewest = start_median;
	else if (count == timer_counts[ARRAY_LENGTH(timer_counts) - 1])
		check(start_median <= 4 * timer_start_fewest,
		      "timer start grows no faster than log n (median cycles at 1, at 10000 armed)",
		      timer_start_fewest, start_median);
	suite_report(phase_samples[1], SUITE_RUNS, "paper_timer_stop_%u_armed", count);

	for (unsigned w = 0; w < TIMER_WINDOWS; w++) {
		bench_timer_start(probe, TIMER_EXPIRY_NS, 0);
		samples[w] = stolen_cycles(TIMER_WINDOW_CYCLES);
	}
	suite_report(samples, TIMER_WINDOWS, "paper_timer_cost_10ms_%u_armed", count);
	bench_port_reset();
}

static struct bench_mutex *pi_mutex;
static struct bench_sem *pi_holding;
static volatile uint64_t pi_wait;

static void pi_low(void *arg)
{
	(void)arg;
	bench_mutex_lock(pi_mutex);
	bench_sem_give(pi_holding);
	suite_busy(PI_SECTION_ITERATIONS);
	bench_mutex_unlock(pi_mutex);
	bench_thread_exit();
}

static void pi_middle(void *arg)
{
	(void)arg;
	suite_busy(PI_BURST_ITERATIONS);
	bench_thread_exit();
}

static void pi_high(void *arg)
{
	(void)arg;
	uint64_t start = bench_cycles();
	bench_mutex_lock(pi_mutex);
	pi_wait = bench_cycles() - start;
	bench_mutex_unlock(pi_mutex);
	bench_thread_exit();
}

/* Low takes the mutex first; then high asks for it while middle, between them, is ready. */
static uint64_t inversion_rows(bool inherit)
{
	for (unsigned i = 0; i < PI_RUNS; i++) {
		pi_mutex = bench_mutex_create(inherit);
		pi_holding = bench_sem_create(0);
		struct bench_thread *low = bench_thread_create(pi_low, NULL, 3);
		bench_sem_take(pi_holding);
		struct bench_thread *middle = bench_thread_create(pi_middle, NULL, 2);
		struct bench_thread *high = bench_thread_create(pi_high, NULL, 1);
		bench_thread_join(high);
		bench_thread_join(middle);
		bench_thread_join(low);
		bench_port_reset();
		samples[i] = pi_wait;
	}
	suite_report(samples, PI_RUNS, inherit ? "paper_pi_wait_inherit" : "paper_pi_wait_no_inherit");
	return median_of_reported(samples, PI_RUNS);
}

static void inversion_bounds(void)
{
	for (unsigned i = 0; i < PI_RUNS; i++) {
		uint64_t start = bench_cycles();
		suite_busy(PI_SECTION_ITERATIONS);
		samples[i] = bench_cycles() - start;
	}
	suite_report(samples, PI_RUNS, "paper_pi_critical_section");
	uint64_t section = median_of_reported(samples, PI_RUNS);
	for (unsigned i = 0; i < PI_RUNS; i++) {
		uint64_t start = bench_cycles();
		suite_busy(PI_BURST_ITERATIONS);
		samples[i] = bench_cycles() - start;
	}
	suite_report(samples, PI_RUNS, "paper_pi_middle_burst");
	uint64_t burst = median_of_reported(samples, PI_RUNS);
	uint64_t inherit_wait = inversion_rows(true);
	uint64_t plain_wait = inversion_rows(false);
	check(inherit_wait <= 2 * section,
	      "inheritance bounds the wait by the critical section (median wait, section)",
	      inherit_wait, section);
	check(plain_wait >= burst,
	      "without inheritance the middle burst is waited out (median wait, burst)", plain_wait,
	      burst);
}

void paper_rows_run(void)
{
	switch_rows();
	wakeup_rows();
	interrupt_rows();
	for (unsigned i = 0; i < ARRAY_LENGTH(timer_counts); i++)
		timer_rows(timer_counts[i]);
	inversion_bounds();
}
