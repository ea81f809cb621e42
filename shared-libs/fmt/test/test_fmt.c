/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fmt against the host's glibc snprintf: every integer conversion crossed with every length
 * modifier, a set of flag combinations, widths, precisions and edge values; %c, %s and %p the same
 * way; truncation at every buffer size; plus what glibc cannot be compared on (raw text for
 * unsupported directives, how the sink is called).
 */
#include <limits.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "array_length.h"
#include "fmt.h"
#include "fmt_tests.h"

#define OUTPUT_SIZE 1024

static size_t comparisons;

/* Formats with glibc and with fmt, and fails on any difference in text or returned length. */
static void compare_with_glibc(const char *format, ...)
{
	char expected[OUTPUT_SIZE];
	char actual[OUTPUT_SIZE];
	va_list args;
	va_list copy;

	memset(actual, 0x55, sizeof(actual));
	va_start(args, format);
	va_copy(copy, args);
	int expected_length = vsnprintf(expected, sizeof(expected), format, args);
	int length = fmt_vsnprintf(actual, sizeof(actual), format, copy);
	va_end(copy);
	va_end(args);

	comparisons++;
	assert_true(expected_length >= 0 && expected_length < OUTPUT_SIZE);
	/* memcmp, not strcmp: %c of 0 puts a NUL inside the output. */
	if (length != expected_length ||
	    memcmp(actual, expected, (size_t)expected_length + 1) != 0) {
		fail_msg("format \"%s\": fmt gave \"%s\" (%d), glibc \"%s\" (%d)", format, actual,
			 length, expected, expected_length);
	}
}

static const char *const flag_sets[] = {
	"", "-", "0", "+", " ", "#", "-0", "+0", " 0", "#0", "-#", "+ ", "-+", "#+0", "-+ #0",
};
static const char *const widths[] = {"", "1", "5", "12", "25"};
static const char *const precisions[] = {"", ".", ".0", ".1", ".5", ".25"};

static const int64_t integer_values[] = {
	0, 1, -1, 7, 8, 9, 10, 15, 16, 42, -42, 127, 128, -128, -129, 255, 256, 32767, -32768,
	65535, 65536, INT32_MAX, INT32_MIN, UINT32_MAX, (int64_t)UINT32_MAX + 1, INT64_MAX, INT64_MIN,
	0x123456789abcdefLL, -1000000007,
};

static void compare_integer(const char *format, const char *length, char conversion, int64_t value)
{
	bool is_signed = conversion == 'd' || conversion == 'i';

	/* Pass the argument in the type the length modifier names (C11 7.21.6.1p7). */
	if (strcmp(length, "l") == 0) {
		if (is_signed)
			compare_with_glibc(format, (long)value);
		else
			compare_with_glibc(format, (unsigned long)value);
	} else if (strcmp(length, "ll") == 0) {
		if (is_signed)
			compare_with_glibc(format, (long long)value);
		else
			compare_with_glibc(format, (unsigned long long)value);
	} else if (strcmp(length, "z") == 0) {
		compare_with_glibc(format, (size_t)value);
	} else if (strcmp(length, "j") == 0) {
		if (is_signed)
			compare_with_glibc(format, (intmax_t)value);
		else
			compare_with_glibc(format, (uintmax_t)value);
	} else if (strcmp(length, "t") == 0) {
		compare_with_glibc(format, (ptrdiff_t)value);
	} else if (is_signed) {
		/* "", h and hh: the argument is an int; fmt must narrow it as glibc does. */
		compare_with_glibc(format, (int)value);
	} else {
		compare_with_glibc(format, (unsigned int)value);
	}
}

