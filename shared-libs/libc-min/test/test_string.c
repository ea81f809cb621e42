/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every libc-min <string.h> function against glibc's, over all relative alignments, lengths around
 * the word size, overlaps, bytes above 0x7f and "random" strings from a small alphabet (so that
 * equal prefixes and repeated characters are common).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../include/string.h"
#include "array_length.h"
#include "libc_min_tests.h"

#define GUARD 16
#define AREA 96
#define MAX_OFFSET 16

static int sign_of(int value)
{
	return (value > 0) - (value < 0);
}

static void fill_random(unsigned char *buffer, size_t size, uint64_t *rng)
{
	for (size_t i = 0; i < size; i++)
		buffer[i] = (unsigned char)test_random(rng);
}

/* A string of `length` characters from an alphabet small enough to make matches common. */
static void random_string(char *out, size_t length, uint64_t *rng)
{
	static const char alphabet[] = {'a', 'b', 'c', '\x7f', '\x80', '\xe9', '\xff'};

	for (size_t i = 0; i < length; i++)
		out[i] = alphabet[test_random(rng) % sizeof(alphabet)];
	out[length] = '\0';
}

static void test_memcpy_matches_glibc_at_every_alignment(void **state)
{
	(void)state;
	_Alignas(16) unsigned char src[AREA + 2 * GUARD];
	_Alignas(16) unsigned char dst[AREA + 2 * GUARD];
	_Alignas(16) unsigned char expected[AREA + 2 * GUARD];
	uint64_t rng = 0x1234;

	for (size_t src_offset = 0; src_offset < MAX_OFFSET; src_offset++) {
		for (size_t dst_offset = 0; dst_offset < MAX_OFFSET; dst_offset++) {
			for (size_t n = 0; n <= AREA - MAX_OFFSET; n++) {
				fill_random(src, sizeof(src), &rng);
				fill_random(dst, sizeof(dst), &rng);
				memcpy(expected, dst, sizeof(dst));
				memcpy(expected + GUARD + dst_offset, src + GUARD + src_offset, n);

				void *returned = libc_min_memcpy(dst + GUARD + dst_offset,
								 src + GUARD + src_offset, n);
				assert_ptr_equal(returned, dst + GUARD + dst_offset);
				assert_memory_equal(dst, expected, sizeof(dst));
			}
		}
	}
}

/*
 * The source and destination are exactly the bytes copied, each in its own heap block, so that
 * under AddressSanitizer a word read or written past either end fails the test (a shifted copy
 * must not load a whole word for its last bytes). Offsets into the block give every alignment.
 * Plain malloc, not cmocka's test_malloc: that one pads each block with guard bytes of its own,
 * which AddressSanitizer would take as the block's.
 */
static unsigned char *exact_block(size_t size)
{
	unsigned char *block = malloc(size > 0 ? size : 1);

	assert_non_null(block);
	return block;
}

static void copy_between_exact_blocks(size_t src_offset, size_t dst_offset, size_t n, bool move,
				      uint64_t *rng)
{
	unsigned char *src_block = exact_block(src_offset + n);
	unsigned char *dst_block = exact_block(dst_offset + n);
	unsigned char *expected = exact_block(n);
	unsigned char *src = src_block + src_offset;
	unsigned char *dst = dst_block + dst_offset;

	fill_random(src, n, rng);
	fill_random(dst, n, rng);
	memcpy(expected, src, n);
	void *returned = move ? libc_min_memmove(dst, src, n) : libc_min_memcpy(dst, src, n);
	assert_ptr_equal(returned, dst);
	assert_memory_equal(dst, expected, n);
	free(expected);
	free(dst_block);
	free(src_block);
}

static void test_copies_touch_nothing_outside_their_ranges(void **state)
{
	(void)state;
	static const size_t long_lengths[] = {255, 256, 4093, 4096, 65536 + 13};
	uint64_t rng = 0x9abc;

	for (size_t src_offset = 0; src_offset < MAX_OFFSET; src_offset++) {
		for (size_t dst_offset = 0; dst_offset < MAX_OFFSET; dst_offset++) {
			for (size_t n = 0; n <= 3 * MAX_OFFSET; n++) {
				copy_between_exact_blocks(src_offset, dst_offset, n, false, &rng);
				copy_between_exact_blocks(src_offset, dst_offset, n, true, &rng);
			}
			for (size_t i = 0; i < ARRAY_LENGTH(long_lengths); i++)
				copy_between_exact_blocks(src_offset, dst_offset, long_lengths[i],
							  false, &rng);
		}
	}
}

