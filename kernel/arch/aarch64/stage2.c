/* SPDX-License-Identifier: Apache-2.0 */
#include "stage2.h"

#include <string.h>

#include "cpu.h"
#include "sync.h"

#define LEVEL_ENTRIES 512
#define BLOCK_2M (1ULL << 21)
#define PAGE_4K (1ULL << 12)

/* Stage-2 descriptor fields (Arm ARM D8.3.2, D8.4.5). */
#define DESC_VALID (1ULL << 0)
#define DESC_TABLE (1ULL << 1) /* at levels 1-2: next-level table; at level 3: page */
#define DESC_MEMATTR_NORMAL_WB (0xfULL << 2)
#define DESC_MEMATTR_DEVICE_NGNRNE (0x0ULL << 2)
#define DESC_MEMATTR_NORMAL_NC (0x5ULL << 2) /* outer and inner Non-cacheable */
#define DESC_MEMATTR_MASK (0xfULL << 2)
#define DESC_S2AP_READ (1ULL << 6)
#define DESC_S2AP_WRITE (2ULL << 6)
#define DESC_INNER_SHAREABLE (3ULL << 8)
#define DESC_ACCESS_FLAG (1ULL << 10)
#define DESC_XN (2ULL << 53)
#define DESC_ADDRESS_MASK 0x0000fffffffff000ULL
#define DESC_ADDRESS_LIMIT (1ULL << 48)

/*
 * VTCR_EL2: T0SZ = 25 (39-bit IPA), SL0 = 1 (start at level 1), inner/outer write-back walks, inner
 * shareable, 4 KiB granule, PS = 40-bit physical addresses, RES1 bit 31 (Arm ARM D17.2.173).
 */
#define VTCR_VALUE ((64 - STAGE2_IPA_BITS) | (1u << 6) | (1u << 8) | (1u << 10) | (3u << 12) | \
		    (2u << 16) | (1u << 31))

/*
 * Mapping never removes or changes a valid entry: it checks the whole range first (a plan: the
 * same walk writing nothing), so a failed map writes nothing, and a successful one only turns
 * invalid entries valid. A TLB never holds a translation that faults (Arm ARM D8.14), so neither
 * needs TLB maintenance; only a later unmapping (partition destruction) must break before make
 * with TLBI IPAS2E1IS + DSB + TLBI VMALLE1IS under the partition's VMID.
 */
struct walk {
	struct stage2 *stage2;
	bool apply;	     /* false: the plan, which counts tables instead of taking them */
	uint64_t new_tables; /* planned */
	/* While planning: the 1 GiB and 2 MiB regions (IPA >> 30, >> 21) of the last table counted. */
	uint64_t planned_level2, planned_level3;
};

/*
 * Stands in, while planning, for each table the map would take: nothing mapped in it yet. One
 * entry, not a zeroed 4 KiB table in the image: table_entry reads it for every index.
 */
static const uint64_t planned_entry;
#define PLANNED_TABLE ((uint64_t *)(uintptr_t)&planned_entry)

static uint64_t *table_entry(uint64_t *table, uint64_t index)
{
	return table == PLANNED_TABLE ? table : &table[index % LEVEL_ENTRIES];
}

static uint64_t tables_left(const struct stage2 *stage2)
{
	return (stage2->table_size - stage2->table_used) / PAGE_4K;
}

/* The next donated page, zeroed; the plan made sure there is one. */
static uint64_t *table_take(struct stage2 *stage2)
{
	uint64_t *table = (uint64_t *)(uintptr_t)(stage2->table_base + stage2->table_used);

	stage2->table_used += PAGE_4K;
	cpu_zero(table, PAGE_4K);
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
	if (memory == STAGE2_NORMAL_NONCACHEABLE)
		return common | DESC_MEMATTR_NORMAL_NC | DESC_INNER_SHAREABLE;
	return common | DESC_MEMATTR_NORMAL_WB | DESC_INNER_SHAREABLE;
}

/*
 * The next-level table behind entry, for the IPA region it covers: the existing one, or one taken
 * (when applying) or counted once per region (when planning); NULL when a block already maps the
 * range (mappings never overlap).
 */
static uint64_t *next_table(struct walk *walk, uint64_t *entry, uint64_t region, uint64_t *planned)
{
	if (*entry & DESC_VALID)
		return (*entry & DESC_TABLE) ? (uint64_t *)(uintptr_t)(*entry & DESC_ADDRESS_MASK) :
					       NULL;
	if (!walk->apply) {
		if (*planned != region) {
			*planned = region;
			walk->new_tables++;
		}
		return PLANNED_TABLE; /* read, never written, while planning */
	}
	uint64_t *table = table_take(walk->stage2);
	/* Its zeroes reach the walker before the descriptor that leads to them (Arm ARM D8.2.6). */
	barrier_store();
	*entry = (uintptr_t)table | DESC_VALID | DESC_TABLE;
	return table;
}

