/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers shared by the dtb queries; not part of the interface (dtb.h is).
 *
 * Cells are read as aligned words: dtb_check() accepts only a blob at an 8-byte aligned address
 * with a 4-byte aligned structure block, so every tag and property value is 4-byte aligned, and
 * with the MMU off (Device memory) an unaligned word load would fault (Arm ARM B2.5.2).
 */
#ifndef DTB_INTERNAL_H
#define DTB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dtb.h"
#include "gicv3.h"

#define DTB_STRINGIFY_VALUE(x) #x
#define DTB_STRINGIFY(x) DTB_STRINGIFY_VALUE(x)

/* ---- The flattened devicetree format (Devicetree Specification v0.4, chapter 5) ------------- */

#define DTB_MAGIC 0xd00dfeedu

/* The header fields, in the order of 5.2 "Header"; each one big-endian 32-bit word. */
enum dtb_header_field {
	DTB_HEADER_MAGIC,
	DTB_HEADER_TOTALSIZE,
	DTB_HEADER_OFF_DT_STRUCT,
	DTB_HEADER_OFF_DT_STRINGS,
	DTB_HEADER_OFF_MEM_RSVMAP,
	DTB_HEADER_VERSION,
	DTB_HEADER_LAST_COMP_VERSION,
	DTB_HEADER_BOOT_CPUID_PHYS,
	DTB_HEADER_SIZE_DT_STRINGS,
	DTB_HEADER_SIZE_DT_STRUCT,
	DTB_HEADER_FIELDS /* a version 17 header: 40 bytes */
};
#define DTB_HEADER_SIZE (DTB_HEADER_FIELDS * 4u)

/* The tags of the structure block (5.4.1), each one aligned big-endian word. */
enum dtb_tag {
	DTB_TAG_BEGIN_NODE = 1, /* then the node's name, NUL-terminated, padded to a tag */
	DTB_TAG_END_NODE = 2,
	DTB_TAG_PROPERTY = 3, /* then the value's length, its name's offset in the strings, the value */
	DTB_TAG_NOP = 4,
	DTB_TAG_END = 9,
};
#define DTB_TAG_SIZE 4u
#define DTB_PROPERTY_HEADER_SIZE (3 * DTB_TAG_SIZE)

/* Deeper trees are refused: the walk keeps one ancestor per level on the stack. */
#define DTB_MAX_DEPTH 32
/* What a lookup gives when there is no such node; a node is never negative. */
#define DTB_NO_NODE (-1)

/* A big-endian cell as it lies in the blob. */
typedef uint32_t dtb_cell;

static inline uint32_t dtb_load_cell(const dtb_cell *cell)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return __builtin_bswap32(*cell);
#else
	return *cell;
#endif
}

uint32_t dtb_header_field(const void *fdt, enum dtb_header_field field);

/*
 * Whether a word of the structure block holds a NUL byte: a node name and its padding end in the
 * first word that does, so a name is skipped a word at a time.
 */
static inline bool dtb_word_has_nul(dtb_cell word)
{
	return ((word - 0x01010101u) & ~word & 0x80808080u) != 0;
}

/*
 * The walk over a blob dtb_check() accepted (dtb_blob.c). A node is the offset of its
 * FDT_BEGIN_NODE tag in the structure block (libfdt's numbering); the root is 0.
 */
const char *dtb_node_name(const void *fdt, int node);
/* The value of property `name` of `node` and its length in *length (may be NULL), or NULL. */
const void *dtb_property(const void *fdt, int node, const char *name, int *length);
const void *dtb_property_namelen(const void *fdt, int node, const char *name, size_t name_length,
				 int *length);
int dtb_first_child(const void *fdt, int node);
int dtb_next_sibling(const void *fdt, int node);
#define dtb_for_each_child(child, fdt, node)                                    \
	for ((child) = dtb_first_child((fdt), (node)); (child) >= 0;           \
	     (child) = dtb_next_sibling((fdt), (child)))
/* Every node in structure order, from node -1 (the root next); *depth is the root's 0. */
int dtb_next_node(const void *fdt, int node, int *depth);
/* The parent of `node` (DTB_NO_NODE for the root), by a walk from the root. */
int dtb_parent(const void *fdt, int node);
/* The node at the absolute path [path, path + length), each component named as
 * dtb_name_matches() says; DTB_NO_NODE when there is none. */
