/* SPDX-License-Identifier: Apache-2.0 */
/* Stage-2 translation: a partition's intermediate physical addresses to physical ones. */
#ifndef KERNEL_ARCH_AARCH64_STAGE2_H
#define KERNEL_ARCH_AARCH64_STAGE2_H

#include <stdbool.h>
#include <stdint.h>

#include "caps.h"

/* 39-bit IPA space: one level-1 table of 512 GiB, no concatenation needed. */
#define STAGE2_IPA_BITS 39

enum stage2_memory {
	STAGE2_NORMAL, /* RAM: write-back cacheable, inner shareable */
	STAGE2_DEVICE, /* MMIO: Device-nGnRnE, never executable */
	STAGE2_NORMAL_NONCACHEABLE, /* RAM shared with a partition that maps it non-cacheable */
};

/* What the partition may do with a mapping. */
#define STAGE2_READ (1u << 0)
#define STAGE2_WRITE (1u << 1)
#define STAGE2_EXECUTE (1u << 2)
#define STAGE2_ALL (STAGE2_READ | STAGE2_WRITE | STAGE2_EXECUTE)

/*
 * A partition's tables come from the kernel memory its creator donated, [table_base, +table_size):
 * taken in order and never freed one by one, since mappings are never removed; destroying the
 * partition returns the whole range at once. Its vCPUs are taken from the same memory
 * (stage2_take_page). Guarded by the caller (kernel/frames.c's lock).
 */
struct stage2 {
	uint64_t *level1; /* physical = virtual at EL2 (identity map) */
	uint16_t vmid;
	uint64_t table_base, table_size, table_used;
};

/*
 * Takes the root table from the donated [table_base, + table_size): whole 4 KiB pages, at least
 * the root and one more table (false otherwise; partition_create also keeps room for its
 * capability space, HC_PARTITION_MEMORY_MIN).
 */
bool stage2_init(struct stage2 *stage2, uint16_t vmid, uint64_t table_base, uint64_t table_size);
/*
 * Maps [ipa, ipa + size) to [pa, ...), 2 MiB blocks where both are aligned, 4 KiB pages elsewhere.
 * CAP_INVALID_ARGUMENT for a range that is not whole pages, leaves the IPA space or overlaps a
 * mapping; CAP_NO_MEMORY when the donated memory has too few tables left. A failed map writes
 * nothing at all: the tables stay bit-identical.
 */
enum cap_status stage2_map(struct stage2 *stage2, uint64_t ipa, uint64_t pa, uint64_t size,
			   enum stage2_memory memory, unsigned access);
/*
 * A zeroed page of the partition's kernel memory for another object of it that lives as long
 * as it does (a vCPU); NULL when none is left.
 */
void *stage2_take_page(struct stage2 *stage2);
/* This CPU's stage-2 controls (VTCR_EL2), the same for every partition: set once, at its start. */
void stage2_init_cpu(void);
/*
 * Makes this CPU translate its EL1&0 regime through the partition's tables, from the caller's
 * next context synchronisation on (its ISB, or the ERET into the guest).
 */
void stage2_activate(const struct stage2 *stage2);
/*
 * The partition is being destroyed and runs nowhere: no TLB of any CPU keeps an entry of its
 * VMID (TLBI VMALLS12E1IS under it), so the VMID may name another partition's tables.
 */
void stage2_forget(const struct stage2 *stage2);
/*
 * The next mapping of normal memory at or above *ipa: true with its output range in *pa, *size
 * (one 2 MiB block or 4 KiB page) and *ipa past it; false when none is left. What destroying a
 * partition walks to count its mappings out of the page states.
 */
bool stage2_next_normal(const struct stage2 *stage2, uint64_t *ipa, uint64_t *pa, uint64_t *size);

#endif
