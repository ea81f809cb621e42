/* SPDX-License-Identifier: Apache-2.0 */
/* The hypercalls of VMM components: receive exits, resume or stop the vCPUs they manage. */
#include "kernel.h"
#include "endpoint.h"
#include "vcpu.h"

#define ARRAY_LENGTH(array) (sizeof(array) / sizeof((array)[0]))

/* The value an emulated load leaves in its register: sized, sign-extended if asked. */
static uint64_t load_result(uint64_t esr, uint64_t value)
{
	unsigned bits = 8u << ESR_DABT_SIZE_LOG2(esr);

	if (bits < 64) {
		value &= (1ULL << bits) - 1;
		if (ESR_DABT_SIGN_EXTEND(esr) && (value >> (bits - 1)) != 0)
			value |= ~0ULL << bits;
	}
	if (!ESR_DABT_64BIT_REGISTER(esr))
		value &= 0xffffffffULL;
	return value;
}

static enum cap_status vcpu_resume(struct hc_call *call)
{
	struct vcpu *vcpu = vcpu_by_id(call->caps[0]->object);
	uint64_t action = call->registers->x[2];
	uint64_t esr = vcpu->exit.esr;

	if (vcpu->state != VCPU_EXITED ||
	    (action != HC_VCPU_RESUME_NEXT && action != HC_VCPU_RESUME_RETRY))
		return CAP_INVALID_ARGUMENT;
	if (action == HC_VCPU_RESUME_NEXT) {
		bool is_load = esr_class(esr) == ESR_EC_DABT_LOWER && ESR_DABT_VALID(esr) &&
			       !ESR_DABT_IS_WRITE(esr);
		if (is_load && ESR_DABT_REGISTER(esr) != 31)
			vcpu->registers.x[ESR_DABT_REGISTER(esr)] =
				load_result(esr, call->registers->x[3]);
		vcpu->registers.elr += 4;
	}
	vcpu->state = VCPU_RUNNABLE;
	return CAP_OK;
}

static enum cap_status vcpu_stop_call(struct hc_call *call)
{
	struct vcpu *vcpu = vcpu_by_id(call->caps[0]->object);

	if (vcpu->state == VCPU_STOPPED)
		return CAP_INVALID_ARGUMENT;
	vcpu_stop(vcpu, "stopped by its VMM");
	return CAP_OK;
}

static enum cap_status vcpu_start_call(struct hc_call *call)
{
	struct vcpu *vcpu = vcpu_by_id(call->caps[0]->object);

	if (vcpu->state != VCPU_CREATED)
		return CAP_INVALID_ARGUMENT;
	vcpu_start(vcpu);
	return CAP_OK;
}

static const struct hc_function vcpu_functions[] = {
	[HC_VCPU_RESUME] = {"resume", vcpu_resume, 1, {{1, CAP_TYPE_VCPU, CAP_RIGHT_CONTROL}}},
	[HC_VCPU_STOP] = {"stop", vcpu_stop_call, 1, {{1, CAP_TYPE_VCPU, CAP_RIGHT_CONTROL}}},
	[HC_VCPU_START] = {"start", vcpu_start_call, 1, {{1, CAP_TYPE_VCPU, CAP_RIGHT_CONTROL}}},
};

const struct hc_group hypercall_vcpu_group = {"vcpu", HC_GROUP_VCPU, ARRAY_LENGTH(vcpu_functions),
					      vcpu_functions};

static enum cap_status endpoint_wait_call(struct hc_call *call)
{
	return endpoint_wait(endpoint_by_id(call->caps[0]->object), call->context,
			     call->registers);
}

static const struct hc_function endpoint_functions[] = {
	[HC_ENDPOINT_WAIT] = {"wait", endpoint_wait_call, 1,
			      {{1, CAP_TYPE_ENDPOINT, CAP_RIGHT_READ}}},
};

const struct hc_group hypercall_endpoint_group = {
	"endpoint", HC_GROUP_ENDPOINT, ARRAY_LENGTH(endpoint_functions), endpoint_functions};
