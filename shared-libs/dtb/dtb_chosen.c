/* SPDX-License-Identifier: Apache-2.0 */
#include "dtb_internal.h"

#include <string.h>

/* linux,initrd-start/-end are one or two cells: QEMU writes one below 4 GiB, U-Boot often two. */
static bool read_initrd_bound(const void *fdt, int chosen, const char *name, uint64_t *value,
			      bool *present)
{
	int length;
	const dtb_cell *cells = dtb_property(fdt, chosen, name, &length);

	*present = cells != NULL;
	if (!cells)
		return true;
	if (length != (int)sizeof(dtb_cell) && length != 2 * (int)sizeof(dtb_cell))
		return false;
	*value = dtb_cells_value(cells, (unsigned)length / sizeof(dtb_cell));
	return true;
}

static enum dtb_status read_initrd(const void *fdt, int chosen, struct dtb_range *initrd,
				   struct dtb_diagnostic *diagnostic)
{
	uint64_t start = 0, end = 0;
	bool has_start, has_end;

	if (!read_initrd_bound(fdt, chosen, "linux,initrd-start", &start, &has_start))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, "/chosen", "linux,initrd-start",
				"one or two cells holding an address");
	if (!read_initrd_bound(fdt, chosen, "linux,initrd-end", &end, &has_end))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, "/chosen", "linux,initrd-end",
				"one or two cells holding an address");
	if (has_start != has_end || end < start)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, "/chosen", "linux,initrd-end",
				"with linux,initrd-start, an end address not below the start "
				"(the end is exclusive)");
	initrd->base = start;
	initrd->size = end - start;
	return dtb_succeed(diagnostic);
}

/* "tenonos,cpu": the one CPU a module runs on, where Xen's dom0less says "cpus" per domain. */
static enum dtb_status read_module_cpu(const void *fdt, int node, uint32_t *cpu,
				       struct dtb_diagnostic *diagnostic)
{
	int length;
	const dtb_cell *cell = dtb_property(fdt, node, "tenonos,cpu", &length);

	*cpu = DTB_MODULE_ANY_CPU;
	if (cell == NULL)
		return DTB_OK;
	if (length != (int)sizeof(dtb_cell) || dtb_load_cell(cell) >= CONFIG_MAX_CPUS)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, "/chosen/module", "tenonos,cpu",
				"one cell holding a CPU index below CONFIG_MAX_CPUS");
	*cpu = dtb_load_cell(cell);
	return DTB_OK;
}

/*
 * "tenonos,features" of a module: a string list of "pmu" and "debug" (an empty property: none),
 * the hardware a partition made from it owns, as Xen's dom0less reads a domain's options from
 * its node.
 */
static enum dtb_status read_module_features(const void *fdt, int node, int32_t *features,
					    struct dtb_diagnostic *diagnostic)
{
	int length;
	const char *list = dtb_property(fdt, node, "tenonos,features", &length);

	*features = DTB_FEATURES_ABSENT;
	if (list == NULL)
		return DTB_OK;
	if (length > 0 && list[length - 1] != '\0')
		length = -1;
	int32_t mask = 0;
	for (int at = 0; length > 0 && at < length; at += (int)strlen(list + at) + 1) {
		int32_t bit = strcmp(list + at, "pmu") == 0   ? DTB_FEATURE_PMU :
			      strcmp(list + at, "debug") == 0 ? DTB_FEATURE_DEBUG :
								0;
		if (bit == 0 || (mask & bit)) {
			length = -1;
			break;
		}
		mask |= bit;
	}
	if (length < 0)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, "/chosen/module",
				"tenonos,features", "strings \"pmu\" and \"debug\", each at most once");
	*features = mask;
	return DTB_OK;
}

/*
 * Boot modules as Xen's dom0less and multiboot on Arm describe them: children of /chosen with
 * compatible "multiboot,module" and a reg laid out by /chosen's cells, in devicetree order.
 */
static enum dtb_status read_modules(const void *fdt, int chosen, struct dtb_platform *platform,
				    struct dtb_diagnostic *diagnostic)
{
	struct dtb_reg_layout layout;
	int node;

	platform->module_count = 0;
	platform->root_module = -1;
	dtb_for_each_child(node, fdt, chosen) {
		if (!dtb_compatible(fdt, node, "multiboot,module"))
			continue;
		if (platform->module_count == DTB_MAX_MODULES)
			return dtb_fail(diagnostic, DTB_ERR_TOO_MANY, "/chosen/module", "compatible",
					"at most DTB_MAX_MODULES boot modules");
		const dtb_cell *reg;
		unsigned entries;
		enum dtb_status status = dtb_bus_reg_layout(fdt, chosen, "/chosen", &layout,
							    diagnostic);
		if (status == DTB_OK)
			status = dtb_reg_entries(fdt, node, "/chosen/module", &layout, &reg, &entries,
						 diagnostic);
		if (status == DTB_OK)
			status = dtb_reg_entry(reg, &layout, 0, "/chosen/module",
					       &platform->modules[platform->module_count],
					       diagnostic);
		if (status == DTB_OK)
			status = read_module_features(
				fdt, node, &platform->module_features[platform->module_count],
				diagnostic);
		if (status == DTB_OK)
			status = read_module_cpu(fdt, node,
						 &platform->module_cpu[platform->module_count],
						 diagnostic);
		if (status != DTB_OK)
			return status;
		if (dtb_compatible(fdt, node, "tenonos,root-component")) {
			if (platform->root_module >= 0)
				return dtb_fail(diagnostic, DTB_ERR_TOO_MANY, "/chosen/module",
						"compatible", "one root component module at most");
			platform->root_module = (int)platform->module_count;
		}
		platform->module_count++;
	}
	return DTB_OK;
}

enum dtb_status dtb_query_chosen(const struct dtb_tree *tree, struct dtb_platform *platform,
				 struct dtb_diagnostic *diagnostic)
{
	const void *fdt = tree->fdt;
	enum dtb_status status;
	struct dtb_range initrd = {0, 0};
	const char *bootargs = "";
	int chosen;

	chosen = tree->chosen;
	if (chosen >= 0) {
		if (dtb_string_property(fdt, chosen, "bootargs", &bootargs) == DTB_STRING_MALFORMED)
			return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, "/chosen", "bootargs",
					"one NUL-terminated string");
		status = read_initrd(fdt, chosen, &initrd, diagnostic);
		if (status == DTB_OK)
			status = read_modules(fdt, chosen, platform, diagnostic);
		if (status != DTB_OK)
			return status;
	}
	if (chosen < 0)
		platform->root_module = -1;
	platform->bootargs = bootargs;
	platform->initrd = initrd;
	platform->fdt_size = dtb_header_field(fdt, DTB_HEADER_TOTALSIZE);
	return dtb_succeed(diagnostic);
}
