/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The capability system on several CPUs at once: THREADS host threads play CPUs making capability
 * hypercalls through hc_dispatch (and so through the capability lock) on one shared system, as
 * guests on several CPUs do in Mortise. `make test` also runs this under ThreadSanitizer.
 *
 * Space 0 holds RAM (one memory capability), a partition capability for space 1 and SHARED, a
 * child of RAM. Each thread derives, deletes, revokes and reads back capabilities in its own part
 * of RAM, keeping its own model of what it made: every cap_info must return exactly what that
 * thread created, so a slot handed to two threads or a half-written entry shows. Across threads,
 * all delegate SHARED into space 1, and delete what they find there or revoke SHARED wholesale:
 * every capability in space 1 is such a delegation, so a slot there reads as one or as empty. At
 * the end, each thread's model is checked against the system once more and cap_system_check()
 * audits the whole.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "caps_test.h"

#define THREADS 4
#define ROUNDS 200000 /* enough for threads without the lock to break it in most runs */
#define OWN_MAX 10 /* per thread: 3 + THREADS * OWN_MAX slots of space 0 stay below SLOTS */
#define OWN_DEPTH_MAX 3
#define RAM_BASE 0x80000000ull
#define THREAD_RANGE (1ull << 20)
#define SHARED_OFFSET (THREADS * THREAD_RANGE)
#define SHARED_SIZE (1ull << 20)
#define PAGE 0x1000ull
#define SEL_RAM 0
#define SEL_PARTITION 1
#define SEL_SHARED 2
#define POT_SPACE 1
#define POT_RIGHTS CAP_RIGHT_READ
#define PREEMPTED_LIMIT 100000
/* Unlocked, the tree can get a cycle that revoke walks forever: a failure, not a hang. */
#define WATCHDOG_SECONDS 240

_Static_assert(3 + THREADS * OWN_MAX <= SLOTS, "space 0 must hold every thread's capabilities");

static const struct hc_group *const caps_only[] = { &hc_caps_group };
static const struct hc_table caps_table = { caps_only, 1 };

struct own_capability {
	bool alive;
	cap_selector selector;
	int parent; /* index in the thread's table, -1 for a child of RAM */
	struct cap_info info;
};

struct worker {
	pthread_t thread;
	unsigned number;
	struct cap_system *system;
	uint64_t random;
	struct own_capability own[OWN_MAX];
	unsigned long derived, deleted, revoked, read_back, delegated, pot_deleted, pot_read,
		shared_revokes;
};

/* The first failure any thread met; the main thread reports it after joining them. */
static pthread_mutex_t failure_lock = PTHREAD_MUTEX_INITIALIZER;
static char failure[256];
static unsigned long failures;

__attribute__((format(printf, 2, 3))) static bool fail_worker(struct worker *w,
							      const char *format, ...)
{
	va_list args;
	pthread_mutex_lock(&failure_lock);
	if (__atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED) == 0) {
		int length = snprintf(failure, sizeof(failure), "thread %u: ", w->number);
		va_start(args, format);
		vsnprintf(failure + length, sizeof(failure) - (size_t)length, format, args);
		va_end(args);
	}
	pthread_mutex_unlock(&failure_lock);
	return false;
}

static uint64_t next_random(struct worker *w)
{
	w->random ^= w->random >> 12;
	w->random ^= w->random << 25;
	w->random ^= w->random >> 27;
	return w->random * 0x2545f4914f6cdd1dull;
}

static uint64_t random_below(struct worker *w, uint64_t bound)
{
	return next_random(w) % bound;
}

static enum cap_status call(struct worker *w, uint16_t space, enum hc_caps_function function,
			    uint64_t x1, uint64_t x2, uint64_t x3, uint64_t x4,
			    struct hc_registers *registers)
{
	*registers = (struct hc_registers){ .x = { HC_ID(HC_GROUP_CAPS, function), x1, x2, x3, x4 } };
	return hc_dispatch(&caps_table, w->system, space, registers, NULL);
}

/* Revoke and delete are bounded per call: repeat while PREEMPTED, as a guest does. */
static enum cap_status until_done(struct worker *w, uint16_t space,
				  enum hc_caps_function function, cap_selector selector)
{
	struct hc_registers registers;
	enum cap_status status;
	unsigned rounds = 0;

