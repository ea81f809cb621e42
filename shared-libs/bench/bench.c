/* SPDX-License-Identifier: Apache-2.0 */
#include "bench.h"

#include "console.h"

/* Insertion sort: a few hundred samples, no allocation, and usually nearly sorted already. */
static void sort(uint64_t *values, unsigned count)
{
	for (unsigned i = 1; i < count; i++) {
		uint64_t value = values[i];
		unsigned j = i;
		for (; j > 0 && values[j - 1] > value; j--)
			values[j] = values[j - 1];
		values[j] = value;
	}
}

struct bench_summary bench_summarise(uint64_t *samples, unsigned runs)
{
	sort(samples, runs);
	return (struct bench_summary){samples[0], samples[runs / 2], samples[runs - 1], runs};
}

void bench_report(const char *name, uint64_t *samples, unsigned runs)
{
	struct bench_summary summary = bench_summarise(samples, runs);

	console_printf("bench: %s cycles min %llu median %llu max %llu runs %u\n", name,
		       (unsigned long long)summary.min, (unsigned long long)summary.median,
		       (unsigned long long)summary.max, summary.runs);
}
