/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The walk over a blob dtb_check() accepted: nodes, properties and names found by following the
 * tags of the structure block (Devicetree Specification v0.4, 5.4). dtb_check() has seen every
 * tag once, so the walk relies on what it established: each tag is one the specification names
 * and lies inside the block, each name ends inside its block, each property value fits, nodes
 * balance under one root and no deeper than DTB_MAX_DEPTH, and a node's properties come before
 * its children. A node is the offset of its FDT_BEGIN_NODE tag from the start of the structure
 * block, as libfdt numbers nodes, so a component may mix both.
 */
#include <string.h>

#include "dtb_internal.h"

struct blob {
	const uint8_t *structure; /* the structure block */
	const char *strings;      /* the strings block */
};

static struct blob blob_of(const void *fdt)
{
	const uint8_t *base = fdt;

	return (struct blob){
		.structure = base + dtb_header_field(fdt, DTB_HEADER_OFF_DT_STRUCT),
		.strings = (const char *)base + dtb_header_field(fdt, DTB_HEADER_OFF_DT_STRINGS),
	};
}

static uint32_t tag_at(const struct blob *blob, uint32_t offset)
{
	return dtb_load_cell((const dtb_cell *)(blob->structure + offset));
}

static uint32_t aligned_to_tag(uint32_t offset)
{
	return (offset + DTB_TAG_SIZE - 1) & ~(DTB_TAG_SIZE - 1);
}

/* The offset of the tag after the one at `offset`, whose tag is *tag. */
static uint32_t next_tag(const struct blob *blob, uint32_t offset, uint32_t *tag)
{
	*tag = tag_at(blob, offset);
	switch (*tag) {
	case DTB_TAG_BEGIN_NODE:
		offset += DTB_TAG_SIZE;
		while (!dtb_word_has_nul(*(const dtb_cell *)(blob->structure + offset)))
			offset += DTB_TAG_SIZE;
		return offset + DTB_TAG_SIZE;
	case DTB_TAG_PROPERTY:
		return aligned_to_tag(offset + DTB_PROPERTY_HEADER_SIZE +
				      tag_at(blob, offset + DTB_TAG_SIZE));
	default:
		return offset + DTB_TAG_SIZE;
	}
}

/* The first tag at or after `offset` that is not an FDT_NOP. */
static uint32_t skip_nops(const struct blob *blob, uint32_t offset, uint32_t *tag)
{
	while ((*tag = tag_at(blob, offset)) == DTB_TAG_NOP)
		offset += DTB_TAG_SIZE;
	return offset;
}

/* The tag after a node's name: its first property, first child or its end. */
static uint32_t after_name(const struct blob *blob, int node)
{
	uint32_t tag;

	return next_tag(blob, (uint32_t)node, &tag);
}

const char *dtb_node_name(const void *fdt, int node)
{
	struct blob blob = blob_of(fdt);

	return (const char *)blob.structure + node + DTB_TAG_SIZE;
}

const void *dtb_property_namelen(const void *fdt, int node, const char *name, size_t name_length,
				 int *length)
{
	struct blob blob = blob_of(fdt);
	uint32_t tag, offset = skip_nops(&blob, after_name(&blob, node), &tag);

	while (tag == DTB_TAG_PROPERTY) {
		const char *property = blob.strings + tag_at(&blob, offset + 2 * DTB_TAG_SIZE);

		if (property[0] == name[0] && strncmp(property, name, name_length) == 0 &&
		    property[name_length] == '\0') {
			if (length)
				*length = (int)tag_at(&blob, offset + DTB_TAG_SIZE);
			return blob.structure + offset + DTB_PROPERTY_HEADER_SIZE;
		}
		offset = skip_nops(&blob, next_tag(&blob, offset, &tag), &tag);
	}
	return NULL;
}

const void *dtb_property(const void *fdt, int node, const char *name, int *length)
{
	return dtb_property_namelen(fdt, node, name, strlen(name), length);
}

/* The first tag after the properties of the node at `node`: a child's or the node's end. */
static uint32_t after_properties(const struct blob *blob, int node, uint32_t *tag)
{
	uint32_t offset = skip_nops(blob, after_name(blob, node), tag);

	while (*tag == DTB_TAG_PROPERTY)
		offset = skip_nops(blob, next_tag(blob, offset, tag), tag);
	return offset;
}

int dtb_first_child(const void *fdt, int node)
{
	struct blob blob = blob_of(fdt);
	uint32_t tag, offset = after_properties(&blob, node, &tag);

	return tag == DTB_TAG_BEGIN_NODE ? (int)offset : DTB_NO_NODE;
}

int dtb_next_sibling(const void *fdt, int node)
{
	struct blob blob = blob_of(fdt);
	uint32_t tag, offset = (uint32_t)node;
	unsigned depth = 0;

	/*
	 * Past the node's whole subtree: its FDT_END_NODE brings the depth back to 0. A path lookup
	 * skips most of the tree this way, so the tags are followed here rather than by next_tag.
	 */
	for (;;) {
		tag = tag_at(&blob, offset);
		if (tag == DTB_TAG_PROPERTY) {
			offset = aligned_to_tag(offset + DTB_PROPERTY_HEADER_SIZE +
						tag_at(&blob, offset + DTB_TAG_SIZE));
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
	offset = skip_nops(&blob, offset, &tag);
	return tag == DTB_TAG_BEGIN_NODE ? (int)offset : DTB_NO_NODE;
}

/* The first node beginning at or after the tag at `offset` inside a node's tags. */
static int next_node_at(const void *fdt, uint32_t offset, int *depth)
{
	struct blob blob = blob_of(fdt);
	uint32_t tag;

	for (;;) {
		tag = tag_at(&blob, offset);
		if (tag == DTB_TAG_BEGIN_NODE) {
			++*depth;
			return (int)offset;
		}
		if (tag == DTB_TAG_END)
			return DTB_NO_NODE;
		if (tag == DTB_TAG_END_NODE)
			--*depth;
		offset = next_tag(&blob, offset, &tag);
	}
}

int dtb_next_node(const void *fdt, int node, int *depth)
{
	struct blob blob = blob_of(fdt);

	if (node < 0) {
		*depth = -1;
		return next_node_at(fdt, 0, depth);
	}
	return next_node_at(fdt, after_name(&blob, node), depth);
}

int dtb_parent(const void *fdt, int node)
{
	/* ancestors[d]: the last node seen at depth d; dtb_check bounds the depth. */
	int ancestors[DTB_MAX_DEPTH];
	int depth;

	for (int at = dtb_next_node(fdt, -1, &depth); at >= 0; at = dtb_next_node(fdt, at, &depth)) {
		if (at == node)
			return depth > 0 ? ancestors[depth - 1] : DTB_NO_NODE;
		ancestors[depth] = at;
	}
	return DTB_NO_NODE;
}

/* The rule of a path component: the whole name, or the name before its unit address. */
bool dtb_name_matches(const char *name, const char *component, size_t length)
{
	/* Most names differ at their first letter: no call for those. */
	if ((length > 0 && name[0] != component[0]) || strncmp(name, component, length) != 0)
		return false;
	return name[length] == '\0' ||
	       (name[length] == '@' && memchr(component, '@', length) == NULL);
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

uint32_t dtb_phandle(const void *fdt, int node)
{
	int length;
	const dtb_cell *cell = dtb_property(fdt, node, "phandle", &length);

	if (cell == NULL)
		cell = dtb_property(fdt, node, "linux,phandle", &length);
	return cell != NULL && length == (int)sizeof(*cell) ? dtb_load_cell(cell) : 0;
}
