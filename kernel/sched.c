/* SPDX-License-Identifier: Apache-2.0 */
#include "sched.h"
#include "irq.h"
#include "machine.h"
#include "partition.h"
#include "power.h"
#include "resume.h"
#include "sched_context.h"
#include "vcpu.h"
#include "vcpu_switch.h"
#include "virq.h"

#include "gtimer.h"

/* Runnable and held by nothing: not paused, with budget left, staying on this CPU. */
static bool runnable(const struct vcpu *vcpu)
{
	return __atomic_load_n(&vcpu->state, __ATOMIC_ACQUIRE) == VCPU_RUNNABLE &&
	       __atomic_load_n(&vcpu->held, __ATOMIC_ACQUIRE) == 0 &&
	       __atomic_load_n(&vcpu->partition->running, __ATOMIC_ACQUIRE);
}

/* After its context was charged or replenished: the pick sees whether its budget holds it. */
static void hold_if_throttled(struct vcpu *vcpu)
{
	vcpu_hold(vcpu, VCPU_HELD_THROTTLED, vcpu->sched.throttled);
}

/* Highest priority first, then creation order, among the few vCPUs bound to this CPU. */
static struct vcpu *pick(unsigned cpu)
{
	struct vcpu *best = NULL;

	for_each_vcpu_on(cpu, vcpu) {
		if (runnable(vcpu) && (best == NULL || vcpu->priority > best->priority))
			best = vcpu;
	}
	return best;
}

/* Another vCPU of this CPU could run if vcpu left it. */
static bool has_company(const struct vcpu *vcpu)
{
	for_each_vcpu_on(vcpu->cpu, other) {
		if (other != vcpu && runnable(other))
			return true;
	}
	return false;
}

