/* SPDX-License-Identifier: Apache-2.0 */
#include "dtb_internal.h"

#include "cpu.h"

#define CPU_NODE "/cpus/cpu"

static enum dtb_status cpus_address_cells(const void *fdt, int cpus, unsigned *cells,
					  struct dtb_diagnostic *diagnostic)
{
	int length;
	const dtb_cell *value = dtb_property(fdt, cpus, "#address-cells", &length);

	/* No default: the binding requires it on /cpus, and a guess would misread every reg. */
	if (!value || length != (int)sizeof(dtb_cell) ||
	    (dtb_load_cell(value) != 1 && dtb_load_cell(value) != 2))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, "/cpus", "#address-cells",
				"one cell holding 1 or 2");
	*cells = dtb_load_cell(value);
	return dtb_succeed(diagnostic);
}

static enum dtb_status read_mpidr(const void *fdt, int cpu, unsigned cells, uint64_t *mpidr,
				  struct dtb_diagnostic *diagnostic)
{
	int length;
	const dtb_cell *reg = dtb_property(fdt, cpu, "reg", &length);

	if (!reg || length != (int)(cells * sizeof(dtb_cell)))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, CPU_NODE, "reg",
				"one MPIDR of /cpus #address-cells cells");
	*mpidr = dtb_cells_value(reg, cells);
	if (*mpidr & ~MPIDR_AFFINITY_MASK)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, CPU_NODE, "reg",
				"MPIDR affinity bits only (mask 0xff00ffffff)");
	return dtb_succeed(diagnostic);
}

static bool already_recorded(const struct dtb_platform *platform, uint64_t mpidr)
{
	for (unsigned i = 0; i < platform->cpu_count; i++)
		if (platform->cpu_mpidr[i] == mpidr)
			return true;
	return false;
}

enum dtb_status dtb_query_cpus(const struct dtb_tree *tree, struct dtb_platform *platform,
			       struct dtb_diagnostic *diagnostic)
{
	const void *fdt = tree->fdt;
	enum dtb_status status;
	unsigned cells = 0;
	int cpus, cpu;

	platform->cpu_count = 0;
	platform->cpus_ignored = 0;
	cpus = tree->cpus;
	if (cpus < 0)
		return dtb_fail(diagnostic, DTB_ERR_NO_CPUS, "/cpus", "",
				"a /cpus node with device_type = \"cpu\" children");
	status = cpus_address_cells(fdt, cpus, &cells, diagnostic);
	if (status != DTB_OK)
		return status;
	dtb_for_each_child(cpu, fdt, cpus) {
		uint64_t mpidr = 0;

		if (!dtb_string_property_is(fdt, cpu, "device_type", "cpu") ||
		    !dtb_node_enabled(fdt, cpu))
			continue;
		status = read_mpidr(fdt, cpu, cells, &mpidr, diagnostic);
		if (status != DTB_OK)
			return status;
		if (already_recorded(platform, mpidr))
			return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, CPU_NODE, "reg",
					"an MPIDR no other cpu node has");
		if (platform->cpu_count == CONFIG_MAX_CPUS)
			platform->cpus_ignored++;
		else
			platform->cpu_mpidr[platform->cpu_count++] = mpidr;
	}
	if (platform->cpu_count == 0)
		return dtb_fail(diagnostic, DTB_ERR_NO_CPUS, "/cpus", "device_type",
				"a child with device_type = \"cpu\" and a reg");
	return dtb_succeed(diagnostic);
}