static void test_integers_match_glibc(void **state)
{
	(void)state;
	static const char conversions[] = {'d', 'i', 'u', 'x', 'X', 'o'};
	static const char *const lengths[] = {"", "hh", "h", "l", "ll", "z", "j", "t"};
	char format[32];

	comparisons = 0;
	for (size_t c = 0; c < sizeof(conversions); c++)
	for (size_t l = 0; l < ARRAY_LENGTH(lengths); l++)
	for (size_t f = 0; f < ARRAY_LENGTH(flag_sets); f++)
	for (size_t w = 0; w < ARRAY_LENGTH(widths); w++)
	for (size_t p = 0; p < ARRAY_LENGTH(precisions); p++) {
		snprintf(format, sizeof(format), "[%%%s%s%s%s%c]", flag_sets[f], widths[w],
			 precisions[p], lengths[l], conversions[c]);
		for (size_t v = 0; v < ARRAY_LENGTH(integer_values); v++)
			compare_integer(format, lengths[l], conversions[c], integer_values[v]);
	}
	print_message("%zu integer formats compared with glibc\n", comparisons);
}

static void test_strings_match_glibc(void **state)
{
	(void)state;
	static const char *const strings[] = {"", "a", "hello", "(null)", "a longer string of text",
					      NULL};
	static const char *const string_precisions[] = {"", ".", ".0", ".1", ".3", ".5", ".6",
							".7", ".40"};
	static const char *const string_flags[] = {"", "-", "0", "-0", "+ #"};
	char format[32];

	for (size_t f = 0; f < ARRAY_LENGTH(string_flags); f++)
	for (size_t w = 0; w < ARRAY_LENGTH(widths); w++)
	for (size_t p = 0; p < ARRAY_LENGTH(string_precisions); p++) {
		snprintf(format, sizeof(format), "<%%%s%s%ss>", string_flags[f], widths[w],
			 string_precisions[p]);
		for (size_t s = 0; s < ARRAY_LENGTH(strings); s++)
			compare_with_glibc(format, strings[s]);
	}
}

static void test_string_precision_reads_no_further(void **state)
{
	(void)state;
	/* Unterminated heap block: with a precision %s must not look past it (ASan checks). */
	char *block = malloc(4);
	char out[16];

	assert_non_null(block);
	memcpy(block, "abcd", 4);
	assert_int_equal(fmt_snprintf(out, sizeof(out), "%.4s|%.2s", block, block), 7);
	assert_string_equal(out, "abcd|ab");
	free(block);
}

static void test_chars_match_glibc(void **state)
{
	(void)state;
	static const int chars[] = {'a', 'Z', ' ', '%', 0x7f, 0x80, 0xff, 0x141, -1, 0};
	static const char *const char_flags[] = {"", "-", "0", "-0"};
	char format[32];

	for (size_t f = 0; f < ARRAY_LENGTH(char_flags); f++)
	for (size_t w = 0; w < ARRAY_LENGTH(widths); w++) {
		snprintf(format, sizeof(format), "<%%%s%sc>", char_flags[f], widths[w]);
		for (size_t c = 0; c < ARRAY_LENGTH(chars); c++)
			compare_with_glibc(format, chars[c]);
	}
}

static void test_pointers_match_glibc(void **state)
{
	(void)state;
	static const uintptr_t pointers[] = {0, 1, 0xf, 0x1234, 0xdeadbeef, 0x40200000,
					     UINTPTR_MAX, UINTPTR_MAX / 2 + 1};
	static const char *const pointer_precisions[] = {"", ".0", ".4", ".20"};
	char format[32];

	for (size_t f = 0; f < ARRAY_LENGTH(flag_sets); f++)
	for (size_t w = 0; w < ARRAY_LENGTH(widths); w++)
	for (size_t p = 0; p < ARRAY_LENGTH(pointer_precisions); p++) {
		snprintf(format, sizeof(format), "<%%%s%s%sp>", flag_sets[f], widths[w],
			 pointer_precisions[p]);
		for (size_t v = 0; v < ARRAY_LENGTH(pointers); v++)
			compare_with_glibc(format, (void *)pointers[v]);
	}
}

static void test_star_width_and_precision_match_glibc(void **state)
{
	(void)state;
	static const int stars[] = {-30, -5, -1, 0, 1, 3, 7, 30};

	for (size_t w = 0; w < ARRAY_LENGTH(stars); w++) {
		for (size_t p = 0; p < ARRAY_LENGTH(stars); p++) {
			compare_with_glibc("[%*.*d]", stars[w], stars[p], -1234);
			compare_with_glibc("[%0*.*x]", stars[w], stars[p], 0xbeefu);
			compare_with_glibc("[%-*.*s]", stars[w], stars[p], "console");
			compare_with_glibc("[%*.*u]", stars[w], stars[p], 0u);
			compare_with_glibc("[%*c|%.*s]", stars[w], 'q', stars[p], "precision");
		}
		compare_with_glibc("[%0*d]", stars[w], -42);
	}
}

