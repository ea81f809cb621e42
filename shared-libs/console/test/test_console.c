/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "console.h"
#include "cpu.h"
#include "pl011.h"

static char captured[256];
static size_t captured_length;

static size_t capture(void *device, const char *text, size_t length)
{
	assert_ptr_equal(device, captured);
	memcpy(captured + captured_length, text, length);
	captured_length += length;
	captured[captured_length] = '\0';
	return length;
}

static int attach_capture(void **state)
{
	(void)state;
	captured_length = 0;
	captured[0] = '\0';
	cpu_fake_reset();
	console_attach(capture, captured);
	return 0;
}

static void test_printf_formats_through_the_device(void **state)
{
	(void)state;
	size_t length = console_printf("Mortise: %u CPUs, %s, 0x%08x\n", 4u, "GICv3", 0x40200000u);
	assert_string_equal(captured, "Mortise: 4 CPUs, GICv3, 0x40200000\n");
	assert_int_equal(length, strlen(captured));
}

static void test_write_passes_bytes_unchanged(void **state)
{
	(void)state;
	console_write("a%d\0b", 5);
	assert_int_equal(captured_length, 5);
	assert_memory_equal(captured, "a%d\0b", 5);
}

static void test_output_without_device_is_dropped(void **state)
{
	(void)state;
	console_attach(NULL, NULL);
	console_printf("nobody hears this");
	assert_int_equal(captured_length, 0);
}

static size_t fault_while_printing(void *device, const char *text, size_t length)
{
	static int depth;

	/* Models an exception handler on the same CPU printing while the console is held. */
	if (depth++ == 0)
		console_printf("[fault]");
	depth--;
	return capture(device, text, length);
}

static void test_same_cpu_reentry_does_not_deadlock(void **state)
{
	(void)state;
	console_attach(fault_while_printing, captured);
	console_printf("line");
	assert_string_equal(captured, "[fault]line");
}

static void test_pl011_backend_writes_data_register(void **state)
{
	(void)state;
	static uint32_t uart_registers[0x1000 / sizeof(uint32_t)];

	console_attach_pl011((uintptr_t)uart_registers);
	console_printf("%c", 'Z');
	assert_int_equal(uart_registers[PL011_DR / sizeof(uint32_t)], 'Z');
	assert_true(uart_registers[PL011_CR / sizeof(uint32_t)] & PL011_CR_UARTEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_printf_formats_through_the_device, attach_capture),
		cmocka_unit_test_setup(test_write_passes_bytes_unchanged, attach_capture),
		cmocka_unit_test_setup(test_output_without_device_is_dropped, attach_capture),
		cmocka_unit_test_setup(test_same_cpu_reentry_does_not_deadlock, attach_capture),
		cmocka_unit_test_setup(test_pl011_backend_writes_data_register, attach_capture),
	};
	return cmocka_run_group_tests_name("console", tests, NULL, NULL);
}
