/* SPDX-License-Identifier: Apache-2.0 */
#include "tenon_testing.h"

#include "tenon.h"

const char *tenon_test_current;
static unsigned passed, failed;

bool tenon_test_run(const char *name, bool (*test)(void))
{
	tenon_test_current = name;
	if (!test()) {
		failed++;
		return false;
	}
	console_printf("PASS %s\n", name);
	passed++;
	return true;
}

void tenon_test_counts(unsigned *passed_out, unsigned *failed_out)
{
	*passed_out = passed;
	*failed_out = failed;
}

void tenon_test_finish(const char *suite)
{
	console_printf("%s: %u passed, %u failed\n", suite, passed, failed);
	tenon_power_off();
}
