/* SPDX-License-Identifier: Apache-2.0 */
#include "bench.h"

#include "cpu.h"

#define PMCR_ENABLE (1u << 0)
#define PMCR_CYCLE_RESET (1u << 2)
#define PMCNTEN_CYCLES (1u << 31)
#define PMCCFILTR_COUNT_EL2 (1u << 27)

void bench_counter_start(void)
{
	sysreg_write(pmccfiltr_el0, PMCCFILTR_COUNT_EL2);
	sysreg_write(pmcntenset_el0, PMCNTEN_CYCLES);
	sysreg_write(pmcr_el0, sysreg_read(pmcr_el0) | PMCR_ENABLE | PMCR_CYCLE_RESET);
}
