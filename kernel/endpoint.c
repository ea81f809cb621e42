/* SPDX-License-Identifier: Apache-2.0 */
#include "endpoint.h"
#include "partition.h"

/*
 * Appended under the capability lock (partition.endpoint_create and boot code hold it); read
 * without it through endpoint_count's release and acquire. Each entry's queue: its own lock.
 */
static struct endpoint endpoints[CONFIG_MORTISE_MAX_ENDPOINTS];
/* Entries below endpoint_count are made and never move. */
static unsigned endpoint_count;

struct endpoint *endpoint_create(struct partition *receiver)
{
	struct endpoint *endpoint = NULL;

	if (receiver == NULL)
		return NULL;
	if (endpoint_count < CONFIG_MORTISE_MAX_ENDPOINTS) {
		endpoint = &endpoints[endpoint_count];
		endpoint->id = (uint16_t)endpoint_count;
		endpoint->receiver = receiver;
		__atomic_store_n(&endpoint_count, endpoint_count + 1, __ATOMIC_RELEASE);
	}
	return endpoint;
}

struct vcpu *endpoints_close(const struct partition *receiver)
{
	unsigned count = __atomic_load_n(&endpoint_count, __ATOMIC_ACQUIRE);
	struct vcpu *exited = NULL, **tail = &exited;

	for (unsigned i = 0; i < count; i++) {
		struct endpoint *endpoint = &endpoints[i];
		if (endpoint->receiver != receiver)
			continue;
		spin_lock(&endpoint->lock);
		*tail = endpoint->exited_head;
		if (endpoint->exited_tail != NULL)
			tail = &endpoint->exited_tail->next_exited;
		endpoint->exited_head = endpoint->exited_tail = NULL;
		endpoint->waiter = NULL;
		spin_unlock(&endpoint->lock);
	}
	return exited;
}

unsigned endpoints_in_use(void)
{
	return __atomic_load_n(&endpoint_count, __ATOMIC_ACQUIRE);
}

struct endpoint *endpoint_by_id(uint64_t id)
{
	return id < __atomic_load_n(&endpoint_count, __ATOMIC_ACQUIRE) ? &endpoints[id] : NULL;
}

static void exit_message(const struct vcpu *vcpu, uint64_t *x)
{
	x[0] = CAP_OK;
	x[1] = vcpu->id;
	x[2] = vcpu->exit.syndrome;
	x[3] = vcpu->exit.ipa;
	x[4] = vcpu->exit.value;
	x[5] = vcpu->exit.pc;
	x[6] = vcpu->exit.arguments[0];
	x[7] = vcpu->exit.arguments[1];
}

bool endpoint_deliver(struct endpoint *endpoint, struct vcpu *vcpu)
{
	if (!__atomic_load_n(&endpoint->receiver->running, __ATOMIC_ACQUIRE))
		return false;
	__atomic_store_n(&vcpu->state, VCPU_EXITED, __ATOMIC_RELEASE);
	spin_lock(&endpoint->lock);
	if (endpoint->waiter != NULL) {
		struct vcpu *component = endpoint->waiter;
		endpoint->waiter = NULL;
		spin_unlock(&endpoint->lock);
		exit_message(vcpu, component->message);
		__atomic_store_n(&component->has_message, true, __ATOMIC_RELEASE);
		vcpu_wake(component);
		return true;
	}
	vcpu->next_exited = NULL;
	if (endpoint->exited_tail != NULL)
		endpoint->exited_tail->next_exited = vcpu;
	else
		endpoint->exited_head = vcpu;
	endpoint->exited_tail = vcpu;
	spin_unlock(&endpoint->lock);
	return true;
}

enum cap_status endpoint_wait(struct endpoint *endpoint, struct vcpu *component,
			      struct hc_registers *registers)
{
	spin_lock(&endpoint->lock);
	struct vcpu *exited = endpoint->exited_head;

	if (exited != NULL) {
		endpoint->exited_head = exited->next_exited;
		if (endpoint->exited_head == NULL)
			endpoint->exited_tail = NULL;
		spin_unlock(&endpoint->lock);
		exit_message(exited, registers->x);
		return CAP_OK;
	}
	if (endpoint->waiter != NULL) {
		spin_unlock(&endpoint->lock);
		return CAP_DENIED;
	}
	/* The results arrive as a message when an exit is delivered (vcpu.h). */
	__atomic_store_n(&component->state, VCPU_WAITING_EXIT, __ATOMIC_RELEASE);
	endpoint->waiter = component;
	spin_unlock(&endpoint->lock);
	return CAP_OK;
}
