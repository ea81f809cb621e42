/* SPDX-License-Identifier: Apache-2.0 */
#include "dtb_internal.h"

#include "cpu.h"

#define CPU_NODE "/cpus/cpu"

void dtb_collect_cpus(struct dtb_collector *collector, const struct dtb_node_seen *seen)
{
	uint32_t cells = dtb_cell_value(&seen->values[DTB_PROPERTY_ADDRESS_CELLS], 0);

	/* No default: the binding requires it on /cpus, and a guess would misread every reg. */
	if (cells != 1 && cells != 2)
		dtb_fail(&collector->error[DTB_FACT_CPUS], DTB_ERR_BAD_PROPERTY, "/cpus",
			 "#address-cells", DTB_CELL_COUNT_EXPECTED);
}

static bool already_recorded(const struct dtb_platform *platform, uint64_t mpidr)
{
	for (unsigned i = 0; i < platform->cpu_count; i++)
		if (platform->cpu_mpidr[i] == mpidr)
			return true;
	return false;
}

/* An enabled device_type "cpu" child of /cpus: its reg is its MPIDR. */
void dtb_collect_cpu(struct dtb_collector *collector, const struct dtb_node_seen *seen)
{
	struct dtb_diagnostic *error = &collector->error[DTB_FACT_CPUS];
	struct dtb_platform *platform = &collector->platform;
	const struct dtb_value *reg = &seen->values[DTB_PROPERTY_REG];
	unsigned cells = seen->parent->layout.address_cells;
	uint64_t mpidr;

	if (error->status != DTB_OK || !seen->enabled ||
	    !dtb_value_is(&seen->values[DTB_PROPERTY_DEVICE_TYPE], "cpu"))
		return;
	if (!reg->data || reg->length != (int)(cells * sizeof(dtb_cell))) {
		dtb_fail(error, DTB_ERR_BAD_PROPERTY, CPU_NODE, "reg",
			 "one MPIDR of /cpus #address-cells cells");
		return;
	}
	mpidr = dtb_cells_value(reg->data, cells);
	if (mpidr & ~MPIDR_AFFINITY_MASK)
		dtb_fail(error, DTB_ERR_BAD_PROPERTY, CPU_NODE, "reg",
			 "MPIDR affinity bits only (mask 0xff00ffffff)");
	else if (already_recorded(platform, mpidr))
		dtb_fail(error, DTB_ERR_BAD_PROPERTY, CPU_NODE, "reg",
			 "an MPIDR no other cpu node has");
	else if (platform->cpu_count == CONFIG_MAX_CPUS)
		platform->cpus_ignored++;
	else
		platform->cpu_mpidr[platform->cpu_count++] = mpidr;
}

enum dtb_status dtb_finish_cpus(struct dtb_collector *collector, struct dtb_diagnostic *diagnostic)
{
	const struct dtb_diagnostic *error = &collector->error[DTB_FACT_CPUS];

	if (collector->cpus < 0)
		return dtb_fail(diagnostic, DTB_ERR_NO_CPUS, "/cpus", "",
				"a /cpus node with device_type = \"cpu\" children");
	if (error->status != DTB_OK)
		return dtb_report(diagnostic, error);
	if (collector->platform.cpu_count == 0)
		return dtb_fail(diagnostic, DTB_ERR_NO_CPUS, "/cpus", "device_type",
				"a child with device_type = \"cpu\" and a reg");
	return dtb_succeed(diagnostic);
}
