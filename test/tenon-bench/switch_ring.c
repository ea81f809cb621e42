/* SPDX-License-Identifier: Apache-2.0 */
#include "suite.h"

#include <stdbool.h>

#include "bench.h"
#include "bench_port.h"

#define RING_LEVEL 2

static struct {
	uint64_t *samples;
	unsigned runs, threads;
	unsigned switches; /* yields returned so far, the first round included */
	unsigned taken;
	uint64_t before_yield;
	bool stop;
	struct bench_sem *done;
} ring;

static void ring_member(void *arg)
{
	(void)arg;
	for (;;) {
		uint64_t now = bench_cycles();
		/* Past the first round every member has been started once: a pure yield switch. */
		if (ring.switches++ >= ring.threads && !ring.stop) {
			ring.samples[ring.taken++] = now - ring.before_yield;
			if (ring.taken == ring.runs) {
				ring.stop = true;
				bench_sem_give(ring.done);
			}
		}
		if (ring.stop)
			break;
		ring.before_yield = bench_cycles();
		bench_thread_yield();
	}
	bench_thread_exit();
}

void suite_switch_ring(unsigned threads, uint64_t *samples, unsigned runs)
{
	static struct bench_thread *members[BENCH_MAX_THREADS];

	ring.samples = samples;
	ring.runs = runs;
	ring.threads = threads;
	ring.switches = 0;
	ring.taken = 0;
	ring.stop = false;
	ring.done = bench_sem_create(0);
	for (unsigned i = 0; i < threads; i++)
		members[i] = bench_thread_create(ring_member, NULL, RING_LEVEL);
	bench_sem_take(ring.done);
	for (unsigned i = 0; i < threads; i++)
		bench_thread_join(members[i]);
	bench_port_reset();
}