static void test_mixed_formats_match_glibc(void **state)
{
	(void)state;
	compare_with_glibc("cpu%u: %s at %#lx (%d%%)", 3u, "gicv3", 0x8000000ul, -5);
	compare_with_glibc("%%%c%%%5%%s", 'x', "y");
	compare_with_glibc("%lld %llu %llx", (long long)INT64_MIN, (unsigned long long)UINT64_MAX,
			   (unsigned long long)UINT64_MAX);
	compare_with_glibc("%jd %ju %zd %zu %td", INTMAX_MIN, UINTMAX_MAX, (size_t)-1, SIZE_MAX,
			   (ptrdiff_t)PTRDIFF_MIN);
	compare_with_glibc("%hhd %hhu %hd %hu", 300, -1, 70000, -1);
	compare_with_glibc("%.0d|%.0u|%.0x|%#.0x|%#.0o|%+.0d|% .0d|%5.0d|", 0, 0u, 0u, 0u, 0u, 0, 0, 0);
	compare_with_glibc("%300d|%-300x|", INT32_MIN, 0xabcu);
	compare_with_glibc("%.200d", 1);
	compare_with_glibc("no directives at all");
	compare_with_glibc("");
}

/* Checks every buffer size from 0 to past the full length against the untruncated output. */
static void check_truncation(const char *format, ...)
{
	char full[OUTPUT_SIZE];
	char buffer[OUTPUT_SIZE + 8];
	va_list args;
	va_list copy;

	va_start(args, format);
	va_copy(copy, args);
	int full_length = vsnprintf(full, sizeof(full), format, copy);
	va_end(copy);
	assert_true(full_length >= 0 && full_length < OUTPUT_SIZE);

	for (size_t size = 0; size <= (size_t)full_length + 2; size++) {
		memset(buffer, '#', sizeof(buffer));
		va_copy(copy, args);
		int length = fmt_vsnprintf(buffer, size, format, copy);
		va_end(copy);

		assert_int_equal(length, full_length);
		if (size == 0) {
			assert_int_equal(buffer[0], '#');
			continue;
		}
		size_t kept = size - 1 < (size_t)full_length ? size - 1 : (size_t)full_length;
		assert_memory_equal(buffer, full, kept);
		assert_int_equal(buffer[kept], '\0');
		/* Nothing after the terminator: fmt never writes past size. */
		for (size_t i = kept + 1; i < sizeof(buffer); i++)
			assert_int_equal(buffer[i], '#');
	}
	va_end(args);
}

static void test_truncation_at_every_buffer_size(void **state)
{
	(void)state;
	check_truncation("plain text");
	check_truncation("%d", INT32_MIN);
	check_truncation("[%-20s] %08x %+.5d", "left", 0xc0ffeeu, 17);
	check_truncation("%40p|%#o|%c", (void *)0x40200000, 0777u, 'z');
	check_truncation("%s", "");
}

/* fmt_snprintf without the format attribute, for formats -Wformat rightly rejects. */
static int unchecked_snprintf(char *buffer, size_t size, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	int length = fmt_vsnprintf(buffer, size, format, args);
	va_end(args);
	return length;
}

static void test_size_zero_accepts_null_buffer(void **state)
{
	(void)state;
	assert_int_equal(fmt_snprintf(NULL, 0, "%d items", 12345), 11);
	assert_int_equal(unchecked_snprintf(NULL, 0, ""), 0);
}

