/* SPDX-License-Identifier: Apache-2.0 */
#include "dtb_internal.h"

#define GIC_NODE "arm,gic-v3 node"
#define GIC_BUS "parent of the arm,gic-v3 node"

static bool has_gicv2(const struct dtb_tree *tree)
{
	return dtb_tree_first(tree, DTB_COMPATIBLE_CORTEX_A15_GIC) >= 0 ||
	       dtb_tree_first(tree, DTB_COMPATIBLE_GIC_400) >= 0;
}

/*
 * The hypervisor's redistributor lookup assumes one contiguous region (arm,gic-v3 binding:
 * reg = GICD, then #redistributor-regions GICR regions, then optional GICC/GICH/GICV).
 */
static enum dtb_status redistributor_regions(const void *fdt, int gic,
					      struct dtb_diagnostic *diagnostic)
{
	int length;
	const dtb_cell *regions = dtb_property(fdt, gic, "#redistributor-regions", &length);

	if (!regions)
		return dtb_succeed(diagnostic);
	if (length != (int)sizeof(dtb_cell) || dtb_load_cell(regions) == 0)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, GIC_NODE,
				"#redistributor-regions", "one cell holding the region count");
	if (dtb_load_cell(regions) != 1)
		return dtb_fail(diagnostic, DTB_ERR_TOO_MANY, GIC_NODE, "#redistributor-regions",
				"1: one contiguous redistributor region");
	return dtb_succeed(diagnostic);
}

static enum dtb_status read_registers(const struct dtb_tree *tree, int gic, struct dtb_gic *out,
				      struct dtb_diagnostic *diagnostic)
{
	struct dtb_reg_layout layout;
	struct dtb_range distributor, redistributor;
	const dtb_cell *reg;
	unsigned entries;
	enum dtb_status status = dtb_device_reg(tree, gic, GIC_NODE, GIC_BUS, &reg, &entries,
					       &layout, diagnostic);

	if (status != DTB_OK)
		return status;
	if (entries < 2)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, GIC_NODE, "reg",
				"a distributor and a redistributor region");
	status = dtb_reg_entry(reg, &layout, 0, GIC_NODE, &distributor, diagnostic);
	if (status == DTB_OK)
		status = dtb_reg_entry(reg, &layout, 1, GIC_NODE, &redistributor, diagnostic);
	if (status != DTB_OK)
		return status;
	/* GICD is 64 KiB (GICv3 spec 12.8); a redistributor, two or four 64 KiB frames (12.10). */
	if (distributor.size < 0x10000 || redistributor.size < 0x20000)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, GIC_NODE, "reg",
				"a 64 KiB distributor and a redistributor region of at least "
				"128 KiB");
	out->distributor_base = distributor.base;
	out->distributor_size = distributor.size;
	out->redistributor_base = redistributor.base;
	out->redistributor_size = redistributor.size;
	return dtb_succeed(diagnostic);
}

static enum dtb_status read_maintenance(const struct dtb_tree *tree, int gic, struct dtb_gic *out,
					struct dtb_diagnostic *diagnostic)
{
	const dtb_cell *interrupts;
	unsigned count;
	enum dtb_status status =
		dtb_interrupts(tree, gic, GIC_NODE, &interrupts, &count, diagnostic);

	if (status != DTB_OK)
		return status;
	out->maintenance_intid = 0;
	/* The maintenance interrupt is a PPI: it signals the CPU whose list registers need care. */
	if (count > 0 && (!dtb_interrupt_is_ppi(interrupts, 0) ||
			  !dtb_interrupt_intid(interrupts, 0, &out->maintenance_intid)))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, GIC_NODE, "interrupts",
				"the maintenance interrupt as a PPI (type 1, number < 16)");
	return dtb_succeed(diagnostic);
}

enum dtb_status dtb_query_gic(const struct dtb_tree *tree, struct dtb_platform *platform,
			     struct dtb_diagnostic *diagnostic)
{
	const void *fdt = tree->fdt;
	enum dtb_status status;
	struct dtb_gic gic = {.version = 3};
	int node;

	node = dtb_tree_first(tree, DTB_COMPATIBLE_GIC_V3);
	if (node < 0)
		return dtb_fail(diagnostic, DTB_ERR_NO_GIC, "/", "compatible",
				has_gicv2(tree) ? "a GICv3 (only a GICv2 is present; QEMU: "
						 "-M virt,gic-version=3)"
					       : "an enabled node compatible with \"arm,gic-v3\"");
	gic.cpu_interface_only =
		dtb_property(fdt, node, "tenonos,cpu-interface-only", NULL) != NULL;
	if (gic.cpu_interface_only) {
		platform->gic = gic;
		return dtb_succeed(diagnostic);
	}
	status = redistributor_regions(fdt, node, diagnostic);
	if (status == DTB_OK)
		status = read_registers(tree, node, &gic, diagnostic);
	if (status == DTB_OK)
		status = read_maintenance(tree, node, &gic, diagnostic);
	if (status == DTB_OK)
		platform->gic = gic;
	return status;
}
