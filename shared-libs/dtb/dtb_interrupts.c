/* SPDX-License-Identifier: Apache-2.0 */
#include "dtb_internal.h"

/* The first cell of a GIC interrupt specifier (arm,gic-v3 binding): SPI n is INTID 32 + n. */
#define GIC_SPECIFIER_TYPE_SPI 0u
#define GIC_SPECIFIER_TYPE_PPI 1u
#define GIC_SPI_COUNT (GICV3_LAST_SPI - GICV3_FIRST_SPI + 1u)
#define GIC_PPI_COUNT (GICV3_FIRST_SPI - GICV3_FIRST_PPI)

struct dtb_interrupt_source dtb_interrupt_source(const struct dtb_node_seen *seen)
{
	const struct dtb_frame *self = &seen->frames[seen->depth];

	return (struct dtb_interrupt_source){seen->values[DTB_PROPERTY_INTERRUPTS],
					     self->interrupt_parent};
}

/*
 * Compares phandles rather than looking the interrupt parent up: the only parent accepted is the
 * GIC the pass found, whose phandle it kept.
 */
static bool parent_is_gic_with_three_cells(const struct dtb_collector *collector, uint32_t parent)
{
	return collector->gic.node >= 0 && parent != 0 && parent != UINT32_MAX &&
	       collector->gic.phandle == parent &&
	       collector->gic.interrupt_cells == DTB_GIC_SPECIFIER_CELLS;
}

enum dtb_status dtb_interrupts(const struct dtb_collector *collector,
			       const struct dtb_interrupt_source *source, const char *node_label,
			       unsigned *count, struct dtb_diagnostic *diagnostic)
{
	const size_t specifier_bytes = DTB_GIC_SPECIFIER_CELLS * sizeof(dtb_cell);
	int length = source->specifiers.length;

	*count = 0;
	if (!source->specifiers.data)
		return dtb_succeed(diagnostic);
	if (length <= 0 || (size_t)length % specifier_bytes != 0)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, node_label, "interrupts",
				"one or more 3-cell GIC specifiers <type number flags>");
	if (!parent_is_gic_with_three_cells(collector, source->parent))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, node_label, "interrupt-parent",
				"a phandle, here or on an ancestor, of the arm,gic-v3 node with "
				"#interrupt-cells = 3");
	*count = (unsigned)((size_t)length / specifier_bytes);
	return dtb_succeed(diagnostic);
}

static const dtb_cell *specifier_at(const dtb_cell *specifiers, unsigned index)
{
	return specifiers + (size_t)index * DTB_GIC_SPECIFIER_CELLS;
}

bool dtb_interrupt_is_ppi(const dtb_cell *specifiers, unsigned index)
{
	return dtb_load_cell(&specifier_at(specifiers, index)[0]) == GIC_SPECIFIER_TYPE_PPI;
}

bool dtb_interrupt_intid(const dtb_cell *specifiers, unsigned index, uint32_t *intid)
{
	const dtb_cell *specifier = specifier_at(specifiers, index);
	uint32_t type = dtb_load_cell(&specifier[0]);
	uint32_t number = dtb_load_cell(&specifier[1]);

	if (type == GIC_SPECIFIER_TYPE_SPI && number < GIC_SPI_COUNT) {
		*intid = GICV3_FIRST_SPI + number;
		return true;
	}
	if (type == GIC_SPECIFIER_TYPE_PPI && number < GIC_PPI_COUNT) {
		*intid = GICV3_FIRST_PPI + number;
		return true;
	}
	return false;
}
