/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>

#include "array_length.h"
#include "dtb_internal.h"

#define PSCI_NODE "/psci"

/* Newest first; a node usually lists all the versions it implements (arm,psci binding). */
static const char *const psci_compatibles[] = {"arm,psci-1.0", "arm,psci-0.2", "arm,psci"};

enum dtb_status dtb_query_psci(const void *fdt, struct dtb_platform *platform,
			       struct dtb_diagnostic *diagnostic)
{
	const char *method;
	int node = -FDT_ERR_NOTFOUND;

	for (size_t i = 0; i < ARRAY_LENGTH(psci_compatibles) && node < 0;
	     i++)
		node = dtb_next_enabled_compatible(fdt, -1, psci_compatibles[i]);
	platform->psci = DTB_PSCI_NONE;
	if (node < 0)
		return dtb_succeed(diagnostic);
	if (dtb_string_property(fdt, node, "method", &method) == DTB_STRING_PRESENT) {
		/* The conduit is the instruction reaching firmware: SMC for EL3, HVC for EL2. */
		if (strcmp(method, "smc") == 0)
			platform->psci = DTB_PSCI_SMC;
		else if (strcmp(method, "hvc") == 0)
			platform->psci = DTB_PSCI_HVC;
	}
	if (platform->psci == DTB_PSCI_NONE)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, PSCI_NODE, "method",
				"\"smc\" or \"hvc\"");
	return dtb_succeed(diagnostic);
}
