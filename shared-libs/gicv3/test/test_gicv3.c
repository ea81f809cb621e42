/* SPDX-License-Identifier: Apache-2.0 */
#include "gic_fixture.h"

int main(void)
{
	int failures = 0;

	failures += run_gicv3_distributor_tests();
	failures += run_gicv3_redistributor_tests();
	failures += run_gicv3_irq_tests();
	failures += run_gicv3_cpu_interface_tests();
	return failures;
}
