/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include "array_length.h"
#include "dtb.h"
#include "dtb_internal.h" /* DTB_CONSOLE_PATH_DEPTH, DTB_MAX_CONSOLES */
#include "fdt_builder.h"

typedef enum dtb_status (*query_fn)(const void *fdt, struct dtb_platform *platform,
				    struct dtb_diagnostic *diagnostic);

static int build_virt(void **state)
{
	*state = fdt_build_virt(4);
	return 0;
}

static int free_tree(void **state)
{
	free(*state);
	return 0;
}

static struct dtb_platform platform;
static struct dtb_diagnostic diagnostic;

static enum dtb_status run(query_fn query, const void *fdt)
{
	memset(&platform, 0, sizeof(platform));
	memset(&diagnostic, 0, sizeof(diagnostic));
	return query(fdt, &platform, &diagnostic);
}

static void expect_failure(query_fn query, const void *fdt, enum dtb_status status,
			   const char *node, const char *property)
{
	assert_int_equal(run(query, fdt), status);
	assert_int_equal(diagnostic.status, status);
	assert_string_equal(diagnostic.node, node);
	assert_string_equal(diagnostic.property, property);
	assert_non_null(diagnostic.expected);
	assert_true(strlen(diagnostic.expected) > 0);
}

static void expect_ok(query_fn query, const void *fdt)
{
	enum dtb_status status = run(query, fdt);

	if (status != DTB_OK)
		fail_msg("%s: %s %s: expected %s", dtb_status_name(status), diagnostic.node,
			 diagnostic.property, diagnostic.expected);
	assert_int_equal(diagnostic.status, DTB_OK);
	assert_string_equal(diagnostic.node, "");
}

/* ---- The whole tree --------------------------------------------------------------------------- */

static void test_virt_tree_gives_every_field(void **state)
{
	expect_ok(dtb_read_platform, *state);
	assert_int_equal(platform.memory_count, 1);
	assert_int_equal(platform.memory[0].base, VIRT_MEMORY_BASE);
	assert_int_equal(platform.memory[0].size, VIRT_MEMORY_SIZE);
	assert_int_equal(platform.cpu_count, 4);
	assert_int_equal(platform.cpus_ignored, 0);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(platform.cpu_mpidr[i], i);
	assert_int_equal(platform.uart_base, VIRT_UART_BASE);
	assert_int_equal(platform.uart_intid, 33);
	assert_int_equal(platform.gic.version, 3);
	assert_int_equal(platform.gic.distributor_base, VIRT_GICD_BASE);
	assert_int_equal(platform.gic.distributor_size, VIRT_GICD_SIZE);
	assert_int_equal(platform.gic.redistributor_base, VIRT_GICR_BASE);
	assert_int_equal(platform.gic.redistributor_size, VIRT_GICR_SIZE);
	assert_int_equal(platform.gic.maintenance_intid, 25);
	assert_int_equal(platform.timer.el1_physical_intid, 30);
	assert_int_equal(platform.timer.el1_virtual_intid, 27);
	assert_int_equal(platform.timer.el2_physical_intid, 26);
	assert_int_equal(platform.psci, DTB_PSCI_SMC);
	assert_string_equal(platform.bootargs, VIRT_BOOTARGS);
	assert_int_equal(platform.fdt_size, FDT_BUILDER_BUFFER_SIZE);
}

static void test_single_query_touches_only_its_fields(void **state)
{
	struct dtb_platform filled;

	memset(&filled, 0xa5, sizeof(filled));
	assert_int_equal(dtb_read_gic(*state, &filled, NULL), DTB_OK);
	assert_int_equal(filled.gic.distributor_base, VIRT_GICD_BASE);
	assert_int_equal(filled.memory_count, 0xa5a5a5a5u);
	assert_int_equal(filled.uart_base, 0xa5a5a5a5a5a5a5a5ULL);
	assert_int_equal(filled.timer.el1_virtual_intid, 0xa5a5a5a5u);
}

static void test_status_names_are_distinct(void **state)
{
	(void)state;
	for (int i = 0; i < DTB_STATUS_COUNT; i++) {
		assert_non_null(dtb_status_name((enum dtb_status)i));
		assert_string_not_equal(dtb_status_name((enum dtb_status)i), "unknown dtb status");
		for (int j = 0; j < i; j++)
			assert_string_not_equal(dtb_status_name((enum dtb_status)i),
						dtb_status_name((enum dtb_status)j));
	}
	assert_string_equal(dtb_status_name(DTB_STATUS_COUNT), "unknown dtb status");
	assert_string_equal(dtb_status_name((enum dtb_status)-1), "unknown dtb status");
}

static void test_psci_is_read_before_a_later_error(void **state)
{
	fdt_remove_node(*state, "/memory@40000000");
	assert_int_equal(run(dtb_read_platform, *state), DTB_ERR_NO_MEMORY);
	assert_int_equal(platform.psci, DTB_PSCI_SMC);
}

/* /chosen, /cpus and /aliases by libfdt's path rule: the whole name or the name before an '@'. */
static void test_well_known_nodes_by_whole_name(void **state)
{
	/* libfdt adds a node as its parent's first child: these come before the real ones. */
	fdt_add_node(*state, "/", "cpusx");
	fdt_add_node(*state, "/", "chosenx");
	fdt_set_string(*state, "/chosenx", "bootargs", "not these");
	expect_ok(dtb_read_platform, *state);
	assert_int_equal(platform.cpu_count, 4);
	assert_string_equal(platform.bootargs, VIRT_BOOTARGS);

	fdt_add_node(*state, "/", "chosen@0");
	fdt_set_string(*state, "/chosen@0", "bootargs", "these");
	expect_ok(dtb_read_platform, *state);
	assert_string_equal(platform.bootargs, "these");
}

static void test_diagnostic_makes_a_boot_error_line(void **state)
{
	char line[256];

	fdt_remove_node(*state, "/memory@40000000");
	assert_int_equal(run(dtb_read_platform, *state), DTB_ERR_NO_MEMORY);
	snprintf(line, sizeof(line), "boot error: %s: %s %s: expected %s",
		 dtb_status_name(diagnostic.status), diagnostic.node, diagnostic.property,
		 diagnostic.expected);
	assert_string_equal(line, "boot error: no memory: / device_type: expected a node with "
				  "device_type = \"memory\" and a non-empty reg");
}

/* ---- Header and structure --------------------------------------------------------------------- */

static void test_null_and_misaligned_blobs_are_refused(void **state)
{
	char *bytes = *state;

	expect_failure(dtb_read_platform, NULL, DTB_ERR_HEADER, "/", "(header)");
	memmove(bytes + 4, bytes, FDT_BUILDER_BUFFER_SIZE - 4);
	expect_failure(dtb_read_platform, bytes + 4, DTB_ERR_HEADER, "/", "(header)");
	assert_non_null(strstr(diagnostic.expected, "8-byte aligned"));
}

static void test_bad_magic_is_refused(void **state)
{
	fdt_set_magic(*state, 0xd00dfeee);
	expect_failure(dtb_read_memory, *state, DTB_ERR_HEADER, "/", "(header)");
}

static void test_truncated_header_is_refused(void **state)
{
	(void)state;
	uint64_t words[8] = {0};
	void *header = words;

	/* The magic survived, the rest of the header did not. */
	fdt_set_magic(header, FDT_MAGIC);
	fdt_set_totalsize(header, sizeof(words));
	expect_failure(dtb_read_platform, header, DTB_ERR_HEADER, "/", "(header)");
}

static void test_every_truncation_is_refused(void **state)
{
	size_t size;
	void *packed = fdt_packed_copy(*state, &size);

	expect_ok(dtb_read_platform, packed);
	for (size_t length = sizeof(struct fdt_header); length < size; length++) {
		void *truncated = malloc(length);

		assert_non_null(truncated);
		memcpy(truncated, packed, length);
		fdt_set_totalsize(truncated, (uint32_t)length);
		assert_int_equal(dtb_read_platform(truncated, &platform, &diagnostic),
				 DTB_ERR_HEADER);
		free(truncated);
	}
	free(packed);
}

static void test_oversized_blob_is_refused(void **state)
{
	fdt_set_totalsize(*state, DTB_MAX_SIZE + 8);
	expect_failure(dtb_read_cpus, *state, DTB_ERR_HEADER, "/", "(header)");
	assert_non_null(strstr(diagnostic.expected, "2 MiB"));
}

static void test_misaligned_structure_block_is_refused(void **state)
{
	fdt_set_off_dt_struct(*state, fdt_off_dt_struct(*state) + 2);
	expect_failure(dtb_read_platform, *state, DTB_ERR_HEADER, "/", "(header)");
}

/*
 * The fuzzer's find, minimised (fuzz/corpus/dtb/fa276acd7d3a609dbb89e79d96a7c71af27bbb4f is the
 * whole input): a version 3 header over a root node named "". libfdt 1.6.1's fdt_check_full()
 * read address 0 on it; the rest of its 0x505 bytes of totalsize are zeros.
 */
