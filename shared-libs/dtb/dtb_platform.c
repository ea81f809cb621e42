/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>

#include "array_length.h"
#include "dtb_internal.h"

/*
 * One pass that checks and indexes the whole blob, then every query; PSCI first, so that a caller
 * can still power the machine off when a later query fails.
 */
enum dtb_status dtb_read_platform(const void *fdt, struct dtb_platform *platform,
				  struct dtb_diagnostic *diagnostic)
{
	static const dtb_query queries[] = {
		dtb_query_psci, dtb_query_chosen, dtb_query_memory, dtb_query_cpus,
		dtb_query_uart, dtb_query_gic,    dtb_query_timer,
	};
	struct dtb_tree tree;
	enum dtb_status status;

	memset(platform, 0, sizeof(*platform));
	platform->bootargs = "";
	status = dtb_check_index(fdt, &tree, diagnostic);
	for (size_t i = 0; i < ARRAY_LENGTH(queries) && status == DTB_OK; i++)
		status = queries[i](&tree, platform, diagnostic);
	return status;
}
