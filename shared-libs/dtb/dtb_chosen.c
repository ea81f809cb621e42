/* SPDX-License-Identifier: Apache-2.0 */
#include "dtb_internal.h"

#include <string.h>

#define MODULE_NODE "/chosen/module"

/* linux,initrd-start/-end are one or two cells: QEMU writes one below 4 GiB, U-Boot often two. */
static bool read_initrd_bound(const struct dtb_value *value, uint64_t *bound)
{
	if (!value->data)
		return true;
	if (value->length != (int)sizeof(dtb_cell) && value->length != 2 * (int)sizeof(dtb_cell))
		return false;
	*bound = dtb_cells_value(value->data, (unsigned)value->length / sizeof(dtb_cell));
	return true;
}

static void read_initrd(const struct dtb_value *values, struct dtb_range *initrd,
			struct dtb_diagnostic *error)
{
	const struct dtb_value *start = &values[DTB_PROPERTY_INITRD_START];
	const struct dtb_value *end = &values[DTB_PROPERTY_INITRD_END];
	uint64_t first = 0, last = 0;

	if (!read_initrd_bound(start, &first))
		dtb_fail(error, DTB_ERR_BAD_PROPERTY, "/chosen", "linux,initrd-start",
			 "one or two cells holding an address");
	else if (!read_initrd_bound(end, &last))
		dtb_fail(error, DTB_ERR_BAD_PROPERTY, "/chosen", "linux,initrd-end",
			 "one or two cells holding an address");
	else if ((start->data == NULL) != (end->data == NULL) || last < first)
		dtb_fail(error, DTB_ERR_BAD_PROPERTY, "/chosen", "linux,initrd-end",
			 "with linux,initrd-start, an end address not below the start "
			 "(the end is exclusive)");
	else
		*initrd = (struct dtb_range){first, last - first};
}

/* /chosen's bootargs and initrd; stdout-path is the UART's, read once the pass has ended. */
void dtb_collect_chosen(struct dtb_collector *collector, const struct dtb_node_seen *seen)
{
	const struct dtb_value *bootargs = &seen->values[DTB_PROPERTY_BOOTARGS];
	struct dtb_diagnostic *error = &collector->error[DTB_FACT_CHOSEN];

	collector->stdout_path = seen->values[DTB_PROPERTY_STDOUT_PATH];
	if (dtb_string_value(bootargs->data, bootargs->length, &collector->platform.bootargs) ==
	    DTB_STRING_MALFORMED)
		dtb_fail(error, DTB_ERR_BAD_PROPERTY, "/chosen", "bootargs",
			 "one NUL-terminated string");
	else
		read_initrd(seen->values, &collector->platform.initrd, error);
}

/* "tenonos,cpu": the one CPU a module runs on, where Xen's dom0less says "cpus" per domain. */
static bool read_module_cpu(const struct dtb_value *value, uint32_t *cpu)
{
	*cpu = DTB_MODULE_ANY_CPU;
	if (!value->data)
		return true;
	*cpu = dtb_cell_value(value, CONFIG_MAX_CPUS);
	return *cpu < CONFIG_MAX_CPUS;
}

/*
 * "tenonos,features" of a module: a string list of "pmu" and "debug" (an empty property: none),
 * the hardware a partition made from it owns, as Xen's dom0less reads a domain's options from
 * its node.
 */
static bool read_module_features(const struct dtb_value *value, int32_t *features)
{
	const char *list = value->data;
	int length = value->length;
	int32_t mask = 0;

	*features = DTB_FEATURES_ABSENT;
	if (!list)
		return true;
	if (length > 0 && list[length - 1] != '\0')
		return false;
	for (int at = 0; at < length; at += (int)strlen(list + at) + 1) {
		int32_t bit = strcmp(list + at, "pmu") == 0   ? DTB_FEATURE_PMU :
			      strcmp(list + at, "debug") == 0 ? DTB_FEATURE_DEBUG :
								0;
		if (bit == 0 || (mask & bit))
			return false;
		mask |= bit;
	}
	*features = mask;
	return true;
}

/*
 * A boot module as Xen's dom0less and multiboot on Arm describe them: a child of /chosen with
 * compatible "multiboot,module" and a reg laid out by /chosen's cells, in devicetree order.
 */
void dtb_collect_module(struct dtb_collector *collector, const struct dtb_node_seen *seen)
{
	struct dtb_diagnostic *error = &collector->error[DTB_FACT_CHOSEN];
	struct dtb_platform *platform = &collector->platform;
	unsigned index = platform->module_count;
	const dtb_cell *reg;
	unsigned entries;

	if (error->status != DTB_OK)
		return;
	if (index == DTB_MAX_MODULES) {
		dtb_fail(error, DTB_ERR_TOO_MANY, MODULE_NODE, "compatible",
			 "at most DTB_MAX_MODULES boot modules");
		return;
	}
	if (seen->parent->layout_error) {
		dtb_fail(error, DTB_ERR_BAD_PROPERTY, "/chosen", seen->parent->layout_error,
			 DTB_CELL_COUNT_EXPECTED);
		return;
	}
	if (dtb_reg_entries(&seen->values[DTB_PROPERTY_REG], MODULE_NODE, &seen->parent->layout,
			    &reg, &entries, error) != DTB_OK ||
	    dtb_reg_entry(reg, &seen->parent->layout, 0, MODULE_NODE, &platform->modules[index],
			  error) != DTB_OK)
		return;
	if (!read_module_features(&seen->values[DTB_PROPERTY_MODULE_FEATURES],
				  &platform->module_features[index])) {
		dtb_fail(error, DTB_ERR_BAD_PROPERTY, MODULE_NODE, "tenonos,features",
			 "strings \"pmu\" and \"debug\", each at most once");
		return;
	}
	if (!read_module_cpu(&seen->values[DTB_PROPERTY_MODULE_CPU], &platform->module_cpu[index])) {
		dtb_fail(error, DTB_ERR_BAD_PROPERTY, MODULE_NODE, "tenonos,cpu",
			 "one cell holding a CPU index below CONFIG_MAX_CPUS");
		return;
	}
	if (seen->kinds & DTB_KIND_ROOT_COMPONENT) {
		if (platform->root_module >= 0) {
			dtb_fail(error, DTB_ERR_TOO_MANY, MODULE_NODE, "compatible",
				 "one root component module at most");
			return;
		}
		platform->root_module = (int)index;
	}
	platform->module_count++;
}

enum dtb_status dtb_finish_chosen(struct dtb_collector *collector,
				  struct dtb_diagnostic *diagnostic)
{
	const struct dtb_diagnostic *error = &collector->error[DTB_FACT_CHOSEN];

	if (error->status != DTB_OK)
		return dtb_report(diagnostic, error);
	collector->platform.fdt_size = dtb_header_field(collector->fdt, DTB_HEADER_TOTALSIZE);
	return dtb_succeed(diagnostic);
}
