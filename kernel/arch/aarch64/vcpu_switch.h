/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The AArch64 half of a vCPU switch (sched.c): its EL1 state, stage-2 space and interrupts onto
 * this CPU, or off it. Inline: every switch between vCPUs takes both.
 */
#ifndef KERNEL_ARCH_AARCH64_VCPU_SWITCH_H
#define KERNEL_ARCH_AARCH64_VCPU_SWITCH_H

#include "irq.h"
#include "partition.h"
#include "vcpu.h"
#include "virq.h"

static inline void vcpu_arch_load(struct cpu *cpu, struct vcpu *vcpu)
{
	/* Before the context, whose ISB makes it hold. */
	stage2_activate(&vcpu->partition->stage2);
	vcpu_context_restore(cpu, &vcpu->arch.context);
	cpu->vcpu = vcpu;
	if (vcpu->dedicated) {
		virq_deliver_pending(vcpu);
		irq_direct_enter(cpu);
		vcpu_context_set_direct(true);
		return;
	}
	virq_load_private(cpu, vcpu);
	virq_deliver_pending(vcpu);
}

/* Only a stop takes a dedicated vCPU off its CPU: what it left there goes with it. */
static inline void vcpu_arch_unload(struct cpu *cpu, struct vcpu *vcpu)
{
	vcpu_context_save(&vcpu->arch.context);
	if (vcpu->dedicated) {
		vcpu_context_set_direct(false);
		irq_direct_leave(cpu);
	} else {
		virq_return_held_private(vcpu);
		virq_set_links_physical(cpu, vcpu, vgic_return_private(&vcpu->arch.context.vgic));
	}
}

/* When the saved timers of a vCPU just switched out fire, as a physical counter value. */
static inline uint64_t vcpu_arch_timer_deadline(const struct vcpu *vcpu)
{
	return vcpu_context_timer_deadline(&vcpu->arch.context);
}

#endif