static const uint8_t version_3_root_without_path[] = {
	0xd0, 0x0d, 0xfe, 0xed, 0x00, 0x00, 0x05, 0x05, 0x00, 0x00, 0x00, 0x38, 0x00, 0x00, 0x04,
	0x18, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x66, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x6c, 0x2d, 0xd0, 0x00, 0x96, 0x00, 0x00, 0x00, 0x01};

static void test_fuzzer_version_3_blob_is_refused(void **state)
{
	(void)state;
	uint8_t *blob = calloc(1, 0x505);

	assert_non_null(blob);
	memcpy(blob, version_3_root_without_path, sizeof(version_3_root_without_path));
	expect_failure(dtb_read_platform, blob, DTB_ERR_HEADER, "/", "(header)");
	assert_non_null(strstr(diagnostic.expected, "version 17"));
	free(blob);
}

/* Every version before 17 takes libfdt's old-format paths, the one above among them. */
static void test_versions_before_17_are_refused(void **state)
{
	size_t size;
	void *packed = fdt_packed_copy(*state, &size);

	for (uint32_t version = 2; version < 17; version++) {
		fdt_set_version(packed, version);
		fdt_set_last_comp_version(packed, 2);
		expect_failure(dtb_read_platform, packed, DTB_ERR_HEADER, "/", "(header)");
		assert_non_null(strstr(diagnostic.expected, "version 17"));
	}
	fdt_set_version(packed, 17);
	fdt_set_last_comp_version(packed, 18);
	expect_failure(dtb_read_platform, packed, DTB_ERR_HEADER, "/", "(header)");
	free(packed);
}

/* Each block must lie after the header and inside totalsize, whatever libfdt would let pass. */
static void test_blocks_outside_the_blob_are_refused(void **state)
{
	size_t size;
	uint8_t *packed = fdt_packed_copy(*state, &size);
	const struct {
		size_t field; /* offset in struct fdt_header */
		uint32_t bad;
	} cases[] = {
		{offsetof(struct fdt_header, size_dt_strings), fdt_size_dt_strings(packed) + 1},
		{offsetof(struct fdt_header, off_dt_strings), 0xfffffffc},
		{offsetof(struct fdt_header, size_dt_struct), 0},
		{offsetof(struct fdt_header, size_dt_struct), fdt_size_dt_struct(packed) + 2},
		{offsetof(struct fdt_header, off_dt_struct), 0},
		{offsetof(struct fdt_header, off_mem_rsvmap), fdt_off_mem_rsvmap(packed) + 4},
		{offsetof(struct fdt_header, off_mem_rsvmap), (uint32_t)size - 8},
	};

	expect_ok(dtb_read_platform, packed);
	for (size_t i = 0; i < ARRAY_LENGTH(cases); i++) {
		fdt32_t good, bad = cpu_to_fdt32(cases[i].bad);
		memcpy(&good, packed + cases[i].field, sizeof(good));
		memcpy(packed + cases[i].field, &bad, sizeof(bad));
		expect_failure(dtb_read_platform, packed, DTB_ERR_HEADER, "/", "(header)");
		memcpy(packed + cases[i].field, &good, sizeof(good));
	}
	expect_ok(dtb_read_platform, packed);
	free(packed);
}

static void test_corrupt_structure_block_is_refused(void **state)
{
	size_t size;
	uint8_t *packed = fdt_packed_copy(*state, &size);
	fdt32_t bad_tag = cpu_to_fdt32(0x12345678);

	/* The second tag: the root's first property, which every query walks past. */
	size_t root_name_end = fdt_off_dt_struct(packed) + sizeof(fdt32_t) + sizeof(fdt32_t);
	memcpy(packed + root_name_end, &bad_tag, sizeof(bad_tag));
	expect_failure(dtb_read_platform, packed, DTB_ERR_HEADER, "/", "(structure block)");
	free(packed);
}

static void test_random_corruption_never_crashes(void **state)
{
	size_t size;
	uint8_t *pristine = fdt_packed_copy(*state, &size);
	uint8_t *corrupt = malloc(size);
	unsigned accepted = 0;

	assert_non_null(corrupt);
	srand(12345);
	for (unsigned round = 0; round < 4000; round++) {
		unsigned flips = 1 + (unsigned)rand() % 8;

		memcpy(corrupt, pristine, size);
		for (unsigned i = 0; i < flips; i++) {
			/* Half the rounds spare the header, to reach the structure walkers. */
			size_t from = round % 2 ? fdt_off_dt_struct(pristine) : 0;
			size_t at = from + (size_t)rand() % (size - from);

			corrupt[at] = rand() % 2 ? (uint8_t)rand() : (uint8_t)(corrupt[at] ^ (1u << rand() % 8));
		}
		enum dtb_status status = dtb_read_platform(corrupt, &platform, &diagnostic);

		assert_true(status < DTB_STATUS_COUNT);
		assert_int_equal(diagnostic.status, status);
		assert_non_null(diagnostic.node);
		assert_non_null(diagnostic.property);
		assert_non_null(diagnostic.expected);
		if (status == DTB_OK) {
			accepted++;
			assert_in_range(platform.memory_count, 1, DTB_MAX_MEMORY_RANGES);
			assert_in_range(platform.cpu_count, 1, CONFIG_MAX_CPUS);
			assert_non_null(platform.bootargs);
		}
	}
	/* Flips in names and unused values leave the tree usable: the walk reached the queries. */
	assert_true(accepted > 0);
	free(corrupt);
	free(pristine);
}

/* ---- Memory ----------------------------------------------------------------------------------- */

static void test_missing_memory_node(void **state)
{
	fdt_remove_node(*state, "/memory@40000000");
	expect_failure(dtb_read_memory, *state, DTB_ERR_NO_MEMORY, "/", "device_type");
}

static void test_disabled_memory_node_is_skipped(void **state)
{
	fdt_add_node(*state, "/", "memory@80000000");
	fdt_set_string(*state, "/memory@80000000", "device_type", "memory");
	fdt_set_cells(*state, "/memory@80000000", "reg", 4, 0, 0x80000000, 0, 0x1000000);
	fdt_set_string(*state, "/memory@80000000", "status", "disabled");
	expect_ok(dtb_read_memory, *state);
	assert_int_equal(platform.memory_count, 1);
	assert_int_equal(platform.memory[0].base, VIRT_MEMORY_BASE);

	fdt_set_string(*state, "/memory@40000000", "status", "disabled");
	expect_failure(dtb_read_memory, *state, DTB_ERR_NO_MEMORY, "/", "device_type");
}

static void test_several_memory_nodes_and_ranges(void **state)
{
	/* Two banks in one node, a zero-size bank firmware left unpopulated, then a second node. */
	fdt_set_cells(*state, "/memory@40000000", "reg", 12, 0, 0x40000000, 0, 0x20000000, 0,
		      0x70000000, 0, 0, 0, 0x80000000, 0, 0x10000000);
	fdt_add_node(*state, "/", "memory@100000000");
	fdt_set_cells(*state, "/memory@100000000", "reg", 4, 1, 0, 1, 0);
	fdt_set_string(*state, "/memory@100000000", "device_type", "memory");
	expect_ok(dtb_read_memory, *state);
	assert_int_equal(platform.memory_count, 3);
	/* fdt_add_subnode puts the new node first among the root's children. */
	assert_int_equal(platform.memory[0].base, 0x100000000ULL);
	assert_int_equal(platform.memory[0].size, 0x100000000ULL);
	assert_int_equal(platform.memory[1].base, 0x40000000);
	assert_int_equal(platform.memory[1].size, 0x20000000);
	assert_int_equal(platform.memory[2].base, 0x80000000);
	assert_int_equal(platform.memory[2].size, 0x10000000);
}

static void test_node_named_memory_without_device_type_is_ignored(void **state)
{
	fdt_remove_property(*state, "/memory@40000000", "device_type");
	expect_failure(dtb_read_memory, *state, DTB_ERR_NO_MEMORY, "/", "device_type");
	/* device_type without its NUL terminator is not "memory". */
	fdt_set_bytes(*state, "/memory@40000000", "device_type", "memory", 6);
	expect_failure(dtb_read_memory, *state, DTB_ERR_NO_MEMORY, "/", "device_type");
}

static void test_three_address_cells_are_refused(void **state)
{
	fdt_set_cells(*state, "/", "#address-cells", 1, 3);
	fdt_set_cells(*state, "/memory@40000000", "reg", 5, 0, 0, 0x40000000, 0, 0x40000000);
	expect_failure(dtb_read_memory, *state, DTB_ERR_BAD_PROPERTY, "/", "#address-cells");
	expect_failure(dtb_read_platform, *state, DTB_ERR_BAD_PROPERTY, "/", "#address-cells");
}

