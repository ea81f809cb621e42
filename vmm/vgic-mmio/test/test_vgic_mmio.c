/* SPDX-License-Identifier: Apache-2.0 */
#include "vgic_mmio_test.h"

int main(void)
{
	int failures = run_linux_init_tests();
	failures += run_access_rule_tests();
	failures += run_random_tests();
	return failures != 0;
}
