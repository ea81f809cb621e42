/* SPDX-License-Identifier: Apache-2.0 */
#include "resume.h"
#include "partition.h"
#include "vcpu.h"

void vcpu_resume(struct vcpu *vcpu, uint64_t action, uint64_t value)
{
	vcpu->resume_action = action;
	vcpu->resume_value = value;
	__atomic_store_n(&vcpu->has_resume, true, __ATOMIC_RELEASE);
	vcpu_wake(vcpu);
}

bool vcpu_restart(struct vcpu *vcpu, uint64_t entry_ipa, uint64_t argument)
{
	if (__atomic_load_n(&vcpu->partition->stopped, __ATOMIC_ACQUIRE))
		return false;
	vcpu->restart_entry = entry_ipa;
	vcpu->restart_argument = argument;
	__atomic_store_n(&vcpu->has_restart, true, __ATOMIC_RELEASE);
	if (vcpu_start(vcpu))
		return true;
	__atomic_store_n(&vcpu->has_restart, false, __ATOMIC_RELEASE);
	return false;
}

bool vcpu_restart_once(struct vcpu *vcpu, uint64_t entry_ipa, uint64_t argument, bool *started)
{
	bool claimed = false;

	if (__atomic_load_n(&vcpu->state, __ATOMIC_ACQUIRE) != VCPU_CREATED ||
	    !__atomic_compare_exchange_n(&vcpu->has_restart, &claimed, true, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return false;
	vcpu->restart_entry = entry_ipa;
	vcpu->restart_argument = argument;
	*started = vcpu_start(vcpu);
	return true;
}

void vcpu_apply_left(struct cpu *cpu, struct vcpu *vcpu, struct trap_frame *registers)
{
	if (__atomic_load_n(&vcpu->has_restart, __ATOMIC_ACQUIRE)) {
		vcpu_arch_restart(cpu, vcpu, registers, vcpu->restart_entry, vcpu->restart_argument);
		__atomic_store_n(&vcpu->has_restart, false, __ATOMIC_RELAXED);
		/* Only a fresh start: whatever the VMM said about its last exit no longer applies. */
		__atomic_store_n(&vcpu->has_resume, false, __ATOMIC_RELAXED);
		return;
	}
	if (__atomic_load_n(&vcpu->has_message, __ATOMIC_ACQUIRE)) {
		for (unsigned i = 0; i < VCPU_MESSAGE_REGISTERS; i++)
			registers->x[i] = vcpu->message[i];
		__atomic_store_n(&vcpu->has_message, false, __ATOMIC_RELAXED);
	}
	if (__atomic_load_n(&vcpu->has_resume, __ATOMIC_ACQUIRE)) {
		vcpu_apply_resume(cpu, vcpu, registers);
		__atomic_store_n(&vcpu->has_resume, false, __ATOMIC_RELAXED);
	}
}
