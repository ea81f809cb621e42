/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "console.h"
#include "cpu.h"
#include "exception.h"

static char report[4096];
static size_t report_length;

static size_t capture(void *device, const char *text, size_t length)
{
	(void)device;
	assert_true(report_length + length < sizeof(report));
	memcpy(report + report_length, text, length);
	report_length += length;
	report[report_length] = '\0';
	return length;
}

static int setup(void **state)
{
	(void)state;
	report_length = 0;
	report[0] = '\0';
	cpu_fake_reset();
	cpu_fake_set(mpidr_el1, 0x80000002);
	console_attach(capture, NULL);
	for (unsigned v = 0; v < EXCEPTION_VECTOR_COUNT; v++)
		exception_set_handler((enum exception_vector)v, NULL);
	return 0;
}

static void test_class_names(void **state)
{
	(void)state;
	assert_string_equal(exception_class_name(ESR_EC_HVC64), "HVC from AArch64");
	assert_string_equal(exception_class_name(ESR_EC_DABT_SAME), "data abort from the same EL");
	assert_string_equal(exception_class_name(0x3c), "BRK instruction");
	assert_string_equal(exception_class_name(0x02), "reserved or unhandled class");
	assert_string_equal(exception_class_name(0x3f), "reserved or unhandled class");
	assert_string_equal(exception_class_name(0x1000), "reserved or unhandled class");
}

static void test_fault_names_only_for_aborts(void **state)
{
	(void)state;
	uint64_t data_abort_level1 = ((uint64_t)ESR_EC_DABT_SAME << ESR_EC_SHIFT) | 0x05;
	uint64_t hvc = (uint64_t)ESR_EC_HVC64 << ESR_EC_SHIFT;
	uint64_t odd_status = ((uint64_t)ESR_EC_IABT_LOWER << ESR_EC_SHIFT) | 0x3f;

	assert_string_equal(exception_fault_name(data_abort_level1), "translation fault, level 1");
	assert_null(exception_fault_name(hvc));
	assert_string_equal(exception_fault_name(odd_status), "other fault status");
	assert_string_equal(exception_fault_name(data_abort_level1 - 0x05 + 0x0f),
			    "permission fault, level 3");
	assert_string_equal(exception_fault_name(data_abort_level1 - 0x05 + 0x08),
			    "other fault status");
	assert_string_equal(exception_fault_name(data_abort_level1 - 0x05 + 0x21), "alignment fault");
}

static void test_report_names_a_lower_el_vector(void **state)
{
	(void)state;
	struct trap_frame frame = {0};

	exception_report(&frame, EXCEPTION_LOWER_A32_SERROR);
	assert_non_null(strstr(report, "Unexpected exception on CPU 0x2: lower EL (AArch32), SError\n"));
	exception_report(&frame, EXCEPTION_CURRENT_SP0_FIQ);
	assert_non_null(strstr(report, "on CPU 0x2: current EL with SP0, FIQ\n"));
}

static void test_report_decodes_a_write_data_abort(void **state)
{
	(void)state;
	struct trap_frame frame = {0};

	for (unsigned i = 0; i < 31; i++)
		frame.x[i] = 0x1000 + i;
	/* EC 0x25, IL, WnR (bit 6), DFSC translation fault level 0. */
	frame.esr = ((uint64_t)ESR_EC_DABT_SAME << ESR_EC_SHIFT) | (1u << 25) | (1u << 6) | 0x04;
	frame.far = 0xdead0000;
	frame.elr = 0x40201234;
	frame.spsr = 0x3c9;
	exception_report(&frame, EXCEPTION_CURRENT_SPX_SYNC);

	assert_non_null(strstr(report, "Unexpected exception on CPU 0x2: current EL, synchronous"));
	assert_non_null(strstr(report, "EC 0x25 data abort from the same EL, write, translation "
				       "fault, level 0"));
	assert_non_null(strstr(report, "FAR 0x00000000dead0000"));
	assert_non_null(strstr(report, "ELR 0x0000000040201234"));
	assert_non_null(strstr(report, "SPSR 0x00000000000003c9"));
	assert_non_null(strstr(report, "x0  0x0000000000001000"));
	assert_non_null(strstr(report, "x30 0x000000000000101e\n"));
}

/* The host stand-in for parking: jumps back into the test that expected it. */
static jmp_buf parked;
static unsigned park_calls;

_Noreturn void exception_park_cpu(void)
{
	park_calls++;
	longjmp(parked, 1);
}

static void test_unhandled_exception_is_reported_then_parks(void **state)
{
	(void)state;
	struct trap_frame frame = {.esr = (uint64_t)ESR_EC_UNKNOWN << ESR_EC_SHIFT};

	park_calls = 0;
	if (setjmp(parked) == 0)
		exception_dispatch(&frame, EXCEPTION_CURRENT_SPX_SYNC);
	assert_int_equal(park_calls, 1);
	assert_non_null(strstr(report, "EC 0x00 unknown reason (undefined instruction)"));
	assert_non_null(strstr(report, "CPU 0x2 parked.\n"));
}

static void test_vector_out_of_range_is_reported_not_indexed(void **state)
{
	(void)state;
	struct trap_frame frame = {0};

	park_calls = 0;
	if (setjmp(parked) == 0)
		exception_dispatch(&frame, 99);
	assert_int_equal(park_calls, 1);
	assert_non_null(strstr(report, "unknown vector"));
}

static struct trap_frame *handled_frame;

static void skip_instruction(struct trap_frame *frame)
{
	handled_frame = frame;
	frame->elr += 4;
}

static void test_dispatch_calls_the_registered_handler(void **state)
{
	(void)state;
	struct trap_frame frame = {.elr = 0x1000};

	exception_set_handler(EXCEPTION_LOWER_A64_SYNC, skip_instruction);
	exception_dispatch(&frame, EXCEPTION_LOWER_A64_SYNC);
	assert_ptr_equal(handled_frame, &frame);
	assert_int_equal(frame.elr, 0x1004);
	assert_int_equal(report_length, 0);
}

static void test_setting_handler_out_of_range_is_ignored(void **state)
{
	(void)state;
	exception_set_handler(EXCEPTION_VECTOR_COUNT, skip_instruction);
	exception_set_handler((enum exception_vector)-1, skip_instruction);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_class_names, setup),
		cmocka_unit_test_setup(test_fault_names_only_for_aborts, setup),
		cmocka_unit_test_setup(test_report_names_a_lower_el_vector, setup),
		cmocka_unit_test_setup(test_report_decodes_a_write_data_abort, setup),
		cmocka_unit_test_setup(test_dispatch_calls_the_registered_handler, setup),
		cmocka_unit_test_setup(test_setting_handler_out_of_range_is_ignored, setup),
		cmocka_unit_test_setup(test_unhandled_exception_is_reported_then_parks, setup),
		cmocka_unit_test_setup(test_vector_out_of_range_is_reported_not_indexed, setup),
	};
	return cmocka_run_group_tests_name("exception", tests, NULL, NULL);
}
