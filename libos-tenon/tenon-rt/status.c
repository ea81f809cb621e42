/* SPDX-License-Identifier: Apache-2.0 */
#include "tenon_rt.h"

static const char *const status_names[TENON_STATUS_COUNT] = {
	[TENON_OK] = "ok",
	[TENON_ERR_INVALID] = "invalid argument",
	[TENON_ERR_TIMEOUT] = "timed out",
	[TENON_ERR_WOULD_BLOCK] = "would block",
	[TENON_ERR_IN_INTERRUPT] = "not allowed in an interrupt handler",
	[TENON_ERR_NOT_OWNER] = "caller does not own the mutex",
	[TENON_ERR_DEADLOCK] = "deadlock",
	[TENON_ERR_CHAIN_TOO_DEEP] = "mutex blocking chain too deep",
	[TENON_ERR_STATE] = "wrong thread state",
	[TENON_ERR_OVERFLOW] = "count at its maximum",
	[TENON_ERR_NO_SPACE] = "timer heap full",
};

const char *tenon_status_name(enum tenon_status status)
{
	if ((unsigned)status >= TENON_STATUS_COUNT)
		return "unknown status";
	return status_names[status];
}
