/* SPDX-License-Identifier: Apache-2.0 */
/* One worker's share of the attack, on its own CPU, interleaving everything. */
#include "hostile.h"

#include "cpu.h"
#include "exception.h"
#include "sync.h"

#define CALLS_PER_ROUND 16u
#define SEED 0x9e3779b97f4a7c15ULL
/* Now and then every root is revoked: what was delegated to the peer from it goes. */
#define REVOKE_EVERY_ROUNDS 64u

struct worker workers[HOSTILE_WORKERS];

static uint64_t worker_quota(unsigned index)
{
	uint64_t share = HOSTILE_CALLS / HOSTILE_WORKERS;

	return index == 0 ? HOSTILE_CALLS - share * (HOSTILE_WORKERS - 1) : share;
}

static void revoke_roots(struct worker *worker)
{
	for (unsigned root = 0; root < SANDBOX_ROOTS; root++) {
		if (worker->roots[root] == CAP_NONE)
			continue;
		enum cap_status status = revoke_fully(worker->roots[root]);
		if (status != CAP_OK)
			mismatch("worker %u: revoking root %u: %s", worker->index,
				 worker->roots[root], cap_status_name(status));
	}
}

void worker_run(struct worker *worker)
{
	uint64_t quota = worker_quota(worker->index);

	worker->random_state = SEED * (worker->index + 1);
	sandbox_open(worker);
	for (unsigned round = 0; worker->calls < quota; round++) {
		for (unsigned i = 0; i < CALLS_PER_ROUND && worker->calls < quota; i++)
			random_call(worker);
		race_round(worker);
		if (round % 8 == 0)
			sgi_storm(worker);
		if (round % 32 == 4)
			wfi_storm(worker);
		if (round % REVOKE_EVERY_ROUNDS == REVOKE_EVERY_ROUNDS - 1)
			revoke_roots(worker);
	}
	revoke_roots(worker);
	sandbox_close(worker);
	drain_interrupts();
	__atomic_store_n(&worker->done, true, __ATOMIC_RELEASE);
	event_signal();
}

/* arch/aarch64/worker_entry.S: the other workers' vCPUs start here, MMU on, stack set. */
void hostile_worker_main(unsigned index);
void hostile_worker_main(unsigned index)
{
	exception_install();
	interrupts_init();
	if (index < HOSTILE_WORKERS)
		worker_run(&workers[index]);
	hostile_park();
}

/* Done: interrupts the others still send are taken, so that WFI sleeps. */
_Noreturn void hostile_park(void)
{
	for (;;) {
		drain_interrupts();
		cpu_wait_for_interrupt();
	}
}
