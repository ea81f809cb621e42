/* SPDX-License-Identifier: Apache-2.0 */
/* tenon-rt host tests: the portable core (ready queues, timer heap, priority inheritance). */
#include "tenon_rt_tests.h"

int main(void)
{
	int failures = run_readyq_tests();

	failures += run_timer_heap_tests();
	failures += run_pi_tests();
	failures += run_deferq_tests();
	failures += run_percpu_tests();
	return failures;
}
