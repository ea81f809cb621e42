/* SPDX-License-Identifier: Apache-2.0 */
/* Mortise's own RAM, and what the rest of RAM and the device space may be used for. */
#ifndef KERNEL_MEMORY_H
#define KERNEL_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dtb.h"

/* The granule of stage 2, of the frames' bookkeeping and of memory_alloc. */
#define PAGE_SIZE 4096

bool memory_init(const void *dtb);
/*
 * Whole pages of Mortise's RAM, align_pages a power of two (0 or 1: no alignment); NULL when
 * exhausted. Boot CPU only, while Mortise boots; never freed.
 */
void *memory_alloc(size_t pages, size_t align_pages);
/* Whether [base, base + size) lies in one RAM range: only RAM is mapped cacheable at EL2. */
bool memory_is_ram(uint64_t base, uint64_t size);
/* True when [base, base + size) overlaps any RAM: device mappings never may. */
bool memory_touches_ram(uint64_t base, uint64_t size);
/* The RAM past the kernel's own (MORTISE_MEMORY_MIB): what the root component builds with. */
struct dtb_range memory_for_partitions(void);
/* True when [base, base + size) overlaps the GIC's frames (distributor to last redistributor). */
bool memory_touches_gic(uint64_t base, uint64_t size);

#endif
