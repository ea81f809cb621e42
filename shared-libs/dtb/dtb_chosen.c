/* SPDX-License-Identifier: Apache-2.0 */
#include "dtb_internal.h"

/* linux,initrd-start/-end are one or two cells: QEMU writes one below 4 GiB, U-Boot often two. */
static bool read_initrd_bound(const void *fdt, int chosen, const char *name, uint64_t *value,
			      bool *present)
{
	int length;
	const fdt32_t *cells = fdt_getprop(fdt, chosen, name, &length);

	*present = cells != NULL;
	if (!cells)
		return true;
	if (length != (int)sizeof(fdt32_t) && length != 2 * (int)sizeof(fdt32_t))
		return false;
	*value = dtb_cells_value(cells, (unsigned)length / sizeof(fdt32_t));
	return true;
}

static enum dtb_status read_initrd(const void *fdt, int chosen, struct dtb_range *initrd,
				   struct dtb_diagnostic *diagnostic)
{
	uint64_t start = 0, end = 0;
	bool has_start, has_end;

	if (!read_initrd_bound(fdt, chosen, "linux,initrd-start", &start, &has_start))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, "/chosen", "linux,initrd-start",
				"one or two cells holding an address");
	if (!read_initrd_bound(fdt, chosen, "linux,initrd-end", &end, &has_end))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, "/chosen", "linux,initrd-end",
				"one or two cells holding an address");
	if (has_start != has_end || end < start)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, "/chosen", "linux,initrd-end",
				"with linux,initrd-start, an end address not below the start "
				"(the end is exclusive)");
	initrd->base = start;
	initrd->size = end - start;
	return dtb_succeed(diagnostic);
}

enum dtb_status dtb_read_chosen(const void *fdt, struct dtb_platform *platform,
				struct dtb_diagnostic *diagnostic)
{
	enum dtb_status status = dtb_check(fdt, diagnostic);
	struct dtb_range initrd = {0, 0};
	const char *bootargs = "";
	int chosen;

	if (status != DTB_OK)
		return status;
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen >= 0) {
		if (dtb_string_property(fdt, chosen, "bootargs", &bootargs) == DTB_STRING_MALFORMED)
			return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, "/chosen", "bootargs",
					"one NUL-terminated string");
		status = read_initrd(fdt, chosen, &initrd, diagnostic);
		if (status != DTB_OK)
			return status;
	}
	platform->bootargs = bootargs;
	platform->initrd = initrd;
	platform->fdt_size = fdt_totalsize(fdt);
	return dtb_succeed(diagnostic);
}