/*
 * memmove to a higher address within one exact block, so the copy runs from the end down: under
 * AddressSanitizer a word stored past the destination's end or read below the block fails. (A read
 * of the aligned word holding a misaligned source's first byte cannot be seen by ASan, whose
 * granule is that word; the copy avoids it by construction, as copy_words_shifted_descending says.)
 */
static void test_descending_move_reads_nothing_below_its_source(void **state)
{
	(void)state;
	static const size_t long_lengths[] = {255, 4093, 65536 + 13};
	uint64_t rng = 0xdef0;

	for (size_t distance = 1; distance < MAX_OFFSET; distance++) {
		for (size_t i = 0; i <= 3 * MAX_OFFSET + ARRAY_LENGTH(long_lengths); i++) {
			size_t n = i <= 3 * MAX_OFFSET ? i : long_lengths[i - 3 * MAX_OFFSET - 1];
			unsigned char *block = exact_block(n + distance);
			unsigned char *expected = exact_block(n + distance);

			fill_random(block, n + distance, &rng);
			memcpy(expected, block, n + distance);
			memmove(expected + distance, expected, n);
			assert_ptr_equal(libc_min_memmove(block + distance, block, n), block + distance);
			assert_memory_equal(block, expected, n + distance);
			free(expected);
			free(block);
		}
	}
}

static void test_memmove_handles_overlap_in_both_directions(void **state)
{
	(void)state;
	static const size_t lengths[] = {0, 1, 2, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 63, 64};
	_Alignas(16) unsigned char buffer[AREA + 2 * GUARD];
	_Alignas(16) unsigned char expected[AREA + 2 * GUARD];
	uint64_t rng = 0x5678;

	for (size_t src_offset = 0; src_offset <= 24; src_offset++) {
		for (size_t dst_offset = 0; dst_offset <= 24; dst_offset++) {
			for (size_t i = 0; i < ARRAY_LENGTH(lengths); i++) {
				size_t n = lengths[i];

				fill_random(buffer, sizeof(buffer), &rng);
				memcpy(expected, buffer, sizeof(buffer));
				memmove(expected + GUARD + dst_offset, expected + GUARD + src_offset, n);

				void *returned = libc_min_memmove(buffer + GUARD + dst_offset,
								  buffer + GUARD + src_offset, n);
				assert_ptr_equal(returned, buffer + GUARD + dst_offset);
				assert_memory_equal(buffer, expected, sizeof(buffer));
			}
		}
	}
}

static void test_memmove_between_separate_buffers(void **state)
{
	(void)state;
	unsigned char src[40];
	unsigned char dst[40];

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 7 + 1);
	memset(dst, 0, sizeof(dst));
	libc_min_memmove(dst + 3, src + 1, 30);
	assert_memory_equal(dst + 3, src + 1, 30);
	assert_int_equal(dst[2], 0);
	assert_int_equal(dst[33], 0);
}

static void test_memset_matches_glibc_at_every_alignment(void **state)
{
	(void)state;
	static const int values[] = {0, 0x5a, 0xff, -1, 0x100, 0x1a5, -200};
	_Alignas(16) unsigned char buffer[AREA + 2 * GUARD];
	_Alignas(16) unsigned char expected[AREA + 2 * GUARD];
	uint64_t rng = 0x9abc;

	for (size_t v = 0; v < ARRAY_LENGTH(values); v++) {
		for (size_t offset = 0; offset < MAX_OFFSET; offset++) {
			for (size_t n = 0; n <= AREA - MAX_OFFSET; n++) {
				fill_random(buffer, sizeof(buffer), &rng);
				memcpy(expected, buffer, sizeof(buffer));
				memset(expected + GUARD + offset, values[v], n);

				void *returned = libc_min_memset(buffer + GUARD + offset, values[v], n);
				assert_ptr_equal(returned, buffer + GUARD + offset);
				assert_memory_equal(buffer, expected, sizeof(buffer));
			}
		}
	}
}

