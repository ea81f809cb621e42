/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The capability operations as hypercalls (group HC_GROUP_CAPS). hc_dispatch has already checked
 * the selectors the table below declares; these handlers check the remaining 64-bit arguments,
 * which are as hostile as the selectors, before narrowing any of them.
 */
#include "array_length.h"
#include "caps_internal.h"

/* Any bit beyond CAP_RIGHTS_ALL, upper half included, is an error: never truncated away. */
static bool narrow_rights(uint64_t value, cap_rights *rights)
{
	if (value & ~(uint64_t)CAP_RIGHTS_ALL)
		return false;
	*rights = (cap_rights)value;
	return true;
}

static enum cap_status hc_derive(struct hc_call *call)
{
	uint64_t *x = call->registers->x;

	/*
	 * The parent is the capability hc_dispatch looked up in x1 (ANY_CAP_IN_X1). Rights are
	 * checked whole against the parent's, so a bit beyond CAP_RIGHTS_ALL is refused, and offset
	 * and size by subtraction: any 64-bit values are safe. x1 changes only on success.
	 */
	return cap_derive_from(call->system, call->space, call->caps[0], x[2], x[3], x[4], &x[1]);
}

static enum cap_status hc_delegate(struct hc_call *call)
{
	uint64_t *x = call->registers->x;
	cap_rights rights;
	cap_selector delegated;

	if (!narrow_rights(x[3], &rights))
		return CAP_INVALID_ARGUMENT;
	enum cap_status status = cap_delegate(call->system, call->space, (cap_selector)x[1],
					      (cap_selector)x[2], rights, &delegated);
	if (status == CAP_OK)
		x[1] = delegated;
	return status;
}

static enum cap_status hc_revoke(struct hc_call *call)
{
	return cap_revoke_from(call->system, call->caps[0], CONFIG_CAPS_REVOKE_BUDGET);
}

static enum cap_status hc_delete(struct hc_call *call)
{
	return cap_delete_from(call->system, call->caps[0], CONFIG_CAPS_REVOKE_BUDGET);
}

static enum cap_status hc_info(struct hc_call *call)
{
	uint64_t *x = call->registers->x;
	struct cap_info info;
	enum cap_status status = cap_info(call->system, call->space, (cap_selector)x[1], &info);

	if (status == CAP_OK) {
		x[1] = (uint64_t)info.type;
		x[2] = info.rights;
		x[3] = info.object;
		x[4] = info.size;
		x[5] = info.depth;
	}
	return status;
}

#define ANY_CAP_IN_X1                                                                              \
	{                                                                                          \
		.argument = 1, .type = CAP_TYPE_NULL, .rights = 0                                  \
	}

static const struct hc_function caps_functions[] = {
	[HC_CAP_DERIVE] = { "cap_derive", hc_derive, 1, { ANY_CAP_IN_X1 } },
	[HC_CAP_DELEGATE] = { "cap_delegate",
			      hc_delegate,
			      2,
			      { { .argument = 1, .type = CAP_TYPE_NULL, .rights = CAP_RIGHT_GRANT },
				{ .argument = 2,
				  .type = CAP_TYPE_PARTITION,
				  .rights = CAP_RIGHT_GRANT } } },
	[HC_CAP_REVOKE] = { "cap_revoke", hc_revoke, 1, { ANY_CAP_IN_X1 } },
	[HC_CAP_DELETE] = { "cap_delete", hc_delete, 1, { ANY_CAP_IN_X1 } },
	[HC_CAP_INFO] = { "cap_info", hc_info, 1, { ANY_CAP_IN_X1 } },
};

const struct hc_group hc_caps_group = {
	.name = "caps",
	.number = HC_GROUP_CAPS,
	.function_count = ARRAY_LENGTH(caps_functions),
	.functions = caps_functions,
};
