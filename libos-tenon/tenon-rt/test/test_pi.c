/* SPDX-License-Identifier: Apache-2.0 */
/* Priority inheritance bookkeeping: chains, inheritance and restoration, without a scheduler. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "rt_internal.h"
#include "tenon_rt_tests.h"

struct tenon_cpu tenon_cpus[CONFIG_TENON_SMP_CPUS];

#define THREADS 16
static struct tenon_thread threads[THREADS];
static struct tenon_mutex mutexes[THREADS];
static struct tenon_cpu *cpu = &tenon_cpus[0];
static struct tenon_thread running;

/* mutex.c needs the architecture; its initialisation is all pi.c relies on. */
static void mutex_setup(struct tenon_mutex *mutex, uint32_t flags)
{
	mutex->owner = NULL;
	tenon_waitq_init(&mutex->waiters);
	tenon_list_init(&mutex->held_node);
	mutex->lock_count = 0;
	mutex->flags = flags;
}

static int setup(void **state)
{
	(void)state;
	memset(threads, 0, sizeof(threads));
	memset(cpu, 0, sizeof(*cpu));
	tenon_readyq_init(&cpu->ready);
	for (unsigned i = 0; i < THREADS; i++) {
		mutex_setup(&mutexes[i], TENON_MUTEX_INHERIT);
		tenon_list_init(&threads[i].queue_node);
		tenon_list_init(&threads[i].held_mutexes);
		threads[i].cpu = cpu;
		threads[i].state = TENON_THREAD_BLOCKED; /* suspended in a test's eyes: no queue */
	}
	memset(&running, 0, sizeof(running));
	running.base_priority = running.priority = 1;
	running.state = TENON_THREAD_RUNNING;
	running.cpu = cpu;
	tenon_list_init(&running.held_mutexes);
	cpu->current = &running;
	return 0;
}

static struct tenon_thread *thread(unsigned i, unsigned priority)
{
	threads[i].base_priority = threads[i].priority = priority;
	return &threads[i];
}

static void test_owner_inherits_and_restores(void **state)
{
	(void)state;
	struct tenon_thread *low = thread(0, 20), *high = thread(1, 5);

	tenon_pi_take(low, &mutexes[0]);
	assert_int_equal(tenon_pi_check_block(high, &mutexes[0]), TENON_OK);
	tenon_pi_block(high, &mutexes[0]);
	assert_int_equal(low->priority, 5);
	assert_ptr_equal(high->blocked_on_mutex, &mutexes[0]);
	assert_ptr_equal(tenon_pi_release(&mutexes[0]), high);
	assert_int_equal(low->priority, 20);
	assert_ptr_equal(mutexes[0].owner, high);
	assert_null(high->blocked_on_mutex);
	assert_null(high->waiting_on);
	assert_int_equal(high->priority, 5);
	assert_null(tenon_pi_release(&mutexes[0]));
	assert_null(mutexes[0].owner);
}

static void test_no_inherit_flag_no_boost(void **state)
{
	(void)state;
	struct tenon_thread *low = thread(0, 20), *high = thread(1, 5);

	mutex_setup(&mutexes[0], 0);
	tenon_pi_take(low, &mutexes[0]);
	tenon_pi_block(high, &mutexes[0]);
	assert_int_equal(low->priority, 20);
	assert_ptr_equal(tenon_pi_release(&mutexes[0]), high);
}

static void test_chain_of_three(void **state)
{
	(void)state;
	struct tenon_thread *a = thread(0, 20), *b = thread(1, 15), *c = thread(2, 5);

	tenon_pi_take(a, &mutexes[1]);
	tenon_pi_take(b, &mutexes[2]);
	tenon_pi_block(b, &mutexes[1]);
	assert_int_equal(a->priority, 15);
	tenon_pi_block(c, &mutexes[2]);
	assert_int_equal(b->priority, 5);
	assert_int_equal(a->priority, 5);

	/* A lets go: it drops to its own; B owns both and still inherits from C. */
	assert_ptr_equal(tenon_pi_release(&mutexes[1]), b);
	assert_int_equal(a->priority, 20);
	assert_int_equal(b->priority, 5);
	assert_ptr_equal(tenon_pi_release(&mutexes[2]), c);
	assert_int_equal(b->priority, 15);
	assert_ptr_equal(tenon_pi_release(&mutexes[1]), NULL);
	assert_int_equal(b->priority, 15);
}