/* One pass over the range; only the plan can fail, and an applied walk repeats its choices. */
static enum cap_status walk_map(struct walk *walk, uint64_t ipa, uint64_t pa, uint64_t size,
				uint64_t attributes)
{
	while (size > 0) {
		uint64_t *level2 = next_table(walk, table_entry(walk->stage2->level1, ipa >> 30),
					      ipa >> 30, &walk->planned_level2);
		if (level2 == NULL)
			return CAP_INVALID_ARGUMENT;
		if (!walk->apply && walk->new_tables > tables_left(walk->stage2))
			return CAP_NO_MEMORY;
		uint64_t *entry2 = table_entry(level2, ipa >> 21);
		if (((ipa | pa) & (BLOCK_2M - 1)) == 0 && size >= BLOCK_2M && !(*entry2 & DESC_VALID)) {
			if (walk->apply)
				*entry2 = pa | attributes;
			ipa += BLOCK_2M, pa += BLOCK_2M, size -= BLOCK_2M;
			continue;
		}
		uint64_t *level3 = next_table(walk, entry2, ipa >> 21, &walk->planned_level3);
		if (level3 == NULL)
			return CAP_INVALID_ARGUMENT;
		/*
		 * A plan stops as soon as it needs more tables than are left, so that a walk never
		 * visits more pages than the partition's tables hold: its time under the locks is
		 * bounded by the kernel memory its creator donated, not by the size asked for.
		 */
		if (!walk->apply && walk->new_tables > tables_left(walk->stage2))
			return CAP_NO_MEMORY;
		uint64_t *entry3 = table_entry(level3, ipa >> 12);
		if (*entry3 & DESC_VALID)
			return CAP_INVALID_ARGUMENT;
		if (walk->apply)
			*entry3 = pa | attributes | DESC_TABLE;
		ipa += PAGE_4K, pa += PAGE_4K, size -= PAGE_4K;
	}
	return CAP_OK;
}

bool stage2_init(struct stage2 *stage2, uint16_t vmid, uint64_t table_base, uint64_t table_size)
{
	if (((table_base | table_size) & (PAGE_4K - 1)) != 0 ||
	    table_size < 2 * HC_STAGE2_TABLE_SIZE || table_base > UINT64_MAX - table_size)
		return false;
	*stage2 = (struct stage2){.vmid = vmid, .table_base = table_base, .table_size = table_size};
	stage2->level1 = table_take(stage2);
	return true;
}

void *stage2_take_page(struct stage2 *stage2)
{
	return tables_left(stage2) > 0 ? table_take(stage2) : NULL;
}

enum cap_status stage2_map(struct stage2 *stage2, uint64_t ipa, uint64_t pa, uint64_t size,
			   enum stage2_memory memory, unsigned access)
{
	uint64_t attributes = leaf_attributes(memory, access);
	struct walk plan = {stage2, false, 0, UINT64_MAX, UINT64_MAX};

	if (((ipa | pa | size) & (PAGE_4K - 1)) != 0 || size == 0 ||
	    size > (1ULL << STAGE2_IPA_BITS) || ipa > (1ULL << STAGE2_IPA_BITS) - size ||
	    pa > DESC_ADDRESS_LIMIT - size)
		return CAP_INVALID_ARGUMENT;
	enum cap_status planned = walk_map(&plan, ipa, pa, size, attributes);
	if (planned != CAP_OK)
		return planned;
	if (plan.new_tables > tables_left(stage2))
		return CAP_NO_MEMORY;
	struct walk apply = {stage2, true, 0, UINT64_MAX, UINT64_MAX};
	walk_map(&apply, ipa, pa, size, attributes);
	/* The walker must see the new entries before the partition runs (Arm ARM D8.2.6). */
	barrier_full();
	return CAP_OK;
}

static uint64_t vttbr_of(const struct stage2 *stage2)
{
	return (uintptr_t)stage2->level1 | ((uint64_t)stage2->vmid << 48);
}

void stage2_init_cpu(void)
{
	sysreg_write(vtcr_el2, VTCR_VALUE);
}

void stage2_activate(const struct stage2 *stage2)
{
	/*
	 * No TLB maintenance: a VMID is one partition's until stage2_forget, which leaves no entry
	 * of it behind, so entries of one can never hit for another (Arm ARM D8.14.1).
	 */
	sysreg_write(vttbr_el2, vttbr_of(stage2));
}

void stage2_forget(const struct stage2 *stage2)
{
	uint64_t current = sysreg_read(vttbr_el2);

	/* The walker must see no table of it any more before the TLBs are emptied (D8.2.6). */
	barrier_full();
	/* TLBI VMALLS12E1IS acts on the VMID of VTTBR_EL2: this CPU takes it for the moment. */
	sysreg_write(vttbr_el2, vttbr_of(stage2));
	barrier_instruction();
	cpu_tlb_invalidate_guest();
	sysreg_write(vttbr_el2, current);
	barrier_instruction();
}

/* The entry's next-level table, or its output address for a leaf. */
static const uint64_t *table_behind(uint64_t entry)
{
	return (const uint64_t *)(uintptr_t)(entry & DESC_ADDRESS_MASK);
}

bool stage2_next_normal(const struct stage2 *stage2, uint64_t *ipa, uint64_t *pa, uint64_t *size)
{
	while (*ipa < (1ULL << STAGE2_IPA_BITS)) {
		uint64_t entry = stage2->level1[(*ipa >> 30) % LEVEL_ENTRIES];
		uint64_t length = 1ULL << 30;
		if (entry & DESC_VALID) {
			entry = table_behind(entry)[(*ipa >> 21) % LEVEL_ENTRIES];
			length = BLOCK_2M;
		}
		if ((entry & DESC_VALID) && length == BLOCK_2M && (entry & DESC_TABLE)) {
			entry = table_behind(entry)[(*ipa >> 12) % LEVEL_ENTRIES];
			length = PAGE_4K;
		}
		*ipa = (*ipa | (length - 1)) + 1;
		if ((entry & DESC_VALID) && length != (1ULL << 30) &&
		    ((entry & DESC_MEMATTR_MASK) == DESC_MEMATTR_NORMAL_WB ||
		     (entry & DESC_MEMATTR_MASK) == DESC_MEMATTR_NORMAL_NC)) {
			*pa = entry & DESC_ADDRESS_MASK;
			*size = length;
			return true;
		}
	}
	return false;
}
