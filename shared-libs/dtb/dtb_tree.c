/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>

#include "dtb_internal.h"

static const char *const known_compatibles[DTB_KNOWN_COMPATIBLES] = {
	[DTB_COMPATIBLE_PSCI_1_0] = "arm,psci-1.0",
	[DTB_COMPATIBLE_PSCI_0_2] = "arm,psci-0.2",
	[DTB_COMPATIBLE_PSCI] = "arm,psci",
	[DTB_COMPATIBLE_GIC_V3] = "arm,gic-v3",
	[DTB_COMPATIBLE_CORTEX_A15_GIC] = "arm,cortex-a15-gic",
	[DTB_COMPATIBLE_GIC_400] = "arm,gic-400",
	[DTB_COMPATIBLE_ARMV8_TIMER] = "arm,armv8-timer",
	[DTB_COMPATIBLE_PL011] = "arm,pl011",
};

/* The index of `string` in known_compatibles, or DTB_KNOWN_COMPATIBLES. */
static unsigned known_compatible(const char *string)
{
	unsigned known = 0;

	while (known < DTB_KNOWN_COMPATIBLES && strcmp(string, known_compatibles[known]) != 0)
		known++;
	return known;
}

/* What the index reads of each node, in one scan of its properties; device_type only below /. */
enum indexed_property { INDEXED_COMPATIBLE, INDEXED_STATUS, INDEXED_DEVICE_TYPE, INDEXED_PROPERTIES };
static const char *const indexed_names[INDEXED_PROPERTIES] = {
	[INDEXED_COMPATIBLE] = "compatible",
	[INDEXED_STATUS] = "status",
	[INDEXED_DEVICE_TYPE] = "device_type",
};

static void record_compatibles(struct dtb_tree *tree, int node, const int *parent,
			       const struct dtb_value *compatible, bool enabled)
{
	const char *list = compatible->data;
	int length = compatible->length;

	/* Each string of a list ends with a NUL; a list whose last one does not names nothing. */
	if (!list || !enabled || length <= 0 || list[length - 1] != '\0')
		return;
	for (const char *string = list; string < list + length; string += strlen(string) + 1) {
		unsigned known = known_compatible(string);

		if (known == DTB_KNOWN_COMPATIBLES || tree->first_enabled[known] >= 0)
			continue;
		tree->first_enabled[known] = node;
		tree->parent_known[known] = parent != NULL;
		tree->parent[known] = parent ? *parent : DTB_NO_NODE;
	}
}

static void record_memory(struct dtb_tree *tree, int node, const struct dtb_value *device_type)
{
	static const char memory[] = "memory";

	/* Exactly the one string "memory", as dtb_string_property_is reads it. */
	if (device_type->length != (int)sizeof(memory) ||
	    memcmp(device_type->data, memory, sizeof(memory)) != 0)
		return;
	if (tree->memory_count == DTB_MAX_MEMORY_RANGES)
		tree->memory_overflow = true;
	else
		tree->memory[tree->memory_count++] = node;
}

/* Records what `node` is; gives the offset past its properties, where the walk goes on. */
static uint32_t record_node(struct dtb_tree *tree, int node, int depth, const int *parent)
{
	struct dtb_value values[INDEXED_PROPERTIES];
	uint32_t after = dtb_properties(tree->fdt, node, indexed_names,
					depth == 1 ? INDEXED_PROPERTIES : INDEXED_DEVICE_TYPE, values);
	bool enabled = dtb_status_enabled(values[INDEXED_STATUS].data,
					  values[INDEXED_STATUS].length);
	record_compatibles(tree, node, parent, &values[INDEXED_COMPATIBLE], enabled);
	if (depth == 1 && enabled)
		record_memory(tree, node, &values[INDEXED_DEVICE_TYPE]);
	return after;
}

static void record_root_child(struct dtb_tree *tree, int node)
{
	const char *name = dtb_node_name(tree->fdt, node);

	if (tree->chosen < 0 && dtb_name_matches(name, "chosen", 6))
		tree->chosen = node;
	else if (tree->cpus < 0 && dtb_name_matches(name, "cpus", 4))
		tree->cpus = node;
	else if (tree->aliases < 0 && dtb_name_matches(name, "aliases", 7))
		tree->aliases = node;
}

void dtb_tree_index(const void *fdt, struct dtb_tree *tree)
{
	tree->fdt = fdt;
	/* ancestors[d]: the last node seen at depth d, the parent of the next one at d + 1. */
	int ancestors[DTB_TREE_MAX_DEPTH];
	const int root_parent = DTB_NO_NODE;
	int depth;

	for (unsigned known = 0; known < DTB_KNOWN_COMPATIBLES; known++) {
		tree->first_enabled[known] = DTB_NO_NODE;
		tree->parent_known[known] = false;
	}
	tree->chosen = tree->cpus = tree->aliases = DTB_NO_NODE;
	tree->memory_count = 0;
	tree->memory_overflow = false;
	/* Offsets strictly increase, so the walk ends even on a hostile blob. */
	uint32_t after;
	for (int node = dtb_next_node(fdt, -1, &depth); node >= 0 && depth >= 0;
	     node = dtb_next_node_at(fdt, after, &depth)) {
		const int *parent = depth == 0			 ? &root_parent :
				    depth <= DTB_TREE_MAX_DEPTH ? &ancestors[depth - 1] :
								   NULL;

		after = record_node(tree, node, depth, parent);
		if (depth == 1)
			record_root_child(tree, node);
		if (depth < DTB_TREE_MAX_DEPTH)
			ancestors[depth] = node;
	}
}

int dtb_tree_first(const struct dtb_tree *tree, enum dtb_known_compatible compatible)
{
	return tree->first_enabled[compatible];
}

int dtb_tree_parent(const struct dtb_tree *tree, int node)
{
	for (unsigned known = 0; known < DTB_KNOWN_COMPATIBLES; known++)
		if (tree->first_enabled[known] == node && tree->parent_known[known])
			return tree->parent[known];
	return dtb_parent(tree->fdt, node);
}
