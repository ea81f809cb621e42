/* SPDX-License-Identifier: Apache-2.0 */
/* Faults the integration tests ask for through bootargs (CONFIG_MORTISE_SELFTEST_BOOTARGS). */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

#include "machine.h"

#ifdef CONFIG_MORTISE_SELFTEST_BOOTARGS
void selftest_on_secondary(const struct cpu *cpu);
#else
static inline void selftest_on_secondary(const struct cpu *cpu)
{
	(void)cpu;
}
#endif

#endif
