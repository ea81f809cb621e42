/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>

#include "dtb_internal.h"

/*
 * One pass that checks and collects the whole blob, then every fact in the order of enum
 * dtb_fact: PSCI first, so that a caller can still power the machine off when a later one fails.
 */
enum dtb_status dtb_read_platform(const void *fdt, struct dtb_platform *platform,
				  struct dtb_diagnostic *diagnostic)
{
	struct dtb_collector collector;
	enum dtb_status status;

	memset(platform, 0, sizeof(*platform));
	platform->bootargs = "";
	status = dtb_check_collect(fdt, &collector, diagnostic);
	if (status != DTB_OK)
		return status;
	for (unsigned fact = 0; fact < DTB_FACTS && status == DTB_OK; fact++)
		status = dtb_finish(&collector, (enum dtb_fact)fact, diagnostic);
	if (status == DTB_OK)
		*platform = collector.platform;
	else
		platform->psci = collector.platform.psci;
	return status;
}