static void test_malformed_cell_counts_are_refused(void **state)
{
	fdt_set_cells(*state, "/", "#size-cells", 1, 0);
	expect_failure(dtb_read_memory, *state, DTB_ERR_BAD_PROPERTY, "/", "#size-cells");
	fdt_set_cells(*state, "/", "#size-cells", 2, 0, 2);
	expect_failure(dtb_read_memory, *state, DTB_ERR_BAD_PROPERTY, "/", "#size-cells");
	fdt_set_cells(*state, "/", "#size-cells", 1, 2);
	fdt_set_bytes(*state, "/", "#address-cells", "\0\0", 2);
	expect_failure(dtb_read_memory, *state, DTB_ERR_BAD_PROPERTY, "/", "#address-cells");
}

static void test_absent_cell_counts_take_the_defaults(void **state)
{
	/* Defaults: 2 address cells, 1 size cell. */
	fdt_remove_property(*state, "/", "#address-cells");
	fdt_remove_property(*state, "/", "#size-cells");
	fdt_set_cells(*state, "/memory@40000000", "reg", 3, 0, 0x40000000, 0x8000000);
	expect_ok(dtb_read_memory, *state);
	assert_int_equal(platform.memory[0].base, 0x40000000);
	assert_int_equal(platform.memory[0].size, 0x8000000);
}

static void test_one_cell_layout_reads_everything(void **state)
{
	fdt_set_cells(*state, "/", "#address-cells", 1, 1);
	fdt_set_cells(*state, "/", "#size-cells", 1, 1);
	fdt_set_cells(*state, "/memory@40000000", "reg", 2, 0x40000000, 0x10000000);
	fdt_set_cells(*state, "/pl011@9000000", "reg", 2, 0x09000000, 0x1000);
	fdt_set_cells(*state, "/intc@8000000", "reg", 4, 0x08000000, 0x10000, 0x080a0000, 0xf60000);
	expect_ok(dtb_read_platform, *state);
	assert_int_equal(platform.memory[0].size, 0x10000000);
	assert_int_equal(platform.uart_base, VIRT_UART_BASE);
	assert_int_equal(platform.gic.redistributor_base, VIRT_GICR_BASE);
	assert_int_equal(platform.gic.redistributor_size, VIRT_GICR_SIZE);
}

static void test_memory_reg_of_partial_entries_is_refused(void **state)
{
	fdt_set_cells(*state, "/memory@40000000", "reg", 3, 0, 0x40000000, 0);
	expect_failure(dtb_read_memory, *state, DTB_ERR_BAD_PROPERTY, "/memory", "reg");
	fdt_set_bytes(*state, "/memory@40000000", "reg", "", 0);
	expect_failure(dtb_read_memory, *state, DTB_ERR_BAD_PROPERTY, "/memory", "reg");
	fdt_remove_property(*state, "/memory@40000000", "reg");
	expect_failure(dtb_read_memory, *state, DTB_ERR_BAD_PROPERTY, "/memory", "reg");
}

static void test_memory_ranges_beyond_the_limit(void **state)
{
	fdt32_t reg[(DTB_MAX_MEMORY_RANGES + 1) * 4];

	for (unsigned i = 0; i < DTB_MAX_MEMORY_RANGES + 1; i++) {
		reg[i * 4 + 0] = cpu_to_fdt32(i);
		reg[i * 4 + 1] = cpu_to_fdt32(0);
		reg[i * 4 + 2] = cpu_to_fdt32(0);
		reg[i * 4 + 3] = cpu_to_fdt32(0x1000);
	}
	fdt_set_bytes(*state, "/memory@40000000", "reg", reg, DTB_MAX_MEMORY_RANGES * 16);
	expect_ok(dtb_read_memory, *state);
	assert_int_equal(platform.memory_count, DTB_MAX_MEMORY_RANGES);
	assert_int_equal(platform.memory[DTB_MAX_MEMORY_RANGES - 1].base,
			 (uint64_t)(DTB_MAX_MEMORY_RANGES - 1) << 32);

	fdt_set_bytes(*state, "/memory@40000000", "reg", reg, sizeof(reg));
	expect_failure(dtb_read_memory, *state, DTB_ERR_TOO_MANY, "/memory", "reg");
}

/*
 * More memory nodes than the index keeps (DTB_MAX_MEMORY_RANGES): the read walks the root's
 * children instead, so empty banks, disabled nodes and the limit on ranges stay as they are.
 */
static void test_memory_nodes_beyond_the_index(void **state)
{
	char name[32], path[40];

	fdt_set_cells(*state, "/memory@40000000", "reg", 4, 0, 0x40000000, 0, 0);
	for (unsigned i = 1; i <= DTB_MAX_MEMORY_RANGES + 1; i++) {
		snprintf(name, sizeof(name), "memory@%x", i);
		snprintf(path, sizeof(path), "/%s", name);
		fdt_add_node(*state, "/", name);
		fdt_set_string(*state, path, "device_type", "memory");
		fdt_set_cells(*state, path, "reg", 4, i, 0, 0, 0x1000);
	}
	/* Ten nodes: the first (added last) disabled, then eight banks, then the empty one. */
	fdt_set_string(*state, "/memory@9", "status", "disabled");
	expect_ok(dtb_read_platform, *state);
	assert_int_equal(platform.memory_count, DTB_MAX_MEMORY_RANGES);
	assert_int_equal(platform.memory[0].base, (uint64_t)DTB_MAX_MEMORY_RANGES << 32);
	assert_int_equal(platform.memory[DTB_MAX_MEMORY_RANGES - 1].base, 1ULL << 32);
	/* Enabled, the ninth bank is one range too many. */
	fdt_set_string(*state, "/memory@9", "status", "okay");
	expect_failure(dtb_read_platform, *state, DTB_ERR_TOO_MANY, "/memory", "reg");
}

static void test_memory_range_past_2_64_is_refused(void **state)
{
	fdt_set_cells(*state, "/memory@40000000", "reg", 4, 0xffffffff, 0xfffff000, 0, 0x2000);
	expect_failure(dtb_read_memory, *state, DTB_ERR_BAD_PROPERTY, "/memory", "reg");
	/* Ending exactly at 2^64 is fine. */
	fdt_set_cells(*state, "/memory@40000000", "reg", 4, 0xffffffff, 0xfffff000, 0, 0x1000);
	expect_ok(dtb_read_memory, *state);
}

/* ---- CPUs ------------------------------------------------------------------------------------- */

static void test_cpu_without_reg_is_refused(void **state)
{
	fdt_remove_property(*state, "/cpus/cpu@2", "reg");
	expect_failure(dtb_read_cpus, *state, DTB_ERR_BAD_PROPERTY, "/cpus/cpu", "reg");
	fdt_set_cells(*state, "/cpus/cpu@2", "reg", 2, 0, 2);
	expect_failure(dtb_read_cpus, *state, DTB_ERR_BAD_PROPERTY, "/cpus/cpu", "reg");
}

static void test_cpus_beyond_the_limit_are_counted(void **state)
{
	void *fdt = fdt_build_virt(CONFIG_MAX_CPUS + 3);

	expect_ok(dtb_read_cpus, fdt);
	assert_int_equal(platform.cpu_count, CONFIG_MAX_CPUS);
	assert_int_equal(platform.cpus_ignored, 3);
	for (unsigned i = 0; i < CONFIG_MAX_CPUS; i++)
		assert_int_equal(platform.cpu_mpidr[i], i);
	free(fdt);
	(void)state;
}

static void test_two_cell_cpu_reg_carries_aff3(void **state)
{
	fdt_set_cells(*state, "/cpus", "#address-cells", 1, 2);
	fdt_set_cells(*state, "/cpus/cpu@0", "reg", 2, 0, 0);
	fdt_set_cells(*state, "/cpus/cpu@1", "reg", 2, 0, 0x010203);
	fdt_set_cells(*state, "/cpus/cpu@2", "reg", 2, 0x7f, 0);
	fdt_set_cells(*state, "/cpus/cpu@3", "reg", 2, 0x7f, 0x100);
	expect_ok(dtb_read_cpus, *state);
	assert_int_equal(platform.cpu_count, 4);
	assert_int_equal(platform.cpu_mpidr[1], 0x010203);
	assert_int_equal(platform.cpu_mpidr[2], 0x7f00000000ULL);
	assert_int_equal(platform.cpu_mpidr[3], 0x7f00000100ULL);
}

static void test_cpu_reg_outside_affinity_is_refused(void **state)
{
	/* Bit 24 is MPIDR_EL1.MT, not affinity. */
	fdt_set_cells(*state, "/cpus/cpu@3", "reg", 1, 0x1000000);
	expect_failure(dtb_read_cpus, *state, DTB_ERR_BAD_PROPERTY, "/cpus/cpu", "reg");
}

