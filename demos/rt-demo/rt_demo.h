/* SPDX-License-Identifier: Apache-2.0 */
/* The real-time demo's parts: the periodic task, its latency statistics, the background load. */
#ifndef RT_DEMO_H
#define RT_DEMO_H

#include <stdbool.h>
#include <stdint.h>

#ifdef CONFIG_TENON_RT_DEMO_PERIOD_US
#define RT_DEMO_PERIOD_US CONFIG_TENON_RT_DEMO_PERIOD_US
#else
#define RT_DEMO_PERIOD_US 1000
#endif
#ifdef CONFIG_TENON_RT_DEMO_REPORT
#define RT_DEMO_REPORT CONFIG_TENON_RT_DEMO_REPORT
#else
#define RT_DEMO_REPORT 1000
#endif

/* Wake-up latencies of one report window, in nanoseconds. */
struct latency_window {
	uint64_t min;
	uint64_t max;
	uint64_t sum;
	uint64_t count;
};

void latency_window_reset(struct latency_window *window);
void latency_window_add(struct latency_window *window, uint64_t latency_ns);
/* 0 for an empty window (every period of it skipped by an overrun). */
uint64_t latency_window_min(const struct latency_window *window);
uint64_t latency_window_avg(const struct latency_window *window);

/* The periodic task's totals since boot or since the last reset, for its control channel. */
struct rt_demo_totals {
	uint64_t periods;
	uint64_t misses;
	struct latency_window latency;
};

/* periodic.c: the task's body; never returns. */
void rt_demo_periodic(void *arg);
/* A consistent copy of the totals, from any thread (the task publishes them each period). */
void rt_demo_totals_read(struct rt_demo_totals *totals);
/* The task starts its totals afresh at its next period. */
void rt_demo_totals_reset(void);

/*
 * control.c: when the devicetree gives this partition a channel with a doorbell, a thread
 * below the periodic task answers over it with channel-msg (Linux's tenon-msg): "stats" the
 * totals, "reset" restarts them, "flood" records counted, "flood-end" their count. False, with
 * a console line, when there is no channel or it cannot be served.
 */
bool rt_demo_control_start(const void *dtb, unsigned priority);

/* background.c: busy work at the lowest priority; never returns. */
_Noreturn void rt_demo_background(void);

#endif