int dtb_path_node(const void *fdt, const char *path, size_t length);
/* A path component names a node by its whole name, or by the name before its unit address. */
bool dtb_name_matches(const char *name, const char *component, size_t length);
/* A property's value and length as found; data NULL when the node has no such property. */
struct dtb_value {
	const void *data;
	int length;
};
/* Whether a string list property of `length` bytes holds `wanted` as one of its strings. */
bool dtb_string_list_contains(const char *list, int length, const char *wanted);
bool dtb_compatible(const void *fdt, int node, const char *compatible);
/* The node's phandle (or linux,phandle) property, 0 when it has none of one cell. */
uint32_t dtb_phandle(const void *fdt, int node);

/* ---- Helpers of the queries ------------------------------------------------------------------ */

/* Cells of one GIC interrupt specifier: <type number flags> (arm,gic-v3 binding). */
#define DTB_GIC_SPECIFIER_CELLS 3u

enum dtb_status dtb_fail(struct dtb_diagnostic *diagnostic, enum dtb_status status,
			 const char *node, const char *property, const char *expected);
enum dtb_status dtb_succeed(struct dtb_diagnostic *diagnostic);

/* The value of an address/size made of one or two big-endian cells. */
uint64_t dtb_cells_value(const dtb_cell *cells, unsigned count);

enum dtb_string_result { DTB_STRING_ABSENT, DTB_STRING_MALFORMED, DTB_STRING_PRESENT };

/* A property holding exactly one NUL-terminated string (the terminator is its last byte). */
enum dtb_string_result dtb_string_value(const char *bytes, int length, const char **value);
enum dtb_string_result dtb_string_property(const void *fdt, int node, const char *name,
					   const char **value);
bool dtb_string_property_is(const void *fdt, int node, const char *name, const char *expected);

/* Absent status or "okay"/"ok" (Devicetree Specification 2.3.4); anything else is not usable. */
bool dtb_node_enabled(const void *fdt, int node);
/* The same for a status value already found (NULL: absent). */
bool dtb_status_enabled(const char *status, int length);

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

/* What the index reads of every node, in the same pass that checks its properties. */
enum dtb_indexed_property {
	DTB_INDEXED_COMPATIBLE,
	DTB_INDEXED_STATUS,
	DTB_INDEXED_DEVICE_TYPE,
	DTB_INDEXED_PROPERTIES
};

#define DTB_TREE_NAME_SLOTS 32
/* QEMU's virt machine has about 45 nodes below its root. */
#define DTB_TREE_ROOT_CHILDREN 64

/*
 * A checked blob and what the check's one pass over it found (dtb_check_index): the first enabled
 * node listing each known compatible. Finding a node by compatible or phandle walks the whole
 * structure block, so looking each one up on its own walked the tree once per lookup.
 */
struct dtb_tree {
	const void *fdt;
	int first_enabled[DTB_KNOWN_COMPATIBLES]; /* node offset, or < 0 when there is none */
	/* Each one's parent, seen on the way down (dtb_parent finds one by walking from the root). */
	int parent[DTB_KNOWN_COMPATIBLES];
	/* The nodes /chosen, /cpus and /aliases name, without a walk each. */
	int chosen, cpus, aliases;
	/*
	 * The enabled children of the root with device_type "memory", in order; when there are
	 * more than the array holds, memory_overflow and the query walks the root's children.
	 */
	int memory[DTB_MAX_MEMORY_RANGES];
	unsigned memory_count;
	bool memory_overflow;
	/*
	 * The root's children in order, for path lookups (stdout-path names one): the first
	 * DTB_TREE_ROOT_CHILDREN of them, and how many there are; with more, lookups walk.
	 */
	int root_children[DTB_TREE_ROOT_CHILDREN];
	unsigned root_child_count;
	/*
	 * The node whose properties the pass is reading (pending until its first child or its end),
	 * and what it found of them so far.
	 */
	struct {
		int node, parent;
		unsigned depth;
		bool open;
		struct dtb_value values[DTB_INDEXED_PROPERTIES];
	} pending;
	const char *strings;
	/*
	 * Property names already told apart, by their offset in the strings block (slot: offset
	 * modulo the slots): blobs keep one copy of each name, so most properties need no string
	 * comparison. A name whose slot another took is compared again, never misread.
	 */
	uint32_t name_offset[DTB_TREE_NAME_SLOTS];
	uint8_t name_indexed[DTB_TREE_NAME_SLOTS]; /* enum dtb_indexed_property */
};