static void test_duplicate_mpidr_is_refused(void **state)
{
	fdt_set_cells(*state, "/cpus/cpu@3", "reg", 1, 1);
	expect_failure(dtb_read_cpus, *state, DTB_ERR_BAD_PROPERTY, "/cpus/cpu", "reg");
}

static void test_disabled_cpu_is_skipped(void **state)
{
	fdt_set_string(*state, "/cpus/cpu@1", "status", "disabled");
	expect_ok(dtb_read_cpus, *state);
	assert_int_equal(platform.cpu_count, 3);
	assert_int_equal(platform.cpu_mpidr[1], 2);
	assert_int_equal(platform.cpus_ignored, 0);
}

static void test_missing_cpus(void **state)
{
	void *fdt = fdt_build_virt(0);

	expect_failure(dtb_read_cpus, fdt, DTB_ERR_NO_CPUS, "/cpus", "device_type");
	free(fdt);
	fdt_remove_property(*state, "/cpus", "#address-cells");
	expect_failure(dtb_read_cpus, *state, DTB_ERR_BAD_PROPERTY, "/cpus", "#address-cells");
	fdt_remove_node(*state, "/cpus");
	expect_failure(dtb_read_cpus, *state, DTB_ERR_NO_CPUS, "/cpus", "");
}

/* ---- UART ------------------------------------------------------------------------------------- */

/* A second enabled PL011, placed before the first so a fallback search would pick it. */
static void add_second_uart(void *fdt)
{
	fdt_add_node(fdt, "/", "pl011@9040000");
	fdt_set_bytes(fdt, "/pl011@9040000", "compatible", "arm,pl011\0arm,primecell", 24);
	fdt_set_cells(fdt, "/pl011@9040000", "reg", 4, 0, 0x09040000, 0, 0x1000);
	fdt_set_cells(fdt, "/pl011@9040000", "interrupts", 3, 0, 8, 4);
}

static void test_stdout_path_picks_the_uart(void **state)
{
	add_second_uart(*state);
	expect_ok(dtb_read_uart, *state);
	assert_int_equal(platform.uart_base, VIRT_UART_BASE);
	assert_int_equal(platform.uart_intid, 33);

	fdt_remove_node(*state, "/chosen");
	expect_ok(dtb_read_uart, *state);
	assert_int_equal(platform.uart_base, 0x09040000);
	assert_int_equal(platform.uart_intid, 40);
}

/* Many root children before the UART, added after it was collected: the path still names it. */
static void test_stdout_path_among_many_root_children(void **state)
{
	add_second_uart(*state);
	for (unsigned i = 0; i < 72; i++) {
		char name[32];

		snprintf(name, sizeof(name), "bus@%x", i);
		fdt_add_node(*state, "/", name);
	}
	expect_ok(dtb_read_uart, *state);
	assert_int_equal(platform.uart_base, VIRT_UART_BASE);
	expect_ok(dtb_read_platform, *state);
	assert_int_equal(platform.uart_base, VIRT_UART_BASE);
}

static void test_stdout_path_options_are_ignored(void **state)
{
	add_second_uart(*state);
	fdt_set_string(*state, "/chosen", "stdout-path", "/pl011@9000000:115200n8");
	expect_ok(dtb_read_uart, *state);
	assert_int_equal(platform.uart_base, VIRT_UART_BASE);
}

static void test_stdout_path_may_be_an_alias(void **state)
{
	add_second_uart(*state);
	fdt_set_string(*state, "/chosen", "stdout-path", "serial0:115200");
	expect_ok(dtb_read_uart, *state);
	assert_int_equal(platform.uart_base, VIRT_UART_BASE);
	fdt_set_string(*state, "/chosen", "stdout-path", "serial0");
	expect_ok(dtb_read_uart, *state);
	assert_int_equal(platform.uart_base, VIRT_UART_BASE);
}

static void test_unusable_stdout_path_falls_back(void **state)
{
	static const char *const paths[] = {
		"/nowhere", ":115200", "", "nosuchalias:9600", "/timer", "loop", "relative",
		"unterminated", "serial0/child",
	};

	/* libfdt 1.6.1 itself recurses forever on an alias naming itself. */
	fdt_set_string(*state, "/aliases", "loop", "loop");
	fdt_set_string(*state, "/aliases", "relative", "serial0");
	fdt_set_bytes(*state, "/aliases", "unterminated", "/pl011@9000000", 14);

	add_second_uart(*state);
	for (size_t i = 0; i < ARRAY_LENGTH(paths); i++) {
		fdt_set_string(*state, "/chosen", "stdout-path", paths[i]);
		expect_ok(dtb_read_uart, *state);
		assert_int_equal(platform.uart_base, 0x09040000);
	}
}

static void test_disabled_stdout_uart_falls_back(void **state)
{
	add_second_uart(*state);
	fdt_set_string(*state, "/pl011@9000000", "status", "disabled");
	expect_ok(dtb_read_uart, *state);
	assert_int_equal(platform.uart_base, 0x09040000);
}

static void test_only_uart_disabled(void **state)
{
	fdt_set_string(*state, "/pl011@9000000", "status", "disabled");
	expect_failure(dtb_read_uart, *state, DTB_ERR_NO_UART, "/chosen", "stdout-path");
	fdt_set_string(*state, "/pl011@9000000", "status", "okay");
	expect_ok(dtb_read_uart, *state);
	fdt_set_string(*state, "/pl011@9000000", "status", "fail");
	expect_failure(dtb_read_platform, *state, DTB_ERR_NO_UART, "/chosen", "stdout-path");
}

static void test_unterminated_stdout_path_is_refused(void **state)
{
	fdt_set_bytes(*state, "/chosen", "stdout-path", "/pl011@9000000", 14);
	expect_failure(dtb_read_uart, *state, DTB_ERR_BAD_PROPERTY, "/chosen", "stdout-path");
	fdt_set_bytes(*state, "/chosen", "stdout-path", "/pl011\0@9000000", 16);
	expect_failure(dtb_read_uart, *state, DTB_ERR_BAD_PROPERTY, "/chosen", "stdout-path");
}

static void test_uart_interrupts(void **state)
{
	fdt_remove_property(*state, "/pl011@9000000", "interrupts");
	expect_ok(dtb_read_uart, *state);
	assert_int_equal(platform.uart_intid, 0);

	fdt_set_cells(*state, "/pl011@9000000", "interrupts", 3, 0, 987, 4);
	expect_ok(dtb_read_uart, *state);
	assert_int_equal(platform.uart_intid, 1019);

	fdt_set_cells(*state, "/pl011@9000000", "interrupts", 3, 0, 988, 4);
	expect_failure(dtb_read_uart, *state, DTB_ERR_BAD_PROPERTY, "arm,pl011 node",
		       "interrupts");
	fdt_set_cells(*state, "/pl011@9000000", "interrupts", 3, 2, 1, 4);
	expect_failure(dtb_read_uart, *state, DTB_ERR_BAD_PROPERTY, "arm,pl011 node",
		       "interrupts");
	fdt_set_cells(*state, "/pl011@9000000", "interrupts", 2, 0, 1);
	expect_failure(dtb_read_uart, *state, DTB_ERR_BAD_PROPERTY, "arm,pl011 node",
		       "interrupts");
}

static void test_interrupt_parent_must_be_the_gic(void **state)
{
	fdt_set_cells(*state, "/pl011@9000000", "interrupt-parent", 1, 0x1234);
	expect_failure(dtb_read_uart, *state, DTB_ERR_BAD_PROPERTY, "arm,pl011 node",
		       "interrupt-parent");

	fdt_remove_property(*state, "/pl011@9000000", "interrupt-parent");
	fdt_set_cells(*state, "/intc@8000000", "#interrupt-cells", 1, 4);
	expect_failure(dtb_read_uart, *state, DTB_ERR_BAD_PROPERTY, "arm,pl011 node",
		       "interrupt-parent");

	fdt_set_cells(*state, "/intc@8000000", "#interrupt-cells", 1, 3);
	fdt_remove_property(*state, "/", "interrupt-parent");
	expect_failure(dtb_read_uart, *state, DTB_ERR_BAD_PROPERTY, "arm,pl011 node",
		       "interrupt-parent");
	fdt_set_cells(*state, "/pl011@9000000", "interrupt-parent", 1, VIRT_GIC_PHANDLE);
	expect_ok(dtb_read_uart, *state);
}

/* The numbers would be another controller's: only the GIC the library reads is a parent. */
static void test_interrupt_parent_is_not_another_gic(void **state)
{
	fdt_add_node(*state, "/", "intc@9100000");
	fdt_set_string(*state, "/intc@9100000", "compatible", "arm,gic-v3");
	fdt_set_string(*state, "/intc@9100000", "status", "disabled");
	fdt_set_cells(*state, "/intc@9100000", "#interrupt-cells", 1, 3);
	fdt_set_cells(*state, "/intc@9100000", "phandle", 1, 0x1234);
	expect_ok(dtb_read_uart, *state);
	fdt_set_cells(*state, "/pl011@9000000", "interrupt-parent", 1, 0x1234);
	expect_failure(dtb_read_uart, *state, DTB_ERR_BAD_PROPERTY, "arm,pl011 node",
		       "interrupt-parent");
}

