/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include "readyq.h"
#include "tenon_rt_tests.h"

static struct tenon_readyq queue;

unsigned readyq_nodes(const struct tenon_readyq *counted)
{
	unsigned nodes_queued = 0;

	for (unsigned p = 0; p < CONFIG_TENON_PRIORITIES; p++)
		for (const struct tenon_list *node = counted->lists[p].next;
		     node != &counted->lists[p]; node = node->next)
			nodes_queued++;
	return nodes_queued;
}
static struct tenon_list nodes[CONFIG_TENON_PRIORITIES * 2];

static int setup(void **state)
{
	(void)state;
	tenon_readyq_init(&queue);
	return 0;
}

static void test_empty_queue_has_no_highest(void **state)
{
	(void)state;
	assert_int_equal(tenon_readyq_highest(&queue), -1);
	assert_null(tenon_readyq_pop(&queue));
	assert_false(tenon_readyq_has(&queue, 0));
	assert_false(tenon_readyq_has(&queue, CONFIG_TENON_PRIORITIES)); /* out of range: never */
}

static void test_every_priority_is_found(void **state)
{
	(void)state;
	for (unsigned p = 0; p < CONFIG_TENON_PRIORITIES; p++) {
		tenon_readyq_push_back(&queue, &nodes[p], p);
		assert_int_equal(tenon_readyq_highest(&queue), (int)p);
		assert_true(tenon_readyq_has(&queue, p));
		tenon_readyq_remove(&queue, &nodes[p], p);
		assert_int_equal(tenon_readyq_highest(&queue), -1);
		assert_int_equal(queue.summary, 0);
	}
}

static void test_most_urgent_first_across_groups(void **state)
{
	(void)state;
	unsigned last = CONFIG_TENON_PRIORITIES - 1;

	tenon_readyq_push_back(&queue, &nodes[0], last);
	tenon_readyq_push_back(&queue, &nodes[1], last / 2);
	tenon_readyq_push_back(&queue, &nodes[2], 5);
	assert_ptr_equal(tenon_readyq_pop(&queue), &nodes[2]);
	assert_ptr_equal(tenon_readyq_pop(&queue), &nodes[1]);
	assert_ptr_equal(tenon_readyq_pop(&queue), &nodes[0]);
	assert_null(tenon_readyq_pop(&queue));
	assert_int_equal(readyq_nodes(&queue), 0);
}

static void test_fifo_within_priority_and_front_insert(void **state)
{
	(void)state;
	tenon_readyq_push_back(&queue, &nodes[0], 7);
	tenon_readyq_push_back(&queue, &nodes[1], 7);
	tenon_readyq_push_front(&queue, &nodes[2], 7); /* a preempted thread keeps its turn */
	assert_ptr_equal(tenon_readyq_pop(&queue), &nodes[2]);
	assert_ptr_equal(tenon_readyq_pop(&queue), &nodes[0]);
	assert_ptr_equal(tenon_readyq_pop(&queue), &nodes[1]);
}

static void test_removing_one_of_two_keeps_the_bit(void **state)
{
	(void)state;
	tenon_readyq_push_back(&queue, &nodes[0], 40 % CONFIG_TENON_PRIORITIES);
	tenon_readyq_push_back(&queue, &nodes[1], 40 % CONFIG_TENON_PRIORITIES);
	tenon_readyq_remove(&queue, &nodes[0], 40 % CONFIG_TENON_PRIORITIES);
	assert_int_equal(tenon_readyq_highest(&queue), 40 % CONFIG_TENON_PRIORITIES);
	tenon_readyq_remove(&queue, &nodes[1], 40 % CONFIG_TENON_PRIORITIES);
	assert_int_equal(tenon_readyq_highest(&queue), -1);
}

/* Random pushes and pops against a count-per-priority model. */
static void test_random_against_model(void **state)
{
	(void)state;
	static struct tenon_list pool[512];
	unsigned model[CONFIG_TENON_PRIORITIES] = {0};
	unsigned priority_of[512];
	bool queued[512] = {false};

	srand(7);
	for (int step = 0; step < 20000; step++) {
		unsigned i = (unsigned)rand() % 512;
		if (!queued[i]) {
			priority_of[i] = (unsigned)rand() % CONFIG_TENON_PRIORITIES;
			if (rand() & 1)
				tenon_readyq_push_back(&queue, &pool[i], priority_of[i]);
			else
				tenon_readyq_push_front(&queue, &pool[i], priority_of[i]);
			queued[i] = true;
			model[priority_of[i]]++;
		} else if (rand() & 1) {
			tenon_readyq_remove(&queue, &pool[i], priority_of[i]);
			queued[i] = false;
			model[priority_of[i]]--;
		} else {
			struct tenon_list *node = tenon_readyq_pop(&queue);
			unsigned j = (unsigned)(node - pool);
			assert_true(j < 512 && queued[j]);
			for (unsigned p = 0; p < priority_of[j]; p++)
				assert_int_equal(model[p], 0);
			queued[j] = false;
			model[priority_of[j]]--;
		}
		int expected = -1;
		for (unsigned p = 0; p < CONFIG_TENON_PRIORITIES && expected < 0; p++)
			if (model[p] > 0)
				expected = (int)p;
		assert_int_equal(tenon_readyq_highest(&queue), expected);
	}
}

int run_readyq_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty_queue_has_no_highest, setup),
		cmocka_unit_test_setup(test_every_priority_is_found, setup),
		cmocka_unit_test_setup(test_most_urgent_first_across_groups, setup),
		cmocka_unit_test_setup(test_fifo_within_priority_and_front_insert, setup),
		cmocka_unit_test_setup(test_removing_one_of_two_keeps_the_bit, setup),
		cmocka_unit_test_setup(test_random_against_model, setup),
	};
	return cmocka_run_group_tests_name("readyq", tests, NULL, NULL);
}