	do
		status = call(w, space, function, selector, 0, 0, 0, &registers);
	while (status == CAP_PREEMPTED && ++rounds < PREEMPTED_LIMIT);
	return status;
}

static bool same_info(const struct cap_info *a, const struct cap_info *b)
{
	return a->type == b->type && a->rights == b->rights && a->object == b->object &&
	       a->size == b->size && a->depth == b->depth;
}

static bool read_info(struct worker *w, uint16_t space, cap_selector selector,
		      enum cap_status *status, struct cap_info *info)
{
	struct hc_registers r;
	*status = call(w, space, HC_CAP_INFO, selector, 0, 0, 0, &r);
	*info = (struct cap_info){ (enum cap_type)r.x[1], (cap_rights)r.x[2], r.x[3], r.x[4],
				   (unsigned)r.x[5] };
	return *status == CAP_OK;
}

static bool check_own(struct worker *w, const struct own_capability *own)
{
	enum cap_status status;
	struct cap_info info;

	if (!read_info(w, 0, own->selector, &status, &info))
		return fail_worker(w, "selector %u it made reads back as %s", own->selector,
				   cap_status_name(status));
	if (!same_info(&info, &own->info))
		return fail_worker(w,
				   "selector %u reads back as type %d rights %#x object %#llx size "
				   "%#llx depth %u, not the memory %#llx + %#llx depth %u it made",
				   own->selector, (int)info.type, info.rights,
				   (unsigned long long)info.object, (unsigned long long)info.size,
				   info.depth, (unsigned long long)own->info.object,
				   (unsigned long long)own->info.size, own->info.depth);
	return true;
}

/* After a delete or revoke, what went with it: every descendant of a dead entry is dead. */
static void forget_orphans(struct worker *w)
{
	for (bool changed = true; changed;) {
		changed = false;
		for (unsigned i = 0; i < OWN_MAX; i++) {
			struct own_capability *own = &w->own[i];
			if (own->alive && own->parent >= 0 && !w->own[own->parent].alive) {
				own->alive = false;
				changed = true;
			}
		}
	}
}

static int pick_alive(struct worker *w)
{
	unsigned start = (unsigned)random_below(w, OWN_MAX);
	for (unsigned k = 0; k < OWN_MAX; k++) {
		unsigned i = (start + k) % OWN_MAX;
		if (w->own[i].alive)
			return (int)i;
	}
	return -1;
}

static bool derive_own(struct worker *w)
{
	int free_entry = -1;
	for (unsigned i = 0; i < OWN_MAX && free_entry < 0; i++)
		if (!w->own[i].alive)
			free_entry = (int)i;
	if (free_entry < 0)
		return true;

	/* From RAM (its own part of it) or from one of its own, down to OWN_DEPTH_MAX. */
	int parent = random_below(w, 2) ? pick_alive(w) : -1;
	if (parent >= 0 && w->own[parent].info.depth >= OWN_DEPTH_MAX)
		parent = -1;
	cap_selector from = parent >= 0 ? w->own[parent].selector : SEL_RAM;
	uint64_t base = parent >= 0 ? w->own[parent].info.object - RAM_BASE :
				      w->number * THREAD_RANGE;
	uint64_t size = parent >= 0 ? w->own[parent].info.size : THREAD_RANGE;
	cap_rights rights = parent >= 0 ? w->own[parent].info.rights : CAP_RIGHTS_ALL;
	uint64_t pages = size / PAGE;
	uint64_t first = random_below(w, pages);
	uint64_t count = 1 + random_below(w, pages - first);
	uint64_t offset = (parent >= 0 ? 0 : base) + first * PAGE;
	cap_rights child_rights = rights & (cap_rights)next_random(w);

	struct hc_registers r;
	enum cap_status status = call(w, 0, HC_CAP_DERIVE, from, child_rights, offset,
				      count * PAGE, &r);
	if (status != CAP_OK)
		return fail_worker(w, "derive from its selector %u: %s", from,
				   cap_status_name(status));
	cap_selector selector = (cap_selector)r.x[1];
	for (unsigned i = 0; i < OWN_MAX; i++)
		if (w->own[i].alive && w->own[i].selector == selector)
			return fail_worker(w, "derive handed out selector %u, which it holds",
					   selector);
	if (selector <= SEL_SHARED)
		return fail_worker(w, "derive handed out boot selector %u", selector);
	w->own[free_entry] = (struct own_capability){
		.alive = true,
		.selector = selector,
		.parent = parent,
		.info = { CAP_TYPE_MEMORY, child_rights, RAM_BASE + base + first * PAGE,
			  count * PAGE, parent >= 0 ? w->own[parent].info.depth + 1 : 1 },
	};
	w->derived++;
	return check_own(w, &w->own[free_entry]);
}

