/* SPDX-License-Identifier: Apache-2.0 */
#include "timed_queue.h"

void timed_queue_remove(struct cpu *cpu, struct vcpu *vcpu)
{
	if (!vcpu->timed)
		return;
	struct vcpu **link = &cpu->timed;

	while (*link != vcpu)
		link = &(*link)->next_timed;
	*link = vcpu->next_timed;
	vcpu->timed = false;
}

void timed_queue_add(struct cpu *cpu, struct vcpu *vcpu, uint64_t at)
{
	timed_queue_remove(cpu, vcpu);
	struct vcpu **link = &cpu->timed;

	/* After those due at the same time: they were queued first. */
	while (*link != NULL && (*link)->timed_at <= at)
		link = &(*link)->next_timed;
	vcpu->timed_at = at;
	vcpu->next_timed = *link;
	*link = vcpu;
	vcpu->timed = true;
}
