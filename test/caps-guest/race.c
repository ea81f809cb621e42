/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The capability system on several CPUs at once (issue #14, item 1). This vCPU holds CONTROL over
 * its own partition: it creates a vCPU of it on other CPUs (race.h) and starts it there. Then all of
 * them at once derive, read back and delete capabilities in a part of the RAM capability that is
 * each one's own, RACE_ROUNDS rounds each, remembering what they made. A derive that hands out a
 * selector its caller already holds, a read-back that differs in any field from what its caller
 * made, or another status than OK, each counts as a failure. Afterwards this vCPU reads every
 * slot of its space: the boot capabilities, the vCPU capabilities and exactly what the workers
 * still hold must be there, and nothing else.
 */
#include "guest.h"
#include "race.h"

#include "console.h"
#include "gtimer.h"

#define RACE_ROUNDS 10000
#define OWN_MAX 8 /* boot, vCPU and all workers' selectors stay below the 64 slots */
#define WORKER_RANGE (2ULL << 20) /* each worker's part of the 16 MiB RAM capability */
#define PAGE 0x1000ULL
#define WAIT_SECONDS 60
#define RACE_PAUSE_MAX 2000 /* loop iterations */
#define RAM_RIGHTS (CAP_RIGHT_READ | CAP_RIGHT_WRITE | CAP_RIGHT_EXECUTE | CAP_RIGHT_GRANT)

_Static_assert(BOOT_CAPABILITIES + (RACE_CPUS - 1) + RACE_CPUS * OWN_MAX <=
		       CONFIG_CAPS_SLOTS_PER_SPACE,
	       "every worker's capabilities must fit in the space");

struct own_capability {
	bool alive;
	cap_selector selector;
	uint64_t object, size;
	cap_rights rights;
};

struct worker {
	struct own_capability own[OWN_MAX];
	uint64_t random;
	unsigned derives, deletes, reads;
	unsigned duplicates, wrong_reads, wrong_statuses;
	bool done;
};

static struct worker workers[RACE_CPUS];
static uint64_t ram_base;
/* The workers count themselves in, then all start on go, so that their rounds overlap. */
static unsigned ready;
static bool go;

static uint64_t next_random(struct worker *w)
{
	w->random ^= w->random >> 12;
	w->random ^= w->random << 25;
	w->random ^= w->random >> 27;
	return w->random * 0x2545f4914f6cdd1dULL;
}

static bool reads_back(const struct own_capability *own)
{
	struct hc_registers r;

	return guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), own->selector, 0, 0, 0, 0) ==
		       CAP_OK &&
	       r.x[1] == CAP_TYPE_MEMORY && r.x[2] == own->rights && r.x[3] == own->object &&
	       r.x[4] == own->size && r.x[5] == 1;
}

static int find_own(const struct worker *w, bool alive)
{
	for (unsigned i = 0; i < OWN_MAX; i++)
		if (w->own[i].alive == alive)
			return (int)i;
	return -1;
}

static void derive_own(struct worker *w, unsigned number, struct own_capability *own)
{
	struct hc_registers r;
	uint64_t pages = WORKER_RANGE / PAGE;
	uint64_t first = next_random(w) % pages;
	uint64_t count = 1 + next_random(w) % (pages - first);
	uint64_t offset = number * WORKER_RANGE + first * PAGE;
	cap_rights rights = RAM_RIGHTS & (cap_rights)next_random(w);

	w->derives++;
	if (guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), SEL_RAM, rights, offset,
		       count * PAGE, 0) != CAP_OK) {
		w->wrong_statuses++;
		return;
	}
	for (unsigned i = 0; i < OWN_MAX; i++)
		if (w->own[i].alive && w->own[i].selector == r.x[1])
			w->duplicates++;
	*own = (struct own_capability){true, (cap_selector)r.x[1], ram_base + offset, count * PAGE,
				       rights};
	w->reads++;
	if (!reads_back(own))
		w->wrong_reads++;
}

