/* SPDX-License-Identifier: Apache-2.0 */
#include "endpoint.h"
#include "hypercall.h"
#include "partition.h"

/*
 * Made and freed under the capability lock (partition.endpoint_create, partition.destroy and boot
 * code hold it); read without it through endpoint_count's release and acquire. An entry without a
 * receiver is free. Each entry's queue: its own lock.
 */
static struct endpoint endpoints[CONFIG_MORTISE_MAX_ENDPOINTS];
/* Entries below endpoint_count have been made; endpoints_live of them are not free. */
static unsigned endpoint_count, endpoints_live;

static struct endpoint *free_endpoint(void)
{
	for (unsigned i = 0; i < endpoint_count; i++) {
		if (endpoints[i].receiver == NULL)
			return &endpoints[i];
	}
	return endpoint_count < CONFIG_MORTISE_MAX_ENDPOINTS ? &endpoints[endpoint_count] : NULL;
}

__attribute__((cold))
struct endpoint *endpoint_create(struct partition *receiver, struct partition *charged)
{
	struct endpoint *endpoint = receiver != NULL ? free_endpoint() : NULL;

	if (endpoint == NULL)
		return NULL;
	endpoint->id = (uint16_t)(endpoint - endpoints);
	endpoint->charged = charged;
	__atomic_store_n(&endpoint->receiver, receiver, __ATOMIC_RELEASE);
	if (endpoint->id == endpoint_count)
		__atomic_store_n(&endpoint_count, endpoint_count + 1, __ATOMIC_RELEASE);
	__atomic_store_n(&endpoints_live, endpoints_live + 1, __ATOMIC_RELAXED);
	return endpoint;
}

/* Takes partition's vCPUs out of the queue and the wait of endpoint; its lock held. */
static void drop_vcpus_locked(struct endpoint *endpoint, const struct partition *partition)
{
	struct vcpu *last = NULL;

	for (struct vcpu **link = &endpoint->exited_head; *link != NULL;) {
		if ((*link)->partition == partition) {
			*link = (*link)->next_exited;
		} else {
			last = *link;
			link = &last->next_exited;
		}
	}
	endpoint->exited_tail = last;
	if (endpoint->waiter != NULL && endpoint->waiter->partition == partition)
		endpoint->waiter = NULL;
}

__attribute__((cold))
void endpoints_destroy(const struct partition *partition, struct partition *heir)
{
	for (unsigned i = 0; i < endpoint_count; i++) {
		struct endpoint *endpoint = &endpoints[i];
		if (endpoint->receiver == NULL)
			continue;
		spin_lock(&endpoint->lock);
		drop_vcpus_locked(endpoint, partition);
		spin_unlock(&endpoint->lock);
		if (endpoint->charged == partition)
			endpoint->charged = heir;
		if (endpoint->receiver != partition)
			continue;
		cap_remove_naming(&kernel_caps, CAP_TYPE_ENDPOINT, endpoint->id);
		partition_quota_return(endpoint->charged, TABLE_ENDPOINTS, 1);
		*endpoint = (struct endpoint){0};
		__atomic_store_n(&endpoints_live, endpoints_live - 1, __ATOMIC_RELAXED);
	}
}

__attribute__((cold))
struct vcpu *endpoints_close(const struct partition *receiver)
{
	unsigned count = __atomic_load_n(&endpoint_count, __ATOMIC_ACQUIRE);
	struct vcpu *exited = NULL, **tail = &exited;

	for (unsigned i = 0; i < count; i++) {
		struct endpoint *endpoint = &endpoints[i];
		if (__atomic_load_n(&endpoint->receiver, __ATOMIC_ACQUIRE) != receiver)
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
	return __atomic_load_n(&endpoints_live, __ATOMIC_RELAXED);
}

struct endpoint *endpoint_by_id(uint64_t id)
{
	if (id >= __atomic_load_n(&endpoint_count, __ATOMIC_ACQUIRE) ||
	    __atomic_load_n(&endpoints[id].receiver, __ATOMIC_ACQUIRE) == NULL)
		return NULL;
	return &endpoints[id];
}

__attribute__((cold))
bool endpoint_add_context(struct endpoint *endpoint, struct vcpu *context)
{
	if (endpoint_has_context(endpoint, context->cpu))
		return false;
	context->serves = endpoint;
	__atomic_store_n(&endpoint->contexts[context->cpu], context, __ATOMIC_RELEASE);
	return true;
}

bool endpoint_has_context(const struct endpoint *endpoint, unsigned cpu)
{
	return __atomic_load_n(&endpoint->contexts[cpu], __ATOMIC_ACQUIRE) != NULL;
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
		endpoint_exit_message(vcpu, component->message);
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
		endpoint_exit_message(exited, registers->x);
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
