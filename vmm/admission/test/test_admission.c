// SPDX-License-Identifier: Apache-2.0
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "admission.h"

static struct admission_pool pool;

static struct admission_params params(uint32_t budget, uint32_t period, uint8_t priority)
{
	return (struct admission_params){.budget_us = budget, .period_us = period,
					 .priority = priority};
}

static void test_two_instances_share_one_cpu(void **state)
{
	(void)state;
	uint8_t cpu[1];
	struct admission_params high = params(2000, 10000, 20), low = params(5000, 10000, 10);

	assert_true(admission_init(&pool, 1, 900000));
	assert_int_equal(admission_place(&pool, 1, 1, &high, cpu), ADMISSION_OK);
	assert_int_equal(admission_place(&pool, 2, 1, &low, cpu), ADMISSION_OK);
	assert_int_equal(cpu[0], 0);
	assert_int_equal(admission_load(&pool, 0), 700000);
	/* 30% more fits under 100% but not under the 90% bound. */
	struct admission_params more = params(3000, 10000, 5);
	assert_int_equal(admission_place(&pool, 3, 1, &more, cpu), ADMISSION_REFUSED);
	assert_int_equal(admission_load(&pool, 0), 700000);
	assert_true(admission_remove(&pool, 1));
	assert_int_equal(admission_place(&pool, 3, 1, &more, cpu), ADMISSION_OK);
}

/* 90% is within the bound, but the lower-priority vCPU would miss its period (R = 80 > 75). */
static void test_guarantee_of_a_running_instance_is_kept(void **state)
{
	(void)state;
	uint8_t cpu[1];
	struct admission_params running = params(30, 75, 10), urgent = params(25, 50, 20);

	assert_true(admission_init(&pool, 1, 1000000));
	assert_int_equal(admission_place(&pool, 1, 1, &running, cpu), ADMISSION_OK);
	assert_int_equal(admission_place(&pool, 2, 1, &urgent, cpu), ADMISSION_REFUSED);
	/* At a lower priority it would miss its own period: R = 25 + 30 = 55 > 50. */
	urgent.priority = 5;
	assert_int_equal(admission_place(&pool, 2, 1, &urgent, cpu), ADMISSION_REFUSED);
	/* A shorter budget fits: R(running) = 30 + 10 = 40 <= 75. */
	urgent = params(10, 50, 20);
	assert_int_equal(admission_place(&pool, 2, 1, &urgent, cpu), ADMISSION_OK);
}

static void test_instance_is_placed_whole_or_not_at_all(void **state)
{
	(void)state;
	uint8_t cpu[3];
	struct admission_params p = params(6000, 10000, 10);

	assert_true(admission_init(&pool, 2, 900000));
	assert_int_equal(admission_place(&pool, 1, 3, &p, cpu), ADMISSION_REFUSED);
	assert_int_equal(admission_load(&pool, 0) + admission_load(&pool, 1), 0);
	assert_int_equal(admission_place(&pool, 1, 2, &p, cpu), ADMISSION_OK);
	assert_int_not_equal(cpu[0], cpu[1]); /* spread: each CPU takes one */
	assert_int_equal(admission_place(&pool, 1, 1, &p, cpu), ADMISSION_BAD_ARGUMENTS);
}

static void test_change_is_refused_and_undone(void **state)
{
	(void)state;
	uint8_t cpu[1];
	struct admission_params a = params(4000, 10000, 10), b = params(4000, 10000, 10);

	assert_true(admission_init(&pool, 1, 900000));
	assert_int_equal(admission_place(&pool, 1, 1, &a, cpu), ADMISSION_OK);
	assert_int_equal(admission_place(&pool, 2, 1, &b, cpu), ADMISSION_OK);
	struct admission_params greedy = params(6000, 10000, 30);
	assert_int_equal(admission_change(&pool, 2, &greedy), ADMISSION_REFUSED);
	assert_int_equal(admission_load(&pool, 0), 800000);
	struct admission_params modest = params(5000, 10000, 30);
	assert_int_equal(admission_change(&pool, 2, &modest), ADMISSION_OK);
	assert_int_equal(admission_load(&pool, 0), 900000);
	assert_int_equal(admission_change(&pool, 7, &modest), ADMISSION_BAD_ARGUMENTS);
}

static void test_freed_cpu_takes_load(void **state)
{
	(void)state;
	uint8_t cpu[1];
	struct admission_params p = params(4000, 10000, 10);
	struct admission_vcpu moved;

	assert_true(admission_init(&pool, 2, 900000));
	for (uint32_t owner = 1; owner <= 4; owner++)
		assert_int_equal(admission_place(&pool, owner, 1, &p, cpu), ADMISSION_OK);
	assert_false(admission_rebalance(&pool, &moved)); /* 80% and 80% */
	/* Stop both instances on one CPU: the other has two, this one none. */
	uint8_t emptied = pool.vcpus[0].cpu;
	for (unsigned i = 0; i < ADMISSION_MAX_VCPUS; i++)
		if (pool.vcpus[i].used && pool.vcpus[i].cpu == emptied)
			admission_remove(&pool, pool.vcpus[i].owner);
	assert_int_equal(admission_load(&pool, emptied), 0);
	assert_true(admission_rebalance(&pool, &moved));
	assert_int_equal(moved.cpu, emptied);
	assert_int_equal(admission_load(&pool, 0), 400000);
	assert_int_equal(admission_load(&pool, 1), 400000);
	assert_false(admission_rebalance(&pool, &moved));
}

static void test_bad_arguments_and_limits(void **state)
{
	(void)state;
	uint8_t cpu[ADMISSION_MAX_VCPUS];
	struct admission_params tiny = params(1, 1000000, 1);

	assert_false(admission_init(&pool, 0, 900000));
	assert_false(admission_init(&pool, ADMISSION_MAX_CPUS + 1, 900000));
	assert_false(admission_init(&pool, 1, 0));
	assert_false(admission_init(&pool, 1, ADMISSION_PPM + 1));
	assert_true(admission_init(&pool, 1, ADMISSION_PPM));
	struct admission_params bad[] = {params(0, 10, 1), params(11, 10, 1), params(1, 0, 1)};
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(admission_place(&pool, 1, 1, &bad[i], cpu), ADMISSION_BAD_ARGUMENTS);
	assert_int_equal(admission_place(&pool, 1, 0, &tiny, cpu), ADMISSION_BAD_ARGUMENTS);
	assert_int_equal(admission_place(&pool, 1, ADMISSION_MAX_VCPUS, &tiny, cpu), ADMISSION_OK);
	assert_int_equal(admission_place(&pool, 2, 1, &tiny, cpu), ADMISSION_FULL);
	assert_false(admission_remove(&pool, 2));
	assert_string_equal(admission_status_name(ADMISSION_REFUSED), "refused");
	assert_string_equal(admission_status_name(ADMISSION_STATUS_COUNT), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_instances_share_one_cpu),
		cmocka_unit_test(test_guarantee_of_a_running_instance_is_kept),
		cmocka_unit_test(test_instance_is_placed_whole_or_not_at_all),
		cmocka_unit_test(test_change_is_refused_and_undone),
		cmocka_unit_test(test_freed_cpu_takes_load),
		cmocka_unit_test(test_bad_arguments_and_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