static void test_memcmp_orders_bytes_as_unsigned(void **state)
{
	(void)state;
	assert_true(libc_min_memcmp("\x80", "\x7f", 1) > 0);
	assert_true(libc_min_memcmp("\x7f", "\x80", 1) < 0);
	assert_true(libc_min_memcmp("ab\xff", "ab\x01", 3) > 0);
	assert_int_equal(libc_min_memcmp("abc", "xyz", 0), 0);
	assert_int_equal(libc_min_memcmp("abcd", "abcx", 3), 0);
}

static void test_memcmp_matches_glibc_sign(void **state)
{
	(void)state;
	unsigned char a[48];
	unsigned char b[48];
	uint64_t rng = 0xdef0;

	for (int round = 0; round < 2000; round++) {
		fill_random(a, sizeof(a), &rng);
		memcpy(b, a, sizeof(b));
		size_t differ_at = test_random(&rng) % (sizeof(b) + 1);
		if (differ_at < sizeof(b))
			b[differ_at] = (unsigned char)test_random(&rng);
		for (size_t n = 0; n <= sizeof(a); n++)
			assert_int_equal(sign_of(libc_min_memcmp(a, b, n)), sign_of(memcmp(a, b, n)));
	}
}

static void test_memchr_matches_glibc(void **state)
{
	(void)state;
	char text[64];
	uint64_t rng = 0x1111;
	static const int wanted[] = {'a', 'b', 'c', 0x7f, 0x80, 0xe9, 0xff, '\0',
				     'z', 0x100 + 'a', -1, -23};

	for (int round = 0; round < 200; round++) {
		random_string(text, sizeof(text) - 1, &rng);
		for (size_t w = 0; w < ARRAY_LENGTH(wanted); w++) {
			for (size_t start = 0; start < 8; start++) {
				for (size_t n = 0; start + n <= sizeof(text); n++) {
					assert_ptr_equal(libc_min_memchr(text + start, wanted[w], n),
							 memchr(text + start, wanted[w], n));
				}
			}
		}
	}
}

static void test_memchr_reads_no_further_than_n(void **state)
{
	(void)state;
	/* Heap block of exactly n bytes: ASan reports any read past it. */
	unsigned char *block = malloc(5);

	assert_non_null(block);
	memcpy(block, "qwert", 5);
	assert_null(libc_min_memchr(block, 'z', 5));
	assert_ptr_equal(libc_min_memchr(block, 't', 5), block + 4);
	assert_null(libc_min_memchr(block, 't', 4));
	free(block);
}

static void test_strchr_and_strrchr_match_glibc(void **state)
{
	(void)state;
	char text[40];
	uint64_t rng = 0x2222;
	static const int wanted[] = {'a', 'b', 'c', 0x7f, 0x80, 0xe9, 0xff, '\0',
				     'z', -23, -1};

	for (int round = 0; round < 500; round++) {
		size_t length = test_random(&rng) % (sizeof(text) - 1);

		random_string(text, length, &rng);
		for (size_t w = 0; w < ARRAY_LENGTH(wanted); w++) {
			assert_ptr_equal(libc_min_strchr(text, wanted[w]), strchr(text, wanted[w]));
			assert_ptr_equal(libc_min_strrchr(text, wanted[w]), strrchr(text, wanted[w]));
		}
	}
}

static void test_strchr_finds_the_terminator(void **state)
{
	(void)state;
	const char *text = "abcabc";

	assert_ptr_equal(libc_min_strchr(text, '\0'), text + 6);
	assert_ptr_equal(libc_min_strrchr(text, '\0'), text + 6);
	assert_ptr_equal(libc_min_strchr(text, 'c'), text + 2);
	assert_ptr_equal(libc_min_strrchr(text, 'c'), text + 5);
	assert_null(libc_min_strchr(text, 'd'));
	assert_null(libc_min_strrchr(text, 'd'));
	assert_null(libc_min_strchr("", 'a'));
	assert_null(libc_min_strrchr("", 'a'));
}

static void test_strcmp_and_strncmp_match_glibc_sign(void **state)
{
	(void)state;
	char a[16];
	char b[16];
	uint64_t rng = 0x3333;
	static const size_t limits[] = {0, 1, 2, 3, 5, 8, 12, 15, 16, SIZE_MAX};

	for (int round = 0; round < 20000; round++) {
		random_string(a, test_random(&rng) % 12, &rng);
		/* Half the time b shares a prefix with a, so the comparison runs deep. */
		if (test_random(&rng) % 2) {
			size_t keep = test_random(&rng) % (strlen(a) + 1);

			memcpy(b, a, keep);
			random_string(b + keep, test_random(&rng) % 4, &rng);
		} else {
			random_string(b, test_random(&rng) % 12, &rng);
		}
		assert_int_equal(sign_of(libc_min_strcmp(a, b)), sign_of(strcmp(a, b)));
		for (size_t i = 0; i < ARRAY_LENGTH(limits); i++) {
			assert_int_equal(sign_of(libc_min_strncmp(a, b, limits[i])),
					 sign_of(strncmp(a, b, limits[i])));
		}
	}
}