static void test_withdrawn_waiter_restores_chain(void **state)
{
	(void)state;
	struct tenon_thread *a = thread(0, 20), *b = thread(1, 15), *c = thread(2, 5);

	tenon_pi_take(a, &mutexes[1]);
	tenon_pi_take(b, &mutexes[2]);
	tenon_pi_block(b, &mutexes[1]);
	tenon_pi_block(c, &mutexes[2]);
	assert_int_equal(a->priority, 5);
	tenon_pi_withdraw(c); /* C timed out */
	assert_int_equal(b->priority, 15);
	assert_int_equal(a->priority, 15);
	assert_null(c->blocked_on_mutex);
	tenon_pi_withdraw(b);
	assert_int_equal(a->priority, 20);
	tenon_pi_withdraw(b); /* twice: harmless */
}

static void test_most_urgent_of_several_held(void **state)
{
	(void)state;
	struct tenon_thread *owner = thread(0, 20), *w1 = thread(1, 10), *w2 = thread(2, 5);

	tenon_pi_take(owner, &mutexes[0]);
	tenon_pi_take(owner, &mutexes[1]);
	tenon_pi_block(w1, &mutexes[0]);
	tenon_pi_block(w2, &mutexes[1]);
	assert_int_equal(owner->priority, 5);
	assert_ptr_equal(tenon_pi_release(&mutexes[1]), w2);
	assert_int_equal(owner->priority, 10);
	assert_ptr_equal(tenon_pi_release(&mutexes[0]), w1);
	assert_int_equal(owner->priority, 20);
}

static void build_chain(unsigned owners)
{
	/* thread i holds mutex i and waits for mutex i-1. */
	for (unsigned i = 0; i < owners; i++) {
		tenon_pi_take(thread(i, 20), &mutexes[i]);
		if (i > 0)
			tenon_pi_block(&threads[i], &mutexes[i - 1]);
	}
}

static void test_chain_bound(void **state)
{
	(void)state;
	build_chain(CONFIG_TENON_MUTEX_MAX_CHAIN);
	struct tenon_thread *waiter = thread(THREADS - 1, 2);
	assert_int_equal(tenon_pi_check_block(waiter, &mutexes[CONFIG_TENON_MUTEX_MAX_CHAIN - 1]),
			 TENON_OK);
	tenon_pi_block(waiter, &mutexes[CONFIG_TENON_MUTEX_MAX_CHAIN - 1]);
	for (unsigned i = 0; i < CONFIG_TENON_MUTEX_MAX_CHAIN; i++)
		assert_int_equal(threads[i].priority, 2);

	setup(NULL);
	build_chain(CONFIG_TENON_MUTEX_MAX_CHAIN + 1);
	waiter = thread(THREADS - 1, 2);
	assert_int_equal(tenon_pi_check_block(waiter, &mutexes[CONFIG_TENON_MUTEX_MAX_CHAIN]),
			 TENON_ERR_CHAIN_TOO_DEEP);
}

static void test_deadlock_detected(void **state)
{
	(void)state;
	struct tenon_thread *a = thread(0, 10), *b = thread(1, 10);

	tenon_pi_take(a, &mutexes[0]);
	tenon_pi_take(b, &mutexes[1]);
	tenon_pi_block(a, &mutexes[1]);
	assert_int_equal(tenon_pi_check_block(b, &mutexes[0]), TENON_ERR_DEADLOCK);
	assert_int_equal(tenon_pi_check_block(a, &mutexes[0]), TENON_ERR_DEADLOCK);
}

