/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CPU_ARCH_AARCH64_CPU_OPS_H
#define CPU_ARCH_AARCH64_CPU_OPS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Register names are spelled as the assembler knows them (e.g. icc_sre_el2, S3_0_C12_C12_5). */
#define sysreg_read(reg)                                                                          \
	({                                                                                        \
		uint64_t read_value_;                                                     \
		__asm__ volatile("mrs %0, " #reg : "=r"(read_value_));                    \
		read_value_;                                                              \
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

/*
 * Cleans [start, start + size) to the point of coherency and invalidates the instruction caches:
 * what code written through the caches needs before a CPU with its MMU off (a guest starting) or
 * another CPU executes it (Arm ARM D7.5.9, "Data and instruction cache maintenance").
 */
static inline void cpu_sync_caches_for_execution(uintptr_t start, uint64_t size)
{
	uint64_t ctr;
	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	uint64_t line = 4ULL << ((ctr >> 16) & 0xf);

	for (uintptr_t address = start & ~(line - 1); address < start + size; address += line)
		__asm__ volatile("dc cvac, %0" : : "r"(address) : "memory");
	__asm__ volatile("dsb ish\n\tic ialluis\n\tdsb ish\n\tisb" ::: "memory");
}

#define DCZID_BLOCK_SIZE_MASK 0xfu /* log2 of the block size in words */
#define DCZID_PROHIBITED (1u << 4)

/*
 * Zeroes [start, start + size) of Normal memory (the MMU on), a whole block per DC ZVA where the
 * range covers one (Arm ARM D7.4.10, "Data cache zero instruction"; DCZID_EL0 gives the block, or
 * says it is prohibited): what Linux's clear_page does, a fraction of the stores memset makes.
 */
static inline void cpu_zero(void *start, size_t size)
{
	uint64_t id;
	__asm__ volatile("mrs %0, dczid_el0" : "=r"(id));
	uintptr_t block = (uintptr_t)4 << (id & DCZID_BLOCK_SIZE_MASK);
	uintptr_t at = (uintptr_t)start, end = at + size;
	uintptr_t first = (at + block - 1) & ~(block - 1), last = end & ~(block - 1);

	if ((id & DCZID_PROHIBITED) || first >= last) {
		memset(start, 0, size);
		return;
	}
	memset(start, 0, first - at);
	/* Four blocks a turn while four fit: the loop's own instructions stay a small share. */
	for (; last - first >= 4 * block; first += 4 * block)
		__asm__ volatile("dc zva, %0\n\tdc zva, %1\n\tdc zva, %2\n\tdc zva, %3"
				 :
				 : "r"(first), "r"(first + block), "r"(first + 2 * block),
				   "r"(first + 3 * block)
				 : "memory");
	for (; first < last; first += block)
		__asm__ volatile("dc zva, %0" : : "r"(first) : "memory");
	memset((void *)last, 0, end - last);
}

/*
 * Invalidates every stage 1 and stage 2 TLB entry of the VMID in VTTBR_EL2, on every CPU of the
 * Inner Shareable domain, and waits for it to complete (Arm ARM DDI 0487, C5.5 "TLBI VMALLS12E1IS"
 * and D8.13 "TLB maintenance": completion needs a DSB after the TLBI).
 */
static inline void cpu_tlb_invalidate_guest(void)
{
	__asm__ volatile("tlbi vmalls12e1is\n\tdsb ish" ::: "memory");
}
#endif
