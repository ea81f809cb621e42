/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>

#include "dtb_internal.h"

#define PSCI_NODE "/psci"


enum dtb_status dtb_query_psci(const struct dtb_tree *tree, struct dtb_platform *platform,
			       struct dtb_diagnostic *diagnostic)
{
	const void *fdt = tree->fdt;
	const char *method;
	int node = DTB_NO_NODE;

	/* Newest first; a node usually lists all the versions it implements (arm,psci binding). */
	for (unsigned known = DTB_COMPATIBLE_PSCI_1_0; known <= DTB_COMPATIBLE_PSCI && node < 0;
	     known++)
		node = dtb_tree_first(tree, (enum dtb_known_compatible)known);
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