static void test_ready_owner_is_requeued(void **state)
{
	(void)state;
	struct tenon_thread *low = thread(0, 20), *high = thread(1, 5);

	running.priority = running.base_priority = 10;
	tenon_pi_take(low, &mutexes[0]);
	low->state = TENON_THREAD_READY;
	tenon_readyq_push_back(&cpu->ready, &low->queue_node, 20);
	tenon_pi_block(high, &mutexes[0]);
	assert_int_equal(tenon_readyq_highest(&cpu->ready), 5);
	assert_true(cpu->need_resched); /* now more urgent than the running thread (10) */
	cpu->need_resched = false;
	assert_ptr_equal(tenon_pi_release(&mutexes[0]), high);
	assert_int_equal(tenon_readyq_highest(&cpu->ready), 20);
}

static void test_running_owner_lowered_yields(void **state)
{
	(void)state;
	struct tenon_thread *other = thread(1, 8), *high = thread(2, 3);

	tenon_pi_take(&running, &mutexes[0]);
	tenon_pi_block(high, &mutexes[0]);
	assert_int_equal(running.priority, 1); /* already more urgent: unchanged */
	running.base_priority = 12;
	tenon_pi_refresh(&running);
	assert_int_equal(running.priority, 3); /* base lowered, inheritance keeps it at 3 */
	other->state = TENON_THREAD_READY;
	tenon_readyq_push_back(&cpu->ready, &other->queue_node, 8);
	tenon_pi_release(&mutexes[0]);
	assert_int_equal(running.priority, 12);
	assert_true(cpu->need_resched);
}

static void test_boosted_waiter_moves_up(void **state)
{
	(void)state;
	struct tenon_thread *owner = thread(0, 20), *w1 = thread(1, 10), *w2 = thread(2, 12),
			    *urgent = thread(3, 3);

	tenon_pi_take(owner, &mutexes[0]);
	tenon_pi_block(w1, &mutexes[0]);
	tenon_pi_take(w2, &mutexes[1]);
	tenon_pi_block(w2, &mutexes[0]);
	assert_ptr_equal(tenon_waitq_first(&mutexes[0].waiters), w1);
	tenon_pi_block(urgent, &mutexes[1]);
	assert_int_equal(w2->priority, 3);
	assert_ptr_equal(tenon_waitq_first(&mutexes[0].waiters), w2);
	assert_int_equal(owner->priority, 3);
}

static void test_status_names(void **state)
{
	(void)state;
	assert_string_equal(tenon_status_name(TENON_OK), "ok");
	assert_string_equal(tenon_status_name(TENON_ERR_CHAIN_TOO_DEEP),
			    "mutex blocking chain too deep");
	assert_string_equal(tenon_status_name(TENON_STATUS_COUNT), "unknown status");
	for (int s = 0; s < TENON_STATUS_COUNT; s++)
		assert_non_null(tenon_status_name((enum tenon_status)s));
}

int run_pi_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_owner_inherits_and_restores, setup),
		cmocka_unit_test_setup(test_no_inherit_flag_no_boost, setup),
		cmocka_unit_test_setup(test_chain_of_three, setup),
		cmocka_unit_test_setup(test_withdrawn_waiter_restores_chain, setup),
		cmocka_unit_test_setup(test_most_urgent_of_several_held, setup),
		cmocka_unit_test_setup(test_chain_bound, setup),
		cmocka_unit_test_setup(test_deadlock_detected, setup),
		cmocka_unit_test_setup(test_ready_owner_is_requeued, setup),
		cmocka_unit_test_setup(test_running_owner_lowered_yields, setup),
		cmocka_unit_test_setup(test_boosted_waiter_moves_up, setup),
		cmocka_unit_test_setup(test_status_names, setup),
	};
	return cmocka_run_group_tests_name("pi", tests, NULL, NULL);
}
