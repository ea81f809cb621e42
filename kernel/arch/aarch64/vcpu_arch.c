/* SPDX-License-Identifier: Apache-2.0 */
/* The AArch64 half of a vCPU: its state at reset or restart, and what an exit left of it. */
#include "vcpu_arch.h"
#include "partition.h"
#include "vcpu.h"
#include "virq.h"

#include "cpu.h"
#include "guest_exception.h"

/* EL1h with D, A, I and F masked, as the arm64 boot protocol requires. */
#define SPSR_EL1H_MASKED 0x3c5ULL
#define MPIDR_RES1 (1ULL << 31)

void vcpu_arch_reset(struct vcpu *vcpu, struct trap_frame *registers, uint64_t entry,
		     uint64_t argument)
{
	/*
	 * Its frame's sp is not the guest's but the EL2 stack its exceptions run on (vcpu_entry.S):
	 * a running vCPU restarted goes back to its guest by the exception's return, which keeps it.
	 */
	*registers = (struct trap_frame){
		.sp = registers->sp, .elr = entry, .spsr = SPSR_EL1H_MASKED};
	registers->x[0] = argument;
	vcpu_context_reset(&vcpu->arch.context, MPIDR_RES1 | vcpu->index, vcpu->partition->features);
}

void vcpu_arch_restart(struct cpu *cpu, struct vcpu *vcpu, struct trap_frame *registers,
		       uint64_t entry, uint64_t argument)
{
	bool loaded = cpu->vcpu == vcpu;

	if (loaded) {
		vcpu_context_save(&vcpu->arch.context);
		virq_return_held_private(vcpu);
		vgic_return_private(&vcpu->arch.context.vgic);
	}
	vgic_release_hardware(&vcpu->arch.context.vgic);
	virq_set_links_physical(cpu, vcpu, false);
	/* Its FP/SIMD registers start from zero too, not from what this CPU holds of them. */
	vcpu_context_leave_cpu(&vcpu->arch.context, false);
	vcpu_arch_reset(vcpu, registers, entry, argument);
	if (loaded)
		vcpu_context_restore(cpu, &vcpu->arch.context);
}

void vcpu_arch_inject_exit_abort(struct cpu *cpu, struct vcpu *vcpu, struct trap_frame *registers)
{
	guest_inject_data_abort(&vcpu->arch.context, cpu->vcpu == vcpu, registers,
				vcpu->exit.syndrome, vcpu->exit.far);
}
