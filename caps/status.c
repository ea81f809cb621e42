/* SPDX-License-Identifier: Apache-2.0 */
#include "caps.h"

const char *cap_status_name(enum cap_status status)
{
	switch (status) {
	case CAP_OK:
		return "OK";
	case CAP_PREEMPTED:
		return "PREEMPTED";
	case CAP_NOT_SUPPORTED:
		return "NOT_SUPPORTED";
	case CAP_INVALID_CAP:
		return "INVALID_CAP";
	case CAP_DENIED:
		return "DENIED";
	case CAP_NO_MEMORY:
		return "NO_MEMORY";
	case CAP_INVALID_ARGUMENT:
		return "INVALID_ARGUMENT";
	}
	return "unknown status";
}

static const char *const type_names[CAP_TYPE_COUNT] = {
	[CAP_TYPE_NULL] = "null",
	[CAP_TYPE_MEMORY] = "memory",
	[CAP_TYPE_PARTITION] = "partition",
	[CAP_TYPE_VCPU] = "vcpu",
	[CAP_TYPE_IRQ] = "irq",
	[CAP_TYPE_CHANNEL] = "channel",
	[CAP_TYPE_ENDPOINT] = "endpoint",
	[CAP_TYPE_SCHED_CONTEXT] = "sched_context",
	[CAP_TYPE_CONSOLE] = "console",
};

const char *cap_type_name(enum cap_type type)
{
	/* The enum may be any int a caller cast: compare as unsigned so negatives fail too. */
	if ((unsigned)type >= CAP_TYPE_COUNT)
		return "unknown type";
	return type_names[type];
}