static bool remove_own(struct worker *w, bool delete_too)
{
	int i = pick_alive(w);
	if (i < 0)
		return true;
	enum cap_status status = until_done(w, 0, delete_too ? HC_CAP_DELETE : HC_CAP_REVOKE,
					    w->own[i].selector);
	if (status != CAP_OK)
		return fail_worker(w, "%s of its selector %u: %s", delete_too ? "delete" : "revoke",
				   w->own[i].selector, cap_status_name(status));
	if (delete_too) {
		w->own[i].alive = false;
		w->deleted++;
	} else {
		/* Its descendants go, it stays. */
		for (unsigned c = 0; c < OWN_MAX; c++)
			if (w->own[c].alive && w->own[c].parent == i)
				w->own[c].alive = false;
		w->revoked++;
	}
	forget_orphans(w);
	return delete_too || check_own(w, &w->own[i]);
}

static bool read_back_own(struct worker *w)
{
	int i = pick_alive(w);
	if (i < 0)
		return true;
	w->read_back++;
	return check_own(w, &w->own[i]);
}

/* A slot of space 1 is empty or one of the delegations of SHARED, whoever made it. */
static bool check_pot_slot(struct worker *w, cap_selector selector)
{
	const struct cap_info delegation = { CAP_TYPE_MEMORY, POT_RIGHTS, RAM_BASE + SHARED_OFFSET,
					     SHARED_SIZE, 2 };
	enum cap_status status;
	struct cap_info info;

	w->pot_read++;
	if (!read_info(w, POT_SPACE, selector, &status, &info)) {
		if (status != CAP_INVALID_CAP)
			return fail_worker(w, "space 1 selector %u: %s", selector,
					   cap_status_name(status));
		return true;
	}
	if (!same_info(&info, &delegation))
		return fail_worker(w,
				   "space 1 selector %u reads as type %d object %#llx depth %u, "
				   "not a delegation of SHARED",
				   selector, (int)info.type, (unsigned long long)info.object,
				   info.depth);
	return true;
}

static bool shared_operation(struct worker *w)
{
	unsigned roll = (unsigned)random_below(w, 100);
	cap_selector selector = (cap_selector)random_below(w, SLOTS);
	struct hc_registers r;
	enum cap_status status;

	if (roll < 45) {
		status = call(w, 0, HC_CAP_DELEGATE, SEL_SHARED, SEL_PARTITION, POT_RIGHTS, 0, &r);
		if (status != CAP_OK && status != CAP_NO_MEMORY)
			return fail_worker(w, "delegate SHARED: %s", cap_status_name(status));
		w->delegated += status == CAP_OK;
		return status != CAP_OK || check_pot_slot(w, (cap_selector)r.x[1]);
	}
	if (roll < 75) {
		status = until_done(w, POT_SPACE, HC_CAP_DELETE, selector);
		if (status != CAP_OK && status != CAP_INVALID_CAP)
			return fail_worker(w, "delete in space 1: %s", cap_status_name(status));
		w->pot_deleted += status == CAP_OK;
		return true;
	}
	if (roll < 95)
		return check_pot_slot(w, selector);
	status = until_done(w, 0, HC_CAP_REVOKE, SEL_SHARED);
	if (status != CAP_OK)
		return fail_worker(w, "revoke SHARED: %s", cap_status_name(status));
	w->shared_revokes++;
	return true;
}

static void watchdog_expired(int signal_number)
{
	static const char message[] = "caps: concurrency: the threads did not finish in "
				      "time: a loop in a corrupted derivation tree?\n";
	(void)signal_number;
	(void)!write(STDERR_FILENO, message, sizeof(message) - 1);
	_exit(1);
}

