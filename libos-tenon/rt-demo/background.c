/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Background load: a Fletcher-32 checksum over a buffer it keeps rewriting, forever, at the
 * lowest priority. It never blocks, so every release of the periodic task preempts it from an
 * interrupt: the latency the task reports is an interrupt-driven preemption, not a wake from idle.
 */
#include "rt_demo.h"

#define BUFFER_WORDS 2048u

static uint16_t buffer[BUFFER_WORDS];

/* Read by nobody on purpose: it keeps the compiler from discarding the work. */
static volatile uint32_t background_checksum;

static uint32_t fletcher32(const uint16_t *data, unsigned words)
{
	uint32_t sum1 = 0xffff, sum2 = 0xffff;

	for (unsigned i = 0; i < words; i++) {
		sum1 += data[i];
		sum2 += sum1;
		/* Folding every word keeps both sums below 2^17; no overflow, no division. */
		sum1 = (sum1 & 0xffff) + (sum1 >> 16);
		sum2 = (sum2 & 0xffff) + (sum2 >> 16);
	}
	return (sum2 & 0xffff) << 16 | (sum1 & 0xffff);
}

_Noreturn void rt_demo_background(void)
{
	for (uint32_t round = 0;; round++) {
		buffer[round % BUFFER_WORDS] = (uint16_t)(round * 2654435761u >> 16);
		background_checksum = fletcher32(buffer, BUFFER_WORDS);
	}
}
