/* SPDX-License-Identifier: Apache-2.0 */
#include "stage2.h"

#include <string.h>

#include "cpu.h"
#include "kernel.h"
#include "sync.h"

#define LEVEL_ENTRIES 512
#define BLOCK_2M (1ULL << 21)
#define PAGE_4K (1ULL << 12)

/* Stage-2 descriptor fields (Arm ARM D8.3.2, D8.4.5). */
#define DESC_VALID (1ULL << 0)
#define DESC_TABLE (1ULL << 1) /* at levels 1-2: next-level table; at level 3: page */
#define DESC_MEMATTR_NORMAL_WB (0xfULL << 2)
#define DESC_MEMATTR_DEVICE_NGNRNE (0x0ULL << 2)
#define DESC_S2AP_READ (1ULL << 6)
#define DESC_S2AP_WRITE (2ULL << 6)
#define DESC_INNER_SHAREABLE (3ULL << 8)
#define DESC_ACCESS_FLAG (1ULL << 10)
#define DESC_XN (2ULL << 53)
#define DESC_ADDRESS_MASK 0x0000fffffffff000ULL

/*
 * VTCR_EL2: T0SZ = 25 (39-bit IPA), SL0 = 1 (start at level 1), inner/outer write-back walks, inner
 * shareable, 4 KiB granule, PS = 40-bit physical addresses, RES1 bit 31 (Arm ARM D17.2.173).
 */
#define VTCR_VALUE ((64 - STAGE2_IPA_BITS) | (1u << 6) | (1u << 8) | (1u << 10) | (3u << 12) | \
		    (2u << 16) | (1u << 31))

static uint64_t *table_alloc(void)
{
	uint64_t *table = memory_alloc(1, 1);

	if (table != NULL)
		memset(table, 0, PAGE_4K);
	return table;
}

static uint64_t leaf_attributes(enum stage2_memory memory, unsigned access)
{
	uint64_t common = DESC_VALID | DESC_ACCESS_FLAG |
			  ((access & STAGE2_READ) ? DESC_S2AP_READ : 0) |
			  ((access & STAGE2_WRITE) ? DESC_S2AP_WRITE : 0) |
			  ((access & STAGE2_EXECUTE) ? 0 : DESC_XN);

	if (memory == STAGE2_DEVICE)
		return common | DESC_MEMATTR_DEVICE_NGNRNE | DESC_XN;
	return common | DESC_MEMATTR_NORMAL_WB | DESC_INNER_SHAREABLE;
}

/*
 * The next-level table behind entry, allocated on first use; NULL when memory is exhausted or a
 * block already maps the range (mappings never overlap).
 */
static uint64_t *next_table(uint64_t *entry)
{
	if (*entry & DESC_VALID)
		return (*entry & DESC_TABLE) ? (uint64_t *)(uintptr_t)(*entry & DESC_ADDRESS_MASK) :
					       NULL;
	uint64_t *table = table_alloc();
	if (table != NULL)
		*entry = (uintptr_t)table | DESC_VALID | DESC_TABLE;
	return table;
}

bool stage2_init(struct stage2 *stage2, uint16_t vmid)
{
	stage2->vmid = vmid;
	stage2->level1 = table_alloc();
	return stage2->level1 != NULL;
}

bool stage2_map(struct stage2 *stage2, uint64_t ipa, uint64_t pa, uint64_t size,
		enum stage2_memory memory, unsigned access)
{
	uint64_t attributes = leaf_attributes(memory, access);

	if (((ipa | pa | size) & (PAGE_4K - 1)) != 0 || size == 0 ||
	    size > (1ULL << STAGE2_IPA_BITS) || ipa > (1ULL << STAGE2_IPA_BITS) - size)
		return false;
	while (size > 0) {
		uint64_t *level2 = next_table(&stage2->level1[(ipa >> 30) % LEVEL_ENTRIES]);
		if (level2 == NULL)
			return false;
		uint64_t *entry2 = &level2[(ipa >> 21) % LEVEL_ENTRIES];
		if (((ipa | pa) & (BLOCK_2M - 1)) == 0 && size >= BLOCK_2M && !(*entry2 & DESC_VALID)) {
			*entry2 = pa | attributes;
			ipa += BLOCK_2M, pa += BLOCK_2M, size -= BLOCK_2M;
			continue;
		}
		uint64_t *level3 = next_table(entry2);
		if (level3 == NULL)
			return false;
		uint64_t *entry3 = &level3[(ipa >> 12) % LEVEL_ENTRIES];
		if (*entry3 & DESC_VALID)
			return false;
		*entry3 = pa | attributes | DESC_TABLE;
		ipa += PAGE_4K, pa += PAGE_4K, size -= PAGE_4K;
	}
	/* The walker must see the new entries before the partition runs (Arm ARM D8.2.6). */
	barrier_full();
	return true;
}

void stage2_activate(const struct stage2 *stage2)
{
	sysreg_write(vtcr_el2, VTCR_VALUE);
	sysreg_write(vttbr_el2, (uintptr_t)stage2->level1 | ((uint64_t)stage2->vmid << 48));
	/*
	 * No TLB maintenance: every partition has a VMID of its own for the whole boot, so entries
	 * of one can never hit for another (Arm ARM D8.14.1).
	 */
	barrier_instruction();
}
