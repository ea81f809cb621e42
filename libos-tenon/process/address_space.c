/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-process address spaces. The scheme, chosen for being the smallest that is correct:
 *
 * - One TTBR0_EL1 table per process, no TTBR1 (the boot code sets EPD1) and the boot T0SZ of 32
 *   (4 GiB of VA, a 4-entry level-1 table). Entries 0, 1 and 3 are the kernel's 1 GiB identity
 *   blocks, the same in every table (global, AP[2:1] = 00: EL1 only, and UXN: EL0 may not run
 *   kernel code either; Arm ARM D8.4.1). Entry 2, VA 0x8000_0000..0xC000_0000, is the process's
 *   own: a level-2 table of level-3 tables of 4 KiB user pages, non-global (nG) so the TLB tags
 *   them with the process's ASID (TTBR0 bits 63:48; TCR_EL1.AS = 0, 8-bit ASIDs, Arm ARM D8.13.1).
 * - Tenon itself runs on a kernel table (ASID 0) made the same way with entry 2 empty: the boot
 *   map's global block 2 must never be used again, or a global TLB entry could shadow the user
 *   pages of that range.
 * - So the kernel runs unchanged whichever table TTBR0 holds, and switching processes is one TTBR0
 *   write when a process returns to EL0. The kernel never dereferences user VAs: it walks the
 *   process's table and uses the frames' identity mapping, which also checks EL0's own rights.
 */
#include "process_internal.h"

#include <string.h>

#include "array_length.h"
#include "boot.h"
#include "cpu.h"
#include "page_alloc.h"
#include "tenon_arch.h"

#define POOL_MAX_BYTES (64u * 1024u * 1024u)
#define USER_L1_INDEX (PROCESS_USER_BASE >> 30)

/* Level-3 page and table descriptor fields (Arm ARM D8.3.2, 4 KiB granule). */
#define DESC_VALID 0x1ull
#define DESC_TABLE 0x3ull /* at levels 1 and 2: the next level's table */
#define DESC_PAGE 0x3ull /* at level 3 */
#define DESC_AP_EL0 (1ull << 6) /* AP[1]: EL0 has the same data access as EL1 */
#define DESC_AP_READ_ONLY (1ull << 7) /* AP[2] */
#define DESC_NG (1ull << 11)
#define DESC_PXN (1ull << 53)
#define DESC_UXN (1ull << 54)
/* Software bit (Arm ARM D8.3.2: bits 58:55 are ignored by the walker): a frame the process owns
 * but may not touch yet (PROT_NONE); such a descriptor is kept invalid. */
#define DESC_SW_RESERVED (1ull << 55)
#define DESC_ADDRESS_MASK 0x0000fffffffff000ull
#define USER_PAGE_ATTRS                                                                           \
	(DESC_PAGE | BOOT_DESC_ATTR_INDEX(BOOT_MAIR_NORMAL_WB) | BOOT_DESC_INNER_SHAREABLE |     \
	 BOOT_DESC_ACCESS_FLAG | DESC_NG | DESC_PXN)

static struct page_allocator pool;
static uint64_t pool_bitmap[PAGE_ALLOC_BITMAP_WORDS(POOL_MAX_BYTES)];
static bool pool_ready;
static uint64_t kernel_level1[512] __attribute__((aligned(4096)));

/* The allocator's spinlock must not be held by a preempted thread: callers may run with
 * interrupts enabled (process_create), so every pool call masks them. */
static uint64_t *page_get_zeroed(void)
{
	uint64_t address = 0;
	uint64_t saved = tenon_arch_irq_save();
	enum page_alloc_status status = page_alloc_alloc(&pool, 1, 1, &address);

	tenon_arch_irq_restore(saved);
	if (status != PAGE_ALLOC_OK)
		return NULL;
	memset((void *)(uintptr_t)address, 0, PAGE_SIZE);
	return (uint64_t *)(uintptr_t)address;
}

static void page_put(uint64_t address)
{
	uint64_t saved = tenon_arch_irq_save();

	page_alloc_free(&pool, address, 1);
	tenon_arch_irq_restore(saved);
}

