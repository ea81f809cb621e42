/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Background load: a Fletcher-32 checksum over a buffer it keeps rewriting, at the lowest
 * priority, in bursts that end in a sleep. Releases of the periodic task that fall in a burst
 * preempt it from an interrupt; the others wake the CPU from idle: the reported latency covers
 * both. The CPU is idle between bursts on purpose: under an emulator, a CPU that never sleeps
 * holds a host core and delays the emulation of every other CPU, which a board does not.
 */
#include "rt_demo.h"

#include "tenon_rt.h"

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

#define BURST_ROUNDS 8u
#define PAUSE_NS 3000000u

_Noreturn void rt_demo_background(void)
{
	for (uint32_t round = 0;; round++) {
		buffer[round % BUFFER_WORDS] = (uint16_t)(round * 2654435761u >> 16);
		background_checksum = fletcher32(buffer, BUFFER_WORDS);
		if (round % BURST_ROUNDS == BURST_ROUNDS - 1)
			tenon_thread_sleep_ns(PAUSE_NS);
	}
}
