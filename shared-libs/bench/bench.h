/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench: cycle measurements for the benchmark suites, read from PMCCNTR_EL0. With
 * PMCCFILTR_EL0.NSH set the counter also runs at EL2, so a hypercall or exit is counted whole. Under
 * QEMU with -icount shift=0 a cycle is one instruction and every figure repeats exactly.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>

/* Starts the cycle counter on this CPU, counting EL0, EL1 and EL2. */
void bench_counter_start(void);

static inline uint64_t bench_cycles(void)
{
#if defined(__aarch64__)
	uint64_t value;
	__asm__ volatile("isb\n\tmrs %0, pmccntr_el0" : "=r"(value)::"memory");
	return value;
#else
	extern uint64_t bench_fake_cycles;
	return bench_fake_cycles;
#endif
}

struct bench_summary {
	uint64_t min, median, max;
	unsigned runs;
};

/* Sorts samples in place and summarises them; runs > 0. */
struct bench_summary bench_summarise(uint64_t *samples, unsigned runs);
/* Prints "bench: NAME cycles min A median B max C runs N", the line test/bench.sh collects. */
void bench_report(const char *name, uint64_t *samples, unsigned runs);

#endif
