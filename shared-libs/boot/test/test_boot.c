/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "boot.h"

#define OUTPUT_ADDRESS(descriptor) ((descriptor) & 0x0000fffffffff000ULL)
#define ATTR_INDEX(descriptor) (((descriptor) >> 2) & 7)

static void test_blocks_map_identity(void **state)
{
	(void)state;
	for (unsigned i = 0; i < BOOT_MAP_BLOCKS; i++) {
		uint64_t descriptor = boot_map_block_descriptor(i, 2);
		assert_int_equal(OUTPUT_ADDRESS(descriptor), (uint64_t)i << 30);
		assert_int_equal(descriptor & 3, BOOT_DESC_BLOCK);
		assert_true(descriptor & BOOT_DESC_ACCESS_FLAG);
	}
}

static void test_below_ram_is_device_and_never_executable(void **state)
{
	(void)state;
	assert_true(CONFIG_PLATFORM_RAM_BASE >= (1ULL << 30));
	for (unsigned el = 1; el <= 2; el++) {
		uint64_t device = boot_map_block_descriptor(0, el);
		assert_int_equal(ATTR_INDEX(device), BOOT_MAIR_DEVICE_NGNRNE);
		assert_true(device & BOOT_DESC_XN);
	}
	assert_true(boot_map_block_descriptor(0, 1) & BOOT_DESC_PXN);
}

static void test_ram_is_normal_shareable_and_executable(void **state)
{
	(void)state;
	unsigned ram_block = CONFIG_PLATFORM_RAM_BASE >> 30;

	for (unsigned el = 1; el <= 2; el++) {
		uint64_t normal = boot_map_block_descriptor(ram_block, el);
		assert_int_equal(ATTR_INDEX(normal), BOOT_MAIR_NORMAL_WB);
		assert_int_equal(normal & BOOT_DESC_INNER_SHAREABLE, BOOT_DESC_INNER_SHAREABLE);
		assert_false(normal & (BOOT_DESC_XN | BOOT_DESC_PXN));
	}
}

static void test_el1_keeps_el0_out_and_el2_sets_res1(void **state)
{
	(void)state;
	assert_false(boot_map_block_descriptor(1, 1) & BOOT_DESC_AP1);
	assert_true(boot_map_block_descriptor(1, 2) & BOOT_DESC_AP1);
}

static void test_index_past_the_map_is_invalid(void **state)
{
	(void)state;
	assert_int_equal(boot_map_block_descriptor(BOOT_MAP_BLOCKS, 2), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_map_identity),
		cmocka_unit_test(test_below_ram_is_device_and_never_executable),
		cmocka_unit_test(test_ram_is_normal_shareable_and_executable),
		cmocka_unit_test(test_el1_keeps_el0_out_and_el2_sets_res1),
		cmocka_unit_test(test_index_past_the_map_is_invalid),
	};
	return cmocka_run_group_tests_name("boot", tests, NULL, NULL);
}
