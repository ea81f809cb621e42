/* SPDX-License-Identifier: Apache-2.0 */
/* The hypercalls of VMM components: receive exits, resume or stop the vCPUs they manage. */
#include "array_length.h"
#include "endpoint.h"
#include "hand_off.h"
#include "hypercall.h"
#include "partition.h"
#include "resume.h"
#include "vcpu.h"
#include "virq.h"


/*
 * vCPUs and endpoints are freed only once every CPU has passed its scheduler (vcpu_retire), after
 * the handler that read their numbers ended, so such a handler needs the capability lock no longer. Those below that wake, stop or wait let it go first: they hand work
 * to other CPUs, print, or leave the caller blocked.
 */
static enum cap_status vcpu_resume_call(struct hc_call *call)
{
	struct vcpu *vcpu = vcpu_by_id(call->caps[0]->object);
	uint64_t action = call->registers->x[2];

	hc_call_unlock(call);

	if (__atomic_load_n(&vcpu->state, __ATOMIC_ACQUIRE) != VCPU_EXITED ||
	    !vcpu_resume_action_fits(vcpu, action))
		return CAP_INVALID_ARGUMENT;
	vcpu_resume(vcpu, action, call->registers->x[3]);
	return CAP_OK;
}

static enum cap_status vcpu_stop_call(struct hc_call *call)
{
	struct vcpu *vcpu = vcpu_by_id(call->caps[0]->object);

	/* Stopping its partition prints and releases interrupts and endpoints. */
	hc_call_unlock(call);
	partition_stop(vcpu, "stopped by its VMM");
	return CAP_OK;
}

static enum cap_status vcpu_start_call(struct hc_call *call)
{
	struct vcpu *vcpu = vcpu_by_id(call->caps[0]->object);

	if (vcpu->state != VCPU_CREATED || !vcpu_start(vcpu))
		return CAP_INVALID_ARGUMENT;
	return CAP_OK;
}

static enum cap_status vcpu_start_at_call(struct hc_call *call)
{
	struct vcpu *vcpu = vcpu_by_id(call->caps[0]->object);
	enum vcpu_state state = __atomic_load_n(&vcpu->state, __ATOMIC_ACQUIRE);

	if ((state != VCPU_CREATED && state != VCPU_EXITED) ||
	    !vcpu_restart(vcpu, call->registers->x[2], call->registers->x[3]))
		return CAP_INVALID_ARGUMENT;
	return CAP_OK;
}

static enum cap_status vcpu_set_spi_enabled_call(struct hc_call *call)
{
	bool pending;
	enum cap_status status = virq_set_spi_enabled(vcpu_by_id(call->caps[0]->object),
						      call->registers->x[2], call->registers->x[3],
						      &pending);

	if (status == CAP_OK)
		call->registers->x[1] = pending;
	return status;
}

static enum cap_status vcpu_set_exit_endpoint_call(struct hc_call *call)
{
	struct vcpu *vcpu = vcpu_by_id(call->caps[0]->object);

	/* A dedicated vCPU's interrupts bypass EL2: there is no vGIC for a VMM to emulate. */
	if (vcpu->state != VCPU_CREATED || vcpu->dedicated)
		return CAP_INVALID_ARGUMENT;
	vcpu->exit_endpoint = endpoint_by_id(call->caps[1]->object);
	return CAP_OK;
}

static enum cap_status vcpu_dedicate_call(struct hc_call *call)
{
	return vcpu_dedicate(vcpu_by_id(call->caps[0]->object));
}

static const struct hc_function vcpu_functions[] = {
	HC_VCPU_FUNCTIONS(HC_KERNEL_FUNCTION)
};

const struct hc_group hypercall_vcpu_group = {"vcpu", HC_GROUP_VCPU, ARRAY_LENGTH(vcpu_functions),
					      vcpu_functions};

static enum cap_status endpoint_wait_call(struct hc_call *call)
{
	struct endpoint *endpoint = endpoint_by_id(call->caps[0]->object);

	/* The caller may block here until an exit comes. */
	hc_call_unlock(call);
	return endpoint_wait(endpoint, call->context, call->registers);
}

/* A VMM context answers the exit it serves and waits for the next (no lock: no capability). */
static enum cap_status endpoint_serve_call(struct hc_call *call)
{
	return hand_off_serve(call->context, call->registers->x[2], call->registers->x[3]);
}

static const struct hc_function endpoint_functions[] = {
	HC_ENDPOINT_FUNCTIONS(HC_KERNEL_FUNCTION)
};

const struct hc_group hypercall_endpoint_group = {
	"endpoint", HC_GROUP_ENDPOINT, ARRAY_LENGTH(endpoint_functions), endpoint_functions};
