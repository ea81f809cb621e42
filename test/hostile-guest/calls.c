/* SPDX-License-Identifier: Apache-2.0 */
/* The hypercalls the hostile guest makes on purpose, each with the registers it left behind. */
#include "hostile.h"

#include "hvc.h"

/* Revoke and delete stop after a bounded amount of work: a tree this test builds ends long before. */
#define UNTIL_DONE_ROUNDS 100000u

enum cap_status call(struct hc_registers *registers, uint64_t function, uint64_t a1, uint64_t a2,
		     uint64_t a3, uint64_t a4, uint64_t a5)
{
	*registers = (struct hc_registers){.x = {function, a1, a2, a3, a4, a5}};
	return hvc_call(registers);
}

enum cap_status derive(cap_selector selector, cap_rights rights, uint64_t offset, uint64_t size,
		       cap_selector *derived)
{
	struct hc_registers r;
	enum cap_status status =
		call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), selector, rights, offset, size, 0);

	if (status == CAP_OK)
		*derived = (cap_selector)r.x[1];
	return status;
}

static enum cap_status until_done(uint32_t function, cap_selector selector)
{
	struct hc_registers r;
	enum cap_status status;
	unsigned rounds = 0;

	do
		status = call(&r, HC_ID(HC_GROUP_CAPS, function), selector, 0, 0, 0, 0);
	while (status == CAP_PREEMPTED && ++rounds < UNTIL_DONE_ROUNDS);
	return status;
}

enum cap_status delete_fully(cap_selector selector)
{
	return until_done(HC_CAP_DELETE, selector);
}

enum cap_status revoke_fully(cap_selector selector)
{
	return until_done(HC_CAP_REVOKE, selector);
}

enum cap_status info(uint64_t selector, struct cap_info *result)
{
	struct hc_registers r;
	enum cap_status status = call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), selector, 0, 0, 0, 0);

	if (status == CAP_OK)
		*result = (struct cap_info){.type = (enum cap_type)r.x[1],
					    .rights = (cap_rights)r.x[2],
					    .object = r.x[3],
					    .size = r.x[4],
					    .depth = (unsigned)r.x[5]};
	return status;
}

/* caps.h's statuses, and nothing else, may come back in x0. */
bool status_is_defined(int64_t status)
{
	switch (status) {
	case CAP_OK:
	case CAP_PREEMPTED:
	case CAP_NOT_SUPPORTED:
	case CAP_INVALID_CAP:
	case CAP_DENIED:
	case CAP_NO_MEMORY:
	case CAP_INVALID_ARGUMENT:
		return true;
	default:
		return false;
	}
}

/* A part of this partition's RAM that the main vCPU keeps to the end. */
cap_selector derive_held(cap_rights rights, uint64_t offset, uint64_t size)
{
	cap_selector selector = CAP_NONE;
	enum cap_status status = derive(SEL_RAM, rights, offset, size, &selector);

	if (status != CAP_OK) {
		mismatch("deriving 0x%llx bytes at offset 0x%llx: %s", (unsigned long long)size,
			 (unsigned long long)offset, cap_status_name(status));
		return CAP_NONE;
	}
	selector_claim(selector, OWNER_MAIN);
	return selector;
}
