/* SPDX-License-Identifier: Apache-2.0 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "sync.h"

static void test_trylock_fails_while_held(void **state)
{
	(void)state;
	struct spinlock lock = SPINLOCK_INIT;

	assert_false(spin_is_locked(&lock));
	assert_true(spin_trylock(&lock));
	assert_true(spin_is_locked(&lock));
	assert_false(spin_trylock(&lock));
	spin_unlock(&lock);
	assert_false(spin_is_locked(&lock));
	assert_true(spin_trylock(&lock));
	spin_unlock(&lock);
}

static void test_tickets_wrap_around(void **state)
{
	(void)state;
	struct spinlock lock = SPINLOCK_INIT;

	for (unsigned i = 0; i < 70000; i++) {
		spin_lock(&lock);
		spin_unlock(&lock);
	}
	assert_false(spin_is_locked(&lock));
	assert_int_equal(lock.owner, 70000 % 65536);
}

#define CONTENDERS 4
#define ROUNDS 20000

struct shared_counter {
	struct spinlock lock;
	unsigned long value;
};

static void *contend(void *arg)
{
	struct shared_counter *counter = arg;

	for (unsigned i = 0; i < ROUNDS; i++) {
		spin_lock(&counter->lock);
		/* A non-atomic read-modify-write: loses updates unless the lock excludes. */
		unsigned long seen = counter->value;
		barrier_smp();
		counter->value = seen + 1;
		spin_unlock(&counter->lock);
	}
	return NULL;
}

static void test_lock_excludes_concurrent_threads(void **state)
{
	(void)state;
	struct shared_counter counter = {SPINLOCK_INIT, 0};
	pthread_t threads[CONTENDERS];

	for (unsigned i = 0; i < CONTENDERS; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, contend, &counter), 0);
	for (unsigned i = 0; i < CONTENDERS; i++)
		assert_int_equal(pthread_join(threads[i], NULL), 0);
	assert_int_equal(counter.value, (unsigned long)CONTENDERS * ROUNDS);
	assert_false(spin_is_locked(&counter.lock));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trylock_fails_while_held),
		cmocka_unit_test(test_tickets_wrap_around),
		cmocka_unit_test(test_lock_excludes_concurrent_threads),
	};
	return cmocka_run_group_tests_name("sync", tests, NULL, NULL);
}
