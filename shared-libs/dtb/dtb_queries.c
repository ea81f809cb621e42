/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Each query of dtb.h on its own, for a reader that needs one or two (a Tenon guest's PSCI, the
 * policy compiler's memory and CPUs); a boot that needs them all reads them with
 * dtb_read_platform, which checks and indexes the blob once.
 */
#include "dtb_internal.h"

static enum dtb_status checked(dtb_query query, const void *fdt, struct dtb_platform *platform,
			       struct dtb_diagnostic *diagnostic)
{
	struct dtb_tree tree;
	enum dtb_status status = dtb_check_index(fdt, &tree, diagnostic);

	if (status != DTB_OK)
		return status;
	return query(&tree, platform, diagnostic);
}

enum dtb_status dtb_read_memory(const void *fdt, struct dtb_platform *platform,
				struct dtb_diagnostic *diagnostic)
{
	return checked(dtb_query_memory, fdt, platform, diagnostic);
}

enum dtb_status dtb_read_cpus(const void *fdt, struct dtb_platform *platform,
			      struct dtb_diagnostic *diagnostic)
{
	return checked(dtb_query_cpus, fdt, platform, diagnostic);
}

enum dtb_status dtb_read_uart(const void *fdt, struct dtb_platform *platform,
			      struct dtb_diagnostic *diagnostic)
{
	return checked(dtb_query_uart, fdt, platform, diagnostic);
}

enum dtb_status dtb_read_gic(const void *fdt, struct dtb_platform *platform,
			     struct dtb_diagnostic *diagnostic)
{
	return checked(dtb_query_gic, fdt, platform, diagnostic);
}

enum dtb_status dtb_read_timer(const void *fdt, struct dtb_platform *platform,
			       struct dtb_diagnostic *diagnostic)
{
	return checked(dtb_query_timer, fdt, platform, diagnostic);
}

enum dtb_status dtb_read_psci(const void *fdt, struct dtb_platform *platform,
			      struct dtb_diagnostic *diagnostic)
{
	return checked(dtb_query_psci, fdt, platform, diagnostic);
}

enum dtb_status dtb_read_chosen(const void *fdt, struct dtb_platform *platform,
				struct dtb_diagnostic *diagnostic)
{
	return checked(dtb_query_chosen, fdt, platform, diagnostic);
}