static void test_uart_reg_is_checked(void **state)
{
	fdt_set_cells(*state, "/pl011@9000000", "reg", 4, 0, 0x09000000, 0, 0);
	expect_failure(dtb_read_uart, *state, DTB_ERR_BAD_PROPERTY, "arm,pl011 node", "reg");
	fdt_set_cells(*state, "/pl011@9000000", "reg", 2, 0, 0x09000000);
	expect_failure(dtb_read_uart, *state, DTB_ERR_BAD_PROPERTY, "arm,pl011 node", "reg");
	fdt_set_cells(*state, "/", "#address-cells", 1, 4);
	expect_failure(dtb_read_uart, *state, DTB_ERR_BAD_PROPERTY,
		       "parent of the arm,pl011 node", "#address-cells");
}

static void test_uart_on_a_bus(void **state)
{
	fdt_remove_node(*state, "/pl011@9000000");
	fdt_add_node(*state, "/", "soc");
	fdt_set_cells(*state, "/soc", "#address-cells", 1, 1);
	fdt_set_cells(*state, "/soc", "#size-cells", 1, 1);
	fdt_set_bytes(*state, "/soc", "ranges", "", 0);
	fdt_add_node(*state, "/soc", "serial@9000000");
	fdt_set_string(*state, "/soc/serial@9000000", "compatible", "arm,pl011");
	fdt_set_cells(*state, "/soc/serial@9000000", "reg", 2, 0x09000000, 0x1000);
	fdt_set_cells(*state, "/soc/serial@9000000", "interrupts", 3, 0, 2, 4);
	expect_ok(dtb_read_uart, *state);
	assert_int_equal(platform.uart_base, VIRT_UART_BASE);
	assert_int_equal(platform.uart_intid, 34);

	/* A translating bus: its reg is not a physical address. */
	fdt_set_cells(*state, "/soc", "ranges", 3, 0, 0, 0x10000000);
	expect_failure(dtb_read_uart, *state, DTB_ERR_BAD_PROPERTY, "parent of the arm,pl011 node",
		       "ranges");
	fdt_remove_property(*state, "/soc", "ranges");
	expect_failure(dtb_read_uart, *state, DTB_ERR_BAD_PROPERTY, "parent of the arm,pl011 node",
		       "ranges");
}

/* Buses nested well below what a board has, still well inside DTB_MAX_DEPTH. */
#define UART_BUS_LEVELS 12

/* Many buses deep, the UART's own parent comes from the index and those above by walks: all checked. */
static void test_uart_below_many_buses(void **state)
{
	char path[256] = "";

	fdt_remove_node(*state, "/pl011@9000000");
	for (unsigned depth = 0; depth <= UART_BUS_LEVELS; depth++) {
		char parent[256];

		snprintf(parent, sizeof(parent), "%s", path[0] ? path : "/");
		fdt_add_node(*state, parent, "bus");
		strcat(path, "/bus");
		fdt_set_cells(*state, path, "#address-cells", 1, 1);
		fdt_set_cells(*state, path, "#size-cells", 1, 1);
		fdt_set_bytes(*state, path, "ranges", "", 0);
	}
	fdt_add_node(*state, path, "serial@9000000");
	strcat(path, "/serial@9000000");
	fdt_set_string(*state, path, "compatible", "arm,pl011");
	fdt_set_cells(*state, path, "reg", 2, 0x09000000, 0x1000);
	expect_ok(dtb_read_uart, *state);
	assert_int_equal(platform.uart_base, VIRT_UART_BASE);

	fdt_set_cells(*state, "/bus", "ranges", 3, 0, 0, 0x10000000);
	expect_failure(dtb_read_uart, *state, DTB_ERR_BAD_PROPERTY, "parent of the arm,pl011 node",
		       "ranges");
}

/* ---- What the one pass keeps for later ------------------------------------------------------ */

/* A failed query leaves the caller's platform as it was; dtb_read_platform keeps only psci. */
static void test_failure_changes_nothing(void **state)
{
	struct dtb_platform filled;

	fdt_remove_property(*state, "/memory@40000000", "reg");
	memset(&filled, 0xa5, sizeof(filled));
	assert_int_equal(dtb_read_memory(*state, &filled, NULL), DTB_ERR_BAD_PROPERTY);
	assert_int_equal(filled.memory_count, 0xa5a5a5a5u);
	assert_int_equal(filled.memory[0].base, 0xa5a5a5a5a5a5a5a5ULL);

	memset(&filled, 0xa5, sizeof(filled));
	assert_int_equal(dtb_read_platform(*state, &filled, NULL), DTB_ERR_BAD_PROPERTY);
	assert_int_equal(filled.psci, DTB_PSCI_SMC);
	assert_int_equal(filled.cpu_count, 0);
	assert_int_equal(filled.memory_count, 0);
	assert_int_equal(filled.gic.distributor_base, 0);
}

/* /soc with a UART below it, its reg in /soc's one-cell layout. */
static void add_uart_on_soc(void *fdt, const char *uart_name)
{
	char path[64];

	snprintf(path, sizeof(path), "/soc/%s", uart_name);
	fdt_add_node(fdt, "/", "soc");
	fdt_set_cells(fdt, "/soc", "#address-cells", 1, 1);
	fdt_set_cells(fdt, "/soc", "#size-cells", 1, 1);
	fdt_set_bytes(fdt, "/soc", "ranges", "", 0);
	fdt_add_node(fdt, "/soc", uart_name);
	fdt_set_string(fdt, path, "compatible", "arm,pl011");
	fdt_set_cells(fdt, path, "reg", 2, 0x09100000, 0x1000);
	fdt_set_cells(fdt, path, "interrupts", 3, 0, 3, 4);
}

/* The interrupt parent a node inherits is its nearest ancestor's, kept as the pass went down. */
static void test_interrupt_parent_inherited_from_a_bus(void **state)
{
	add_uart_on_soc(*state, "serial@9100000");
	fdt_set_string(*state, "/chosen", "stdout-path", "/soc/serial@9100000");
	fdt_remove_property(*state, "/", "interrupt-parent");
	fdt_set_cells(*state, "/soc", "interrupt-parent", 1, VIRT_GIC_PHANDLE);
	expect_ok(dtb_read_uart, *state);
	assert_int_equal(platform.uart_base, 0x09100000);
	assert_int_equal(platform.uart_intid, 35);

	/* The bus's own parent hides the root's, which is the GIC again. */
	fdt_set_cells(*state, "/", "interrupt-parent", 1, VIRT_GIC_PHANDLE);
	fdt_set_cells(*state, "/soc", "interrupt-parent", 1, 0x1234);
	expect_failure(dtb_read_uart, *state, DTB_ERR_BAD_PROPERTY, "arm,pl011 node",
		       "interrupt-parent");
}

/* stdout-path may name a console below a bus, by its whole name or before its unit address. */
static void test_stdout_path_below_a_bus(void **state)
{
	static const char *const paths[] = {"/soc/serial@9100000", "/soc/serial", "//soc//serial"};

	add_uart_on_soc(*state, "serial@9100000");
	add_second_uart(*state);
	for (size_t i = 0; i < ARRAY_LENGTH(paths); i++) {
		fdt_set_string(*state, "/chosen", "stdout-path", paths[i]);
		expect_ok(dtb_read_uart, *state);
		assert_int_equal(platform.uart_base, 0x09100000);
	}
	/* The bus itself, or a path one level too deep, is no console: the first PL011 is. */
	fdt_set_string(*state, "/chosen", "stdout-path", "/soc");
	expect_ok(dtb_read_uart, *state);
	assert_int_equal(platform.uart_base, 0x09040000);
	fdt_set_string(*state, "/chosen", "stdout-path", "/soc/serial@9100000/more");
	expect_ok(dtb_read_uart, *state);
	assert_int_equal(platform.uart_base, 0x09040000);
}

/* /chosen before the console it names: the path is matched once the pass has seen both. */
static void test_stdout_path_before_its_console(void **state)
{
	fdt_remove_node(*state, "/chosen");
	fdt_add_node(*state, "/", "chosen");
	fdt_set_string(*state, "/chosen", "stdout-path", "/pl011@9000000");
	add_second_uart(*state);
	expect_ok(dtb_read_platform, *state);
	assert_int_equal(platform.uart_base, VIRT_UART_BASE);
}

/*
 * The bounds on what the pass keeps for stdout-path: a console deeper than
 * DTB_CONSOLE_PATH_DEPTH, or after the first DTB_MAX_CONSOLES, is not found by its path, and
 * the first PL011 is the console instead.
 */
