/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "tenon_rt_tests.h"
#include "timer_heap.h"

#define MANY 10000

static struct tenon_timer timers[MANY];
static struct tenon_timer *slots[MANY];
static struct tenon_timer_heap heap;

static int setup(void **state)
{
	(void)state;
	tenon_timer_heap_init(&heap, slots, MANY);
	for (unsigned i = 0; i < MANY; i++)
		tenon_timer_reset(&timers[i], NULL, NULL);
	return 0;
}

/* Every parent no later than its children, every back-pointer right. */
static void assert_heap_valid(void)
{
	for (uint32_t i = 0; i < heap.count; i++) {
		assert_int_equal(heap.slots[i]->heap_index, i);
		if (i > 0) {
			const struct tenon_timer *parent = heap.slots[(i - 1) / 2];
			assert_true(parent->deadline < heap.slots[i]->deadline ||
				    (parent->deadline == heap.slots[i]->deadline &&
				     parent->sequence < heap.slots[i]->sequence));
		}
	}
}

static void test_single_timer(void **state)
{
	(void)state;
	assert_null(tenon_timer_heap_top(&heap));
	assert_false(tenon_timer_is_armed(&timers[0]));
	assert_true(tenon_timer_heap_insert(&heap, &timers[0], 100));
	assert_true(tenon_timer_is_armed(&timers[0]));
	assert_false(tenon_timer_heap_insert(&heap, &timers[0], 50)); /* already armed */
	assert_null(tenon_timer_heap_pop_expired(&heap, 99));
	assert_ptr_equal(tenon_timer_heap_pop_expired(&heap, 100), &timers[0]);
	assert_false(tenon_timer_is_armed(&timers[0]));
	assert_false(tenon_timer_heap_remove(&heap, &timers[0])); /* not armed any more */
}

static void test_full_heap_refuses(void **state)
{
	(void)state;
	tenon_timer_heap_init(&heap, slots, 3);
	for (unsigned i = 0; i < 3; i++)
		assert_true(tenon_timer_heap_insert(&heap, &timers[i], i));
	assert_false(tenon_timer_heap_insert(&heap, &timers[3], 0));
	assert_false(tenon_timer_is_armed(&timers[3]));
	assert_true(tenon_timer_heap_remove(&heap, &timers[1]));
	assert_true(tenon_timer_heap_insert(&heap, &timers[3], 0));
	assert_ptr_equal(tenon_timer_heap_pop_expired(&heap, 10), &timers[0]);
	assert_ptr_equal(tenon_timer_heap_pop_expired(&heap, 10), &timers[3]);
}

static void test_equal_deadlines_fire_in_arming_order(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 50; i++)
		assert_true(tenon_timer_heap_insert(&heap, &timers[i], 7));
	for (unsigned i = 0; i < 50; i++)
		assert_ptr_equal(tenon_timer_heap_pop_expired(&heap, 7), &timers[i]);
}

static void test_ten_thousand_fire_in_order(void **state)
{
	(void)state;
	srand(1);
	for (unsigned i = 0; i < MANY; i++)
		assert_true(tenon_timer_heap_insert(&heap, &timers[i], (uint64_t)rand() % 100000));
	assert_int_equal(heap.count, MANY);
	assert_heap_valid();
	uint64_t last = 0;
	unsigned popped = 0;
	for (struct tenon_timer *t; (t = tenon_timer_heap_pop_expired(&heap, UINT64_MAX));) {
		assert_true(t->deadline >= last);
		last = t->deadline;
		popped++;
	}
	assert_int_equal(popped, MANY);
}

/* Random insert / cancel / expire against a brute-force model (the armed set). */
static void test_random_against_model(void **state)
{
	(void)state;
	static bool armed[MANY];
	static uint64_t deadline[MANY];
	uint64_t now = 0;

	srand(3);
	for (unsigned step = 0; step < 200000; step++) {
		unsigned i = (unsigned)rand() % MANY;
		int action = rand() % 8;
		if (action < 4 && !armed[i]) {
			deadline[i] = now + (uint64_t)(rand() % 5000);
			assert_true(tenon_timer_heap_insert(&heap, &timers[i], deadline[i]));
			armed[i] = true;
		} else if (action < 6) {
			assert_int_equal(tenon_timer_heap_remove(&heap, &timers[i]), armed[i]);
			armed[i] = false;
		} else {
			now += (uint64_t)(rand() % 50);
			for (struct tenon_timer *t; (t = tenon_timer_heap_pop_expired(&heap, now));) {
				unsigned j = (unsigned)(t - timers);
				assert_true(armed[j]);
				assert_true(deadline[j] <= now);
				armed[j] = false;
			}
			for (unsigned j = 0; j < MANY; j += 97) /* spot check: nothing due left */
				assert_false(armed[j] && deadline[j] <= now);
		}
		if (step % 10000 == 0)
			assert_heap_valid();
	}
	unsigned armed_count = 0;
	for (unsigned i = 0; i < MANY; i++) {
		armed_count += armed[i];
		assert_int_equal(tenon_timer_is_armed(&timers[i]), armed[i]);
	}
	assert_int_equal(heap.count, armed_count);
	assert_heap_valid();
}

static void test_cancel_every_position(void **state)
{
	(void)state;
	for (unsigned n = 1; n <= 64; n++) {
		for (unsigned victim = 0; victim < n; victim++) {
			setup(NULL);
			for (unsigned i = 0; i < n; i++)
				assert_true(tenon_timer_heap_insert(&heap, &timers[i],
								    (i * 37u) % 17u));
			assert_true(tenon_timer_heap_remove(&heap, &timers[victim]));
			assert_heap_valid();
			assert_int_equal(heap.count, n - 1);
		}
	}
}

int run_timer_heap_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_single_timer, setup),
		cmocka_unit_test_setup(test_full_heap_refuses, setup),
		cmocka_unit_test_setup(test_equal_deadlines_fire_in_arming_order, setup),
		cmocka_unit_test_setup(test_ten_thousand_fire_in_order, setup),
		cmocka_unit_test_setup(test_random_against_model, setup),
		cmocka_unit_test_setup(test_cancel_every_position, setup),
	};
	return cmocka_run_group_tests_name("timer_heap", tests, NULL, NULL);
}
