/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libc-min strtoul against glibc's: the value and where *end points, for every text in a table of
 * edge cases crossed with every base class (0, 2, 8, 10, 16, 36), plus random numbers printed in
 * each base. errno is not compared: libc-min has none (see include/stdlib.h).
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "../include/stdlib.h"
#include "array_length.h"
#include "libc_min_tests.h"

static const int bases[] = {0, 2, 8, 10, 16, 36};

static const char *const texts[] = {
	"", "0", "1", "7", "8", "9", "a", "f", "g", "z", "Z", "F", "-", "+", "+-1", "-+1",
	"   ", " \t\n\v\f\r42", "  -1", "  +1", "- 1", "-0", "42abc", "1_000", "\x80" "1",
	"0x", "0X", "0x1f", "0X1F", "0xg", "0x 1", "-0x10", "+0x10", "0x-1", "00x1", "0xx1",
	"0777", "0778", "08", "0b101", "101", "2", "zz", "ZZ", "-zz",
	"4294967295", "4294967296", "9223372036854775807", "9223372036854775808",
	"18446744073709551615", "18446744073709551616", "99999999999999999999999",
	"-18446744073709551615", "-18446744073709551616", "0xffffffffffffffff",
	"0x10000000000000000", "0xFFFFFFFFFFFFFFFF0", "01777777777777777777777",
	"02000000000000000000000", "1111111111111111111111111111111111111111111111111111111111111111",
	"11111111111111111111111111111111111111111111111111111111111111111", "3w5e11264sgsf",
	"3w5e11264sgsg", "00000000000000000000000000000000000000001", "1 2", "12\n",
};

static void check_against_glibc(const char *text, int base)
{
	char *expected_end = NULL;
	char *end = NULL;
	unsigned long expected = strtoul(text, &expected_end, base);
	unsigned long value = libc_min_strtoul(text, &end, base);

	if (value != expected || end != expected_end) {
		fail_msg("strtoul(\"%s\", base %d): got %lu end+%td, glibc %lu end+%td", text, base,
			 value, end - text, expected, expected_end - text);
	}
}

static void test_edge_cases_match_glibc_in_every_base(void **state)
{
	(void)state;
	for (size_t t = 0; t < ARRAY_LENGTH(texts); t++) {
		for (size_t b = 0; b < ARRAY_LENGTH(bases); b++)
			check_against_glibc(texts[t], bases[b]);
		for (int base = 2; base <= 36; base++)
			check_against_glibc(texts[t], base);
	}
}

static void test_documented_results(void **state)
{
	(void)state;
	char *end;
	const char *text;

	text = "0x";
	assert_int_equal(libc_min_strtoul(text, &end, 0), 0);
	assert_ptr_equal(end, text + 1);
	assert_int_equal(libc_min_strtoul(text, &end, 16), 0);
	assert_ptr_equal(end, text + 1);

	text = "  -1";
	assert_int_equal(libc_min_strtoul(text, &end, 10), ULONG_MAX);
	assert_ptr_equal(end, text + 4);

	text = "18446744073709551616";
	assert_int_equal(libc_min_strtoul(text, &end, 10), ULONG_MAX);
	assert_ptr_equal(end, text + 20);
	assert_int_equal(libc_min_strtoul("18446744073709551615", NULL, 10), ULONG_MAX);
	assert_int_equal(libc_min_strtoul("18446744073709551614", NULL, 10), ULONG_MAX - 1);

	assert_int_equal(libc_min_strtoul("ff", NULL, 16), 0xff);
	assert_int_equal(libc_min_strtoul("0xff", NULL, 16), 0xff);
	assert_int_equal(libc_min_strtoul("0XfF", NULL, 0), 0xff);
	assert_int_equal(libc_min_strtoul("0755", NULL, 0), 0755);
	assert_int_equal(libc_min_strtoul("0755", NULL, 10), 755);
	assert_int_equal(libc_min_strtoul("-0x10", NULL, 0), 0 - 16UL);

	text = "   +";
	assert_int_equal(libc_min_strtoul(text, &end, 0), 0);
	assert_ptr_equal(end, text);
}

static void test_invalid_base_converts_nothing(void **state)
{
	(void)state;
	static const int invalid[] = {-1, 1, 37, INT_MIN, INT_MAX};
	const char *text = "123";

	for (size_t i = 0; i < ARRAY_LENGTH(invalid); i++) {
		char *end = NULL;

		assert_int_equal(libc_min_strtoul(text, &end, invalid[i]), 0);
		assert_ptr_equal(end, text);
	}
}

static void test_random_numbers_round_trip(void **state)
{
	(void)state;
	static const char *const formats[] = {"%lu", "%lo", "%lx", "%lX", "%#lo", "%#lx", "%#lX",
					      "  %lu", "-%lu", "+%lu", "%lu9", "%luf", "%lx!"};
	uint64_t rng = 0x5555;
	char text[64];

	for (int round = 0; round < 5000; round++) {
		/* Shift by a random amount so small and large values are equally common. */
		unsigned long value = (unsigned long)(test_random(&rng) >> (test_random(&rng) % 64));

		for (size_t f = 0; f < ARRAY_LENGTH(formats); f++) {
			snprintf(text, sizeof(text), formats[f], value);
			for (size_t b = 0; b < ARRAY_LENGTH(bases); b++)
				check_against_glibc(text, bases[b]);
		}
	}
}

int run_strtoul_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edge_cases_match_glibc_in_every_base),
		cmocka_unit_test(test_documented_results),
		cmocka_unit_test(test_invalid_base_converts_nothing),
		cmocka_unit_test(test_random_numbers_round_trip),
	};
	return cmocka_run_group_tests_name("libc-min strtoul", tests, NULL, NULL);
}
