/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The tags of a blob dtb_check() accepted, followed from a node to its properties (dtb_walk.c
 * goes on to children and siblings; Devicetree Specification v0.4, 5.4). dtb_check() has seen
 * every tag once, so the walk relies on what it established: each tag is one the specification names
 * and lies inside the block, each name ends inside its block, each property value fits, nodes
 * balance under one root and no deeper than DTB_MAX_DEPTH, and a node's properties come before
 * its children. A node is the offset of its FDT_BEGIN_NODE tag from the start of the structure
 * block, as libfdt numbers nodes, so a component may mix both.
 */
#include <string.h>

#include "dtb_internal.h"

struct dtb_blob dtb_blob_of(const void *fdt)
{
	const uint8_t *base = fdt;

	return (struct dtb_blob){
		.structure = base + dtb_header_field(fdt, DTB_HEADER_OFF_DT_STRUCT),
		.strings = (const char *)base + dtb_header_field(fdt, DTB_HEADER_OFF_DT_STRINGS),
	};
}

uint32_t dtb_tag_at(const struct dtb_blob *blob, uint32_t offset)
{
	return dtb_load_cell((const dtb_cell *)(blob->structure + offset));
}

uint32_t dtb_aligned_to_tag(uint32_t offset)
{
	return (offset + DTB_TAG_SIZE - 1) & ~(DTB_TAG_SIZE - 1);
}

/* The offset of the tag after the one at `offset`, whose tag is *tag. */
uint32_t dtb_next_tag(const struct dtb_blob *blob, uint32_t offset, uint32_t *tag)
{
	*tag = dtb_tag_at(blob, offset);
	switch (*tag) {
	case DTB_TAG_BEGIN_NODE:
		offset += DTB_TAG_SIZE;
		while (!dtb_word_has_nul(*(const dtb_cell *)(blob->structure + offset)))
			offset += DTB_TAG_SIZE;
		return offset + DTB_TAG_SIZE;
	case DTB_TAG_PROPERTY:
		return dtb_aligned_to_tag(offset + DTB_PROPERTY_HEADER_SIZE +
				      dtb_tag_at(blob, offset + DTB_TAG_SIZE));
	default:
		return offset + DTB_TAG_SIZE;
	}
}

/* The first tag at or after `offset` that is not an FDT_NOP. */
uint32_t dtb_skip_nops(const struct dtb_blob *blob, uint32_t offset, uint32_t *tag)
{
	while ((*tag = dtb_tag_at(blob, offset)) == DTB_TAG_NOP)
		offset += DTB_TAG_SIZE;
	return offset;
}

/* The tag after a node's name: its first property, first child or its end. */
uint32_t dtb_after_name(const struct dtb_blob *blob, int node)
{
	uint32_t tag;

	return dtb_next_tag(blob, (uint32_t)node, &tag);
}

const void *dtb_property_namelen(const void *fdt, int node, const char *name, size_t name_length,
				 int *length)
{
	struct dtb_blob blob = dtb_blob_of(fdt);
	uint32_t tag, offset = dtb_skip_nops(&blob, dtb_after_name(&blob, node), &tag);

	while (tag == DTB_TAG_PROPERTY) {
		const char *property = blob.strings + dtb_tag_at(&blob, offset + 2 * DTB_TAG_SIZE);

		if (property[0] == name[0] && strncmp(property, name, name_length) == 0 &&
		    property[name_length] == '\0') {
			if (length)
				*length = (int)dtb_tag_at(&blob, offset + DTB_TAG_SIZE);
			return blob.structure + offset + DTB_PROPERTY_HEADER_SIZE;
		}
		offset = dtb_skip_nops(&blob, dtb_next_tag(&blob, offset, &tag), &tag);
	}
	return NULL;
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
