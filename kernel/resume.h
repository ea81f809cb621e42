/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The VMM resume protocol: a VMM component, on any CPU, answers an exit (resume), restarts a vCPU
 * (PSCI CPU_ON as it serves it) or hands a blocked component its results (a message); the vCPU's
 * own CPU applies what it was left when it next runs, as its registers are only then its to write.
 */
#ifndef KERNEL_RESUME_H
#define KERNEL_RESUME_H

#include <stdbool.h>
#include <stdint.h>

#include "exception.h"
#include "exit.h"
#include "machine.h"
#include "vcpu.h"


/*
 * An abort is injected only for the data abort the vCPU exited on, as Mortise recorded it: a
 * firmware call or an instruction fetch has no access for it to report.
 */
static inline bool vcpu_resume_action_fits(const struct vcpu *vcpu, uint64_t action)
{
	if (action == HC_VCPU_RESUME_ABORT)
		return vcpu->exit.kind == VCPU_EXIT_DATA_ABORT;
	return action == HC_VCPU_RESUME_NEXT || action == HC_VCPU_RESUME_RETRY;
}

/*
 * Resumes an exited vCPU as its VMM says: HC_VCPU_RESUME_NEXT with the load's value, RETRY, or
 * ABORT (only for a data abort exit: the caller checks) into its EL1 abort vector.
 */
void vcpu_resume(struct vcpu *vcpu, uint64_t action, uint64_t value);
/*
 * On vcpu's own CPU, vcpu not loaded: its registers take the answer its resume_action and
 * resume_value give to its exit (the result of a call, a load's value, or an abort to take).
 * Inline: a served exit's way back (hand_off_serve) takes it every time.
 */
static inline void vcpu_apply_resume(struct cpu *cpu, struct vcpu *vcpu,
				     struct trap_frame *registers)
{
	const struct vcpu_exit *exit = &vcpu->exit;

	if (vcpu->resume_action == HC_VCPU_RESUME_ABORT) {
		vcpu_arch_inject_exit_abort(cpu, vcpu, registers);
	} else if (vcpu->resume_action == HC_VCPU_RESUME_NEXT &&
		   exit->kind == VCPU_EXIT_FIRMWARE_CALL) {
		/* A firmware call's PC is already past it; its result goes to x0 (SMCCC). */
		registers->x[0] = vcpu->resume_value;
	} else if (vcpu->resume_action == HC_VCPU_RESUME_NEXT) {
		if (exit->kind == VCPU_EXIT_DATA_ABORT && !exit->access.write &&
		    exit->access.reg != VCPU_EXIT_NO_REGISTER)
			registers->x[exit->access.reg] =
				vcpu_exit_load_result(&exit->access, vcpu->resume_value);
		registers->elr += exit->instruction_length;
	}
}

/*
 * Starts a created vCPU, or one its VMM keeps exited (a CPU it turned off), afresh at entry_ipa
 * with x0 = argument and its EL1 state at reset: PSCI CPU_ON as the VMM serves it. False as
 * vcpu_start, changing nothing.
 */
bool vcpu_restart(struct vcpu *vcpu, uint64_t entry_ipa, uint64_t argument);
/*
 * Claims a created vCPU for one restart at entry_ipa with x0 = argument, and starts it: false
 * when it was started or claimed before (two callers at once start it once); *started, whether
 * its partition was still there to start it in.
 */
bool vcpu_restart_once(struct vcpu *vcpu, uint64_t entry_ipa, uint64_t argument, bool *started);
/*
 * On vcpu's own CPU, before it runs: what other CPUs left for it, applied to registers. Inline,
 * as its test of struct vcpu has_pending: every switch asks, and usually nothing waits.
 */
void vcpu_apply_left(struct cpu *cpu, struct vcpu *vcpu, struct trap_frame *registers);
static inline void vcpu_apply_pending(struct cpu *cpu, struct vcpu *vcpu,
				      struct trap_frame *registers)
{
	/* Relaxed: vcpu_apply_left reads each flag again with acquire before what it names. */
	if (__atomic_load_n(&vcpu->has_pending, __ATOMIC_RELAXED) != 0)
		vcpu_apply_left(cpu, vcpu, registers);
}

#endif
