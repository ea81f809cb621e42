/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A CPU's timed events (struct cpu timed): the vCPUs bound to it that need its EL2 timer,
 * earliest first: an idle vCPU's wake-up deadline, an enforced vCPU's next period. The EL2 timer
 * is set for the earlier of its head and the running vCPU's budget's end, and when it fires only
 * the entries that are due are looked at, not every vCPU of the CPU.
 *
 * Changed by its own CPU alone, with interrupts masked: nothing guards it but that ownership. A
 * vCPU another CPU wakes (vcpu_wake_if_idle) keeps its entry, stale, until it comes due, is
 * moved to a new time or its vCPU is loaded; the scheduler then sees what is left to do. An
 * enforced vCPU keeps its next period's entry while it is loaded, so that switching it in and out
 * moves nothing; its budget's end is the EL2 timer's own (sched.c timer_update). A vCPU leaves it
 * when it leaves the CPU (vcpu_reap). A few entries per CPU: a sorted list is enough.
 */
#ifndef KERNEL_TIMED_QUEUE_H
#define KERNEL_TIMED_QUEUE_H

#include <stdint.h>

#include "machine.h"
#include "vcpu.h"

/* vcpu, bound to cpu, is due at counter value at: queued in its place, moved if it was there. */
void timed_queue_add(struct cpu *cpu, struct vcpu *vcpu, uint64_t at);
/* Takes vcpu out of cpu's queue if it is there. */
void timed_queue_remove(struct cpu *cpu, struct vcpu *vcpu);

/* The counter value of cpu's first event, UINT64_MAX when it has none. */
static inline uint64_t timed_queue_first_at(const struct cpu *cpu)
{
	return cpu->timed != NULL ? cpu->timed->timed_at : UINT64_MAX;
}

/* cpu's first entry if it is due at now, taken out of the queue; NULL when none is due. */
static inline struct vcpu *timed_queue_take_due(struct cpu *cpu, uint64_t now)
{
	struct vcpu *first = cpu->timed;

	if (first == NULL || first->timed_at > now)
		return NULL;
	cpu->timed = first->next_timed;
	first->timed = false;
	return first;
}

#endif