/*
 * dtb_check, and when tree is not NULL the index of the blob built in the same pass: the check
 * calls the dtb_tree_* steps below for each node and property as it accepts them.
 */
enum dtb_status dtb_check_index(const void *fdt, struct dtb_tree *tree,
				struct dtb_diagnostic *diagnostic);
void dtb_tree_start(struct dtb_tree *tree, const void *fdt, const char *strings);
/* A node begins at `depth` (the root's 0) below `parent` (DTB_NO_NODE for the root). */
void dtb_tree_node(struct dtb_tree *tree, int node, unsigned depth, int parent, const char *name);
/* Which indexed property the name at name_offset is (DTB_INDEXED_PROPERTIES: none), kept in its slot. */
unsigned dtb_tree_name(struct dtb_tree *tree, uint32_t name_offset);
/* Inline: the check calls it for every property, and most names are found in their slot. */
static inline void dtb_tree_property(struct dtb_tree *tree, uint32_t name_offset,
				     const void *value, uint32_t length)
{
	unsigned slot = name_offset % DTB_TREE_NAME_SLOTS;
	unsigned indexed = tree->name_offset[slot] == name_offset ? tree->name_indexed[slot] :
								    dtb_tree_name(tree, name_offset);

	/* The first of a repeated property counts, as a lookup by name finds it. */
	if (indexed < DTB_INDEXED_PROPERTIES && tree->pending.values[indexed].data == NULL)
		tree->pending.values[indexed] = (struct dtb_value){value, (int)length};
}
/* The pending node's properties are over: a child begins or the node ends. */
void dtb_tree_properties_end(struct dtb_tree *tree);
/* The first enabled node (in structure order) listing `compatible`, or < 0. */
int dtb_tree_first(const struct dtb_tree *tree, enum dtb_known_compatible compatible);
/* The parent of `node` (< 0 for the root or an error), from the index when it holds the node. */
int dtb_tree_parent(const struct dtb_tree *tree, int node);
/* dtb_path_node, with the root's children from the index. */
int dtb_tree_path_node(const struct dtb_tree *tree, const char *path, size_t length);

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
				const struct dtb_reg_layout *layout, const dtb_cell **reg,
				unsigned *entries, struct dtb_diagnostic *diagnostic);
enum dtb_status dtb_reg_entry(const dtb_cell *reg, const struct dtb_reg_layout *layout,
			      unsigned index, const char *node_label, struct dtb_range *range,
			      struct dtb_diagnostic *diagnostic);

/* reg of `node` laid out by its parent's cells; every bus above must have an empty ranges. */
enum dtb_status dtb_device_reg(const struct dtb_tree *tree, int node, const char *node_label,
			       const char *bus_label, const dtb_cell **reg, unsigned *entries,
			       struct dtb_reg_layout *layout,
			       struct dtb_diagnostic *diagnostic);

/*
 * The interrupts of `node` as 3-cell GIC specifiers. The interrupt parent (interrupt-parent on the
 * node or its nearest ancestor) must be the phandle of the arm,gic-v3 node the tree found (the
 * first enabled one), or the numbers would be some other controller's. An absent property gives
 * count 0.
 */
enum dtb_status dtb_interrupts(const struct dtb_tree *tree, int node, const char *node_label,
			       const dtb_cell **specifiers, unsigned *count,
			       struct dtb_diagnostic *diagnostic);

/*
 * The INTID of specifier `index`: type 0 (SPI) n -> 32 + n for n < 988, type 1 (PPI) n -> 16 + n
 * for n < 16 (GICv3 spec 2.2, INTID ranges). Extended SPI/PPI ranges are not supported.
 */
bool dtb_interrupt_intid(const dtb_cell *specifiers, unsigned index, uint32_t *intid);
bool dtb_interrupt_is_ppi(const dtb_cell *specifiers, unsigned index);

/*
 * The queries of dtb.h without their dtb_check: dtb_read_platform checks and indexes the blob once
 * and runs these, instead of validating and walking the whole structure again for every query.
 */
typedef enum dtb_status (*dtb_query)(const struct dtb_tree *tree, struct dtb_platform *platform,
				     struct dtb_diagnostic *diagnostic);
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
