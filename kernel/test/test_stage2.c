/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The stage-2 code on the host (the CPU fake stands in for system registers): tables come only
 * from the donated memory, a failed map leaves that memory bit-identical, running out of tables
 * is CAP_NO_MEMORY, and caps.h's HC_STAGE2_TABLES bound holds for any mapping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "stage2.h"

#define PAGE 0x1000ULL
#define BLOCK 0x200000ULL
#define GIB 0x40000000ULL
#define MAX_TABLES 128

static uint8_t *memory;
static uint8_t before[MAX_TABLES * PAGE];
static struct stage2 stage2;

static int allocate(void **state)
{
	(void)state;
	memory = aligned_alloc(PAGE, MAX_TABLES * PAGE);
	memset(memory, 0xa5, MAX_TABLES * PAGE);
	return memory == NULL;
}

static int release(void **state)
{
	(void)state;
	free(memory);
	return 0;
}

static void init(unsigned tables)
{
	assert_true(stage2_init(&stage2, 1, (uintptr_t)memory, tables * PAGE));
}

/* A failed map with status want that leaves the donated memory and its use as they were. */
static void map_fails(uint64_t ipa, uint64_t pa, uint64_t size, enum cap_status want)
{
	uint64_t used = stage2.table_used;

	memcpy(before, memory, MAX_TABLES * PAGE);
	assert_int_equal(stage2_map(&stage2, ipa, pa, size, STAGE2_NORMAL, STAGE2_ALL), want);
	assert_int_equal(stage2.table_used, used);
	assert_memory_equal(before, memory, MAX_TABLES * PAGE);
}

static void map_takes(uint64_t ipa, uint64_t pa, uint64_t size, uint64_t tables)
{
	uint64_t used = stage2.table_used;

	assert_int_equal(stage2_map(&stage2, ipa, pa, size, STAGE2_NORMAL, STAGE2_ALL), CAP_OK);
	assert_int_equal(stage2.table_used - used, tables * PAGE);
}

static void test_init_takes_whole_pages_and_the_minimum(void **state)
{
	(void)state;
	assert_false(stage2_init(&stage2, 1, (uintptr_t)memory, PAGE));
	assert_false(stage2_init(&stage2, 1, (uintptr_t)memory + 8, 2 * PAGE));
	assert_false(stage2_init(&stage2, 1, (uintptr_t)memory, 2 * PAGE + 8));
	assert_false(stage2_init(&stage2, 1, UINT64_MAX & ~(PAGE - 1), 2 * PAGE));
	init(2);
	assert_ptr_equal(stage2.level1, memory);
	assert_int_equal(stage2.table_used, PAGE);
	for (unsigned i = 0; i < PAGE; i++)
		assert_int_equal(memory[i], 0);
}

static void test_blocks_need_no_level3(void **state)
{
	(void)state;
	init(2);
	map_takes(GIB, GIB, 4 * BLOCK, 1);
	map_takes(GIB + 8 * BLOCK, 0x80000000, BLOCK, 0);
	/* Now a page needs a level-3 table, and there is none left. */
	map_fails(GIB + 4 * BLOCK, 0x80000000, PAGE, CAP_NO_MEMORY);
}

/* The level-3 descriptor that maps ipa (the tables are the donated memory, identity mapped). */
static uint64_t leaf(uint64_t ipa)
{
	uint64_t entry = stage2.level1[(ipa >> 30) % 512];

	entry = ((const uint64_t *)(uintptr_t)(entry & 0x0000fffffffff000ULL))[(ipa >> 21) % 512];
	return ((const uint64_t *)(uintptr_t)(entry & 0x0000fffffffff000ULL))[(ipa >> 12) % 512];
}

/* MemAttr (bits 5:2) per kind: write-back RAM, non-cacheable RAM, Device-nGnRnE; the frame walk
 * that counts RAM mappings finds both kinds of RAM and no device. */
static void test_memory_kinds_have_their_attributes(void **state)
{
	uint64_t ipa = 0, pa, size;

	(void)state;
	init(4);
	assert_int_equal(stage2_map(&stage2, GIB, 0x80000000, PAGE, STAGE2_NORMAL, STAGE2_ALL), CAP_OK);
	assert_int_equal(stage2_map(&stage2, GIB + PAGE, 0x80001000, PAGE,
				    STAGE2_NORMAL_NONCACHEABLE, STAGE2_ALL),
			 CAP_OK);
	assert_int_equal(stage2_map(&stage2, GIB + 2 * PAGE, 0x09000000, PAGE, STAGE2_DEVICE,
				    STAGE2_ALL),
			 CAP_OK);
	assert_int_equal((leaf(GIB) >> 2) & 0xf, 0xf);
	assert_int_equal((leaf(GIB + PAGE) >> 2) & 0xf, 0x5);
	assert_int_equal((leaf(GIB + 2 * PAGE) >> 2) & 0xf, 0x0);
	assert_true(stage2_next_normal(&stage2, &ipa, &pa, &size));
	assert_int_equal(pa, 0x80000000);
	assert_true(stage2_next_normal(&stage2, &ipa, &pa, &size));
	assert_int_equal(pa, 0x80001000);
	assert_false(stage2_next_normal(&stage2, &ipa, &pa, &size));
}

