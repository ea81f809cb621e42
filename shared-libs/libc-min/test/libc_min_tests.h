/* SPDX-License-Identifier: Apache-2.0 */
/* The test groups of test_libc_min, one per source file under test. */
#ifndef LIBC_MIN_TESTS_H
#define LIBC_MIN_TESTS_H

#include <stdint.h>

int run_string_tests(void);
int run_strtoul_tests(void);

/* xorshift64: a fixed seed makes every "random" case reproducible. */
static inline uint64_t test_random(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

#endif
