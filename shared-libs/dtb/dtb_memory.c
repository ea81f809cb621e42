/* SPDX-License-Identifier: Apache-2.0 */
#include "dtb_internal.h"

#define MEMORY_NODE "/memory"

/* Memory nodes are children of the root (Devicetree Specification 3.4): its cells lay them out. */
void dtb_collect_root(struct dtb_collector *collector, const struct dtb_node_seen *seen)
{
	const char *bad_cells = seen->frames[0].layout_error;

	if (bad_cells)
		dtb_fail(&collector->error[DTB_FACT_MEMORY], DTB_ERR_BAD_PROPERTY, "/", bad_cells,
			 DTB_CELL_COUNT_EXPECTED);
}

/* Every non-empty reg range of an enabled device_type "memory" child of the root. */
void dtb_collect_memory(struct dtb_collector *collector, const struct dtb_node_seen *seen)
{
	struct dtb_diagnostic *error = &collector->error[DTB_FACT_MEMORY];
	struct dtb_platform *platform = &collector->platform;
	const struct dtb_reg_layout *layout = &seen->parent->layout;
	const dtb_cell *reg;
	unsigned entries;

	if (error->status != DTB_OK ||
	    dtb_reg_entries(&seen->values[DTB_PROPERTY_REG], MEMORY_NODE, layout, &reg, &entries,
			    error) != DTB_OK)
		return;
	for (unsigned i = 0; i < entries; i++) {
		struct dtb_range range;

		if (dtb_reg_entry(reg, layout, i, MEMORY_NODE, &range, error) != DTB_OK)
			return;
		/* Firmware sometimes leaves a bank it did not populate at size 0: not memory. */
		if (range.size == 0)
			continue;
		if (platform->memory_count == DTB_MAX_MEMORY_RANGES) {
			dtb_fail(error, DTB_ERR_TOO_MANY, MEMORY_NODE, "reg",
				 "at most " DTB_STRINGIFY(DTB_MAX_MEMORY_RANGES)
				 " non-empty memory ranges in all (DTB_MAX_MEMORY_RANGES)");
			return;
		}
		platform->memory[platform->memory_count++] = range;
	}
}

enum dtb_status dtb_finish_memory(struct dtb_collector *collector,
				  struct dtb_diagnostic *diagnostic)
{
	const struct dtb_diagnostic *error = &collector->error[DTB_FACT_MEMORY];

	if (error->status != DTB_OK)
		return dtb_report(diagnostic, error);
	if (collector->platform.memory_count == 0)
		return dtb_fail(diagnostic, DTB_ERR_NO_MEMORY, "/", "device_type",
				"a node with device_type = \"memory\" and a non-empty reg");
	return dtb_succeed(diagnostic);
}
