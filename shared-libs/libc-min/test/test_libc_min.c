/* SPDX-License-Identifier: Apache-2.0 */
#include "libc_min_tests.h"

int main(void)
{
	int failures = 0;

	failures += run_string_tests();
	failures += run_strtoul_tests();
	return failures;
}