enum process_status pool_init(void *base, size_t size)
{
	if (base == NULL || size == 0 || size > POOL_MAX_BYTES || ((uintptr_t)base & 4095u) != 0 ||
	    (size & 4095u) != 0)
		return PROCESS_ERR_INVALID;
	if (page_alloc_init(&pool, (uintptr_t)base, size, pool_bitmap,
			    ARRAY_LENGTH(pool_bitmap)) != PAGE_ALLOC_OK)
		return PROCESS_ERR_INVALID;
	pool_ready = true;
	return PROCESS_OK;
}

uint64_t pool_free_pages(void)
{
	return pool_ready ? page_alloc_free_pages(&pool) : 0;
}

static void tlb_sync(void)
{
	__asm__ volatile("dsb ish\n\tisb" ::: "memory");
}

static void copy_kernel_blocks(uint64_t *level1)
{
	for (unsigned i = 0; i < BOOT_MAP_BLOCKS; i++)
		level1[i] = i == USER_L1_INDEX ? 0 : boot_map_block_descriptor(i, 1) | DESC_UXN;
}

void address_space_kernel_install(void)
{
	copy_kernel_blocks(kernel_level1);
	__asm__ volatile("dsb ishst" ::: "memory");
	sysreg_write(ttbr0_el1, (uint64_t)(uintptr_t)kernel_level1);
	__asm__ volatile("isb\n\ttlbi vmalle1is" ::: "memory");
	tlb_sync();
}

uint64_t address_space_kernel_ttbr(void)
{
	return (uint64_t)(uintptr_t)kernel_level1;
}

enum process_status address_space_create(struct address_space *space, uint16_t asid)
{
	uint64_t *level1 = page_get_zeroed();
	uint64_t *level2 = level1 != NULL ? page_get_zeroed() : NULL;

	if (level2 == NULL) {
		if (level1 != NULL)
			page_put((uintptr_t)level1);
		return PROCESS_ERR_NO_MEMORY;
	}
	copy_kernel_blocks(level1);
	level1[USER_L1_INDEX] = (uintptr_t)level2 | DESC_TABLE;
	space->level1 = level1;
	space->level2 = level2;
	space->asid = asid;
	space->pages = 0;
	return PROCESS_OK;
}

uint64_t address_space_ttbr(const struct address_space *space)
{
	return (uint64_t)(uintptr_t)space->level1 | ((uint64_t)space->asid << 48);
}

static bool user_va(uint64_t va)
{
	return va >= PROCESS_USER_BASE && va < PROCESS_USER_END;
}

/* The level-3 descriptor slot for va, or NULL when its level-3 table does not exist (and
 * create is false or the pool is empty). */
static uint64_t *page_slot(const struct address_space *space, uint64_t va, bool create)
{
	uint64_t *l2_entry = &space->level2[(va >> 21) & 511u];

	if ((*l2_entry & DESC_VALID) == 0) {
		if (!create)
			return NULL;
		uint64_t *table = page_get_zeroed();
		if (table == NULL)
			return NULL;
		__asm__ volatile("dsb ishst" ::: "memory");
		*l2_entry = (uintptr_t)table | DESC_TABLE;
	}
	uint64_t *level3 = (uint64_t *)(uintptr_t)(*l2_entry & DESC_ADDRESS_MASK);
	return &level3[(va >> 12) & 511u];
}

static bool slot_owns_frame(uint64_t descriptor)
{
	return (descriptor & (DESC_VALID | DESC_SW_RESERVED)) != 0;
}

static uint64_t page_rights(unsigned prot)
{
	if (prot == 0)
		return DESC_SW_RESERVED;
	uint64_t rights = USER_PAGE_ATTRS | DESC_AP_EL0;
	if ((prot & USER_PROT_WRITE) == 0)
		rights |= DESC_AP_READ_ONLY;
	if ((prot & USER_PROT_EXEC) == 0)
		rights |= DESC_UXN;
	return rights;
}

