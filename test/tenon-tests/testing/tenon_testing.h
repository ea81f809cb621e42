/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The check-and-report frame Tenon's QEMU test images share: a test is a bool function whose
 * CHECKs return false at the first one that fails, naming the test, the line and the condition;
 * the QEMU scripts match the "PASS name" and summary lines.
 */
#ifndef TENON_TESTING_H
#define TENON_TESTING_H

#include <stdbool.h>

#include "console.h"

/* The test running now, for the FAIL line. */
extern const char *tenon_test_current;

#define CHECK(condition)                                                                          \
	do {                                                                                      \
		if (!(condition)) {                                                               \
			console_printf("FAIL %s: line %d: %s\n", tenon_test_current, __LINE__,    \
				       #condition);                                               \
			return false;                                                             \
		}                                                                                 \
	} while (0)

/* Runs one test, prints "PASS name" when it passes; its result, counted for the summary. */
bool tenon_test_run(const char *name, bool (*test)(void));
/* How many tests passed and failed so far, for the image's summary line. */
void tenon_test_counts(unsigned *passed, unsigned *failed);
/* Prints "SUITE: N passed, M failed" and powers off: the end of a test image. */
_Noreturn void tenon_test_finish(const char *suite);

#endif
