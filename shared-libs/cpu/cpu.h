/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cpu: system-register and MMIO access, the one place the other libraries touch the hardware.
 *
 * On AArch64 the accessors are single instructions. On the host (unit tests) system registers are
 * kept in a table the test can preset and inspect, so the libraries above run unchanged there.
 */
#ifndef CPU_H
#define CPU_H

#include <stdint.h>

#if defined(__aarch64__)
#include "arch/aarch64/cpu_ops.h"
#else
#include "host/cpu_fake.h"
#endif

/* MPIDR_EL1 affinity fields packed as Aff3:Aff2:Aff1:Aff0, the form DTB cpu nodes and PSCI use. */
#define MPIDR_AFFINITY_MASK 0xff00ffffffULL

static inline uint64_t cpu_mpidr_affinity(void)
{
	return sysreg_read(mpidr_el1) & MPIDR_AFFINITY_MASK;
}

static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t value)
{
	*(volatile uint32_t *)addr = value;
}

static inline uint64_t mmio_read64(uintptr_t addr)
{
	return *(volatile uint64_t *)addr;
}

static inline void mmio_write64(uintptr_t addr, uint64_t value)
{
	*(volatile uint64_t *)addr = value;
}

#endif
