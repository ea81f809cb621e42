/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "array_length.h"
#include "pl011.h"

/* A UART register block in memory; FR reads back whatever the test stored there. */
static uint32_t registers[0x1000 / sizeof(uint32_t)];

#define REG(offset) registers[(offset) / sizeof(uint32_t)]

static int clear_registers(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LENGTH(registers); i++)
		registers[i] = 0;
	return 0;
}

static void test_init_enables_uart_and_transmitter_keeping_other_bits(void **state)
{
	(void)state;
	struct pl011 uart;

	REG(PL011_CR) = 1u << 9; /* RXE, set by firmware: must survive */
	pl011_init(&uart, (uintptr_t)registers);
	assert_int_equal(REG(PL011_CR), (1u << 9) | PL011_CR_UARTEN | PL011_CR_TXE);
}

static void test_write_puts_each_byte_in_data_register(void **state)
{
	(void)state;
	struct pl011 uart;
	const char text[] = "Mortise";

	pl011_init(&uart, (uintptr_t)registers);
	for (size_t i = 0; i < sizeof(text) - 1; i++) {
		assert_int_equal(pl011_write(&uart, &text[i], 1), 1);
		assert_int_equal(REG(PL011_DR), (uint8_t)text[i]);
	}
}

static void test_write_sends_high_bytes_unsigned(void **state)
{
	(void)state;
	struct pl011 uart;

	pl011_init(&uart, (uintptr_t)registers);
	assert_int_equal(pl011_write(&uart, "\xe9", 1), 1);
	assert_int_equal(REG(PL011_DR), 0xe9);
}

static void test_full_fifo_that_never_drains_drops_output_instead_of_hanging(void **state)
{
	(void)state;
	struct pl011 uart;

	pl011_init(&uart, (uintptr_t)registers);
	REG(PL011_FR) = PL011_FR_TXFF;
	assert_int_equal(pl011_write(&uart, "lost", 4), 0);
	assert_int_equal(REG(PL011_DR), 0);
}

static void test_flush_returns_when_uart_stays_busy(void **state)
{
	(void)state;
	struct pl011 uart;

	pl011_init(&uart, (uintptr_t)registers);
	REG(PL011_FR) = PL011_FR_BUSY;
	pl011_flush(&uart);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init_enables_uart_and_transmitter_keeping_other_bits,
				       clear_registers),
		cmocka_unit_test_setup(test_write_puts_each_byte_in_data_register, clear_registers),
		cmocka_unit_test_setup(test_write_sends_high_bytes_unsigned, clear_registers),
		cmocka_unit_test_setup(
			test_full_fifo_that_never_drains_drops_output_instead_of_hanging,
			clear_registers),
		cmocka_unit_test_setup(test_flush_returns_when_uart_stays_busy, clear_registers),
	};
	return cmocka_run_group_tests_name("pl011", tests, NULL, NULL);
}