static unsigned descriptor_prot(uint64_t descriptor)
{
	if ((descriptor & DESC_VALID) == 0)
		return 0;
	unsigned prot = USER_PROT_READ;
	if ((descriptor & DESC_AP_READ_ONLY) == 0)
		prot |= USER_PROT_WRITE;
	if ((descriptor & DESC_UXN) == 0)
		prot |= USER_PROT_EXEC;
	return prot;
}

static void tlb_forget_page(const struct address_space *space, uint64_t va)
{
	uint64_t operand = ((uint64_t)space->asid << 48) | ((va >> 12) & 0xfffffffffffull);

	__asm__ volatile("dsb ishst\n\ttlbi vae1is, %0" : : "r"(operand) : "memory");
}

uint64_t address_space_find_free(const struct address_space *space, uint64_t low, uint64_t high,
				 uint64_t pages)
{
	uint64_t run_start = low, run = 0;

	/* A missing level-3 table is 2 MiB free at once: the scan is bounded by the tables that
	 * exist, not by the size of the window. */
	for (uint64_t va = low; va < high && run < pages;) {
		uint64_t step = 1;
		if ((space->level2[(va >> 21) & 511u] & DESC_VALID) == 0) {
			uint64_t block_end = (va | 0x1fffffull) + 1;
			step = ((block_end < high ? block_end : high) - va) / PAGE_SIZE;
		} else if (slot_owns_frame(*page_slot(space, va, false))) {
			run = 0;
			run_start = va + PAGE_SIZE;
			va += PAGE_SIZE;
			continue;
		}
		run += step;
		va += step * PAGE_SIZE;
	}
	return run >= pages && run_start + pages * PAGE_SIZE <= high ? run_start : 0;
}

enum process_status address_space_map(struct address_space *space, uint64_t va, uint64_t pages,
				      unsigned prot)
{
	if ((va & 4095u) != 0 || !user_va(va) || pages > (PROCESS_USER_END - va) / PAGE_SIZE)
		return PROCESS_ERR_INVALID;
	for (uint64_t i = 0; i < pages; i++) {
		uint64_t page_va = va + i * PAGE_SIZE;
		uint64_t *slot = page_slot(space, page_va, true);
		if (slot != NULL && slot_owns_frame(*slot)) {
			uint64_t frame = *slot & DESC_ADDRESS_MASK;
			*slot = frame | page_rights(prot | descriptor_prot(*slot));
			tlb_forget_page(space, page_va);
			continue;
		}
		uint64_t *frame = slot != NULL ? page_get_zeroed() : NULL;
		if (frame == NULL) {
			address_space_unmap(space, va, i);
			return PROCESS_ERR_NO_MEMORY;
		}
		__asm__ volatile("dsb ishst" ::: "memory");
		*slot = (uintptr_t)frame | page_rights(prot);
		space->pages++;
	}
	tlb_sync();
	return PROCESS_OK;
}

void address_space_unmap(struct address_space *space, uint64_t va, uint64_t pages)
{
	for (uint64_t i = 0; i < pages; i++) {
		uint64_t page_va = va + i * PAGE_SIZE;
		uint64_t *slot = user_va(page_va) ? page_slot(space, page_va, false) : NULL;
		if (slot == NULL || !slot_owns_frame(*slot))
			continue;
		uint64_t frame = *slot & DESC_ADDRESS_MASK;
		*slot = 0;
		/* The frame is reused only after no TLB can still reach it. */
		tlb_forget_page(space, page_va);
		tlb_sync();
		page_put(frame);
		space->pages--;
	}
}

bool address_space_protect(struct address_space *space, uint64_t va, uint64_t pages,
			   unsigned prot)
{
	for (uint64_t i = 0; i < pages; i++) {
		uint64_t page_va = va + i * PAGE_SIZE;
		uint64_t *slot = user_va(page_va) ? page_slot(space, page_va, false) : NULL;
		if (slot == NULL || !slot_owns_frame(*slot))
			return false;
	}
	for (uint64_t i = 0; i < pages; i++) {
		uint64_t page_va = va + i * PAGE_SIZE;
		uint64_t *slot = page_slot(space, page_va, false);
		*slot = (*slot & DESC_ADDRESS_MASK) | page_rights(prot);
		tlb_forget_page(space, page_va);
	}
	tlb_sync();
	return true;
}

