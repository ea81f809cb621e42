/* SPDX-License-Identifier: Apache-2.0 */
#include "hand_off.h"
#include "endpoint.h"
#include "partition.h"
#include "resume.h"
#include "run_queue.h"
#include "vcpu_switch.h"

/*
 * The EL1 state, stage-2 space and interrupts of to onto this CPU in place of from's. Hot: GCC
 * takes every path to a _Noreturn call for a cold one, and would compile it all for size (its
 * inline helpers called out of line), though every served exit takes it twice.
 */
static _Noreturn __attribute__((hot)) void switch_to(struct cpu *cpu, struct vcpu *from,
						     struct vcpu *to)
{
	vcpu_arch_unload(cpu, from);
	vcpu_apply_pending(cpu, to, &to->registers);
	vcpu_arch_load(cpu, to);
	vcpu_enter(&to->registers, cpu_stack_top(cpu));
}

void hand_off_exit(struct vcpu *guest)
{
	struct vcpu *context = endpoint_waiting_context(guest->exit_endpoint, guest);

	if (context == NULL)
		return;
	endpoint_exit_message(guest, context->registers.x);
	guest->lent_to = context;
	context->lender = guest;
	__atomic_store_n(&context->state, VCPU_LENT, __ATOMIC_RELEASE);
	switch_to(cpu_this(), guest, context);
}

enum cap_status hand_off_serve(struct vcpu *context, uint64_t action, uint64_t value)
{
	struct cpu *cpu = cpu_this();
	struct vcpu *guest = context->lender;

	/* Moved off the CPU it serves (sched.configure), it serves no more. */
	if (context->serves == NULL ||
	    __atomic_load_n(&context->serves->contexts[cpu->index], __ATOMIC_ACQUIRE) != context)
		return CAP_INVALID_ARGUMENT;
	if (guest == NULL) {
		__atomic_store_n(&context->state, VCPU_SERVING, __ATOMIC_RELEASE);
		return CAP_OK;
	}
	if (!vcpu_resume_action_fits(guest, action))
		return CAP_INVALID_ARGUMENT;
	guest->resume_action = action;
	guest->resume_value = value;
	vcpu_end_loan(guest, context, VCPU_SERVING);
	/*
	 * Still its CPU's to run and nothing left for the scheduler: straight back once the
	 * context's registers are saved (the fast path keeps those a C call preserves in place).
	 * Otherwise the answer waits for the guest's next load, and the scheduler picks.
	 */
	if (cpu->hazards == 0 && guest->queued) {
		vcpu_apply_resume(cpu, guest, &guest->registers);
		context->answered = guest;
		__atomic_store_n(&context->state, VCPU_ANSWERED, __ATOMIC_RELEASE);
		return CAP_OK;
	}
	__atomic_store_n(&guest->has_resume, true, __ATOMIC_RELEASE);
	return CAP_OK;
}

_Noreturn void hand_off_return(struct trap_frame *frame)
{
	struct cpu *cpu = cpu_this();
	struct vcpu *context = cpu->vcpu, *guest = context->answered;

	(void)frame; /* context's own registers: saved already */
	context->answered = NULL;
	__atomic_store_n(&context->state, VCPU_SERVING, __ATOMIC_RELEASE);
	switch_to(cpu, context, guest);
}

void hand_off_fault(struct vcpu *context)
{
	struct vcpu *guest = context->lender;

	/* The guest first: whoever sees the context stopped sees its guest's end told. */
	partition_stop(guest, "its VMM context faulted");
	vcpu_end_loan(guest, context, VCPU_STOPPED);
}

struct vcpu *hand_off_settle(struct cpu *cpu, struct vcpu *context)
{
	struct vcpu *guest = context->lender;

	bool vmm_running = __atomic_load_n(&context->partition->running, __ATOMIC_ACQUIRE);

	if (vmm_running && __atomic_load_n(&guest->partition->running, __ATOMIC_ACQUIRE))
		return guest;
	vcpu_end_loan(guest, context, vmm_running ? VCPU_RUNNABLE : VCPU_STOPPED);
	if (!vmm_running)
		partition_stop(guest, "its VMM has stopped");
	run_queue_update(cpu, context);
	return context;
}
