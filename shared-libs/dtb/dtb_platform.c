/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>

#include "dtb_internal.h"

typedef enum dtb_status (*dtb_query)(const void *fdt, struct dtb_platform *platform,
				     struct dtb_diagnostic *diagnostic);

enum dtb_status dtb_read_platform(const void *fdt, struct dtb_platform *platform,
				  struct dtb_diagnostic *diagnostic)
{
	static const dtb_query queries[] = {
		dtb_read_chosen, dtb_read_memory, dtb_read_cpus, dtb_read_uart,
		dtb_read_gic,    dtb_read_timer,  dtb_read_psci,
	};
	enum dtb_status status = DTB_OK;

	memset(platform, 0, sizeof(*platform));
	platform->bootargs = "";
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]) && status == DTB_OK; i++)
		status = queries[i](fdt, platform, diagnostic);
	return status;
}
