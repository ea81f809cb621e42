/* SPDX-License-Identifier: Apache-2.0 */
#include "dtb_internal.h"

static const char *const status_names[DTB_STATUS_COUNT] = {
	[DTB_OK] = "ok",
	[DTB_ERR_HEADER] = "bad devicetree header",
	[DTB_ERR_NO_MEMORY] = "no memory",
	[DTB_ERR_NO_CPUS] = "no cpus",
	[DTB_ERR_NO_UART] = "no uart",
	[DTB_ERR_NO_GIC] = "no gic",
	[DTB_ERR_NO_TIMER] = "no timer",
	[DTB_ERR_BAD_PROPERTY] = "bad property",
	[DTB_ERR_TOO_MANY] = "too many entries",
};

const char *dtb_status_name(enum dtb_status status)
{
	if ((unsigned)status >= DTB_STATUS_COUNT || !status_names[status])
		return "unknown dtb status";
	return status_names[status];
}

enum dtb_status dtb_fail(struct dtb_diagnostic *diagnostic, enum dtb_status status,
			 const char *node, const char *property, const char *expected)
{
	if (diagnostic) {
		diagnostic->status = status;
		diagnostic->node = node;
		diagnostic->property = property;
		diagnostic->expected = expected;
	}
	return status;
}

enum dtb_status dtb_succeed(struct dtb_diagnostic *diagnostic)
{
	return dtb_fail(diagnostic, DTB_OK, "", "", "");
}

enum dtb_status dtb_report(struct dtb_diagnostic *diagnostic, const struct dtb_diagnostic *error)
{
	return dtb_fail(diagnostic, error->status, error->node, error->property, error->expected);
}

_Static_assert(DTB_MAX_SIZE == 2u * 1024u * 1024u, "the diagnostic below says 2 MiB");

static enum dtb_status header_error(struct dtb_diagnostic *diagnostic, const char *expected)
{
	return dtb_fail(diagnostic, DTB_ERR_HEADER, "/", "(header)", expected);
}

/* The first version whose header bounds the structure block (size_dt_struct). */
#define DTB_VERSION_SIZED_STRUCT 17u
/* One reservation entry (address, size: two 64-bit words); a zero entry ends the block. */
#define DTB_RESERVE_ENTRY_SIZE 16u

uint32_t dtb_header_field(const void *fdt, enum dtb_header_field field)
{
	return dtb_load_cell((const dtb_cell *)fdt + field);
}

/* [offset, offset + size) lies after the header and inside totalsize, without wrapping. */
static bool block_inside(uint32_t offset, uint32_t size, uint32_t totalsize)
{
	return offset >= DTB_HEADER_SIZE && (uint64_t)offset + size <= totalsize;
}

/*
 * Every blob QEMU, firmware and our VMMs write is version 17 (last compatible 16): only version 17
 * bounds the structure block by its own size, and older ones name nodes by full paths. Each
 * block must lie inside totalsize, after the header, and the structure block aligned for its tags.
 */
static enum dtb_status check_layout(const void *fdt, struct dtb_diagnostic *diagnostic)
{
	uint32_t totalsize = dtb_header_field(fdt, DTB_HEADER_TOTALSIZE);

	if (dtb_header_field(fdt, DTB_HEADER_MAGIC) != DTB_MAGIC)
		return header_error(diagnostic, "the magic 0xd00dfeed");
	if (totalsize < DTB_HEADER_SIZE)
		return header_error(diagnostic, "totalsize at least the 40-byte version 17 header");
	if (totalsize > DTB_MAX_SIZE)
		return header_error(diagnostic, "totalsize at most 2 MiB (DTB_MAX_SIZE)");
	if (dtb_header_field(fdt, DTB_HEADER_VERSION) < DTB_VERSION_SIZED_STRUCT ||
	    dtb_header_field(fdt, DTB_HEADER_LAST_COMP_VERSION) > DTB_VERSION_SIZED_STRUCT)
		return header_error(diagnostic, "version 17 or later, compatible with 17 or earlier");