void address_space_destroy(struct address_space *space)
{
	if (space->level1 == NULL)
		return;
	/* TLBI ASIDE1IS: every entry tagged with this ASID, so the next owner starts clean. */
	__asm__ volatile("dsb ishst\n\ttlbi aside1is, %0" : : "r"((uint64_t)space->asid << 48)
			 : "memory");
	tlb_sync();
	for (unsigned l2 = 0; l2 < 512; l2++) {
		if ((space->level2[l2] & DESC_VALID) == 0)
			continue;
		uint64_t *level3 = (uint64_t *)(uintptr_t)(space->level2[l2] & DESC_ADDRESS_MASK);
		for (unsigned l3 = 0; l3 < 512; l3++)
			if (slot_owns_frame(level3[l3]))
				page_put(level3[l3] & DESC_ADDRESS_MASK);
		page_put((uintptr_t)level3);
	}
	page_put((uintptr_t)space->level2);
	page_put((uintptr_t)space->level1);
	space->level1 = NULL;
	space->level2 = NULL;
	space->pages = 0;
}

/* The frame address of va's byte when EL0 may access it so (write or read), else 0. */
static uint64_t user_frame_address(const struct address_space *space, uint64_t va, bool write,
				   bool any_rights)
{
	if (!user_va(va))
		return 0;
	const uint64_t *slot = page_slot(space, va, false);
	if (slot == NULL)
		return 0;
	if (!any_rights) {
		if ((*slot & DESC_VALID) == 0)
			return 0;
		if (write && (*slot & DESC_AP_READ_ONLY) != 0)
			return 0;
	} else if (!slot_owns_frame(*slot)) {
		return 0;
	}
	return (*slot & DESC_ADDRESS_MASK) | (va & 4095u);
}

bool user_range_ok(const struct address_space *space, uint64_t va, uint64_t length, bool write)
{
	if (length == 0)
		return true;
	if (va + length < va || !user_va(va) || !user_va(va + length - 1))
		return false;
	for (uint64_t page = va & ~4095ull; page < va + length; page += PAGE_SIZE)
		if (user_frame_address(space, page, write, false) == 0)
			return false;
	return true;
}

/* Copies length bytes between a kernel buffer and the user range, one page piece at a time. */
static bool user_copy(const struct address_space *space, uint64_t va, uint8_t *kernel,
		      uint64_t length, bool to_user, bool any_rights)
{
	if (length == 0)
		return true;
	if (va + length < va || !user_va(va) || !user_va(va + length - 1))
		return false;
	while (length > 0) {
		uint64_t frame = user_frame_address(space, va, to_user, any_rights);
		if (frame == 0)
			return false;
		uint64_t piece = PAGE_SIZE - (va & 4095u);
		if (piece > length)
			piece = length;
		if (to_user)
			memcpy((void *)(uintptr_t)frame, kernel, piece);
		else
			memcpy(kernel, (const void *)(uintptr_t)frame, piece);
		va += piece;
		kernel += piece;
		length -= piece;
	}
	return true;
}

bool copy_from_user(const struct address_space *space, void *to, uint64_t va, uint64_t length)
{
	return user_copy(space, va, to, length, false, false);
}

bool copy_to_user(const struct address_space *space, uint64_t va, const void *from,
		  uint64_t length)
{
	return user_copy(space, va, (uint8_t *)(uintptr_t)from, length, true, false);
}

bool copy_into_space(const struct address_space *space, uint64_t va, const void *from,
		     uint64_t length, bool make_executable)
{
	if (!user_copy(space, va, (uint8_t *)(uintptr_t)from, length, true, true))
		return false;
	if (make_executable) {
		/* The frames were written as data: clean them to the point of coherency and drop
		 * stale instructions before EL0 fetches from them (Arm ARM D7.5.9). */
		for (uint64_t page = va & ~4095ull; page < va + length; page += PAGE_SIZE)
			cpu_sync_caches_for_execution(
				(uintptr_t)(user_frame_address(space, page, false, true)), PAGE_SIZE);
	}
	return true;
}
