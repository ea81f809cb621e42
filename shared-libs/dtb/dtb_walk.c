/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Finding nodes in a blob dtb_check() accepted, as a component reads the devicetree the root
 * wrote for it: by following the tags (dtb_blob.c) from a node to its children and siblings, and
 * down a path. Mortise needs none of it: its one pass collects what it reads (dtb_collect.c).
 */
#include <string.h>

#include "dtb_walk.h"

const char *dtb_node_name(const void *fdt, int node)
{
	struct dtb_blob blob = dtb_blob_of(fdt);

	return (const char *)blob.structure + node + DTB_TAG_SIZE;
}

/* The first tag after the properties of the node at `node`: a child's or the node's end. */
static uint32_t after_properties(const struct dtb_blob *blob, int node, uint32_t *tag)
{
	uint32_t offset = dtb_skip_nops(blob, dtb_after_name(blob, node), tag);

	while (*tag == DTB_TAG_PROPERTY)
		offset = dtb_skip_nops(blob, dtb_next_tag(blob, offset, tag), tag);
	return offset;
}

int dtb_first_child(const void *fdt, int node)
{
	struct dtb_blob blob = dtb_blob_of(fdt);
	uint32_t tag, offset = after_properties(&blob, node, &tag);

	return tag == DTB_TAG_BEGIN_NODE ? (int)offset : DTB_NO_NODE;
}

int dtb_next_sibling(const void *fdt, int node)
{
	struct dtb_blob blob = dtb_blob_of(fdt);
	uint32_t tag, offset = (uint32_t)node;
	unsigned depth = 0;

	/*
	 * Past the node's whole subtree: its FDT_END_NODE brings the depth back to 0. A path lookup
	 * skips most of the tree this way, so the tags are followed here rather than by next_tag.
	 */
	for (;;) {
		tag = dtb_tag_at(&blob, offset);
		if (tag == DTB_TAG_PROPERTY) {
			offset = dtb_aligned_to_tag(offset + DTB_PROPERTY_HEADER_SIZE +
						dtb_tag_at(&blob, offset + DTB_TAG_SIZE));
			continue;
		}
		offset += DTB_TAG_SIZE;
		if (tag == DTB_TAG_BEGIN_NODE) {
			depth++;
			while (!dtb_word_has_nul(*(const dtb_cell *)(blob.structure + offset)))
				offset += DTB_TAG_SIZE;
			offset += DTB_TAG_SIZE;
		} else if (tag == DTB_TAG_END_NODE && --depth == 0) {
			break;
		}
	}
	offset = dtb_skip_nops(&blob, offset, &tag);
	return tag == DTB_TAG_BEGIN_NODE ? (int)offset : DTB_NO_NODE;
}

/* The child of `node` named by a path component, found by a walk over its children. */
static int child_named(const void *fdt, int node, const char *component, size_t length)
{
	for (node = dtb_first_child(fdt, node); node >= 0; node = dtb_next_sibling(fdt, node))
		if (dtb_name_matches(dtb_node_name(fdt, node), component, length))
			break;
	return node;
}

int dtb_path_node(const void *fdt, const char *path, size_t length)
{
	int node = 0;
	size_t at = 0;

	if (length == 0 || path[0] != '/')
		return DTB_NO_NODE;
	while (node >= 0) {
		while (at < length && path[at] == '/')
			at++;
		if (at == length)
			return node;
		const char *component = path + at;
		const char *slash = memchr(component, '/', length - at);
		size_t component_length = slash ? (size_t)(slash - component) : length - at;

		node = child_named(fdt, node, component, component_length);
		at += component_length;
	}
	return DTB_NO_NODE;
}

bool dtb_string_list_contains(const char *list, int length, const char *wanted)
{
	size_t wanted_size = strlen(wanted) + 1;

	/* Each string ends at its NUL; the list's last byte may lack one (not matched then). */
	for (const char *end = list + (length > 0 ? length : 0); list < end;) {
		const char *nul = memchr(list, '\0', (size_t)(end - list));

		if (nul == NULL)
			return false;
		if ((size_t)(nul - list) + 1 == wanted_size && memcmp(list, wanted, wanted_size) == 0)
			return true;
		list = nul + 1;
	}
	return false;
}

bool dtb_compatible(const void *fdt, int node, const char *compatible)
{
	int length;
	const char *list = dtb_property(fdt, node, "compatible", &length);

	return list != NULL && dtb_string_list_contains(list, length, compatible);
}

const void *dtb_property(const void *fdt, int node, const char *name, int *length)
{
	return dtb_property_namelen(fdt, node, name, strlen(name), length);
}

enum dtb_string_result dtb_string_property(const void *fdt, int node, const char *name,
					   const char **value)
{
	int length;
	const char *bytes = dtb_property(fdt, node, name, &length);

	return dtb_string_value(bytes, length, value);
}

enum dtb_status dtb_bus_reg_layout(const void *fdt, int bus, const char *bus_label,
				   struct dtb_reg_layout *layout, struct dtb_diagnostic *diagnostic)
{
	struct dtb_value address_cells, size_cells;
	const char *bad;

	address_cells.data = dtb_property(fdt, bus, "#address-cells", &address_cells.length);
	size_cells.data = dtb_property(fdt, bus, "#size-cells", &size_cells.length);
	bad = dtb_reg_layout_of(&address_cells, &size_cells, layout);
	if (bad)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, bus_label, bad,
				DTB_CELL_COUNT_EXPECTED);
	return dtb_succeed(diagnostic);
}