	uint32_t rsvmap = dtb_header_field(fdt, DTB_HEADER_OFF_MEM_RSVMAP);
	uint32_t structure = dtb_header_field(fdt, DTB_HEADER_OFF_DT_STRUCT);
	uint32_t structure_size = dtb_header_field(fdt, DTB_HEADER_SIZE_DT_STRUCT);
	uint32_t strings = dtb_header_field(fdt, DTB_HEADER_OFF_DT_STRINGS);
	uint32_t strings_size = dtb_header_field(fdt, DTB_HEADER_SIZE_DT_STRINGS);

	if (structure % DTB_TAG_SIZE != 0 || structure_size % DTB_TAG_SIZE != 0 || rsvmap % 8 != 0)
		return header_error(diagnostic, "a 4-byte aligned structure block and an 8-byte "
						"aligned memory reservation block");
	if (!block_inside(rsvmap, DTB_RESERVE_ENTRY_SIZE, totalsize) ||
	    !block_inside(structure, structure_size, totalsize) || structure_size == 0 ||
	    !block_inside(strings, strings_size, totalsize))
		return header_error(diagnostic, "a memory reservation, a structure and a strings "
						"block after the header and inside totalsize");
	return dtb_succeed(diagnostic);
}

/* One pass over the structure block: where it is and what it has seen so far. */
struct structure_walk {
	const uint8_t *block;
	uint32_t size, offset;
	const char *strings;
	uint32_t strings_size;
	unsigned depth;      /* nodes open */
	bool children_begun; /* of the innermost open node: no property may follow */
	const char *names[DTB_MAX_DEPTH]; /* of the open nodes, for the diagnostic */
	struct dtb_collector *collector;  /* what the pass collects on the way, or NULL */
};

static enum dtb_status structure_error(const struct structure_walk *walk,
				       struct dtb_diagnostic *diagnostic, const char *expected)
{
	/* The innermost open node; after the root has ended, still the root. */
	const char *node = walk->depth > 0 ? walk->names[walk->depth - 1] : "/";

	return dtb_fail(diagnostic, DTB_ERR_HEADER, node, "(structure block)", expected);
}

static uint32_t walk_word(const struct structure_walk *walk, uint32_t offset)
{
	return dtb_load_cell((const dtb_cell *)(walk->block + offset));
}

static bool check_begin_node(struct structure_walk *walk)
{
	uint32_t name_offset = walk->offset + DTB_TAG_SIZE, end = name_offset;
	const char *name = (const char *)walk->block + name_offset;

	/* The name and its padding end with the first word holding a NUL (dtb_word_has_nul). */
	while (end < walk->size && !dtb_word_has_nul(walk_word(walk, end)))
		end += DTB_TAG_SIZE;
	if (end == walk->size || walk->depth == DTB_MAX_DEPTH ||
	    (walk->depth == 0 && (walk->offset != 0 || name[0] != '\0')))
		return false;
	walk->names[walk->depth] = walk->depth == 0 ? "/" : name;
	if (walk->collector)
		dtb_collect_node(walk->collector, (int)walk->offset, name);
	walk->depth++;
	walk->children_begun = false;
	walk->offset = end + DTB_TAG_SIZE;
	return true;
}

static bool check_property(struct structure_walk *walk)
{
	if (walk->depth == 0 || walk->children_begun ||
	    walk->size - walk->offset < DTB_PROPERTY_HEADER_SIZE)
		return false;
	uint32_t length = walk_word(walk, walk->offset + DTB_TAG_SIZE);
	uint32_t name = walk_word(walk, walk->offset + 2 * DTB_TAG_SIZE);

	/* Every name ends inside the strings block, whose last byte is a NUL (check_structure). */
	if (length > walk->size - walk->offset - DTB_PROPERTY_HEADER_SIZE ||
	    name >= walk->strings_size)
		return false;
	if (walk->collector)
		dtb_collect_property(walk->collector, name,
				     walk->block + walk->offset + DTB_PROPERTY_HEADER_SIZE, length);
	/* The size is a multiple of the tag size, so the aligned end stays inside the block. */
	walk->offset = (walk->offset + DTB_PROPERTY_HEADER_SIZE + length + DTB_TAG_SIZE - 1) &
		       ~(DTB_TAG_SIZE - 1);
	return true;
}

