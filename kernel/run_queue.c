/* SPDX-License-Identifier: Apache-2.0 */
#include "run_queue.h"
#include "machine.h"
#include "partition.h"
#include "vcpu.h"

/* Runnable and held by nothing: not paused, with budget left, staying on this CPU. */
static inline __attribute__((always_inline)) bool runnable(const struct vcpu *vcpu)
{
	return __atomic_load_n(&vcpu->state, __ATOMIC_ACQUIRE) == VCPU_RUNNABLE &&
	       __atomic_load_n(&vcpu->held, __ATOMIC_ACQUIRE) == 0 &&
	       __atomic_load_n(&vcpu->partition->running, __ATOMIC_ACQUIRE);
}

/* Whether queued runs before vcpu: a higher priority, or the same bound to the CPU earlier. */
static bool runs_before(const struct vcpu *queued, const struct vcpu *vcpu)
{
	return queued->priority > vcpu->priority ||
	       (queued->priority == vcpu->priority && queued->bound_order < vcpu->bound_order);
}

void run_queue_add(struct cpu *cpu, struct vcpu *vcpu)
{
	if (vcpu->queued || !runnable(vcpu))
		return;
	struct vcpu **link = &cpu->ready;

	while (*link != NULL && runs_before(*link, vcpu))
		link = &(*link)->next_ready;
	vcpu->next_ready = *link;
	*link = vcpu;
	vcpu->queued = true;
}

void run_queue_remove(struct cpu *cpu, struct vcpu *vcpu)
{
	if (!vcpu->queued)
		return;
	struct vcpu **link = &cpu->ready;

	while (*link != vcpu)
		link = &(*link)->next_ready;
	*link = vcpu->next_ready;
	vcpu->queued = false;
}

struct vcpu *run_queue_first(struct cpu *cpu)
{
	struct vcpu *first;

	while ((first = cpu->ready) != NULL && !runnable(first)) {
		cpu->ready = first->next_ready;
		first->queued = false;
	}
	return first;
}

bool run_queue_has_other(const struct cpu *cpu, const struct vcpu *vcpu)
{
	for (const struct vcpu *queued = cpu->ready; queued != NULL; queued = queued->next_ready) {
		if (queued != vcpu && runnable(queued))
			return true;
	}
	return false;
}

void run_queue_rebuild(struct cpu *cpu)
{
	for (struct vcpu *queued = cpu->ready; queued != NULL; queued = queued->next_ready)
		queued->queued = false;
	cpu->ready = NULL;
	for_each_vcpu_on(cpu->index, vcpu)
		run_queue_add(cpu, vcpu);
}
