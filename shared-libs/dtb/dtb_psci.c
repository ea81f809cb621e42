/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>

#include "dtb_internal.h"

#define PSCI_NODE "/psci"

enum dtb_status dtb_finish_psci(struct dtb_collector *collector, struct dtb_diagnostic *diagnostic)
{
	enum dtb_psci_conduit *conduit = &collector->platform.psci;
	const char *method;
	unsigned newest = 0;

	/* Newest first; a node usually lists all the versions it implements (arm,psci binding). */
	while (newest < DTB_PSCI_KINDS && !collector->psci_found[newest])
		newest++;
	*conduit = DTB_PSCI_NONE;
	if (newest == DTB_PSCI_KINDS)
		return dtb_succeed(diagnostic);
	const struct dtb_value *value = &collector->psci_method[newest];
	if (dtb_string_value(value->data, value->length, &method) == DTB_STRING_PRESENT) {
		/* The conduit is the instruction reaching firmware: SMC for EL3, HVC for EL2. */
		if (strcmp(method, "smc") == 0)
			*conduit = DTB_PSCI_SMC;
		else if (strcmp(method, "hvc") == 0)
			*conduit = DTB_PSCI_HVC;
	}
	if (*conduit == DTB_PSCI_NONE)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, PSCI_NODE, "method",
				"\"smc\" or \"hvc\"");
	return dtb_succeed(diagnostic);
}
