/* SPDX-License-Identifier: Apache-2.0 */
#include "dtb_internal.h"

#define MEMORY_NODE "/memory"

static enum dtb_status record_ranges(const void *fdt, int node, const struct dtb_reg_layout *layout,
				     struct dtb_platform *platform,
				     struct dtb_diagnostic *diagnostic)
{
	const dtb_cell *reg;
	unsigned entries;
	enum dtb_status status =
		dtb_reg_entries(fdt, node, MEMORY_NODE, layout, &reg, &entries, diagnostic);

	for (unsigned i = 0; status == DTB_OK && i < entries; i++) {
		struct dtb_range range;

		status = dtb_reg_entry(reg, layout, i, MEMORY_NODE, &range, diagnostic);
		/* Firmware sometimes leaves a bank it did not populate at size 0: not memory. */
		if (status != DTB_OK || range.size == 0)
			continue;
		if (platform->memory_count == DTB_MAX_MEMORY_RANGES)
			return dtb_fail(diagnostic, DTB_ERR_TOO_MANY, MEMORY_NODE, "reg",
					"at most " DTB_STRINGIFY(DTB_MAX_MEMORY_RANGES)
					" non-empty memory ranges in all (DTB_MAX_MEMORY_RANGES)");
		platform->memory[platform->memory_count++] = range;
	}
	return status;
}

/* The memory nodes in order: from the index, or past its array by a walk over the root's children. */
static int next_memory_node(const struct dtb_tree *tree, int node, unsigned *index)
{
	const void *fdt = tree->fdt;

	if (!tree->memory_overflow)
		return *index < tree->memory_count ? tree->memory[(*index)++] : DTB_NO_NODE;
	for (node = node < 0 ? dtb_first_child(fdt, 0) : dtb_next_sibling(fdt, node); node >= 0;
	     node = dtb_next_sibling(fdt, node))
		if (dtb_string_property_is(fdt, node, "device_type", "memory") &&
		    dtb_node_enabled(fdt, node))
			return node;
	return DTB_NO_NODE;
}

enum dtb_status dtb_query_memory(const struct dtb_tree *tree, struct dtb_platform *platform,
				 struct dtb_diagnostic *diagnostic)
{
	const void *fdt = tree->fdt;
	struct dtb_reg_layout layout;
	enum dtb_status status;
	unsigned index = 0;

	platform->memory_count = 0;
	/* Memory nodes are children of the root (Devicetree Specification 3.4). */
	status = dtb_bus_reg_layout(fdt, 0, "/", &layout, diagnostic);
	if (status != DTB_OK)
		return status;
	for (int node = next_memory_node(tree, DTB_NO_NODE, &index); node >= 0;
	     node = next_memory_node(tree, node, &index)) {
		status = record_ranges(fdt, node, &layout, platform, diagnostic);
		if (status != DTB_OK)
			return status;
	}
	if (platform->memory_count == 0)
		return dtb_fail(diagnostic, DTB_ERR_NO_MEMORY, "/", "device_type",
				"a node with device_type = \"memory\" and a non-empty reg");
	return dtb_succeed(diagnostic);
}
