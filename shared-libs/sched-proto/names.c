// SPDX-License-Identifier: Apache-2.0
#include <string.h>

#include "sched_proto.h"

static const char *const status_names[SCHED_STATUS_END] = {
	[SCHED_OK] = "ok",
	[SCHED_ERR_MALFORMED] = "malformed",
	[SCHED_ERR_BAD_ARGUMENTS] = "bad-arguments",
	[SCHED_ERR_UNKNOWN_TEMPLATE] = "unknown-template",
	[SCHED_ERR_UNKNOWN_INSTANCE] = "unknown-instance",
	[SCHED_ERR_ADMISSION_REFUSED] = "admission-refused",
	[SCHED_ERR_LIMIT] = "limit",
	[SCHED_ERR_MISSING_RIGHTS] = "missing-rights",
	[SCHED_ERR_NOT_SUPPORTED] = "not-supported",
	[SCHED_ERR_FAILED] = "failed",
};

static const char *const status_texts[SCHED_STATUS_END] = {
	[SCHED_OK] = "done",
	[SCHED_ERR_MALFORMED] = "not a request or reply of this protocol",
	[SCHED_ERR_BAD_ARGUMENTS] = "an argument is out of range or not allowed for this request",
	[SCHED_ERR_UNKNOWN_TEMPLATE] = "no template of that name in the scheduler's pools",
	[SCHED_ERR_UNKNOWN_INSTANCE] = "no instance with that id",
	[SCHED_ERR_ADMISSION_REFUSED] = ("admission refused: no CPU of the pool has room without "
					 "breaking a running instance's guarantee"),
	[SCHED_ERR_LIMIT] = "the template's max-instances are running, or no memory is left",
	[SCHED_ERR_MISSING_RIGHTS] = "this control channel may not make that request",
	[SCHED_ERR_NOT_SUPPORTED] = "the hypervisor does not support this yet",
	[SCHED_ERR_FAILED] = "the hypervisor refused an operation; nothing changed",
};

static const char *const op_names[SCHED_OP_END] = {
	[SCHED_OP_LIST] = "list",   [SCHED_OP_START] = "start", [SCHED_OP_PAUSE] = "pause",
	[SCHED_OP_RESUME] = "resume", [SCHED_OP_STOP] = "stop",	[SCHED_OP_SET] = "set",
	[SCHED_OP_STATS] = "stats",
};

static const char *const state_names[SCHED_STATE_END] = {
	[SCHED_STATE_RUNNING] = "running",
	[SCHED_STATE_PAUSED] = "paused",
	[SCHED_STATE_THROTTLED] = "throttled",
	[SCHED_STATE_STOPPED] = "stopped",
};

const char *sched_status_name(enum sched_status status)
{
	return (unsigned)status < SCHED_STATUS_END ? status_names[status] : "unknown-status";
}

const char *sched_status_text(enum sched_status status)
{
	return (unsigned)status < SCHED_STATUS_END ? status_texts[status] : "an unknown status";
}

const char *sched_op_name(enum sched_op op)
{
	return (unsigned)op < SCHED_OP_END && op_names[op] ? op_names[op] : "unknown-op";
}

enum sched_op sched_op_from_name(const char *name)
{
	for (unsigned op = SCHED_OP_LIST; op < SCHED_OP_END; op++)
		if (strcmp(name, op_names[op]) == 0)
			return (enum sched_op)op;
	return SCHED_OP_END;
}

const char *sched_state_name(enum sched_instance_state state)
{
	return (unsigned)state < SCHED_STATE_END ? state_names[state] : "unknown-state";
}
