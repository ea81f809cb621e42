/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Exit endpoints: where the exits of a VMM component's vCPUs go. The component waits on the
 * endpoint (a hypercall that blocks); an exit wakes it with the exit's syndrome in its registers;
 * it emulates, then resumes or stops the vCPU (vCPU hypercalls).
 */
#ifndef KERNEL_ENDPOINT_H
#define KERNEL_ENDPOINT_H

#include "caps.h"
#include "partition.h"
#include "vcpu.h"

#include "sync.h"

struct endpoint {
	uint16_t id; /* the object of endpoint capabilities */
	struct partition *receiver; /* the VMM component that waits on it; NULL: a free entry */
	struct partition *charged;  /* whose endpoint quota it took (NULL: boot code's) */
	/* Guests on some CPUs deliver while their VMM component, on another, waits. */
	struct spinlock lock;
	struct vcpu *waiter;		    /* a component blocked in endpoint_wait, or NULL */
	struct vcpu *exited_head, *exited_tail; /* exits nobody has received yet */
	/*
	 * Per CPU, the receiver's context there (hand_off.h), or NULL: exits on that CPU go to it
	 * while it waits in endpoint.serve, the others through the queue above. Set once, under
	 * the capability lock (endpoint_add_context); read by that CPU's exits without it.
	 */
	struct vcpu *contexts[CONFIG_MAX_CPUS];
};

/* A new endpoint for receiver, charged to charged; NULL when the table is full. */
struct endpoint *endpoint_create(struct partition *receiver, struct partition *charged);
/*
 * Destroying partition (capability lock held): its vCPUs leave every queue and wait, the endpoints
 * it receives are freed (their charges go back), and what others charged to it goes to heir.
 */
void endpoints_destroy(const struct partition *partition, struct partition *heir);
struct endpoint *endpoint_by_id(uint64_t id);
/* How many endpoints exist: hypervisor.stats. */
unsigned endpoints_in_use(void);
/*
 * Makes context, a created vCPU of the receiver, the endpoint's context on its CPU: false,
 * changing nothing, when that CPU has one.
 */
bool endpoint_add_context(struct endpoint *endpoint, struct vcpu *context);
/* Whether the endpoint has a context on cpu. */
bool endpoint_has_context(const struct endpoint *endpoint, unsigned cpu);
/*
 * The running receiver's context that takes vcpu's exit on vcpu's CPU now (waiting there in
 * endpoint.serve), or NULL: the exit goes through endpoint_deliver. A pause or a move holds a
 * context; a move takes it off the CPU it serves. Inline, as endpoint_exit_message: every
 * served exit takes both.
 */
static inline struct vcpu *endpoint_waiting_context(const struct endpoint *endpoint,
						    const struct vcpu *vcpu)
{
	struct vcpu *context = __atomic_load_n(&endpoint->contexts[vcpu->cpu], __ATOMIC_ACQUIRE);

	if (context == NULL || !__atomic_load_n(&endpoint->receiver->running, __ATOMIC_ACQUIRE) ||
	    __atomic_load_n(&context->state, __ATOMIC_ACQUIRE) != VCPU_SERVING ||
	    __atomic_load_n(&context->held, __ATOMIC_ACQUIRE) != 0 ||
	    __atomic_load_n(&context->cpu, __ATOMIC_ACQUIRE) != vcpu->cpu)
		return NULL;
	return context;
}

/* What a VMM is told of vcpu's exit, in x[0..7] (endpoint.wait's results). */
static inline void endpoint_exit_message(const struct vcpu *vcpu, uint64_t *x)
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

/*
 * Suspends vcpu with its exit and hands the exit to the waiting component, or queues it. False,
 * doing nothing, when the receiver has stopped: the caller stops vcpu (partition_stop).
 */
bool endpoint_deliver(struct endpoint *endpoint, struct vcpu *vcpu);
/*
 * The receiver has stopped: its endpoints are emptied and their waiter forgotten. Returns the
 * vCPUs whose exits waited there, linked through next_exited, for the caller to stop.
 */
struct vcpu *endpoints_close(const struct partition *receiver);
/*
 * The component's side: takes a queued exit into registers (x1 vCPU, x2 syndrome, x3..x7 as
 * struct vcpu_exit says) or blocks the component until one comes. CAP_DENIED if another vCPU waits.
 */
enum cap_status endpoint_wait(struct endpoint *endpoint, struct vcpu *component,
			      struct hc_registers *registers);

#endif