static void test_overlap_in_the_middle_writes_nothing(void **state)
{
	(void)state;
	init(8);
	map_takes(0x10000 + 2 * PAGE, 0x90000000, PAGE, 2);
	map_fails(0x10000, 0x90000000, 4 * PAGE, CAP_INVALID_ARGUMENT);
	/* A block in the way of pages, and pages in the way of a block. */
	map_takes(GIB, GIB, BLOCK, 1);
	map_fails(GIB - PAGE, 0x90000000, 2 * PAGE, CAP_INVALID_ARGUMENT);
	map_fails(0, 0, BLOCK, CAP_INVALID_ARGUMENT);
	map_takes(0x10000, 0x90000000, 2 * PAGE, 0);
}

static void test_running_out_midway_writes_nothing(void **state)
{
	(void)state;
	init(4);
	map_takes(0, 0x90000000, PAGE, 2);
	/* Two new 2 MiB regions by pages, one table left; then 1 GiB regions: a level 2 and a 3. */
	map_fails(3 * BLOCK - PAGE, 0x90000000, 2 * PAGE, CAP_NO_MEMORY);
	map_fails(GIB - PAGE, 0x90000000, 2 * PAGE, CAP_NO_MEMORY);
	map_fails(5 * GIB, 0x90000000, PAGE, CAP_NO_MEMORY);
	map_takes(3 * BLOCK - PAGE, 0x90000000, PAGE, 1);
	map_fails(3 * BLOCK, 0x90000000, PAGE, CAP_NO_MEMORY);
	map_takes(PAGE, 0x90000000, PAGE, 0);
}

static void test_bad_ranges_write_nothing(void **state)
{
	(void)state;
	init(4);
	map_fails(0x800, 0, PAGE, CAP_INVALID_ARGUMENT);
	map_fails(0, 0x800, PAGE, CAP_INVALID_ARGUMENT);
	map_fails(0, 0, 0x800, CAP_INVALID_ARGUMENT);
	map_fails(0, 0, 0, CAP_INVALID_ARGUMENT);
	map_fails(1ULL << 39, 0, PAGE, CAP_INVALID_ARGUMENT);
	map_fails((1ULL << 39) - PAGE, 0, 2 * PAGE, CAP_INVALID_ARGUMENT);
	map_fails(0, (1ULL << 48) - PAGE, 2 * PAGE, CAP_INVALID_ARGUMENT);
	map_fails(0, UINT64_MAX & ~(PAGE - 1), PAGE, CAP_INVALID_ARGUMENT);
	map_takes(0, (1ULL << 48) - PAGE, PAGE, 2);
}

/* Exhaustion comes after exactly as many maps as there are tables, one per 2 MiB region. */
static void test_one_page_per_block_exhausts_after_a_bound(void **state)
{
	(void)state;
	init(16);
	unsigned mapped = 0;
	while (stage2_map(&stage2, 4 * GIB + mapped * BLOCK, 0x90000000, PAGE, STAGE2_NORMAL,
			  STAGE2_READ) == CAP_OK)
		mapped++;
	assert_int_equal(mapped, 16 - 2);
	map_fails(4 * GIB + mapped * BLOCK, 0x90000000, PAGE, CAP_NO_MEMORY);
	assert_int_equal(stage2.table_used, 16 * PAGE);
}

/* Random mappings, each into fresh tables: what it takes never exceeds the ABI's bounds. */
static void test_table_bounds_hold(void **state)
{
	(void)state;
	srand(14);
	for (unsigned round = 0; round < 20000; round++) {
		uint64_t ipa = ((uint64_t)rand() % (1u << 20)) * PAGE * (rand() % 2 ? 1 : 512);
		uint64_t pa = ((uint64_t)rand() % (1u << 18)) * PAGE * (rand() % 2 ? 1 : 512);
		uint64_t size = ((uint64_t)rand() % (rand() % 4 ? 1024 : 32768) + 1) * PAGE;
		init(MAX_TABLES);
		enum cap_status status =
			stage2_map(&stage2, ipa, pa, size, STAGE2_NORMAL, STAGE2_ALL);
		if (status == CAP_INVALID_ARGUMENT) {
			assert_true(ipa + size > 1ULL << 39);
			continue;
		}
		assert_int_equal(status, CAP_OK);
		uint64_t taken = stage2.table_used / PAGE - 1;
		assert_true(taken <= hc_stage2_tables(ipa, pa, size));
		assert_true(taken <= hc_stage2_tables_anywhere(size));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_takes_whole_pages_and_the_minimum),
		cmocka_unit_test(test_blocks_need_no_level3),
		cmocka_unit_test(test_memory_kinds_have_their_attributes),
		cmocka_unit_test(test_overlap_in_the_middle_writes_nothing),
		cmocka_unit_test(test_running_out_midway_writes_nothing),
		cmocka_unit_test(test_bad_ranges_write_nothing),
		cmocka_unit_test(test_one_page_per_block_exhausts_after_a_bound),
		cmocka_unit_test(test_table_bounds_hold),
	};
	return cmocka_run_group_tests(tests, allocate, release);
}