static void test_stdout_path_beyond_the_kept_consoles(void **state)
{
	char path[128] = "";

	for (unsigned depth = 0; depth < DTB_CONSOLE_PATH_DEPTH; depth++) {
		char parent[128];

		snprintf(parent, sizeof(parent), "%s", path[0] ? path : "/");
		fdt_add_node(*state, parent, "bus");
		strcat(path, "/bus");
		fdt_set_bytes(*state, path, "ranges", "", 0);
	}
	fdt_add_node(*state, path, "serial@9100000");
	strcat(path, "/serial@9100000");
	fdt_set_string(*state, path, "compatible", "arm,pl011");
	/* The buses' default layout: two address cells, one size cell. */
	fdt_set_cells(*state, path, "reg", 3, 0, 0x09100000, 0x1000);
	fdt_set_string(*state, "/chosen", "stdout-path", path);
	/* Added last, the second UART comes first in the tree: the one a fallback picks. */
	add_second_uart(*state);
	expect_ok(dtb_read_uart, *state);
	assert_int_equal(platform.uart_base, 0x09040000);

	/* Within the depth but after DTB_MAX_CONSOLES enabled consoles (added first in the tree). */
	fdt_set_string(*state, "/chosen", "stdout-path", "/pl011@9000000");
	expect_ok(dtb_read_uart, *state);
	assert_int_equal(platform.uart_base, VIRT_UART_BASE);
	for (unsigned i = 0; i < DTB_MAX_CONSOLES; i++) {
		char name[32];

		snprintf(name, sizeof(name), "pl011@%x", 0x09200000 + i * 0x1000);
		fdt_add_node(*state, "/", name);
		snprintf(path, sizeof(path), "/%s", name);
		fdt_set_string(*state, path, "compatible", "arm,pl011");
		fdt_set_cells(*state, path, "reg", 4, 0, 0x09200000 + i * 0x1000, 0, 0x1000);
	}
	expect_ok(dtb_read_uart, *state);
	assert_int_equal(platform.uart_base, 0x09200000 + (DTB_MAX_CONSOLES - 1) * 0x1000);
}

/* ---- GIC, timer, PSCI, chosen ----------------------------------------------------------------- */

static void test_missing_gic(void **state)
{
	fdt_set_string(*state, "/intc@8000000", "compatible", "arm,cortex-a15-gic");
	expect_failure(dtb_read_gic, *state, DTB_ERR_NO_GIC, "/", "compatible");
	assert_non_null(strstr(diagnostic.expected, "GICv2"));
	fdt_remove_node(*state, "/intc@8000000");
	expect_failure(dtb_read_gic, *state, DTB_ERR_NO_GIC, "/", "compatible");
	assert_null(strstr(diagnostic.expected, "GICv2"));
}

static void test_gic_registers_are_checked(void **state)
{
	fdt_set_cells(*state, "/intc@8000000", "reg", 4, 0, 0x08000000, 0, 0x10000);
	expect_failure(dtb_read_gic, *state, DTB_ERR_BAD_PROPERTY, "arm,gic-v3 node", "reg");
	fdt_set_cells(*state, "/intc@8000000", "reg", 8, 0, 0x08000000, 0, 0x1000, 0, 0x080a0000,
		      0, 0xf60000);
	expect_failure(dtb_read_gic, *state, DTB_ERR_BAD_PROPERTY, "arm,gic-v3 node", "reg");
	/* GICC, GICH and GICV regions after the redistributor are allowed. */
	fdt_set_cells(*state, "/intc@8000000", "reg", 20, 0, 0x08000000, 0, 0x10000, 0, 0x080a0000,
		      0, 0xf60000, 0, 0x08010000, 0, 0x10000, 0, 0x08030000, 0, 0x10000, 0,
		      0x08040000, 0, 0x10000);
	expect_ok(dtb_read_gic, *state);
	assert_int_equal(platform.gic.redistributor_size, VIRT_GICR_SIZE);
}

static void test_several_redistributor_regions_are_refused(void **state)
{
	fdt_set_cells(*state, "/intc@8000000", "#redistributor-regions", 1, 2);
	expect_failure(dtb_read_gic, *state, DTB_ERR_TOO_MANY, "arm,gic-v3 node",
		       "#redistributor-regions");
	fdt_set_cells(*state, "/intc@8000000", "#redistributor-regions", 1, 0);
	expect_failure(dtb_read_gic, *state, DTB_ERR_BAD_PROPERTY, "arm,gic-v3 node",
		       "#redistributor-regions");
	fdt_remove_property(*state, "/intc@8000000", "#redistributor-regions");
	expect_ok(dtb_read_gic, *state);
}

static void test_gic_maintenance_interrupt(void **state)
{
	fdt_remove_property(*state, "/intc@8000000", "interrupts");
	expect_ok(dtb_read_gic, *state);
	assert_int_equal(platform.gic.maintenance_intid, 0);
	assert_int_equal(platform.gic.distributor_base, VIRT_GICD_BASE);
	fdt_set_cells(*state, "/intc@8000000", "interrupts", 3, 0, 9, 4);
	expect_failure(dtb_read_gic, *state, DTB_ERR_BAD_PROPERTY, "arm,gic-v3 node",
		       "interrupts");
}

static void test_missing_timer(void **state)
{
	fdt_set_string(*state, "/timer", "status", "disabled");
	expect_failure(dtb_read_timer, *state, DTB_ERR_NO_TIMER, "/", "compatible");
	fdt_remove_node(*state, "/timer");
	expect_failure(dtb_read_platform, *state, DTB_ERR_NO_TIMER, "/", "compatible");
}

static void test_timer_interrupts_are_checked(void **state)
{
	fdt_set_cells(*state, "/timer", "interrupts", 9, 1, 13, 4, 1, 14, 4, 1, 11, 4);
	expect_failure(dtb_read_timer, *state, DTB_ERR_BAD_PROPERTY, "arm,armv8-timer node",
		       "interrupts");
	fdt_set_cells(*state, "/timer", "interrupts", 12, 1, 13, 4, 1, 14, 4, 0, 11, 4, 1, 10, 4);
	expect_failure(dtb_read_timer, *state, DTB_ERR_BAD_PROPERTY, "arm,armv8-timer node",
		       "interrupts");
	fdt_set_cells(*state, "/timer", "interrupts", 12, 1, 13, 4, 1, 16, 4, 1, 11, 4, 1, 10, 4);
	expect_failure(dtb_read_timer, *state, DTB_ERR_BAD_PROPERTY, "arm,armv8-timer node",
		       "interrupts");
	fdt_remove_property(*state, "/timer", "interrupts");
	expect_failure(dtb_read_timer, *state, DTB_ERR_BAD_PROPERTY, "arm,armv8-timer node",
		       "interrupts");
	/* The optional fifth, the EL2 virtual timer. */
	fdt_set_cells(*state, "/timer", "interrupts", 15, 1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4, 1,
		      12, 4);
	expect_ok(dtb_read_timer, *state);
	assert_int_equal(platform.timer.el1_physical_intid, 30);
	assert_int_equal(platform.timer.el1_virtual_intid, 27);
	assert_int_equal(platform.timer.el2_physical_intid, 26);
}

static void test_psci_conduits(void **state)
{
	expect_ok(dtb_read_psci, *state);
	assert_int_equal(platform.psci, DTB_PSCI_SMC);
	fdt_set_string(*state, "/psci", "method", "hvc");
	expect_ok(dtb_read_psci, *state);
	assert_int_equal(platform.psci, DTB_PSCI_HVC);
	fdt_set_string(*state, "/psci", "compatible", "arm,psci-0.2");
	expect_ok(dtb_read_psci, *state);
	assert_int_equal(platform.psci, DTB_PSCI_HVC);
}

static void test_missing_psci_is_not_an_error(void **state)
{
	fdt_set_string(*state, "/psci", "status", "disabled");
	expect_ok(dtb_read_psci, *state);
	assert_int_equal(platform.psci, DTB_PSCI_NONE);
	fdt_remove_node(*state, "/psci");
	expect_ok(dtb_read_platform, *state);
	assert_int_equal(platform.psci, DTB_PSCI_NONE);
}

static void test_bad_psci_method_is_refused(void **state)
{
	fdt_set_string(*state, "/psci", "method", "svc");
	expect_failure(dtb_read_psci, *state, DTB_ERR_BAD_PROPERTY, "/psci", "method");
	fdt_set_bytes(*state, "/psci", "method", "smc", 3);
	expect_failure(dtb_read_psci, *state, DTB_ERR_BAD_PROPERTY, "/psci", "method");
	fdt_remove_property(*state, "/psci", "method");
	expect_failure(dtb_read_psci, *state, DTB_ERR_BAD_PROPERTY, "/psci", "method");
}

