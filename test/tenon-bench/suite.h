/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The benchmark suite's parts, portable: they use only bench_port.h, shared-libs/bench (cycles,
 * "bench:" lines), fmt and console. Each part prints its lines and returns with every object it
 * made given back (bench_port_reset).
 */
#ifndef SUITE_H
#define SUITE_H

#include <stdint.h>

/* Samples per latency row: odd, so the median is one measured value. */
#define SUITE_RUNS 101

/* Zephyr latency_measure's rows (names lm_*). */
void latency_measure_run(void);
/* The Thread-Metric tests (tm_*): cycles per operation over fixed windows. */
void thread_metric_run(void);
/* The paper's Tables 4-6 and Figures 8-9, and the priority-inversion bound (paper_*). */
void paper_rows_run(void);
/* All three, in that order. */
void bench_suite_run(void);

/*
 * threads threads of one level pass the CPU round by yielding; samples get runs switch times, each
 * from just before one thread's yield to just after the next one's yield returns. The first round
 * (every thread's first start) is not sampled.
 */
void suite_switch_ring(unsigned threads, uint64_t *samples, unsigned runs);

/* Burns about iterations * 4 instructions of work the compiler cannot drop. */
void suite_busy(uint32_t iterations);
/* bench_report with a name made by printf-style formatting. */
void suite_report(uint64_t *samples, unsigned runs, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

#endif
