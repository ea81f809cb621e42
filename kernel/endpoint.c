/* SPDX-License-Identifier: Apache-2.0 */
#include "endpoint.h"

static struct endpoint endpoints[CONFIG_MORTISE_MAX_ENDPOINTS];
static unsigned endpoint_count;

struct endpoint *endpoint_create(void)
{
	if (endpoint_count == CONFIG_MORTISE_MAX_ENDPOINTS)
		return NULL;
	struct endpoint *endpoint = &endpoints[endpoint_count];
	endpoint->id = (uint16_t)endpoint_count++;
	return endpoint;
}

struct endpoint *endpoint_by_id(uint64_t id)
{
	return id < endpoint_count ? &endpoints[id] : NULL;
}

static void exit_message(const struct vcpu *vcpu, uint64_t *x)
{
	x[0] = CAP_OK;
	x[1] = vcpu->id;
	x[2] = vcpu->exit.esr;
	x[3] = vcpu->exit.ipa;
	x[4] = vcpu->exit.value;
	x[5] = vcpu->exit.elr;
}

void endpoint_deliver(struct endpoint *endpoint, struct vcpu *vcpu)
{
	vcpu->state = VCPU_EXITED;
	if (endpoint->waiter != NULL) {
		struct vcpu *component = endpoint->waiter;
		endpoint->waiter = NULL;
		exit_message(vcpu, component->registers.x);
		component->state = VCPU_RUNNABLE;
		return;
	}
	vcpu->next_exited = NULL;
	if (endpoint->exited_tail != NULL)
		endpoint->exited_tail->next_exited = vcpu;
	else
		endpoint->exited_head = vcpu;
	endpoint->exited_tail = vcpu;
}

enum cap_status endpoint_wait(struct endpoint *endpoint, struct vcpu *component,
			      struct hc_registers *registers)
{
	struct vcpu *exited = endpoint->exited_head;

	if (exited != NULL) {
		endpoint->exited_head = exited->next_exited;
		if (endpoint->exited_head == NULL)
			endpoint->exited_tail = NULL;
		exit_message(exited, registers->x);
		return CAP_OK;
	}
	if (endpoint->waiter != NULL)
		return CAP_DENIED;
	/* The results arrive in the saved registers when an exit is delivered. */
	endpoint->waiter = component;
	component->state = VCPU_WAITING_EXIT;
	return CAP_OK;
}
