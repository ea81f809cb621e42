/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CPU_ARCH_AARCH64_CPU_OPS_H
#define CPU_ARCH_AARCH64_CPU_OPS_H

#include <stdint.h>

/* Register names are spelled as the assembler knows them (e.g. icc_sre_el2, S3_0_C12_C12_5). */
#define sysreg_read(reg)                                                                          \
	({                                                                                        \
		uint64_t value_;                                                                  \
		__asm__ volatile("mrs %0, " #reg : "=r"(value_));                                 \
		value_;                                                                           \
	})

#define sysreg_write(reg, value)                                                                  \
	do {                                                                                      \
		uint64_t value_ = (value);                                                        \
		__asm__ volatile("msr " #reg ", %0" : : "r"(value_));                             \
	} while (0)

static inline void cpu_wait_for_interrupt(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

static inline void cpu_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

static inline void cpu_irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

#endif
