/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "bench.h"
#include "console.h"

uint64_t bench_fake_cycles;
static char printed[256];

static size_t capture(void *device, const char *text, size_t length)
{
	(void)device;
	strncat(printed, text, length);
	return length;
}

static void test_summary_of_unsorted_samples(void **state)
{
	(void)state;
	uint64_t samples[] = {9, 3, 7, 1, 5};
	struct bench_summary summary = bench_summarise(samples, 5);

	assert_int_equal(summary.min, 1);
	assert_int_equal(summary.median, 5);
	assert_int_equal(summary.max, 9);
	assert_int_equal(summary.runs, 5);
	assert_int_equal(samples[4], 9);
}

static void test_single_sample(void **state)
{
	(void)state;
	uint64_t samples[] = {42};
	struct bench_summary summary = bench_summarise(samples, 1);

	assert_int_equal(summary.min, 42);
	assert_int_equal(summary.median, 42);
	assert_int_equal(summary.max, 42);
}

static void test_report_line_is_what_bench_sh_parses(void **state)
{
	(void)state;
	uint64_t samples[] = {300, 100, 200, 200};

	printed[0] = '\0';
	console_attach(capture, NULL);
	bench_report("null_hypercall", samples, 4);
	assert_string_equal(printed,
			    "bench: null_hypercall cycles min 100 median 200 max 300 runs 4\n");
}

static void test_fake_counter_is_read(void **state)
{
	(void)state;
	bench_fake_cycles = 1234;
	assert_int_equal(bench_cycles(), 1234);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_of_unsorted_samples),
		cmocka_unit_test(test_single_sample),
		cmocka_unit_test(test_report_line_is_what_bench_sh_parses),
		cmocka_unit_test(test_fake_counter_is_read),
	};
	return cmocka_run_group_tests_name("bench", tests, NULL, NULL);
}