/* All threads start their rounds together, so that they overlap from the first one. */
static pthread_barrier_t start_line;

static void *work(void *argument)
{
	struct worker *w = argument;

	pthread_barrier_wait(&start_line);

	for (unsigned round = 0; round < ROUNDS; round++) {
		unsigned roll = (unsigned)random_below(w, 100);
		bool ok = roll < 30	? derive_own(w) :
			  roll < 45	? remove_own(w, true) :
			  roll < 52	? remove_own(w, false) :
			  roll < 70	? read_back_own(w) :
					  shared_operation(w);
		if (!ok || __atomic_load_n(&failures, __ATOMIC_RELAXED) != 0)
			return NULL;
	}
	return NULL;
}

static void test_threads_derive_delete_and_revoke_at_once(void **state)
{
	(void)state;
	struct cap_system *system = new_system();
	static struct worker workers[THREADS];

	assert_status(space_create(system, 0), CAP_OK);
	assert_status(space_create(system, POT_SPACE), CAP_OK);
	assert_status(cap_create(system, 0, CAP_TYPE_MEMORY, RAM_BASE, SHARED_OFFSET + SHARED_SIZE,
				 CAP_RIGHTS_ALL, NULL),
		      CAP_OK);
	assert_status(cap_create(system, 0, CAP_TYPE_PARTITION, POT_SPACE, 0, CAP_RIGHT_GRANT, NULL),
		      CAP_OK);
	assert_status(cap_derive(system, 0, SEL_RAM, CAP_RIGHT_READ | CAP_RIGHT_GRANT,
				 SHARED_OFFSET, SHARED_SIZE, NULL),
		      CAP_OK);

	signal(SIGALRM, watchdog_expired);
	alarm(WATCHDOG_SECONDS);
	assert_int_equal(pthread_barrier_init(&start_line, NULL, THREADS), 0);
	for (unsigned t = 0; t < THREADS; t++) {
		workers[t] = (struct worker){ .number = t, .system = system, .random = 0x9e37 + t };
		assert_int_equal(pthread_create(&workers[t].thread, NULL, work, &workers[t]), 0);
	}
	for (unsigned t = 0; t < THREADS; t++)
		assert_int_equal(pthread_join(workers[t].thread, NULL), 0);
	alarm(0);
	pthread_barrier_destroy(&start_line);
	if (failures != 0)
		fail_msg("%lu failures; the first: %s", failures, failure);

	/* Everything each thread believes it holds is there, and nothing else in space 0. */
	unsigned own_alive = 0;
	for (unsigned t = 0; t < THREADS; t++) {
		struct worker *w = &workers[t];
		for (unsigned i = 0; i < OWN_MAX; i++) {
			if (w->own[i].alive) {
				own_alive++;
				assert_true(check_own(w, &w->own[i]));
			}
		}
		for (cap_selector s = 0; s < SLOTS; s++)
			assert_true(check_pot_slot(w, s));
		print_message("thread %u: derived %lu deleted %lu revoked %lu read back %lu; "
			      "space 1: delegated %lu deleted %lu read %lu; SHARED revoked %lu\n",
			      t, w->derived, w->deleted, w->revoked, w->read_back, w->delegated,
			      w->pot_deleted, w->pot_read, w->shared_revokes);
		assert_true(w->derived > ROUNDS / 5 && w->shared_revokes > 0);
	}
	assert_consistent(system);
	assert_false(spin_is_locked(&system->lock));
	unsigned used_in_space_0 = 0;
	for (cap_selector s = 0; s < SLOTS; s++)
		used_in_space_0 += slot_index(system, 0, s) != CAP_NONE;
	assert_int_equal(used_in_space_0, 3 + own_alive);

	/* Revoking RAM takes every derived and delegated capability back: only two roots stay. */
	assert_status(cap_revoke(system, 0, SEL_RAM, ALL_SLOTS), CAP_OK);
	assert_consistent(system);
	assert_int_equal(system->entries_in_use, 2);
	free(system);
}

int run_concurrency_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threads_derive_delete_and_revoke_at_once),
	};
	return cmocka_run_group_tests_name("caps: concurrency", tests, NULL, NULL);
}
