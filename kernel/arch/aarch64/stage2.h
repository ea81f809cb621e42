/* SPDX-License-Identifier: Apache-2.0 */
/* Stage-2 translation: a partition's intermediate physical addresses to physical ones. */
#ifndef KERNEL_ARCH_AARCH64_STAGE2_H
#define KERNEL_ARCH_AARCH64_STAGE2_H

#include <stdbool.h>
#include <stdint.h>

/* 39-bit IPA space: one level-1 table of 512 GiB, no concatenation needed. */
#define STAGE2_IPA_BITS 39

enum stage2_memory {
	STAGE2_NORMAL, /* RAM: write-back cacheable, inner shareable */
	STAGE2_DEVICE, /* MMIO: Device-nGnRnE, never executable */
};

/* What the partition may do with a mapping. */
#define STAGE2_READ (1u << 0)
#define STAGE2_WRITE (1u << 1)
#define STAGE2_EXECUTE (1u << 2)
#define STAGE2_ALL (STAGE2_READ | STAGE2_WRITE | STAGE2_EXECUTE)

struct stage2 {
	uint64_t *level1; /* physical = virtual at EL2 (identity map) */
	uint16_t vmid;
};

/* Allocates the root table; false when memory is exhausted. */
bool stage2_init(struct stage2 *stage2, uint16_t vmid);
/* Maps [ipa, ipa + size) to [pa, ...), 2 MiB blocks where both are aligned, 4 KiB pages elsewhere. */
bool stage2_map(struct stage2 *stage2, uint64_t ipa, uint64_t pa, uint64_t size,
		enum stage2_memory memory, unsigned access);
/* Makes this CPU translate its EL1&0 regime through the partition's tables. */
void stage2_activate(const struct stage2 *stage2);

#endif
