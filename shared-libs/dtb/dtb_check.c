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

_Static_assert(DTB_MAX_SIZE == 2u * 1024u * 1024u, "the diagnostic below says 2 MiB");

static enum dtb_status header_error(struct dtb_diagnostic *diagnostic, const char *expected)
{
	return dtb_fail(diagnostic, DTB_ERR_HEADER, "/", "(header)", expected);
}

/*
 * The header fields, read byte by byte (the blob's alignment is checked only below), in the order
 * of the Devicetree Specification v0.4, 5.2 "Header".
 */
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
/* The first version whose header bounds the structure block (size_dt_struct). */
#define DTB_VERSION_SIZED_STRUCT 17u
/* One reservation entry (address, size: two 64-bit words); a zero entry ends the block. */
#define DTB_RESERVE_ENTRY_SIZE 16u

static uint32_t header_field(const void *fdt, enum dtb_header_field field)
{
	return fdt32_ld((const fdt32_t *)fdt + field);
}

/* [offset, offset + size) lies after the header and inside totalsize, without wrapping. */
static bool block_inside(uint32_t offset, uint32_t size, uint32_t totalsize)
{
	return offset >= DTB_HEADER_SIZE && (uint64_t)offset + size <= totalsize;
}

/*
 * What libfdt 1.6.1 (Debian 12) cannot check for itself, checked before it sees the blob.
 *
 * fdt_check_header() accepts versions from 2 on, and libfdt reads such old blobs through paths of
 * their own: there a node name is a full path, fdt_get_name() returns NULL for one without a
 * '/', and fdt_check_full() dereferences that NULL at the root node (libfdt 1.6.1, fdt_ro.c: it
 * compares the root's name with "" without checking what fdt_get_name() returned). A version 3
 * header over an ordinary tree, whose root is named "", made dtb_check() read address 0
 * (shared-libs/dtb/fuzz/corpus/dtb/fa276acd7d3a609dbb89e79d96a7c71af27bbb4f). Before version
 * 17 the header also has no size_dt_struct, so libfdt bounds the structure walk by totalsize
 * alone. Every blob QEMU, firmware and our VMMs write is version 17 (last compatible 16), so that
 * is all we accept, and each block must lie inside totalsize, after the header and aligned as
 * libfdt's word loads need, before libfdt reads a word of it.
 */
static enum dtb_status check_layout(const void *fdt, struct dtb_diagnostic *diagnostic)
{
	uint32_t totalsize = header_field(fdt, DTB_HEADER_TOTALSIZE);

	if (header_field(fdt, DTB_HEADER_MAGIC) != FDT_MAGIC)
		return header_error(diagnostic, "the magic 0xd00dfeed");
	if (totalsize < DTB_HEADER_SIZE)
		return header_error(diagnostic, "totalsize at least the 40-byte version 17 header");
	if (totalsize > DTB_MAX_SIZE)
		return header_error(diagnostic, "totalsize at most 2 MiB (DTB_MAX_SIZE)");
	if (header_field(fdt, DTB_HEADER_VERSION) < DTB_VERSION_SIZED_STRUCT ||
	    header_field(fdt, DTB_HEADER_LAST_COMP_VERSION) > DTB_VERSION_SIZED_STRUCT)
		return header_error(diagnostic, "version 17 or later, compatible with 17 or earlier");

	uint32_t rsvmap = header_field(fdt, DTB_HEADER_OFF_MEM_RSVMAP);
	uint32_t structure = header_field(fdt, DTB_HEADER_OFF_DT_STRUCT);
	uint32_t structure_size = header_field(fdt, DTB_HEADER_SIZE_DT_STRUCT);
	uint32_t strings = header_field(fdt, DTB_HEADER_OFF_DT_STRINGS);
	uint32_t strings_size = header_field(fdt, DTB_HEADER_SIZE_DT_STRINGS);

	if (structure % 4 != 0 || structure_size % 4 != 0 || rsvmap % 8 != 0)
		return header_error(diagnostic, "a 4-byte aligned structure block and an 8-byte "
						"aligned memory reservation block");
	if (!block_inside(rsvmap, DTB_RESERVE_ENTRY_SIZE, totalsize) ||
	    !block_inside(structure, structure_size, totalsize) || structure_size == 0 ||
	    !block_inside(strings, strings_size, totalsize))
		return header_error(diagnostic, "a memory reservation, a structure and a strings "
						"block after the header and inside totalsize");
	return dtb_succeed(diagnostic);
}

enum dtb_status dtb_check(const void *fdt, struct dtb_diagnostic *diagnostic)
{
	if (!fdt)
		return header_error(diagnostic, "a devicetree blob address, not NULL");
	/*
	 * Debian's libfdt is not built with -mstrict-align and reads header fields, tags and
	 * property headers as whole words. The blob must be 8-byte aligned (Devicetree
	 * Specification chapter 5) and the blocks those words live in 4- and 8-byte aligned, or
	 * those reads could fault with the MMU off.
	 */
	if ((uintptr_t)fdt % 8 != 0)
		return header_error(diagnostic, "a blob at an 8-byte aligned address");
	enum dtb_status status = check_layout(fdt, diagnostic);
	if (status != DTB_OK)
		return status;
	if (fdt_check_header(fdt) != 0)
		return header_error(diagnostic, "the magic 0xd00dfeed, a supported version and "
						"blocks inside totalsize");
	if (fdt_check_full(fdt, fdt_totalsize(fdt)) != 0)
		return header_error(diagnostic, "a well-formed structure block (balanced nodes, "
						"properties and names inside their blocks)");
	return dtb_succeed(diagnostic);
}