void sched_wait_for_interrupt(struct vcpu *vcpu)
{
	if (virq_any_pending(vcpu)) {
		virq_deliver_pending(vcpu);
		return;
	}
	/* Not with a budget: the time it waited loaded would be charged to it as run time. */
	if (!has_company(vcpu) && !vcpu->sched.enforced) {
		irq_wait_idle();
		return;
	}
	enum vcpu_state runnable = VCPU_RUNNABLE;
	if (!__atomic_compare_exchange_n(&vcpu->state, &runnable, VCPU_IDLE, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return;
	/* What arrived meanwhile finds it idle or is found here (vcpu_wake_if_idle). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (virq_has_pending(vcpu))
		vcpu_wake_if_idle(vcpu);
}

/*
 * The EL2 timer at the earliest event of this CPU: an idle vCPU's deadline, the end of the
 * running vCPU's budget, a throttled or budgeted vCPU's next period; off when there is none.
 */
static void timer_update(struct cpu *cpu)
{
	uint64_t earliest = UINT64_MAX;

	for_each_vcpu_on(cpu->index, vcpu) {
		if (__atomic_load_n(&vcpu->state, __ATOMIC_ACQUIRE) == VCPU_IDLE &&
		    vcpu->wake_deadline < earliest)
			earliest = vcpu->wake_deadline;
		uint64_t event = sched_context_next_event(&vcpu->sched, vcpu == cpu->vcpu);
		if (event < earliest)
			earliest = event;
	}
	if (earliest == UINT64_MAX)
		gtimer_disable(GTIMER_EL2_PHYSICAL);
	else
		gtimer_arm_at(GTIMER_EL2_PHYSICAL, earliest);
}

/*
 * The EL2 timer fired: idle vCPUs of this CPU whose deadline has come run again, the running one
 * is charged (throttled if that spent its budget) and budgets whose period has come are whole.
 */
static void wake_idle_due(struct cpu *cpu)
{
	uint64_t now = gtimer_counter();

	for_each_vcpu_on(cpu->index, vcpu) {
		if (vcpu->wake_deadline <= now)
			vcpu_wake_if_idle(vcpu);
		if (!vcpu->sched.enforced)
			continue;
		if (vcpu == cpu->vcpu)
			sched_context_charge(&vcpu->sched, now);
		sched_context_replenish(&vcpu->sched, now);
		hold_if_throttled(vcpu);
	}
	timer_update(cpu);
}

/* New parameters sched_configure handed over for vCPUs of this CPU, applied by it alone. */
static void apply_requests(struct cpu *cpu)
{
	uint64_t now = gtimer_counter();

	__atomic_store_n(&cpu->sched_pending, false, __ATOMIC_RELAXED);
	for_each_vcpu_on(cpu->index, vcpu) {
		if (!__atomic_exchange_n(&vcpu->has_sched_request, false, __ATOMIC_ACQUIRE))
			continue;
		vcpu->priority = vcpu->request.priority;
		sched_context_set(&vcpu->sched, vcpu->request.budget, vcpu->request.period, now);
		vcpu->sched.budget_us = vcpu->request.budget_us;
		vcpu->sched.period_us = vcpu->request.period_us;
		hold_if_throttled(vcpu);
	}
	timer_update(cpu);
}

/* What interrupts left for this CPU to do before it picks. */
static void take_hazards(struct cpu *cpu)
{
	if (cpu->hazards & CPU_HAZARD_IDLE_DUE)
		wake_idle_due(cpu);
	if (__atomic_load_n(&cpu->sched_pending, __ATOMIC_ACQUIRE))
		apply_requests(cpu);
	/* Before pick walks this CPU's list: no walk is under way while it changes. */
	if (__atomic_load_n(&cpu->reap_pending, __ATOMIC_RELAXED))
		vcpu_reap(cpu);
	cpu->hazards = 0;
}

static void load(struct cpu *cpu, struct vcpu *vcpu)
{
	vcpu_apply_pending(cpu, vcpu, &vcpu->registers);
	vcpu_arch_load(cpu, vcpu);
	/* Its budget runs from now, and the EL2 timer stops it when it is spent. */
	if (vcpu->sched.enforced) {
		vcpu->sched.run_since = gtimer_counter();
		timer_update(cpu);
	}
}

/*
 * With nothing to run, the CPU waits for a vCPU to be started or resumed here, and enters it on a
 * fresh stack. When nothing runs anywhere any more, the machine is done.
 */
static _Noreturn void wait_for_work(struct cpu *cpu)
{
	struct vcpu *next;

	cpu->vcpu = NULL;
	for (;;) {
		take_hazards(cpu);
		virq_release_finished(cpu);
		if ((next = pick(cpu->index)) != NULL)
			break;
		if (partitions_done())
			kernel_power_off();
		irq_wait_idle();
	}
	load(cpu, next);
	vcpu_enter(&next->registers, cpu_stack_top(cpu));
}

void sched_schedule(struct trap_frame *frame)
{
	struct cpu *cpu = cpu_this();
	struct vcpu *current = cpu->vcpu;

	if (cpu->hazards != 0)
		take_hazards(cpu);
	virq_release_finished(cpu);
	struct vcpu *next = pick(cpu->index);

	if (next == current) {
		if (current != NULL) {
			vcpu_apply_pending(cpu, current, frame);
			if (virq_has_pending(current))
				virq_deliver_pending(current);
		}
		return;
	}
	if (current != NULL) {
		current->registers = *frame;
		vcpu_arch_unload(cpu, current);
		if (current->sched.enforced) {
			sched_context_charge(&current->sched, gtimer_counter());
			hold_if_throttled(current);
		}
		/* Idle, it waits for its timers' deadline on the EL2 timer. */
		if (__atomic_load_n(&current->state, __ATOMIC_ACQUIRE) == VCPU_IDLE) {
			current->wake_deadline = vcpu_arch_timer_deadline(current);
			timer_update(cpu);
		} else if (current->sched.enforced) {
			timer_update(cpu);
		}
	}
	if (next == NULL)
		wait_for_work(cpu);
	load(cpu, next);
	/* Off this CPU now, a retiring current may be unlinked (vcpu_retire waits for it). */
	if (__atomic_load_n(&cpu->reap_pending, __ATOMIC_RELAXED))
		vcpu_reap(cpu);
	*frame = next->registers;
}

/* cpu looks again at what it should run: at once if it is this one, else when kicked. */
static void tell_cpu(unsigned cpu)
{
	if (cpu == cpu_this()->index)
		cpu_this()->hazards |= CPU_HAZARD_SCHEDULE;
	else
		cpu_kick(cpu);
}

void sched_configure(struct vcpu *vcpu, const struct sched_request *request)
{
	/*
	 * One configure at a time (the capability lock); one racing the CPU's copy leaves the flag
	 * set again, and that CPU copies the whole of it at its next pass.
	 */
	vcpu->request = *request;
	__atomic_store_n(&vcpu->has_sched_request, true, __ATOMIC_RELEASE);
	unsigned cpu = __atomic_load_n(&vcpu->cpu, __ATOMIC_ACQUIRE);
	__atomic_store_n(&machine.cpus[cpu].sched_pending, true, __ATOMIC_RELEASE);
	tell_cpu(cpu);
}

void sched_set_paused(struct vcpu *vcpu, bool paused)
{
	vcpu_hold(vcpu, VCPU_HELD_PAUSED, paused);
	tell_cpu(__atomic_load_n(&vcpu->cpu, __ATOMIC_ACQUIRE));
}

void sched_return(struct cpu *cpu, struct trap_frame *frame)
{
	if (cpu->hazards != 0)
		sched_schedule(frame);
	else if (cpu->vcpu != NULL && virq_has_pending(cpu->vcpu))
		virq_deliver_pending(cpu->vcpu);
}

_Noreturn void sched_start_cpu(void)
{
	vcpu_context_init_cpu();
	wait_for_work(cpu_this());
}