static void test_unsupported_directives_print_raw(void **state)
{
	(void)state;
	static const char *const raw[] = {"%q", "%5.2q", "%f", "%Lf", "%n", "%lc", "%ls", "%hs",
					  "%l%", "%", "%5", "%-+ #0llq", "%99999999999d",
					  "%.99999999999d"};
	char out[64];
	char expected[64];

	for (size_t i = 0; i < ARRAY_LENGTH(raw); i++) {
		/* The directive consumes no argument, so one valid %d after it still gets 7. */
		snprintf(expected, sizeof(expected), "<%s>", raw[i]);
		char format[64];
		snprintf(format, sizeof(format), "<%s>%%d", raw[i]);
		size_t expected_length = strlen(expected) + 1;
		strcat(expected, "7");

		/* For "%" and "%5" the '>' is taken as the (unknown) conversion character. */
		int length = fmt_snprintf(out, sizeof(out), format, 7);
		assert_string_equal(out, expected);
		assert_int_equal(length, (int)expected_length);
	}

	/* A format ending inside a directive prints it raw and ends there. */
	assert_int_equal(unchecked_snprintf(out, sizeof(out), "abc%"), 4);
	assert_string_equal(out, "abc%");
	assert_int_equal(unchecked_snprintf(out, sizeof(out), "abc%-08"), 7);
	assert_string_equal(out, "abc%-08");
	/* A '*' before an unknown conversion still consumes its argument. */
	assert_int_equal(unchecked_snprintf(out, sizeof(out), "%*q|%d", 5, 6), 5);
	assert_string_equal(out, "%*q|6");
}

struct recorded_output {
	char text[OUTPUT_SIZE];
	size_t length;
	size_t calls;
	size_t empty_calls;
};

static void record(void *context, const char *text, size_t length)
{
	struct recorded_output *out = context;

	out->calls++;
	if (length == 0)
		out->empty_calls++;
	assert_true(out->length + length < sizeof(out->text));
	memcpy(out->text + out->length, text, length);
	out->length += length;
	out->text[out->length] = '\0';
}

static size_t format_recorded(struct recorded_output *out, const char *format, ...)
{
	va_list args;

	memset(out, 0, sizeof(*out));
	va_start(args, format);
	size_t length = fmt_vformat(record, out, format, args);
	va_end(args);
	return length;
}

static void test_sink_receives_batched_pieces(void **state)
{
	(void)state;
	struct recorded_output out;

	assert_int_equal(format_recorded(&out, "a literal run of text\n"), 22);
	assert_int_equal(out.calls, 1);
	assert_string_equal(out.text, "a literal run of text\n");

	assert_int_equal(format_recorded(&out, "x=%d, y=%s.", 42, "yes"), 12);
	assert_string_equal(out.text, "x=42, y=yes.");
	assert_int_equal(out.calls, 5);

	/* 100 spaces of padding: a few chunks, not 100 calls. */
	assert_int_equal(format_recorded(&out, "%100s", "!"), 100);
	assert_int_equal(out.length, 100);
	assert_true(out.calls < 10);
	assert_int_equal(out.text[99], '!');

	assert_int_equal(format_recorded(&out, ""), 0);
	assert_int_equal(out.calls, 0);
	assert_int_equal(format_recorded(&out, "%s%.0d%s", "", 0, ""), 0);
	assert_int_equal(out.empty_calls, 0);
}

static void test_vformat_count_includes_embedded_nul(void **state)
{
	(void)state;
	struct recorded_output out;

	assert_int_equal(format_recorded(&out, "a%cb", 0), 3);
	assert_int_equal(out.length, 3);
	assert_memory_equal(out.text, "a\0b", 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers_match_glibc),
		cmocka_unit_test(test_strings_match_glibc),
		cmocka_unit_test(test_string_precision_reads_no_further),
		cmocka_unit_test(test_chars_match_glibc),
		cmocka_unit_test(test_pointers_match_glibc),
		cmocka_unit_test(test_star_width_and_precision_match_glibc),
		cmocka_unit_test(test_mixed_formats_match_glibc),
		cmocka_unit_test(test_truncation_at_every_buffer_size),
		cmocka_unit_test(test_size_zero_accepts_null_buffer),
		cmocka_unit_test(test_unsupported_directives_print_raw),
		cmocka_unit_test(test_sink_receives_batched_pieces),
		cmocka_unit_test(test_vformat_count_includes_embedded_nul),
	};
	int failures = cmocka_run_group_tests_name("fmt", tests, NULL, NULL);

	return failures + run_fmt_small_tests();
}
