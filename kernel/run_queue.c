/* SPDX-License-Identifier: Apache-2.0 */
#include "run_queue.h"
#include "machine.h"
#include "partition.h"
#include "vcpu.h"

/* Runnable and held by nothing: not paused, with budget left, staying on this CPU. */
static bool runnable(const struct vcpu *vcpu)
{
	return __atomic_load_n(&vcpu->state, __ATOMIC_ACQUIRE) == VCPU_RUNNABLE &&
	       __atomic_load_n(&vcpu->held, __ATOMIC_ACQUIRE) == 0 && !vcpu->sched.throttled &&
	       __atomic_load_n(&vcpu->partition->running, __ATOMIC_ACQUIRE);
}

void run_queue_insert(struct run_queue *queue, struct vcpu *vcpu)
{
	if (vcpu->queued)
		return;
	unsigned priority = vcpu->priority, word = priority / RUN_QUEUE_WORD_BITS;
	struct vcpu **link = &queue->first[priority], *previous = NULL;

	while (*link != NULL && (*link)->bound_order < vcpu->bound_order) {
		previous = *link;
		link = &previous->next_ready;
	}
	vcpu->previous_ready = previous;
	vcpu->next_ready = *link;
	if (*link != NULL)
		(*link)->previous_ready = vcpu;
	*link = vcpu;
	queue->words[word] |= 1ull << (priority % RUN_QUEUE_WORD_BITS);
	queue->levels |= 1ull << word;
	queue->count++;
	vcpu->queued = true;
}

void run_queue_remove(struct run_queue *queue, struct vcpu *vcpu)
{
	if (!vcpu->queued)
		return;
	unsigned priority = vcpu->priority, word = priority / RUN_QUEUE_WORD_BITS;

	if (vcpu->previous_ready != NULL)
		vcpu->previous_ready->next_ready = vcpu->next_ready;
	else
		queue->first[priority] = vcpu->next_ready;
	if (vcpu->next_ready != NULL)
		vcpu->next_ready->previous_ready = vcpu->previous_ready;
	if (queue->first[priority] == NULL) {
		queue->words[word] &= ~(1ull << (priority % RUN_QUEUE_WORD_BITS));
		if (queue->words[word] == 0)
			queue->levels &= ~(1ull << word);
	}
	queue->count--;
	vcpu->queued = false;
}

void run_queue_end_loan(struct cpu *cpu, struct vcpu *guest)
{
	struct vcpu *context = guest->lent_to;
	bool vmm_running = __atomic_load_n(&context->partition->running, __ATOMIC_ACQUIRE);

	vcpu_end_loan(guest, context, vmm_running ? VCPU_RUNNABLE : VCPU_STOPPED);
	run_queue_update(cpu, context);
}

void run_queue_update(struct cpu *cpu, struct vcpu *vcpu)
{
	if (runnable(vcpu)) {
		run_queue_insert(&cpu->ready, vcpu);
		return;
	}
	run_queue_remove(&cpu->ready, vcpu);
	/*
	 * A stopped guest switched out in a loan gives its turn back (run_queue_end_loan); a
	 * loaded context's loan ends at its CPU's next pass (hand_off_settle).
	 */
	if (vcpu->lent_to != NULL && vcpu->lent_to != cpu->vcpu &&
	    !__atomic_load_n(&vcpu->partition->running, __ATOMIC_ACQUIRE))
		run_queue_end_loan(cpu, vcpu);
}

void run_queue_refresh(struct cpu *cpu)
{
	for_each_vcpu_on(cpu->index, vcpu)
		run_queue_update(cpu, vcpu);
}
