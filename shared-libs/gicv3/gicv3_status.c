/* SPDX-License-Identifier: Apache-2.0 */
#include "gicv3.h"

static const char *const gicv3_status_names[GICV3_STATUS_COUNT] = {
	[GICV3_OK] = "GICV3_OK",
	[GICV3_ERR_NOT_GICV3] = "GICV3_ERR_NOT_GICV3",
	[GICV3_ERR_NO_REDISTRIBUTOR] = "GICV3_ERR_NO_REDISTRIBUTOR",
	[GICV3_ERR_BAD_INTID] = "GICV3_ERR_BAD_INTID",
	[GICV3_ERR_RWP_TIMEOUT] = "GICV3_ERR_RWP_TIMEOUT",
	[GICV3_ERR_WAKE_TIMEOUT] = "GICV3_ERR_WAKE_TIMEOUT",
	[GICV3_ERR_SYSREG_DISABLED] = "GICV3_ERR_SYSREG_DISABLED",
	[GICV3_ERR_BAD_TARGET] = "GICV3_ERR_BAD_TARGET",
	[GICV3_ERR_SECURE_GROUP0] = "GICV3_ERR_SECURE_GROUP0",
};

const char *gicv3_status_name(enum gicv3_status status)
{
	if ((unsigned)status >= GICV3_STATUS_COUNT || gicv3_status_names[status] == NULL)
		return "GICV3_UNKNOWN_STATUS";
	return gicv3_status_names[status];
}
