/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include "tenon_rt.h"
#include "tenon_rt_tests.h"

static struct tenon_deferq queue;
static struct tenon_deferred items[4];

static void nothing(void *arg)
{
	(void)arg;
}

static int setup(void **state)
{
	(void)state;
	tenon_deferq_init(&queue);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(tenon_deferred_init(&items[i], nothing, &items[i]), TENON_OK);
	return 0;
}

static void test_empty_queue_pops_nothing(void **state)
{
	(void)state;
	assert_true(tenon_deferq_empty(&queue));
	assert_null(tenon_deferq_pop(&queue));
}

static void test_items_come_out_in_queuing_order(void **state)
{
	(void)state;
	assert_true(tenon_deferq_push(&queue, &items[2]));
	assert_true(tenon_deferq_push(&queue, &items[0]));
	assert_true(tenon_deferq_push(&queue, &items[3]));
	assert_false(tenon_deferq_empty(&queue));
	assert_ptr_equal(tenon_deferq_pop(&queue), &items[2]);
	assert_ptr_equal(tenon_deferq_pop(&queue), &items[0]);
	assert_ptr_equal(tenon_deferq_pop(&queue), &items[3]);
	assert_null(tenon_deferq_pop(&queue));
	assert_true(tenon_deferq_empty(&queue));
}

static void test_queuing_twice_runs_once(void **state)
{
	(void)state;
	assert_true(tenon_deferq_push(&queue, &items[1]));
	assert_false(tenon_deferq_push(&queue, &items[1]));
	assert_ptr_equal(tenon_deferq_pop(&queue), &items[1]);
	assert_null(tenon_deferq_pop(&queue));
}

/* The work may queue itself again while it runs: popping must have unqueued it first. */
static void test_popped_item_may_queue_again(void **state)
{
	(void)state;
	assert_true(tenon_deferq_push(&queue, &items[0]));
	assert_true(tenon_deferq_push(&queue, &items[1]));
	struct tenon_deferred *first = tenon_deferq_pop(&queue);
	assert_false(first->queued);
	assert_true(tenon_deferq_push(&queue, first));
	assert_ptr_equal(tenon_deferq_pop(&queue), &items[1]);
	assert_ptr_equal(tenon_deferq_pop(&queue), &items[0]);
	assert_true(tenon_deferq_empty(&queue));
}

static void test_init_refuses_missing_work(void **state)
{
	(void)state;
	struct tenon_deferred item;

	assert_int_equal(tenon_deferred_init(NULL, nothing, NULL), TENON_ERR_INVALID);
	assert_int_equal(tenon_deferred_init(&item, NULL, NULL), TENON_ERR_INVALID);
}

int run_deferq_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty_queue_pops_nothing, setup),
		cmocka_unit_test_setup(test_items_come_out_in_queuing_order, setup),
		cmocka_unit_test_setup(test_queuing_twice_runs_once, setup),
		cmocka_unit_test_setup(test_popped_item_may_queue_again, setup),
		cmocka_unit_test_setup(test_init_refuses_missing_work, setup),
	};
	return cmocka_run_group_tests_name("deferq", tests, NULL, NULL);
}
