/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers shared by the dtb queries; not part of the interface (dtb.h is).
 *
 * Property values are read with fdt32_ld, which loads byte by byte: a hostile blob can place a
 * value at any alignment, and with the MMU off every access is Device memory, where an unaligned
 * word load faults (Arm ARM B2.5.2, "Alignment of data accesses").
 */
#ifndef DTB_INTERNAL_H
#define DTB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libfdt.h>

#include "dtb.h"
#include "gicv3.h"

#define DTB_STRINGIFY_VALUE(x) #x
#define DTB_STRINGIFY(x) DTB_STRINGIFY_VALUE(x)

/* Cells of one GIC interrupt specifier: <type number flags> (arm,gic-v3 binding). */
#define DTB_GIC_SPECIFIER_CELLS 3u

enum dtb_status dtb_fail(struct dtb_diagnostic *diagnostic, enum dtb_status status,
			 const char *node, const char *property, const char *expected);
enum dtb_status dtb_succeed(struct dtb_diagnostic *diagnostic);

/* The value of an address/size made of one or two big-endian cells. */
uint64_t dtb_cells_value(const fdt32_t *cells, unsigned count);

enum dtb_string_result { DTB_STRING_ABSENT, DTB_STRING_MALFORMED, DTB_STRING_PRESENT };

/* A property holding exactly one NUL-terminated string (the terminator is its last byte). */
enum dtb_string_result dtb_string_property(const void *fdt, int node, const char *name,
					   const char **value);
bool dtb_string_property_is(const void *fdt, int node, const char *name, const char *expected);

/* Absent status or "okay"/"ok" (Devicetree Specification 2.3.4); anything else is not usable. */
bool dtb_node_enabled(const void *fdt, int node);

/* The compatibles the queries look for, in the order dtb_query_psci prefers them. */
enum dtb_known_compatible {
	DTB_COMPATIBLE_PSCI_1_0,
	DTB_COMPATIBLE_PSCI_0_2,
	DTB_COMPATIBLE_PSCI,
	DTB_COMPATIBLE_GIC_V3,
	DTB_COMPATIBLE_CORTEX_A15_GIC,
	DTB_COMPATIBLE_GIC_400,
	DTB_COMPATIBLE_ARMV8_TIMER,
	DTB_COMPATIBLE_PL011,
	DTB_KNOWN_COMPATIBLES
};

/*
 * A checked blob and what one walk over all its nodes found: the first enabled node listing each
 * known compatible. libfdt finds a node by compatible or phandle by walking the whole structure
 * block tag by tag, so looking each one up on its own walked the tree once per lookup.
 */
struct dtb_tree {
	const void *fdt;
	int first_enabled[DTB_KNOWN_COMPATIBLES]; /* node offset, or < 0 when there is none */
	/* Each one's parent, seen on the way down (libfdt finds a parent by walking from the root). */
	int parent[DTB_KNOWN_COMPATIBLES];
	bool parent_known[DTB_KNOWN_COMPATIBLES]; /* false below DTB_TREE_MAX_DEPTH */
	/* What fdt_path_offset gives for /chosen, /cpus and /aliases, without a walk each. */
	int chosen, cpus, aliases;
};

/* How deep the index follows parents; deeper nodes' parents are left to libfdt. */
#define DTB_TREE_MAX_DEPTH 8

/* Walks a blob dtb_check accepted once and records what dtb_tree_first answers. */
void dtb_tree_index(const void *fdt, struct dtb_tree *tree);
/* The first enabled node (in structure order) listing `compatible`, or < 0. */
int dtb_tree_first(const struct dtb_tree *tree, enum dtb_known_compatible compatible);
/* The parent of `node` (< 0 for the root or an error), from the index when it holds the node. */
int dtb_tree_parent(const struct dtb_tree *tree, int node);

struct dtb_reg_layout {
	unsigned address_cells;
	unsigned size_cells;
};

/*
 * #address-cells and #size-cells of `bus` (the parent of the nodes whose reg is read), each 1 or
 * 2: a 64-bit physical address never needs more, and 0 would make reg meaningless. Absent
 * properties take the Devicetree Specification 2.3.5 defaults, 2 and 1.
 */
enum dtb_status dtb_bus_reg_layout(const void *fdt, int bus, const char *bus_label,
				   struct dtb_reg_layout *layout,
				   struct dtb_diagnostic *diagnostic);

/*
 * The reg of `node`: present, non-empty and a whole number of entries. Ranges that wrap past 2^64
 * are refused when each entry is read.
 */
enum dtb_status dtb_reg_entries(const void *fdt, int node, const char *node_label,
				const struct dtb_reg_layout *layout, const fdt32_t **reg,
				unsigned *entries, struct dtb_diagnostic *diagnostic);
enum dtb_status dtb_reg_entry(const fdt32_t *reg, const struct dtb_reg_layout *layout,
			      unsigned index, const char *node_label, struct dtb_range *range,
			      struct dtb_diagnostic *diagnostic);

/* reg of `node` laid out by its parent's cells; every bus above must have an empty ranges. */
enum dtb_status dtb_device_reg(const struct dtb_tree *tree, int node, const char *node_label,
			       const char *bus_label, const fdt32_t **reg, unsigned *entries,
			       struct dtb_reg_layout *layout,
			       struct dtb_diagnostic *diagnostic);

/*
 * The interrupts of `node` as 3-cell GIC specifiers. The interrupt parent (interrupt-parent on the
 * node or its nearest ancestor) must be the phandle of the arm,gic-v3 node the tree found (the
 * first enabled one), or the numbers would be some other controller's. An absent property gives
 * count 0.
 */
enum dtb_status dtb_interrupts(const struct dtb_tree *tree, int node, const char *node_label,
			       const fdt32_t **specifiers, unsigned *count,
			       struct dtb_diagnostic *diagnostic);

/*
 * The INTID of specifier `index`: type 0 (SPI) n -> 32 + n for n < 988, type 1 (PPI) n -> 16 + n
 * for n < 16 (GICv3 spec 2.2, INTID ranges). Extended SPI/PPI ranges are not supported.
 */
bool dtb_interrupt_intid(const fdt32_t *specifiers, unsigned index, uint32_t *intid);
bool dtb_interrupt_is_ppi(const fdt32_t *specifiers, unsigned index);

/*
 * The queries of dtb.h without their dtb_check: dtb_read_platform checks and indexes the blob once
 * and runs these, instead of validating and walking the whole structure again for every query.
 */
enum dtb_status dtb_query_memory(const struct dtb_tree *tree, struct dtb_platform *platform,
				 struct dtb_diagnostic *diagnostic);
enum dtb_status dtb_query_cpus(const struct dtb_tree *tree, struct dtb_platform *platform,
			       struct dtb_diagnostic *diagnostic);
enum dtb_status dtb_query_uart(const struct dtb_tree *tree, struct dtb_platform *platform,
			       struct dtb_diagnostic *diagnostic);
enum dtb_status dtb_query_gic(const struct dtb_tree *tree, struct dtb_platform *platform,
			      struct dtb_diagnostic *diagnostic);
enum dtb_status dtb_query_timer(const struct dtb_tree *tree, struct dtb_platform *platform,
				struct dtb_diagnostic *diagnostic);
enum dtb_status dtb_query_psci(const struct dtb_tree *tree, struct dtb_platform *platform,
			       struct dtb_diagnostic *diagnostic);
enum dtb_status dtb_query_chosen(const struct dtb_tree *tree, struct dtb_platform *platform,
				 struct dtb_diagnostic *diagnostic);

#endif
