/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The small formatter (format_small.c, CONFIG_LIB_FMT_SMALL) against the host's glibc for every
 * flag, width and length it takes crossed with its conversions and edge values, %s with .*
 * precisions, and every format Mortise prints; then the raw text of what it leaves out.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "array_length.h"
#include "fmt_tests.h"

#define OUTPUT_SIZE 256

struct buffer_output {
	char text[OUTPUT_SIZE];
	size_t length;
};

static void append(void *context, const char *text, size_t length)
{
	struct buffer_output *out = context;

	assert_true(length > 0 && out->length + length < OUTPUT_SIZE);
	memcpy(out->text + out->length, text, length);
	out->length += length;
}

static size_t format_small(struct buffer_output *out, const char *format, va_list args)
{
	memset(out, 0, sizeof(*out));
	size_t count = fmt_small_vformat(append, out, format, args);
	assert_int_equal(count, out->length);
	return count;
}

static void compare_with_glibc(const char *format, ...)
{
	char expected[OUTPUT_SIZE];
	struct buffer_output actual;
	va_list args, copy;

	va_start(args, format);
	va_copy(copy, args);
	int expected_length = vsnprintf(expected, sizeof(expected), format, args);
	size_t length = format_small(&actual, format, copy);
	va_end(copy);
	va_end(args);
	assert_true(expected_length >= 0 && expected_length < OUTPUT_SIZE);
	if (length != (size_t)expected_length || memcmp(actual.text, expected, length) != 0)
		fail_msg("format \"%s\": fmt_small gave \"%.*s\", glibc \"%s\"", format,
			 (int)actual.length, actual.text, expected);
}

static void expect_output(const char *expected, const char *format, ...)
{
	struct buffer_output actual;
	va_list args;

	va_start(args, format);
	format_small(&actual, format, args);
	va_end(args);
	assert_int_equal(actual.length, strlen(expected));
	assert_memory_equal(actual.text, expected, actual.length);
}

static const int64_t values[] = {
	0, 1, -1, 9, 10, 15, 16, -42, 255, 256, INT32_MAX, INT32_MIN, UINT32_MAX,
	(int64_t)UINT32_MAX + 1, INT64_MAX, INT64_MIN, 0x123456789abcdefLL,
};

static void compare_integer(const char *format, unsigned longs, char conversion, int64_t value)
{
	/* The argument in the type the length modifier names (C11 7.21.6.1p7). */
	if (conversion == 'd') {
		if (longs == 0)
			compare_with_glibc(format, (int)value);
		else if (longs == 1)
			compare_with_glibc(format, (long)value);
		else
			compare_with_glibc(format, (long long)value);
	} else if (longs == 0) {
		compare_with_glibc(format, (unsigned int)value);
	} else if (longs == 1) {
		compare_with_glibc(format, (unsigned long)value);
	} else {
		compare_with_glibc(format, (unsigned long long)value);
	}
}

static void test_integers_match_glibc(void **state)
{
	(void)state;
	static const char conversions[] = {'d', 'u', 'x'};
	static const char *const lengths[] = {"", "l", "ll"};
	static const char *const flags[] = {"", "-", "0", "-0", "00"};
	static const char *const widths[] = {"", "1", "2", "5", "16", "25"};
	char format[32];

	for (size_t c = 0; c < sizeof(conversions); c++)
	for (unsigned l = 0; l < ARRAY_LENGTH(lengths); l++)
	for (size_t f = 0; f < ARRAY_LENGTH(flags); f++)
	for (size_t w = 0; w < ARRAY_LENGTH(widths); w++) {
		snprintf(format, sizeof(format), "[%%%s%s%s%c]", flags[f], widths[w], lengths[l],
			 conversions[c]);
		for (size_t v = 0; v < ARRAY_LENGTH(values); v++)
			compare_integer(format, l, conversions[c], values[v]);
	}
}

static void test_strings_and_chars_match_glibc(void **state)
{
	(void)state;
	static const char *const strings[] = {"", "a", "hello", "a longer string of text", NULL};
	static const char *const formats[] = {"<%s>", "<%5s>", "<%-5s>", "<%05s>", "<%.*s>",
					      "<%8.*s>", "<%-8.*s>"};
	static const int precisions[] = {-1, 0, 1, 5, 6, 40};

	for (size_t f = 0; f < ARRAY_LENGTH(formats); f++)
	for (size_t s = 0; s < ARRAY_LENGTH(strings); s++)
	for (size_t p = 0; p < ARRAY_LENGTH(precisions); p++) {
		if (strstr(formats[f], ".*") != NULL)
			compare_with_glibc(formats[f], precisions[p], strings[s]);
		else
			compare_with_glibc(formats[f], strings[s]);
	}
	/* Precision .* with an unterminated array: strnlen stops at it (ASan checks). */
	static const char unterminated[3] = {'a', 'b', 'c'};
	compare_with_glibc("[%.*s]", 3, unterminated);
	compare_with_glibc("[%c][%3c][%-3c][%c]", 'x', 'y', 'z', '%');
	compare_with_glibc("100%% [%5%]");
}

/* Every format Mortise prints, with arguments like its own. */
static void test_mortise_formats_match_glibc(void **state)
{
	(void)state;
	compare_with_glibc("Mortise %s (%s) at EL2: %u of %u CPUs online, %llu MiB memory, GICv%u "
			   "with %u interrupt lines, PSCI %u.%u over %s\n",
			   "0.1", "qemu-virt", 4u, 8u, 1024ULL, 3u, 288u, 1u, 1u, "hvc");
	compare_with_glibc("Mortise: partition %s: unhandled exit: EC 0x%02x %s, ELR 0x%llx\n",
			   "guest0", 0x3fu, "reserved or unhandled class", 0xffff000040080000ULL);
	compare_with_glibc("  ESR 0x%016llx: EC 0x%02x %s", 0x96000045ULL, 0x25u, "data abort");
	compare_with_glibc("%s x%-2u 0x%016llx%s", " ", 3u, 0ULL, "\n");
	compare_with_glibc("[%s] %.*s\n", "guest", 5, "hello, world");
	compare_with_glibc("[%s] %llu bytes dropped\n", "vmm", 18446744073709551615ULL);
	compare_with_glibc("GIC redistributor 0x%08x, %d", 0xabcu, -7);
}

static void test_others_print_raw(void **state)
{
	(void)state;
	/* What format_small.c leaves out, each printed as the text of its directive. */
	expect_output("%p %i %X %o %+d %#x % d %hd %zu %lc %ls %*d",
		      "%p %i %X %o %+d %#x % d %hd %zu %lc %ls %*d");
	expect_output("%5.2d", "%5.2d");
	expect_output("%.3s|%.3d|%llld", "%.3s|%.3d|%llld");
	/* A raw directive takes no argument: the next one gets the first. */
	expect_output("%p 5", "%p %d", 5);
	expect_output("end %", "end %");
	/* A width beyond INT_MAX: the whole of it is the raw text. */
	expect_output("[%99999999999d]", "[%99999999999d]");
	/* .* precision on an integer: its argument is taken, then the raw text printed. */
	expect_output("%.*u 7", "%.*u %d", 2, 7);
}

int run_fmt_small_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers_match_glibc),
		cmocka_unit_test(test_strings_and_chars_match_glibc),
		cmocka_unit_test(test_mortise_formats_match_glibc),
		cmocka_unit_test(test_others_print_raw),
	};
	return cmocka_run_group_tests_name("fmt_small", tests, NULL, NULL);
}
