/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hvc.h"
#include "../host/hvc_fake.h"

static char received[256];
static size_t received_length;
static unsigned calls;
static unsigned fail_on_call;

static enum cap_status console_answer(struct hc_registers *registers)
{
	calls++;
	assert_int_equal(registers->x[0], HC_ID(HC_GROUP_CONSOLE, HC_CONSOLE_WRITE));
	assert_int_equal(registers->x[1], 7);
	assert_true(registers->x[2] <= HC_CONSOLE_WRITE_MAX);
	if (calls == fail_on_call)
		return CAP_DENIED;
	memcpy(received + received_length, &registers->x[3], registers->x[2]);
	received_length += registers->x[2];
	return CAP_OK;
}

static int setup(void **state)
{
	(void)state;
	hvc_fake_answer = console_answer;
	received_length = 0;
	calls = 0;
	fail_on_call = 0;
	return 0;
}

static void test_short_text_is_one_call(void **state)
{
	(void)state;
	cap_selector console = 7;

	assert_int_equal(hvc_console_write(&console, "hello\n", 6), 6);
	assert_int_equal(calls, 1);
	assert_memory_equal(received, "hello\n", 6);
}

static void test_long_text_is_split_into_register_sized_chunks(void **state)
{
	(void)state;
	cap_selector console = 7;
	char text[101];

	for (size_t i = 0; i < sizeof(text); i++)
		text[i] = (char)('a' + i % 26);
	assert_int_equal(hvc_console_write(&console, text, sizeof(text)), sizeof(text));
	assert_int_equal(calls, 3);
	assert_memory_equal(received, text, sizeof(text));
}

static void test_refused_call_stops_and_reports_what_was_written(void **state)
{
	(void)state;
	cap_selector console = 7;
	char text[100] = {0};

	fail_on_call = 2;
	assert_int_equal(hvc_console_write(&console, text, sizeof(text)), HC_CONSOLE_WRITE_MAX);
	assert_int_equal(calls, 2);
}

static void test_empty_write_makes_no_call(void **state)
{
	(void)state;
	cap_selector console = 7;

	assert_int_equal(hvc_console_write(&console, "", 0), 0);
	assert_int_equal(calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_short_text_is_one_call, setup),
		cmocka_unit_test_setup(test_long_text_is_split_into_register_sized_chunks, setup),
		cmocka_unit_test_setup(test_refused_call_stops_and_reports_what_was_written, setup),
		cmocka_unit_test_setup(test_empty_write_makes_no_call, setup),
	};
	return cmocka_run_group_tests_name("hvc", tests, NULL, NULL);
}
