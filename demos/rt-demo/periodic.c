/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The periodic task. Releases are absolute (release k at start + k * period), so neither the
 * wake-up latency nor the job's own run time shifts later releases. A job must finish before the
 * next release; one that does not is a miss, and releases that pass while it still runs are
 * misses too (their jobs never start: the task resumes at the next release still ahead, keeping
 * the cadence instead of running a burst of late jobs).
 */
#include "rt_demo.h"

#include "console.h"
#include "gtimer.h"
#include "tenon_rt.h"


/*
 * The totals, published by the task after each period under a sequence count (odd while it
 * writes), so that a reader on a lower priority, preempted mid-copy, sees that and copies again.
 */
static struct rt_demo_totals published;
static uint32_t published_sequence;
static bool reset_asked;

static void publish(const struct rt_demo_totals *totals)
{
	__atomic_store_n(&published_sequence, published_sequence + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	published = *totals;
	__atomic_store_n(&published_sequence, published_sequence + 1, __ATOMIC_RELEASE);
}

void rt_demo_totals_read(struct rt_demo_totals *totals)
{
	uint32_t before, after;

	do {
		before = __atomic_load_n(&published_sequence, __ATOMIC_ACQUIRE);
		*totals = published;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		after = __atomic_load_n(&published_sequence, __ATOMIC_RELAXED);
	} while ((before & 1u) != 0 || before != after);
}

void rt_demo_totals_reset(void)
{
	__atomic_store_n(&reset_asked, true, __ATOMIC_RELEASE);
}

struct periodic_state {
	uint64_t periods;
	uint64_t misses;
	uint64_t misses_reported; /* the total at the last report: the window's are the rest */
	uint64_t next_report;
	struct latency_window window;
	struct rt_demo_totals totals;
};

static void report(struct periodic_state *state)
{
	/* The shape tests and the mixed-system demo parse: keep it one line, fields in this order. */
	console_printf("rt: periods %llu latency-us min %llu avg %llu max %llu misses %llu "
		       "(%llu since last)\n",
		       (unsigned long long)state->periods,
		       (unsigned long long)(latency_window_min(&state->window) / GTIMER_NS_PER_US),
		       (unsigned long long)(latency_window_avg(&state->window) / GTIMER_NS_PER_US),
		       (unsigned long long)(state->window.max / GTIMER_NS_PER_US),
		       (unsigned long long)state->misses,
		       (unsigned long long)(state->misses - state->misses_reported));
	state->misses_reported = state->misses;
	latency_window_reset(&state->window);
	while (state->next_report <= state->periods)
		state->next_report += RT_DEMO_REPORT;
}

void rt_demo_periodic(void *arg)
{
	(void)arg;
	const uint64_t period_ns = (uint64_t)RT_DEMO_PERIOD_US * GTIMER_NS_PER_US;
	struct periodic_state state = {.next_report = RT_DEMO_REPORT};

	latency_window_reset(&state.window);
	latency_window_reset(&state.totals.latency);
	console_printf("rt: periodic task every %u us\n", (unsigned)RT_DEMO_PERIOD_US);
	uint64_t release = tenon_time_now_ns() + period_ns;
	for (;;) {
		tenon_thread_sleep_until_ns(release);
		/* tenon_time_now_ns reads the generic timer's virtual counter (CNTVCT_EL0). */
		uint64_t woke = tenon_time_now_ns();
		latency_window_add(&state.window, woke - release);
		if (__atomic_exchange_n(&reset_asked, false, __ATOMIC_ACQ_REL)) {
			state.totals = (struct rt_demo_totals){0};
			latency_window_reset(&state.totals.latency);
		}
		latency_window_add(&state.totals.latency, woke - release);
		uint64_t deadline = release + period_ns;

		state.periods++;
		if (state.periods >= state.next_report)
			report(&state);
		/* The job's end, report included: a late wake-up past the deadline lands here too. */
		uint64_t done = tenon_time_now_ns();
		if (done >= deadline) {
			uint64_t skipped = (done - deadline) / period_ns;
			state.misses += 1 + skipped;
			state.periods += skipped;
			state.totals.misses += 1 + skipped;
			state.totals.periods += skipped;
			deadline += skipped * period_ns;
		}
		state.totals.periods++;
		publish(&state.totals);
		release = deadline;
	}
}
