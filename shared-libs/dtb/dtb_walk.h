/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Finding nodes and properties by name in a checked blob (dtb_walk.c), for the component
 * readers; not part of the interface (dtb.h is), and not in Mortise, whose one pass needs none.
 */
#ifndef DTB_WALK_H
#define DTB_WALK_H

#include "dtb_internal.h"

const char *dtb_node_name(const void *fdt, int node);
/* The value of property `name` of `node` and its length in *length (may be NULL), or NULL. */
const void *dtb_property(const void *fdt, int node, const char *name, int *length);
int dtb_first_child(const void *fdt, int node);
int dtb_next_sibling(const void *fdt, int node);
#define dtb_for_each_child(child, fdt, node)                                    \
	for ((child) = dtb_first_child((fdt), (node)); (child) >= 0;           \
	     (child) = dtb_next_sibling((fdt), (child)))
/* The node at the absolute path [path, path + length), each component named as
 * dtb_name_matches() says; DTB_NO_NODE when there is none. */
int dtb_path_node(const void *fdt, const char *path, size_t length);
/* Whether a string list property of `length` bytes holds `wanted` as one of its strings. */
bool dtb_string_list_contains(const char *list, int length, const char *wanted);
bool dtb_compatible(const void *fdt, int node, const char *compatible);
/* A property holding exactly one NUL-terminated string, by name. */
enum dtb_string_result dtb_string_property(const void *fdt, int node, const char *name,
					   const char **value);
/*
 * #address-cells and #size-cells of node `bus` as dtb_reg_layout_of reads them, as a diagnostic
 * naming bus_label.
 */
enum dtb_status dtb_bus_reg_layout(const void *fdt, int bus, const char *bus_label,
				   struct dtb_reg_layout *layout,
				   struct dtb_diagnostic *diagnostic);

#endif
