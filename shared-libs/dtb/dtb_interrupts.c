/* SPDX-License-Identifier: Apache-2.0 */
#include "dtb_internal.h"

/* The first cell of a GIC interrupt specifier (arm,gic-v3 binding): SPI n is INTID 32 + n. */
#define GIC_SPECIFIER_TYPE_SPI 0u
#define GIC_SPECIFIER_TYPE_PPI 1u
#define GIC_SPI_COUNT (GICV3_LAST_SPI - GICV3_FIRST_SPI + 1u)
#define GIC_PPI_COUNT (GICV3_FIRST_SPI - GICV3_FIRST_PPI)

/*
 * The node's own interrupt-parent, else the nearest ancestor's (Devicetree Specification 2.4.1):
 * the phandle it holds, or 0 when there is none or it is malformed (0 is no node's phandle).
 */
static uint32_t interrupt_parent_phandle(const struct dtb_tree *tree, int node)
{
	/* A hostile blob cannot make this loop forever: each step goes one level up. */
	while (node >= 0) {
		int length;
		const dtb_cell *phandle = dtb_property(tree->fdt, node, "interrupt-parent", &length);

		if (phandle)
			return length == (int)sizeof(dtb_cell) ? dtb_load_cell(phandle) : 0;
		node = dtb_tree_parent(tree, node);
	}
	return 0;
}

/*
 * Compares phandles rather than looking the interrupt parent up: finding a node by phandle
 * by walking the whole tree, and the only parent accepted is the GIC the tree already found.
 */
static bool parent_is_gic_with_three_cells(const struct dtb_tree *tree, int node)
{
	int gic = dtb_tree_first(tree, DTB_COMPATIBLE_GIC_V3);
	uint32_t parent = interrupt_parent_phandle(tree, node);
	int length;
	const dtb_cell *cells;

	if (gic < 0 || parent == 0 || parent == (uint32_t)-1 || dtb_phandle(tree->fdt, gic) != parent)
		return false;
	cells = dtb_property(tree->fdt, gic, "#interrupt-cells", &length);
	return cells && length == (int)sizeof(dtb_cell) && dtb_load_cell(cells) == DTB_GIC_SPECIFIER_CELLS;
}

enum dtb_status dtb_interrupts(const struct dtb_tree *tree, int node, const char *node_label,
			       const dtb_cell **specifiers, unsigned *count,
			       struct dtb_diagnostic *diagnostic)
{
	const size_t specifier_bytes = DTB_GIC_SPECIFIER_CELLS * sizeof(dtb_cell);
	int length;

	*specifiers = dtb_property(tree->fdt, node, "interrupts", &length);
	*count = 0;
	if (!*specifiers)
		return dtb_succeed(diagnostic);
	if (length <= 0 || (size_t)length % specifier_bytes != 0)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, node_label, "interrupts",
				"one or more 3-cell GIC specifiers <type number flags>");
	if (!parent_is_gic_with_three_cells(tree, node))
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