/*
 * Every tag once, in order: what the walk in dtb_blob.c relies on. An error names the node it is
 * in, and what a well-formed structure block holds there. Hands each node and property to the
 * collector on the way, when given; what it collects is whole only when the check succeeds.
 */
static enum dtb_status check_structure(const void *fdt, struct dtb_collector *collector,
				       struct dtb_diagnostic *diagnostic)
{
	struct structure_walk walk = {
		.block = (const uint8_t *)fdt + dtb_header_field(fdt, DTB_HEADER_OFF_DT_STRUCT),
		.size = dtb_header_field(fdt, DTB_HEADER_SIZE_DT_STRUCT),
		.strings = (const char *)fdt + dtb_header_field(fdt, DTB_HEADER_OFF_DT_STRINGS),
		.strings_size = dtb_header_field(fdt, DTB_HEADER_SIZE_DT_STRINGS),
		.collector = collector,
	};

	if (walk.strings_size > 0 && walk.strings[walk.strings_size - 1] != '\0')
		return structure_error(&walk, diagnostic,
				       "a strings block whose last string ends in it (a NUL last)");
	if (collector)
		dtb_collect_start(collector, fdt, walk.strings);
	for (;;) {
		if (walk.size - walk.offset < DTB_TAG_SIZE)
			return structure_error(&walk, diagnostic, "an FDT_END tag ending the block");
		uint32_t tag = walk_word(&walk, walk.offset);
		/* The root first: the walk takes the node at offset 0 for it. */
		if (walk.offset == 0 && tag != DTB_TAG_BEGIN_NODE)
			return structure_error(&walk, diagnostic, "the root node's FDT_BEGIN_NODE first");
		switch (tag) {
		case DTB_TAG_BEGIN_NODE:
			if (!check_begin_node(&walk))
				return structure_error(&walk, diagnostic,
						       "one root node named \"\" at the block's start, "
						       "node names ending inside the block, at most "
						       DTB_STRINGIFY(DTB_MAX_DEPTH) " levels");
			break;
		case DTB_TAG_PROPERTY:
			if (!check_property(&walk))
				return structure_error(&walk, diagnostic,
						       "properties inside a node and before its "
						       "children, values inside the block, names "
						       "ending inside the strings block");
			break;
		case DTB_TAG_END_NODE:
			if (walk.depth == 0)
				return structure_error(&walk, diagnostic,
						       "an FDT_END_NODE for each FDT_BEGIN_NODE");
			if (collector)
				dtb_collect_node_end(collector);
			walk.depth--;
			walk.children_begun = true;
			walk.offset += DTB_TAG_SIZE;
			break;
		case DTB_TAG_NOP:
			walk.offset += DTB_TAG_SIZE;
			break;
		case DTB_TAG_END:
			if (walk.depth != 0)
				return structure_error(&walk, diagnostic,
						       "FDT_END after the root node has ended");
			return dtb_succeed(diagnostic);
		default:
			return structure_error(&walk, diagnostic,
					       "FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP or "
					       "FDT_END tags");
		}
	}
}

enum dtb_status dtb_check(const void *fdt, struct dtb_diagnostic *diagnostic)
{
	return dtb_check_collect(fdt, NULL, diagnostic);
}

enum dtb_status dtb_check_collect(const void *fdt, struct dtb_collector *collector,
				  struct dtb_diagnostic *diagnostic)
{
	if (!fdt)
		return header_error(diagnostic, "a devicetree blob address, not NULL");
	/*
	 * Header fields, tags, property headers and cells are read as whole aligned words: the
	 * blob must be 8-byte aligned (Devicetree Specification chapter 5) and its structure block
	 * 4-byte aligned (check_layout), so that no read faults with the MMU off or is torn.
	 */
	if ((uintptr_t)fdt % 8 != 0)
		return header_error(diagnostic, "a blob at an 8-byte aligned address");
	enum dtb_status status = check_layout(fdt, diagnostic);
	if (status != DTB_OK)
		return status;
	return check_structure(fdt, collector, diagnostic);
}
