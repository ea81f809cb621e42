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

static void record_node(struct dtb_tree *tree, int node, const int *parent)
{
	int length;
	const char *list = fdt_getprop(tree->fdt, node, "compatible", &length);
	int enabled = -1; /* read once, and only for a node listing a known compatible */

	if (!list)
		return;
	for (unsigned known = 0; known < DTB_KNOWN_COMPATIBLES; known++) {
		if (tree->first_enabled[known] >= 0 ||
		    !fdt_stringlist_contains(list, length, known_compatibles[known]))
			continue;
		if (enabled < 0)
			enabled = dtb_node_enabled(tree->fdt, node);
		if (!enabled)
			continue;
		tree->first_enabled[known] = node;
		tree->parent_known[known] = parent != NULL;
		tree->parent[known] = parent ? *parent : -FDT_ERR_NOTFOUND;
	}
}

/* libfdt's rule for a path component: the whole name, or the name before its unit address. */
static bool name_is(const char *name, int length, const char *wanted)
{
	size_t wanted_length = strlen(wanted);

	return name && length >= 0 && (size_t)length >= wanted_length &&
	       memcmp(name, wanted, wanted_length) == 0 &&
	       (name[wanted_length] == '\0' || name[wanted_length] == '@');
}

static void record_root_child(struct dtb_tree *tree, int node)
{
	int length;
	const char *name = fdt_get_name(tree->fdt, node, &length);

	if (tree->chosen < 0 && name_is(name, length, "chosen"))
		tree->chosen = node;
	else if (tree->cpus < 0 && name_is(name, length, "cpus"))
		tree->cpus = node;
	else if (tree->aliases < 0 && name_is(name, length, "aliases"))
		tree->aliases = node;
}

void dtb_tree_index(const void *fdt, struct dtb_tree *tree)
{
	tree->fdt = fdt;
	/* ancestors[d]: the last node seen at depth d, the parent of the next one at d + 1. */
	int ancestors[DTB_TREE_MAX_DEPTH];
	const int root_parent = -FDT_ERR_NOTFOUND;
	int depth = -1; /* fdt_next_node counts the root's own begin tag: the root is at depth 0 */

	for (unsigned known = 0; known < DTB_KNOWN_COMPATIBLES; known++) {
		tree->first_enabled[known] = -FDT_ERR_NOTFOUND;
		tree->parent_known[known] = false;
	}
	tree->chosen = tree->cpus = tree->aliases = -FDT_ERR_NOTFOUND;
	/* Offsets strictly increase, so the walk ends even on a hostile blob. */
	for (int node = fdt_next_node(fdt, -1, &depth); node >= 0 && depth >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		const int *parent = depth == 0			 ? &root_parent :
				    depth <= DTB_TREE_MAX_DEPTH ? &ancestors[depth - 1] :
								   NULL;

		record_node(tree, node, parent);
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
	return fdt_parent_offset(tree->fdt, node);
}
