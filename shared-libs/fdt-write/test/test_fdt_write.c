/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "fdt_write.h"

static char tree[4096];

static void begin(size_t size)
{
	assert_int_equal(fdt_create(tree, (int)size), 0);
	assert_int_equal(fdt_finish_reservemap(tree), 0);
	assert_int_equal(fdt_begin_node(tree, ""), 0);
}

static void finish(void)
{
	assert_int_equal(fdt_end_node(tree), 0);
	assert_int_equal(fdt_finish(tree), 0);
	assert_int_equal(fdt_check_header(tree), 0);
}

static const fdt32_t *property(const char *path, const char *name, int *length)
{
	int node = fdt_path_offset(tree, path);

	assert_true(node >= 0);
	return fdt_getprop(tree, node, name, length);
}

static void test_cells_and_pairs(void **state)
{
	(void)state;
	const uint32_t values[3] = {1, 0xdeadbeef, 3};
	int length;

	begin(sizeof(tree));
	assert_true(fdt_write_cells(tree, "three", values, 3));
	assert_true(fdt_write_cells(tree, "none", values, 0));
	assert_true(fdt_write_u64_pair(tree, "reg", 0x123456789aULL, 0x10000));
	uint32_t too_many[FDT_WRITE_MAX_CELLS + 1] = {0};
	assert_false(fdt_write_cells(tree, "too-many", too_many, FDT_WRITE_MAX_CELLS + 1));
	finish();

	const fdt32_t *three = property("/", "three", &length);
	assert_int_equal(length, 12);
	assert_int_equal(fdt32_to_cpu(three[1]), 0xdeadbeef);
	assert_non_null(property("/", "none", &length));
	assert_int_equal(length, 0);
	const fdt32_t *reg = property("/", "reg", &length);
	assert_int_equal(length, 16);
	assert_int_equal(fdt32_to_cpu(reg[0]), 0x12);
	assert_int_equal(fdt32_to_cpu(reg[1]), 0x3456789a);
	assert_int_equal(fdt32_to_cpu(reg[2]), 0);
	assert_int_equal(fdt32_to_cpu(reg[3]), 0x10000);
	assert_null(property("/", "too-many", &length));
}

static void test_cpus(void **state)
{
	(void)state;
	int length;

	begin(sizeof(tree));
	assert_true(fdt_write_cpus(tree, 12));
	finish();
	const fdt32_t *reg = property("/cpus/cpu@11", "reg", &length);
	assert_int_equal(length, 4);
	assert_int_equal(fdt32_to_cpu(*reg), 11);
	const char *method = (const char *)property("/cpus/cpu@0", "enable-method", &length);
	assert_string_equal(method, "psci");
	assert_true(fdt_path_offset(tree, "/cpus/cpu@12") < 0);
}

static void test_timer(void **state)
{
	(void)state;
	const uint32_t ppis[4] = {13, 14, 11, 10};
	int length;

	begin(sizeof(tree));
	assert_true(fdt_write_timer(tree, ppis));
	finish();
	const fdt32_t *interrupts = property("/timer", "interrupts", &length);
	assert_int_equal(length, 48);
	assert_int_equal(fdt32_to_cpu(interrupts[0]), 1);
	assert_int_equal(fdt32_to_cpu(interrupts[7]), 11);
	assert_int_equal(fdt32_to_cpu(interrupts[11]), 4);
}

static void test_partition_frame(void **state)
{
	(void)state;
	const struct fdt_partition partition = {
		.ram_ipa = 0x40000000, .ram_size = 0x300000, .devicetree_ipa = 0x402f0000,
		.devicetree_size = 0x10000, .vcpus = 2, .console = true, .console_capability = 3};
	uint64_t address, size;
	int length;

	assert_true(fdt_write_partition_begin(tree, sizeof(tree), &partition));
	assert_int_equal(fdt_begin_node(tree, "extra"), 0);
	assert_int_equal(fdt_end_node(tree), 0);
	assert_true(fdt_write_partition_chosen(tree, &partition));
	assert_int_equal(fdt_property_u32(tree, "mine", 7), 0);
	size_t total = fdt_write_partition_finish(tree);
	assert_int_equal(total, fdt_totalsize(tree));
	assert_int_equal(fdt_check_header(tree), 0);

	assert_int_equal(fdt_get_mem_rsv(tree, 0, &address, &size), 0);
	assert_int_equal(address, 0x402f0000);
	assert_int_equal(size, 0x10000);
	const fdt32_t *reg = property("/memory@40000000", "reg", &length);
	assert_int_equal(length, 16);
	assert_int_equal(fdt32_to_cpu(reg[1]), 0x40000000);
	assert_int_equal(fdt32_to_cpu(reg[3]), 0x300000);
	assert_non_null(property("/cpus/cpu@1", "reg", &length));
	assert_true(fdt_path_offset(tree, "/cpus/cpu@2") < 0);
	assert_non_null(property("/intc", "tenonos,cpu-interface-only", &length));
	const fdt32_t *console = property("/hypervisor-console", "tenonos,console-capability",
					  &length);
	assert_int_equal(fdt32_to_cpu(*console), 3);
	assert_string_equal((const char *)property("/chosen", "stdout-path", &length),
			    "/hypervisor-console");
	assert_int_equal(fdt32_to_cpu(*property("/chosen", "mine", &length)), 7);
	assert_true(fdt_path_offset(tree, "/extra") >= 0);
}

static void test_partition_without_console(void **state)
{
	(void)state;
	const struct fdt_partition partition = {.ram_ipa = 0x40000000, .ram_size = 0x100000,
						.devicetree_ipa = 0x400f0000,
						.devicetree_size = 0x10000, .vcpus = 1};
	int length;

	assert_true(fdt_write_partition_begin(tree, sizeof(tree), &partition));
	assert_true(fdt_write_partition_chosen(tree, &partition));
	assert_true(fdt_write_partition_finish(tree) > 0);
	assert_true(fdt_path_offset(tree, "/hypervisor-console") < 0);
	assert_null(property("/chosen", "stdout-path", &length));
}

static void test_partition_too_big_for_its_buffer(void **state)
{
	(void)state;
	const struct fdt_partition partition = {.ram_ipa = 0x40000000, .ram_size = 0x100000,
						.vcpus = 8, .console = true};

	assert_false(fdt_write_partition_begin(tree, 256, &partition));
}

static void test_full_buffer_is_an_error(void **state)
{
	(void)state;

	begin(200);
	assert_false(fdt_write_cpus(tree, 8));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells_and_pairs),
		cmocka_unit_test(test_cpus),
		cmocka_unit_test(test_timer),
		cmocka_unit_test(test_partition_frame),
		cmocka_unit_test(test_partition_without_console),
		cmocka_unit_test(test_partition_too_big_for_its_buffer),
		cmocka_unit_test(test_full_buffer_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
