/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The parts of tenon_arch.h on every kernel call's or interrupt's path, inline for AArch64 EL1:
 * interrupt masking (DAIF, Arm ARM C5.2.2), the CPU index (TPIDR_EL1) and the clock read
 * (CNTVCT_EL0, D11.2). Each is one or two instructions, less than a call would cost.
 */
#ifndef TENON_ARCH_INLINE_H
#define TENON_ARCH_INLINE_H

#include <stdbool.h>
#include <stdint.h>

/* DAIF.I is bit 7; only the IRQ mask is ours to give back. */
#define TENON_ARCH_DAIF_I (1u << 7)

static inline uint64_t tenon_arch_irq_save(void)
{
	uint64_t saved;

	__asm__ volatile("mrs %0, daif\n\tmsr daifset, #2" : "=r"(saved) : : "memory");
	return saved;
}

static inline bool tenon_arch_irq_was_enabled(uint64_t saved)
{
	return (saved & TENON_ARCH_DAIF_I) == 0;
}

static inline void tenon_arch_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" : : : "memory");
}

static inline void tenon_arch_irq_restore(uint64_t saved)
{
	if (tenon_arch_irq_was_enabled(saved))
		tenon_arch_irq_enable();
}

/* SMP: the index arch/aarch64/smp.c wrote into TPIDR_EL1. Volatile: a thread that may move
 * between CPUs reads it afresh at each call. */
static inline unsigned tenon_arch_cpu_index(void)
{
	uint64_t index;

	__asm__ volatile("mrs %0, tpidr_el1" : "=r"(index));
	return (unsigned)index;
}

/* The ISB keeps the read from being taken early, ahead of the code before it (Arm ARM D11.2.2). */
static inline uint64_t tenon_arch_clock_now(void)
{
	uint64_t now;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(now) : : "memory");
	return now;
}

#endif
