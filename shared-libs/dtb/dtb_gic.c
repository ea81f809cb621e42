/* SPDX-License-Identifier: Apache-2.0 */
#include "dtb_internal.h"

#define GIC_NODE "arm,gic-v3 node"
#define GIC_BUS "parent of the arm,gic-v3 node"

/*
 * The hypervisor's redistributor lookup assumes one contiguous region (arm,gic-v3 binding:
 * reg = GICD, then #redistributor-regions GICR regions, then optional GICC/GICH/GICV).
 */
static enum dtb_status redistributor_regions(const struct dtb_value *regions,
					     struct dtb_diagnostic *error)
{
	if (!regions->data)
		return DTB_OK;
	if (dtb_cell_value(regions, 0) == 0)
		return dtb_fail(error, DTB_ERR_BAD_PROPERTY, GIC_NODE, "#redistributor-regions",
				"one cell holding the region count");
	if (dtb_cell_value(regions, 0) != 1)
		return dtb_fail(error, DTB_ERR_TOO_MANY, GIC_NODE, "#redistributor-regions",
				"1: one contiguous redistributor region");
	return DTB_OK;
}

static enum dtb_status read_registers(const struct dtb_node_seen *seen, struct dtb_gic *gic,
				      struct dtb_diagnostic *error)
{
	struct dtb_reg_layout layout;
	struct dtb_range distributor, redistributor;
	const dtb_cell *reg;
	unsigned entries;
	enum dtb_status status =
		dtb_device_reg(seen, GIC_NODE, GIC_BUS, &reg, &entries, &layout, error);

	if (status != DTB_OK)
		return status;
	if (entries < 2)
		return dtb_fail(error, DTB_ERR_BAD_PROPERTY, GIC_NODE, "reg",
				"a distributor and a redistributor region");
	status = dtb_reg_entry(reg, &layout, 0, GIC_NODE, &distributor, error);
	if (status == DTB_OK)
		status = dtb_reg_entry(reg, &layout, 1, GIC_NODE, &redistributor, error);
	if (status != DTB_OK)
		return status;
	/* GICD is 64 KiB (GICv3 spec 12.8); a redistributor, two or four 64 KiB frames (12.10). */
	if (distributor.size < 0x10000 || redistributor.size < 0x20000)
		return dtb_fail(error, DTB_ERR_BAD_PROPERTY, GIC_NODE, "reg",
				"a 64 KiB distributor and a redistributor region of at least "
				"128 KiB");
	gic->distributor_base = distributor.base;
	gic->distributor_size = distributor.size;
	gic->redistributor_base = redistributor.base;
	gic->redistributor_size = redistributor.size;
	return DTB_OK;
}

/* The first enabled arm,gic-v3 node: its registers now, its maintenance interrupt at the end. */
void dtb_collect_gic(struct dtb_collector *collector, const struct dtb_node_seen *seen)
{
	const struct dtb_value *values = seen->values;
	const struct dtb_value *phandle = &values[DTB_PROPERTY_PHANDLE];
	struct dtb_gic *gic = &collector->platform.gic;
	struct dtb_diagnostic *error = &collector->error[DTB_FACT_GIC];

	collector->gic.node = seen->node;
	collector->gic.phandle = dtb_cell_value(phandle->data ? phandle :
						&values[DTB_PROPERTY_LINUX_PHANDLE], 0);
	collector->gic.interrupt_cells = dtb_cell_value(&values[DTB_PROPERTY_INTERRUPT_CELLS], 0);
	collector->gic.interrupts = dtb_interrupt_source(seen);
	gic->version = 3;
	gic->cpu_interface_only = values[DTB_PROPERTY_CPU_INTERFACE_ONLY].data != NULL;
	if (!gic->cpu_interface_only &&
	    redistributor_regions(&values[DTB_PROPERTY_REDISTRIBUTOR_REGIONS], error) == DTB_OK)
		read_registers(seen, gic, error);
}

enum dtb_status dtb_finish_gic(struct dtb_collector *collector, struct dtb_diagnostic *diagnostic)
{
	const struct dtb_diagnostic *error = &collector->error[DTB_FACT_GIC];
	struct dtb_gic *gic = &collector->platform.gic;
	const dtb_cell *specifiers = collector->gic.interrupts.specifiers.data;
	unsigned count;
	enum dtb_status status;

	if (collector->gic.node < 0)
		return dtb_fail(diagnostic, DTB_ERR_NO_GIC, "/", "compatible",
				collector->gicv2 ? "a GICv3 (only a GICv2 is present; QEMU: "
						   "-M virt,gic-version=3)"
						 : "an enabled node compatible with \"arm,gic-v3\"");
	if (gic->cpu_interface_only)
		return dtb_succeed(diagnostic);
	if (error->status != DTB_OK)
		return dtb_report(diagnostic, error);
	status = dtb_interrupts(collector, &collector->gic.interrupts, GIC_NODE, &count, diagnostic);
	if (status != DTB_OK)
		return status;
	/* The maintenance interrupt is a PPI: it signals the CPU whose list registers need care. */
	if (count > 0 && (!dtb_interrupt_is_ppi(specifiers, 0) ||
			  !dtb_interrupt_intid(specifiers, 0, &gic->maintenance_intid)))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, GIC_NODE, "interrupts",
				"the maintenance interrupt as a PPI (type 1, number < 16)");
	return dtb_succeed(diagnostic);
}