static void test_bootargs(void **state)
{
	fdt_remove_property(*state, "/chosen", "bootargs");
	expect_ok(dtb_read_chosen, *state);
	assert_string_equal(platform.bootargs, "");
	assert_int_equal(platform.fdt_size, FDT_BUILDER_BUFFER_SIZE);
	fdt_set_bytes(*state, "/chosen", "bootargs", "quiet", 5);
	expect_failure(dtb_read_chosen, *state, DTB_ERR_BAD_PROPERTY, "/chosen", "bootargs");
	fdt_remove_node(*state, "/chosen");
	expect_ok(dtb_read_platform, *state);
	assert_string_equal(platform.bootargs, "");
	assert_int_equal(platform.uart_base, VIRT_UART_BASE);
}

static void test_initrd(void **state)
{
	expect_ok(dtb_read_chosen, *state);
	assert_int_equal(platform.initrd.base, 0);
	assert_int_equal(platform.initrd.size, 0);

	/* QEMU -initrd: one cell each, the end exclusive. */
	fdt_set_cells(*state, "/chosen", "linux,initrd-start", 1, 0x48000000);
	fdt_set_cells(*state, "/chosen", "linux,initrd-end", 1, 0x48003039);
	expect_ok(dtb_read_platform, *state);
	assert_int_equal(platform.initrd.base, 0x48000000);
	assert_int_equal(platform.initrd.size, 0x3039);

	fdt_set_cells(*state, "/chosen", "linux,initrd-start", 2, 1, 0x1000);
	fdt_set_cells(*state, "/chosen", "linux,initrd-end", 2, 1, 0x3000);
	expect_ok(dtb_read_chosen, *state);
	assert_int_equal(platform.initrd.base, 0x100001000ULL);
	assert_int_equal(platform.initrd.size, 0x2000);

	fdt_set_cells(*state, "/chosen", "linux,initrd-end", 1, 0x1000);
	expect_failure(dtb_read_chosen, *state, DTB_ERR_BAD_PROPERTY, "/chosen", "linux,initrd-end");
	fdt_set_bytes(*state, "/chosen", "linux,initrd-end", "\0\0\0", 3);
	expect_failure(dtb_read_chosen, *state, DTB_ERR_BAD_PROPERTY, "/chosen", "linux,initrd-end");
	fdt_set_cells(*state, "/chosen", "linux,initrd-start", 3, 0, 0, 0);
	expect_failure(dtb_read_chosen, *state, DTB_ERR_BAD_PROPERTY, "/chosen",
		       "linux,initrd-start");
	fdt_remove_property(*state, "/chosen", "linux,initrd-end");
	fdt_set_cells(*state, "/chosen", "linux,initrd-start", 1, 0x48000000);
	expect_failure(dtb_read_platform, *state, DTB_ERR_BAD_PROPERTY, "/chosen",
		       "linux,initrd-end");
}

static void test_boot_modules(void **state)
{
	expect_ok(dtb_read_chosen, *state);
	assert_int_equal(platform.module_count, 0);
	assert_int_equal(platform.root_module, -1);

	/* Xen dom0less style: /chosen children, reg laid out by /chosen's cells, in tree order. */
	fdt_set_cells(*state, "/chosen", "#address-cells", 1, 2);
	fdt_set_cells(*state, "/chosen", "#size-cells", 1, 2);
	fdt_add_node(*state, "/chosen", "module@1");
	fdt_add_node(*state, "/chosen", "module@0");
	fdt_set_bytes(*state, "/chosen/module@0", "compatible",
		      "tenonos,root-component\0multiboot,module", 40);
	fdt_set_cells(*state, "/chosen/module@0", "reg", 4, 0, 0x50000000, 0, 0x6000);
	fdt_set_string(*state, "/chosen/module@1", "compatible", "multiboot,module");
	fdt_set_cells(*state, "/chosen/module@1", "reg", 4, 0, 0x50400000, 0, 0x1234);
	expect_ok(dtb_read_platform, *state);
	assert_int_equal(platform.module_count, 2);
	assert_int_equal(platform.root_module, 0);
	assert_int_equal(platform.modules[0].base, 0x50000000);
	assert_int_equal(platform.modules[0].size, 0x6000);
	assert_int_equal(platform.modules[1].base, 0x50400000);
	assert_int_equal(platform.modules[1].size, 0x1234);

	/* Two root components, or a reg of the wrong size, are refused. */
	fdt_set_bytes(*state, "/chosen/module@1", "compatible",
		      "tenonos,root-component\0multiboot,module", 40);
	expect_failure(dtb_read_chosen, *state, DTB_ERR_TOO_MANY, "/chosen/module", "compatible");
	fdt_set_string(*state, "/chosen/module@1", "compatible", "multiboot,module");
	fdt_set_cells(*state, "/chosen/module@1", "reg", 3, 0, 0x50400000, 0x1234);
	assert_int_equal(dtb_read_chosen(*state, &platform, &diagnostic), DTB_ERR_BAD_PROPERTY);
}

/* "tenonos,features" on a module: the features listed, none when empty, refused when unknown. */
static void test_boot_module_features(void **state)
{
	fdt_set_cells(*state, "/chosen", "#address-cells", 1, 2);
	fdt_set_cells(*state, "/chosen", "#size-cells", 1, 2);
	fdt_add_node(*state, "/chosen", "module@0");
	fdt_set_string(*state, "/chosen/module@0", "compatible", "multiboot,module");
	fdt_set_cells(*state, "/chosen/module@0", "reg", 4, 0, 0x50000000, 0, 0x6000);
	expect_ok(dtb_read_chosen, *state);
	assert_int_equal(platform.module_features[0], DTB_FEATURES_ABSENT);

	fdt_set_bytes(*state, "/chosen/module@0", "tenonos,features", "", 0);
	expect_ok(dtb_read_chosen, *state);
	assert_int_equal(platform.module_features[0], 0);
	fdt_set_bytes(*state, "/chosen/module@0", "tenonos,features", "debug\0pmu", 10);
	expect_ok(dtb_read_chosen, *state);
	assert_int_equal(platform.module_features[0], DTB_FEATURE_PMU | DTB_FEATURE_DEBUG);
	fdt_set_string(*state, "/chosen/module@0", "tenonos,features", "pmu");
	expect_ok(dtb_read_chosen, *state);
	assert_int_equal(platform.module_features[0], DTB_FEATURE_PMU);

	/* Unknown, repeated, empty or unterminated strings. */
	const struct {
		const char *bytes;
		int length;
	} bad[] = {{"trace", 6}, {"pmu\0pmu", 8}, {"", 1}, {"pmu\0", 5}, {"pmu", 3}, {"pm", 2}};
	for (unsigned i = 0; i < ARRAY_LENGTH(bad); i++) {
		fdt_set_bytes(*state, "/chosen/module@0", "tenonos,features", bad[i].bytes,
			      bad[i].length);
		expect_failure(dtb_read_chosen, *state, DTB_ERR_BAD_PROPERTY, "/chosen/module",
			       "tenonos,features");
	}
}

/* "tenonos,cpu" places a module's guest: one cell, a CPU index the kernel can have. */
static void test_boot_module_cpu(void **state)
{
	fdt_set_cells(*state, "/chosen", "#address-cells", 1, 2);
	fdt_set_cells(*state, "/chosen", "#size-cells", 1, 2);
	fdt_add_node(*state, "/chosen", "module@1");
	fdt_add_node(*state, "/chosen", "module@0");
	fdt_set_string(*state, "/chosen/module@0", "compatible", "multiboot,module");
	fdt_set_cells(*state, "/chosen/module@0", "reg", 4, 0, 0x50000000, 0, 0x6000);
	fdt_set_string(*state, "/chosen/module@1", "compatible", "multiboot,module");
	fdt_set_cells(*state, "/chosen/module@1", "reg", 4, 0, 0x50400000, 0, 0x1234);
	fdt_set_cells(*state, "/chosen/module@1", "tenonos,cpu", 1, 3);
	expect_ok(dtb_read_chosen, *state);
	assert_int_equal(platform.module_cpu[0], DTB_MODULE_ANY_CPU);
	assert_int_equal(platform.module_cpu[1], 3);

	fdt_set_cells(*state, "/chosen/module@1", "tenonos,cpu", 1, CONFIG_MAX_CPUS);
	expect_failure(dtb_read_chosen, *state, DTB_ERR_BAD_PROPERTY, "/chosen/module",
		       "tenonos,cpu");
	fdt_set_cells(*state, "/chosen/module@1", "tenonos,cpu", 2, 0, 1);
	expect_failure(dtb_read_chosen, *state, DTB_ERR_BAD_PROPERTY, "/chosen/module",
		       "tenonos,cpu");
}

