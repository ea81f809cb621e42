// SPDX-License-Identifier: Apache-2.0
#include <string.h>

#include "bytes.h"
#include "sched_proto.h"

/* The fields each op may carry, and whether it names an instance or a template. */
static const struct {
	uint32_t fields;
	bool instance, template_name;
} op_shape[SCHED_OP_END] = {
	[SCHED_OP_LIST] = {0, false, false},
	[SCHED_OP_START] = {SCHED_FIELDS, false, true},
	[SCHED_OP_PAUSE] = {0, true, false},
	[SCHED_OP_RESUME] = {0, true, false},
	[SCHED_OP_STOP] = {0, true, false},
	[SCHED_OP_SET] = {SCHED_FIELDS, true, false},
	[SCHED_OP_STATS] = {0, false, false},
};

/* The op is known; everything else of request is checked against it. */
static enum sched_status check(const struct sched_request *r)
{
	if (r->fields & ~op_shape[r->op].fields)
		return SCHED_ERR_BAD_ARGUMENTS;
	if (r->op == SCHED_OP_SET && !r->fields)
		return SCHED_ERR_BAD_ARGUMENTS; /* nothing to set */
	if (!op_shape[r->op].instance && r->instance)
		return SCHED_ERR_BAD_ARGUMENTS;
	if (r->fields & SCHED_FIELD_PRIORITY) {
		if (r->priority == 0 || r->priority > SCHED_PRIORITY_MAX)
			return SCHED_ERR_BAD_ARGUMENTS;
	} else if (r->priority) {
		return SCHED_ERR_BAD_ARGUMENTS;
	}
	if (r->fields & SCHED_FIELD_BUDGET) {
		if (r->period_us == 0 || r->period_us > SCHED_PERIOD_MAX_US || r->budget_us == 0 ||
		    r->budget_us > r->period_us)
			return SCHED_ERR_BAD_ARGUMENTS;
	} else if (r->budget_us || r->period_us) {
		return SCHED_ERR_BAD_ARGUMENTS;
	}
	const uint8_t *name = (const uint8_t *)r->template_name;
	if (!name_field_ok(name, SCHED_NAME_SIZE) || (op_shape[r->op].template_name != (name[0] != 0)))
		return SCHED_ERR_BAD_ARGUMENTS;
	return SCHED_OK;
}

static bool op_known(uint32_t op)
{
	return op >= SCHED_OP_LIST && op < SCHED_OP_END;
}

enum sched_status sched_request_encode(const struct sched_request *request,
				       uint8_t out[SCHED_REQUEST_SIZE])
{
	if (!op_known(request->op))
		return SCHED_ERR_MALFORMED;
	enum sched_status status = check(request);
	if (status != SCHED_OK)
		return status;
	memset(out, 0, SCHED_REQUEST_SIZE);
	out[0] = request->op;
	out[1] = SCHED_PROTO_VERSION;
	put32(out + 4, request->fields);
	put32(out + 8, request->instance);
	put32(out + 12, request->priority);
	put32(out + 16, request->budget_us);
	put32(out + 20, request->period_us);
	memcpy(out + 32, request->template_name, SCHED_NAME_SIZE);
	return SCHED_OK;
}

enum sched_status sched_request_decode(const uint8_t *in, size_t size,
				       struct sched_request *request)
{
	if (size != SCHED_REQUEST_SIZE || !op_known(in[0]) || in[1] != SCHED_PROTO_VERSION ||
	    !all_zero(in + 2, 2) || !all_zero(in + 24, 8) ||
	    !all_zero(in + 32 + SCHED_NAME_SIZE, SCHED_REQUEST_SIZE - 32 - SCHED_NAME_SIZE))
		return SCHED_ERR_MALFORMED;
	struct sched_request r = {
		.op = in[0],
		.fields = get32(in + 4),
		.instance = get32(in + 8),
		.priority = get32(in + 12),
		.budget_us = get32(in + 16),
		.period_us = get32(in + 20),
	};
	memcpy(r.template_name, in + 32, SCHED_NAME_SIZE);
	enum sched_status status = check(&r);
	if (status == SCHED_OK)
		*request = r;
	return status;
}
