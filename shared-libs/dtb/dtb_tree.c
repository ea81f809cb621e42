/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The index of a blob, built by dtb_check_index as it checks each node and property: the check
 * already visits every tag once, so the index costs no walk of its own.
 */
#include <string.h>

#include "dtb_internal.h"

/* Every known compatible is an Arm binding: "arm," and then one of these. */
static const char known_vendor[] = "arm,";
static const char *const known_compatibles[DTB_KNOWN_COMPATIBLES] = {
	[DTB_COMPATIBLE_PSCI_1_0] = "psci-1.0",
	[DTB_COMPATIBLE_PSCI_0_2] = "psci-0.2",
	[DTB_COMPATIBLE_PSCI] = "psci",
	[DTB_COMPATIBLE_GIC_V3] = "gic-v3",
	[DTB_COMPATIBLE_CORTEX_A15_GIC] = "cortex-a15-gic",
	[DTB_COMPATIBLE_GIC_400] = "gic-400",
	[DTB_COMPATIBLE_ARMV8_TIMER] = "armv8-timer",
	[DTB_COMPATIBLE_PL011] = "pl011",
};

static const char *const indexed_names[DTB_INDEXED_PROPERTIES] = {
	[DTB_INDEXED_COMPATIBLE] = "compatible",
	[DTB_INDEXED_STATUS] = "status",
	[DTB_INDEXED_DEVICE_TYPE] = "device_type",
};

/* The index of `string` in known_compatibles, or DTB_KNOWN_COMPATIBLES. */
static unsigned known_compatible(const char *string)
{
	const size_t vendor_length = sizeof(known_vendor) - 1;
	unsigned known = 0;

	/* Most compatibles are another vendor's: one comparison of the prefix rejects them. */
	if (string[0] != known_vendor[0] || strncmp(string, known_vendor, vendor_length) != 0)
		return DTB_KNOWN_COMPATIBLES;
	string += vendor_length;
	while (known < DTB_KNOWN_COMPATIBLES && strcmp(string, known_compatibles[known]) != 0)
		known++;
	return known;
}

void dtb_tree_start(struct dtb_tree *tree, const void *fdt, const char *strings)
{
	tree->fdt = fdt;
	tree->strings = strings;
	for (unsigned known = 0; known < DTB_KNOWN_COMPATIBLES; known++)
		tree->first_enabled[known] = tree->parent[known] = DTB_NO_NODE;
	for (unsigned slot = 0; slot < DTB_TREE_NAME_SLOTS; slot++)
		tree->name_offset[slot] = UINT32_MAX;
	tree->chosen = tree->cpus = tree->aliases = DTB_NO_NODE;
	tree->memory_count = 0;
	tree->memory_overflow = false;
	tree->root_child_count = 0;
	tree->pending.open = false;
}

static void record_compatibles(struct dtb_tree *tree, const struct dtb_value *compatible)
{
	const char *list = compatible->data;
	int length = compatible->length;

	/* Each string of a list ends with a NUL; a list whose last one does not names nothing. */
	if (!list || length <= 0 || list[length - 1] != '\0')
		return;
	for (const char *string = list; string < list + length; string += strlen(string) + 1) {
		unsigned known = known_compatible(string);

		if (known == DTB_KNOWN_COMPATIBLES || tree->first_enabled[known] >= 0)
			continue;
		tree->first_enabled[known] = tree->pending.node;
		tree->parent[known] = tree->pending.parent;
	}
}

static void record_memory(struct dtb_tree *tree, const struct dtb_value *device_type)
{
	static const char memory[] = "memory";

	/* Exactly the one string "memory", as dtb_string_property_is reads it. */
	if (device_type->length != (int)sizeof(memory) ||
	    memcmp(device_type->data, memory, sizeof(memory)) != 0)
		return;
	if (tree->memory_count == DTB_MAX_MEMORY_RANGES)
		tree->memory_overflow = true;
	else
		tree->memory[tree->memory_count++] = tree->pending.node;
}

void dtb_tree_properties_end(struct dtb_tree *tree)
{
	const struct dtb_value *values = tree->pending.values;

	if (!tree->pending.open)
		return;
	tree->pending.open = false;
	if (!dtb_status_enabled(values[DTB_INDEXED_STATUS].data, values[DTB_INDEXED_STATUS].length))
		return;
	record_compatibles(tree, &values[DTB_INDEXED_COMPATIBLE]);
	if (tree->pending.depth == 1)
		record_memory(tree, &values[DTB_INDEXED_DEVICE_TYPE]);
}

void dtb_tree_node(struct dtb_tree *tree, int node, unsigned depth, int parent, const char *name)
{
	dtb_tree_properties_end(tree);
	tree->pending.node = node;
	tree->pending.parent = parent;
	tree->pending.depth = depth;
	tree->pending.open = true;
	for (unsigned i = 0; i < DTB_INDEXED_PROPERTIES; i++)
		tree->pending.values[i] = (struct dtb_value){NULL, 0};
	if (depth != 1)
		return;
	if (tree->root_child_count < DTB_TREE_ROOT_CHILDREN)
		tree->root_children[tree->root_child_count] = node;
	/* Counted on past the array, which then tells lookups to walk (no wrap: the blob is small). */
	tree->root_child_count++;
	/* Most of the root's children are devices, whose names begin otherwise. */
	if (name[0] != 'c' && name[0] != 'a')
		return;
	if (tree->chosen < 0 && dtb_name_matches(name, "chosen", 6))
		tree->chosen = node;
	else if (tree->cpus < 0 && dtb_name_matches(name, "cpus", 4))
		tree->cpus = node;
	else if (tree->aliases < 0 && dtb_name_matches(name, "aliases", 7))
		tree->aliases = node;
}

unsigned dtb_tree_name(struct dtb_tree *tree, uint32_t name_offset)
{
	unsigned slot = name_offset % DTB_TREE_NAME_SLOTS;
	const char *name = tree->strings + name_offset;
	unsigned indexed;

	for (indexed = 0; indexed < DTB_INDEXED_PROPERTIES; indexed++)
		if (name[0] == indexed_names[indexed][0] && strcmp(name, indexed_names[indexed]) == 0)
			break;
	tree->name_offset[slot] = name_offset;
	tree->name_indexed[slot] = (uint8_t)indexed;
	return indexed;
}

int dtb_tree_first(const struct dtb_tree *tree, enum dtb_known_compatible compatible)
{
	return tree->first_enabled[compatible];
}

int dtb_tree_parent(const struct dtb_tree *tree, int node)
{
	for (unsigned known = 0; known < DTB_KNOWN_COMPATIBLES; known++)
		if (tree->first_enabled[known] == node)
			return tree->parent[known];
	return dtb_parent(tree->fdt, node);
}