static void delete_own(struct worker *w, struct own_capability *own)
{
	struct hc_registers r;
	enum cap_status status;

	w->deletes++;
	do
		status = guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DELETE), own->selector, 0, 0, 0,
				    0);
	while (status == CAP_PREEMPTED);
	if (status != CAP_OK)
		w->wrong_statuses++;
	own->alive = false;
}

/*
 * A random pause between hypercalls: the CPUs' calls overlap often enough to break a capability
 * system without a lock (every run of 8 did), and the lock is not contended on every call.
 */
static void pause_a_little(struct worker *w)
{
	for (uint64_t i = next_random(w) % RACE_PAUSE_MAX; i > 0; i--)
		__asm__ volatile("" ::: "memory");
}

static void race_rounds(unsigned number)
{
	struct worker *w = &workers[number];

	w->random = 0x9e3779b97f4a7c15ULL * (number + 1);
	/* Each round derives one (read back at once), reads one back and deletes one, mostly. */
	for (unsigned round = 0; round < RACE_ROUNDS; round++) {
		int free_entry = find_own(w, false);
		if (free_entry >= 0)
			derive_own(w, number, &w->own[free_entry]);
		pause_a_little(w);
		const struct own_capability *own = &w->own[next_random(w) % OWN_MAX];
		if (own->alive) {
			w->reads++;
			if (!reads_back(own))
				w->wrong_reads++;
		}
		pause_a_little(w);
		struct own_capability *victim = &w->own[next_random(w) % OWN_MAX];
		if (victim->alive && next_random(w) % 4 != 0)
			delete_own(w, victim);
		pause_a_little(w);
	}
	__atomic_store_n(&w->done, true, __ATOMIC_RELEASE);
}

void race_worker_main(uint64_t worker)
{
	if (worker == 0 || worker >= RACE_CPUS)
		return;
	__atomic_fetch_add(&ready, 1, __ATOMIC_ACQ_REL);
	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
		;
	race_rounds((unsigned)worker);
}

/* False if the workers are not all ready within WAIT_SECONDS. */
static bool wait_until_ready(unsigned workers_started)
{
	uint64_t deadline = gtimer_virtual_counter() + WAIT_SECONDS * gtimer_frequency();

	while (__atomic_load_n(&ready, __ATOMIC_ACQUIRE) < workers_started) {
		if (gtimer_virtual_counter() > deadline)
			return false;
	}
	return true;
}

/* The vCPUs started; false if one has not finished within WAIT_SECONDS. */
static bool wait_for_workers(const bool *started)
{
	uint64_t deadline = gtimer_virtual_counter() + WAIT_SECONDS * gtimer_frequency();

	for (unsigned w = 1; w < RACE_CPUS; w++) {
		while (started[w] && !__atomic_load_n(&workers[w].done, __ATOMIC_ACQUIRE)) {
			if (gtimer_virtual_counter() > deadline)
				return false;
		}
	}
	return true;
}

/* The owner of a slot at the end: a worker's capability, exactly as it made it. */
static const struct own_capability *owned(cap_selector selector)
{
	for (unsigned w = 0; w < RACE_CPUS; w++)
		for (unsigned i = 0; i < OWN_MAX; i++)
			if (workers[w].own[i].alive && workers[w].own[i].selector == selector)
				return &workers[w].own[i];
	return NULL;
}

/* Every slot holds what should be there and nothing else: the count of those that do not. */
static unsigned wrong_slots(const cap_selector *vcpus, unsigned vcpu_count)
{
	struct hc_registers r;
	unsigned wrong = 0;

	for (cap_selector s = 0; s < CONFIG_CAPS_SLOTS_PER_SPACE; s++) {
		enum cap_status status =
			guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), s, 0, 0, 0, 0);
		const struct own_capability *own = owned(s);
		bool vcpu = false;
		for (unsigned i = 0; i < vcpu_count; i++)
			vcpu |= vcpus[i] == s;
		if (s < BOOT_CAPABILITIES)
			wrong += status != CAP_OK;
		else if (vcpu)
			wrong += status != CAP_OK || r.x[1] != CAP_TYPE_VCPU;
		else if (own != NULL)
			wrong += !reads_back(own);
		else
			wrong += status != CAP_INVALID_CAP;
	}
	return wrong;
}

