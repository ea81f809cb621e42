/* SPDX-License-Identifier: Apache-2.0 */
/* Per-CPU ready queues (SMP): independent bitmaps, moving a ready thread between CPUs, and the
 * reschedule decision for the CPU a thread is woken on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include "readyq.h"
#include "tenon_rt_tests.h"

#define CPUS 4
static struct tenon_readyq queues[CPUS];
static struct tenon_list nodes[16];

static int setup(void **state)
{
	(void)state;
	for (unsigned cpu = 0; cpu < CPUS; cpu++)
		tenon_readyq_init(&queues[cpu]);
	return 0;
}

/* A thread made ready on one CPU is invisible to the others' selection. */
static void test_queues_are_independent(void **state)
{
	(void)state;
	tenon_readyq_push_back(&queues[1], &nodes[0], 3);
	tenon_readyq_push_back(&queues[2], &nodes[1], CONFIG_TENON_PRIORITIES - 1);
	assert_int_equal(tenon_readyq_highest(&queues[0]), -1);
	assert_int_equal(tenon_readyq_highest(&queues[1]), 3);
	assert_int_equal(tenon_readyq_highest(&queues[2]), CONFIG_TENON_PRIORITIES - 1);
	assert_int_equal(tenon_readyq_highest(&queues[3]), -1);
	assert_ptr_equal(tenon_readyq_pop(&queues[1]), &nodes[0]);
	assert_int_equal(queues[1].summary, 0);
	assert_int_equal(readyq_nodes(&queues[2]), 1);
}

/* Moving goes behind the equals on the new CPU and leaves the old CPU's bitmap exact. */
static void test_move_between_cpus(void **state)
{
	(void)state;
	tenon_readyq_push_back(&queues[0], &nodes[0], 7);
	tenon_readyq_push_back(&queues[0], &nodes[1], 40 % CONFIG_TENON_PRIORITIES);
	tenon_readyq_push_back(&queues[1], &nodes[2], 7);
	tenon_readyq_move(&queues[0], &queues[1], &nodes[0], 7);
	assert_false(tenon_readyq_has(&queues[0], 7));
	assert_int_equal(readyq_nodes(&queues[0]), 1);
	assert_int_equal(readyq_nodes(&queues[1]), 2);
	assert_ptr_equal(tenon_readyq_pop(&queues[1]), &nodes[2]);
	assert_ptr_equal(tenon_readyq_pop(&queues[1]), &nodes[0]);
	assert_int_equal(queues[1].summary, 0);
	/* The last node of a group word moved away clears the summary bit too. */
	tenon_readyq_move(&queues[0], &queues[3], &nodes[1], 40 % CONFIG_TENON_PRIORITIES);
	assert_int_equal(queues[0].summary, 0);
	assert_int_equal(tenon_readyq_highest(&queues[3]), 40 % CONFIG_TENON_PRIORITIES);
}

/* A CPU reschedules for a strictly more urgent thread; an idle CPU for any. */
static void test_preempt_decision(void **state)
{
	(void)state;
	assert_false(tenon_readyq_preempts(&queues[0], CONFIG_TENON_PRIORITIES));
	tenon_readyq_push_back(&queues[0], &nodes[0], CONFIG_TENON_PRIORITIES - 1);
	assert_true(tenon_readyq_preempts(&queues[0], CONFIG_TENON_PRIORITIES));
	assert_false(tenon_readyq_preempts(&queues[0], CONFIG_TENON_PRIORITIES - 1));
	tenon_readyq_push_back(&queues[0], &nodes[1], 4);
	assert_true(tenon_readyq_preempts(&queues[0], 5));
	assert_false(tenon_readyq_preempts(&queues[0], 4));
	assert_false(tenon_readyq_preempts(&queues[0], 0));
	/* Another CPU's urgent thread does not count here. */
	tenon_readyq_push_back(&queues[1], &nodes[2], 0);
	assert_false(tenon_readyq_preempts(&queues[0], 1 + 3));
	assert_true(tenon_readyq_preempts(&queues[1], 1));
}

int run_percpu_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_queues_are_independent, setup),
		cmocka_unit_test_setup(test_move_between_cpus, setup),
		cmocka_unit_test_setup(test_preempt_decision, setup),
	};
	return cmocka_run_group_tests_name("tenon-rt per-CPU queues", tests, NULL, NULL);
}