static void test_strcmp_edge_cases(void **state)
{
	(void)state;
	assert_int_equal(libc_min_strcmp("", ""), 0);
	assert_true(libc_min_strcmp("", "a") < 0);
	assert_true(libc_min_strcmp("a", "") > 0);
	assert_true(libc_min_strcmp("ab", "abc") < 0);
	assert_true(libc_min_strcmp("\x80", "\x7f") > 0);
	assert_int_equal(libc_min_strncmp("abcx", "abcy", 3), 0);
	assert_true(libc_min_strncmp("abcx", "abcy", 4) < 0);
	assert_int_equal(libc_min_strncmp("x", "y", 0), 0);
	assert_int_equal(libc_min_strncmp("same", "same", SIZE_MAX), 0);
}

static void test_strncmp_reads_no_further_than_n(void **state)
{
	(void)state;
	/* Unterminated heap blocks of exactly 4 bytes: ASan reports any read past them. */
	char *a = malloc(4);
	char *b = malloc(4);

	assert_non_null(a);
	assert_non_null(b);
	memcpy(a, "node", 4);
	memcpy(b, "node", 4);
	assert_int_equal(libc_min_strncmp(a, b, 4), 0);
	b[3] = 'a';
	assert_true(libc_min_strncmp(a, b, 4) > 0);
	free(a);
	free(b);
}

static void test_strlen_and_strnlen_match_glibc(void **state)
{
	(void)state;
	char text[80];
	uint64_t rng = 0x4444;

	for (size_t offset = 0; offset < MAX_OFFSET; offset++) {
		for (size_t length = 0; offset + length < sizeof(text); length++) {
			random_string(text + offset, length, &rng);
			assert_int_equal(libc_min_strlen(text + offset), strlen(text + offset));
			for (size_t max = 0; max <= length + 2; max++) {
				assert_int_equal(libc_min_strnlen(text + offset, max),
						 strnlen(text + offset, max));
			}
			assert_int_equal(libc_min_strnlen(text + offset, SIZE_MAX), length);
		}
	}
}

static void test_strnlen_reads_no_further_than_max(void **state)
{
	(void)state;
	char *block = malloc(8);

	assert_non_null(block);
	memcpy(block, "unterminated", 8);
	assert_int_equal(libc_min_strnlen(block, 8), 8);
	assert_int_equal(libc_min_strnlen(block, 3), 3);
	assert_int_equal(libc_min_strnlen(block, 0), 0);
	free(block);
}

int run_string_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy_matches_glibc_at_every_alignment),
		cmocka_unit_test(test_copies_touch_nothing_outside_their_ranges),
		cmocka_unit_test(test_descending_move_reads_nothing_below_its_source),
		cmocka_unit_test(test_memmove_handles_overlap_in_both_directions),
		cmocka_unit_test(test_memmove_between_separate_buffers),
		cmocka_unit_test(test_memset_matches_glibc_at_every_alignment),
		cmocka_unit_test(test_memcmp_orders_bytes_as_unsigned),
		cmocka_unit_test(test_memcmp_matches_glibc_sign),
		cmocka_unit_test(test_memchr_matches_glibc),
		cmocka_unit_test(test_memchr_reads_no_further_than_n),
		cmocka_unit_test(test_strchr_and_strrchr_match_glibc),
		cmocka_unit_test(test_strchr_finds_the_terminator),
		cmocka_unit_test(test_strcmp_and_strncmp_match_glibc_sign),
		cmocka_unit_test(test_strcmp_edge_cases),
		cmocka_unit_test(test_strncmp_reads_no_further_than_n),
		cmocka_unit_test(test_strlen_and_strnlen_match_glibc),
		cmocka_unit_test(test_strnlen_reads_no_further_than_max),
	};
	return cmocka_run_group_tests_name("libc-min string", tests, NULL, NULL);
}