unsigned race_run(unsigned *failed)
{
	struct hc_registers r;
	cap_selector vcpus[RACE_CPUS];
	bool started[RACE_CPUS] = {true};
	unsigned cpus = 1, vcpu_count = 0, setup_failures = 0;

	*failed = 0;
	guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), SEL_RAM, 0, 0, 0, 0);
	ram_base = r.x[3];
	for (uint64_t cpu = 1; cpu < RACE_CPUS; cpu++) {
		enum cap_status status =
			guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_VCPU_CREATE), SEL_SELF,
				   cpu, (uintptr_t)race_secondary_entry, cpu, SEL_SCHED_CONTEXT);
		/* A machine with fewer CPUs (the benchmarks run on one): race on those there are. */
		if (status == CAP_INVALID_ARGUMENT)
			continue;
		cap_selector vcpu = (cap_selector)r.x[1];
		if (status != CAP_OK ||
		    guest_call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_START), vcpu, 0, 0, 0, 0) != CAP_OK) {
			console_printf("caps guest: FAIL race: no vCPU on CPU %u\n", (unsigned)cpu);
			setup_failures++;
			continue;
		}
		vcpus[vcpu_count++] = vcpu;
		started[cpu] = true;
		cpus++;
	}
	if (!wait_until_ready(cpus - 1)) {
		console_printf("caps guest: FAIL race: the workers did not start in %u s\n",
			       WAIT_SECONDS);
		*failed = 1;
		return cpus;
	}
	__atomic_store_n(&go, true, __ATOMIC_RELEASE);
	race_rounds(0);
	if (!wait_for_workers(started)) {
		console_printf("caps guest: FAIL race: a worker did not finish in %u s\n",
			       WAIT_SECONDS);
		*failed = 1;
		return cpus;
	}

	unsigned derives = 0, deletes = 0, reads = 0, duplicates = 0, wrong_reads = 0,
		 wrong_statuses = 0;
	for (unsigned w = 0; w < RACE_CPUS; w++) {
		derives += workers[w].derives;
		deletes += workers[w].deletes;
		reads += workers[w].reads;
		duplicates += workers[w].duplicates;
		wrong_reads += workers[w].wrong_reads;
		wrong_statuses += workers[w].wrong_statuses;
	}
	unsigned wrong = wrong_slots(vcpus, vcpu_count);
	/* Two lines: a partition's console line holds 160 bytes. */
	console_printf("caps guest: race on %u CPUs: %u rounds, %u derives, %u deletes, %u "
		       "read-backs\n",
		       cpus, cpus * RACE_ROUNDS, derives, deletes, reads);
	console_printf("caps guest: race: %u duplicate selectors, %u wrong read-backs, %u wrong "
		       "statuses, %u wrong slots at the end\n",
		       duplicates, wrong_reads, wrong_statuses, wrong);
	*failed = setup_failures + duplicates + wrong_reads + wrong_statuses + wrong;

	/*
	 * What the workers still hold goes, and the vCPU capabilities (the vCPUs stay, waiting for
	 * interrupts), so that the benchmarks find the space as it was.
	 */
	for (unsigned w = 0; w < RACE_CPUS; w++)
		for (unsigned i = 0; i < OWN_MAX; i++)
			if (workers[w].own[i].alive)
				delete_own(&workers[w], &workers[w].own[i]);
	for (unsigned i = 0; i < vcpu_count; i++)
		guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DELETE), vcpus[i], 0, 0, 0, 0);
	return cpus;
}
