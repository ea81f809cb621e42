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
	if (fdt_check_header(fdt) != 0)
		return header_error(diagnostic, "the magic 0xd00dfeed, a supported version and "
						"blocks inside totalsize");
	if (fdt_totalsize(fdt) > DTB_MAX_SIZE)
		return header_error(diagnostic, "totalsize at most 2 MiB (DTB_MAX_SIZE)");
	if (fdt_off_dt_struct(fdt) % 4 != 0 || fdt_off_mem_rsvmap(fdt) % 8 != 0)
		return header_error(diagnostic, "a 4-byte aligned structure block and an 8-byte "
						"aligned memory reservation block");
	if (fdt_check_full(fdt, fdt_totalsize(fdt)) != 0)
		return header_error(diagnostic, "a well-formed structure block (balanced nodes, "
						"properties and names inside their blocks)");
	return dtb_succeed(diagnostic);
}