static void test_hypervisor_console(void **state)
{
	fdt_add_node(*state, "/", "hypervisor-console");
	fdt_set_string(*state, "/hypervisor-console", "compatible", "tenonos,hypervisor-console");
	fdt_set_cells(*state, "/hypervisor-console", "tenonos,console-capability", 1, 7);
	fdt_set_string(*state, "/chosen", "stdout-path", "/hypervisor-console");
	fdt_remove_node(*state, "/pl011@9000000");
	expect_ok(dtb_read_platform, *state);
	assert_true(platform.hypervisor_console);
	assert_int_equal(platform.console_capability, 7);
	assert_int_equal(platform.uart_base, 0);

	fdt_set_cells(*state, "/hypervisor-console", "tenonos,console-capability", 2, 0, 7);
	expect_failure(dtb_read_uart, *state, DTB_ERR_BAD_PROPERTY,
		       "tenonos,hypervisor-console node", "tenonos,console-capability");
	/* A disabled hypervisor console is no console at all. */
	fdt_set_string(*state, "/hypervisor-console", "status", "disabled");
	assert_int_equal(dtb_read_uart(*state, &platform, &diagnostic), DTB_ERR_NO_UART);
}

static void test_gic_cpu_interface_only(void **state)
{
	fdt_set_bytes(*state, "/intc@8000000", "tenonos,cpu-interface-only", "", 0);
	fdt_remove_property(*state, "/intc@8000000", "reg");
	expect_ok(dtb_read_platform, *state);
	assert_true(platform.gic.cpu_interface_only);
	assert_int_equal(platform.gic.distributor_base, 0);
	assert_int_equal(platform.timer.el1_virtual_intid, 27);
}

static void test_diagnostic_may_be_null(void **state)
{
	fdt_remove_node(*state, "/timer");
	assert_int_equal(dtb_read_platform(*state, &platform, NULL), DTB_ERR_NO_TIMER);
	assert_int_equal(dtb_read_platform(NULL, &platform, NULL), DTB_ERR_HEADER);
}

/* ---- A real QEMU virt devicetree -------------------------------------------------------------- */

static void *read_file(const char *path)
{
	FILE *file = fopen(path, "rb");
	void *bytes;
	long size;

	assert_non_null(file);
	assert_int_equal(fseek(file, 0, SEEK_END), 0);
	size = ftell(file);
	assert_true(size > 0);
	rewind(file);
	bytes = malloc((size_t)size);
	assert_non_null(bytes);
	assert_int_equal(fread(bytes, 1, (size_t)size, file), (size_t)size);
	fclose(file);
	return bytes;
}

/*
 * DTB_QEMU_VIRT names a blob from
 *   qemu-system-aarch64 -M virt,virtualization=on,gic-version=3,dumpdtb=FILE -cpu max -smp 4 -m 1G
 */
static void test_qemu_virt_devicetree(void **state)
{
	(void)state;
	const char *path = getenv("DTB_QEMU_VIRT");
	void *fdt;

	if (!path || !*path)
		skip();
	fdt = read_file(path);
	expect_ok(dtb_read_platform, fdt);
	assert_int_equal(platform.memory_count, 1);
	assert_int_equal(platform.memory[0].base, 0x40000000);
	assert_int_equal(platform.memory[0].size, 1ULL << 30);
	assert_int_equal(platform.cpu_count, 4);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(platform.cpu_mpidr[i], i);
	assert_int_equal(platform.uart_base, 0x09000000);
	assert_int_equal(platform.uart_intid, 33);
	assert_int_equal(platform.gic.version, 3);
	assert_int_equal(platform.gic.distributor_base, 0x08000000);
	assert_int_equal(platform.gic.redistributor_base, 0x080a0000);
	assert_int_equal(platform.gic.maintenance_intid, 25);
	assert_int_equal(platform.timer.el1_physical_intid, 30);
	assert_int_equal(platform.timer.el1_virtual_intid, 27);
	assert_int_equal(platform.timer.el2_physical_intid, 26);
	assert_int_equal(platform.psci, DTB_PSCI_SMC);
	assert_int_equal(platform.fdt_size, fdt_totalsize(fdt));
	/* With -initrd, QEMU loads the module into RAM and names it in /chosen. */
	if (platform.initrd.size != 0) {
		assert_true(platform.initrd.base >= 0x40000000);
		assert_true(platform.initrd.base + platform.initrd.size <= 0x40000000 + (1ULL << 30));
	}
	free(fdt);
}

#define TREE_TEST(name) cmocka_unit_test_setup_teardown(name, build_virt, free_tree)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TREE_TEST(test_virt_tree_gives_every_field),
		TREE_TEST(test_single_query_touches_only_its_fields),
		cmocka_unit_test(test_status_names_are_distinct),
		TREE_TEST(test_psci_is_read_before_a_later_error),
		TREE_TEST(test_well_known_nodes_by_whole_name),
		TREE_TEST(test_diagnostic_makes_a_boot_error_line),
		TREE_TEST(test_null_and_misaligned_blobs_are_refused),
		TREE_TEST(test_bad_magic_is_refused),
		cmocka_unit_test(test_truncated_header_is_refused),
		TREE_TEST(test_every_truncation_is_refused),
		TREE_TEST(test_oversized_blob_is_refused),
		TREE_TEST(test_misaligned_structure_block_is_refused),
		cmocka_unit_test(test_fuzzer_version_3_blob_is_refused),
		TREE_TEST(test_versions_before_17_are_refused),
		TREE_TEST(test_blocks_outside_the_blob_are_refused),
		TREE_TEST(test_corrupt_structure_block_is_refused),
		TREE_TEST(test_random_corruption_never_crashes),
		TREE_TEST(test_missing_memory_node),
		TREE_TEST(test_disabled_memory_node_is_skipped),
		TREE_TEST(test_several_memory_nodes_and_ranges),
		TREE_TEST(test_node_named_memory_without_device_type_is_ignored),
		TREE_TEST(test_three_address_cells_are_refused),
		TREE_TEST(test_malformed_cell_counts_are_refused),
		TREE_TEST(test_absent_cell_counts_take_the_defaults),
		TREE_TEST(test_one_cell_layout_reads_everything),
		TREE_TEST(test_memory_reg_of_partial_entries_is_refused),
		TREE_TEST(test_memory_ranges_beyond_the_limit),
		TREE_TEST(test_memory_nodes_beyond_the_index),
		TREE_TEST(test_memory_range_past_2_64_is_refused),
		TREE_TEST(test_cpu_without_reg_is_refused),
		cmocka_unit_test(test_cpus_beyond_the_limit_are_counted),
		TREE_TEST(test_two_cell_cpu_reg_carries_aff3),
		TREE_TEST(test_cpu_reg_outside_affinity_is_refused),
		TREE_TEST(test_duplicate_mpidr_is_refused),
		TREE_TEST(test_disabled_cpu_is_skipped),
		TREE_TEST(test_missing_cpus),
		TREE_TEST(test_stdout_path_picks_the_uart),
		TREE_TEST(test_stdout_path_among_many_root_children),
		TREE_TEST(test_stdout_path_options_are_ignored),
		TREE_TEST(test_stdout_path_may_be_an_alias),
		TREE_TEST(test_unusable_stdout_path_falls_back),
		TREE_TEST(test_disabled_stdout_uart_falls_back),
		TREE_TEST(test_only_uart_disabled),
		TREE_TEST(test_unterminated_stdout_path_is_refused),
		TREE_TEST(test_uart_interrupts),
		TREE_TEST(test_interrupt_parent_must_be_the_gic),
		TREE_TEST(test_interrupt_parent_is_not_another_gic),
		TREE_TEST(test_uart_reg_is_checked),
		TREE_TEST(test_uart_on_a_bus),
		TREE_TEST(test_uart_below_many_buses),
		TREE_TEST(test_failure_changes_nothing),
		TREE_TEST(test_interrupt_parent_inherited_from_a_bus),
		TREE_TEST(test_stdout_path_below_a_bus),
		TREE_TEST(test_stdout_path_before_its_console),
		TREE_TEST(test_stdout_path_beyond_the_kept_consoles),
		TREE_TEST(test_missing_gic),
		TREE_TEST(test_gic_registers_are_checked),
		TREE_TEST(test_several_redistributor_regions_are_refused),
		TREE_TEST(test_gic_maintenance_interrupt),
		TREE_TEST(test_missing_timer),
		TREE_TEST(test_timer_interrupts_are_checked),
		TREE_TEST(test_psci_conduits),
		TREE_TEST(test_missing_psci_is_not_an_error),
		TREE_TEST(test_bad_psci_method_is_refused),
		TREE_TEST(test_bootargs),
		TREE_TEST(test_initrd),
		TREE_TEST(test_boot_modules),
		TREE_TEST(test_boot_module_features),
		TREE_TEST(test_boot_module_cpu),
		TREE_TEST(test_hypervisor_console),
		TREE_TEST(test_gic_cpu_interface_only),
		TREE_TEST(test_diagnostic_may_be_null),
		cmocka_unit_test(test_qemu_virt_devicetree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) + run_dtb_channel_tests() +
	       run_dtb_blob_tests();
}
