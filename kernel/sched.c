/* SPDX-License-Identifier: Apache-2.0 */
#include "sched.h"
#include "hand_off.h"
#include "irq.h"
#include "machine.h"
#include "partition.h"
#include "power.h"
#include "resume.h"
#include "run_queue.h"
#include "sched_context.h"
#include "timed_queue.h"
#include "vcpu.h"
#include "vcpu_switch.h"
#include "virq.h"

#include "gtimer.h"

void sched_wait_for_interrupt(struct vcpu *vcpu)
{
	if (virq_any_pending(vcpu)) {
		virq_deliver_pending(vcpu);
		return;
	}
	/* Not with a budget: the time it waited loaded would be charged to it as run time. */
	if (!vcpu->sched.enforced && !run_queue_has_other(&machine.cpus[vcpu->cpu].ready,
							  vcpu->queued)) {
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
 * What a vCPU needs the EL2 timer for: an enforced one's next period, loaded or not (throttled, it
 * may run again then; with budget left, its budget is whole again then, as a deferrable server's
 * is at each period's start); an idle one off its CPU (idle: the caller read its state once for
 * the whole pass), its deadline. An enforced vCPU's entry thus stays where it is from one period
 * to the next, whatever switches it in and out.
 */
static inline __attribute__((always_inline)) uint64_t timed_event(const struct vcpu *vcpu,
								   bool idle)
{
	uint64_t at = idle ? vcpu->wake_deadline : UINT64_MAX;

	if (vcpu->sched.enforced && vcpu->sched.replenish_at < at)
		at = vcpu->sched.replenish_at;
	return at;
}

/*
 * vcpu's entry in its CPU's timed queue where timed_event puts it, moved only if that changed;
 * true when it did, which changes when the EL2 timer is due.
 */
static inline __attribute__((always_inline)) bool retime(struct cpu *cpu, struct vcpu *vcpu,
							 bool idle)
{
	uint64_t at = timed_event(vcpu, idle);

	if (vcpu->timed ? vcpu->timed_at == at : at == UINT64_MAX)
		return false;
	if (at == UINT64_MAX)
		timed_queue_remove(cpu, vcpu);
	else
		timed_queue_add(cpu, vcpu, at);
	return true;
}

/* Idle and not loaded on cpu: its entry in the timed queue is its deadline. */
static inline __attribute__((always_inline)) bool idle_off_cpu(const struct cpu *cpu,
							       const struct vcpu *vcpu)
{
	return vcpu != cpu->vcpu && __atomic_load_n(&vcpu->state, __ATOMIC_ACQUIRE) == VCPU_IDLE;
}

/*
 * The EL2 timer at the earliest event of this CPU: the head of its timed queue or the running
 * vCPU's budget event (its budget's end or its next period); off when there is none. Inline, as
 * load, retime and timed_event: every switch takes them.
 */
static inline __attribute__((always_inline)) void timer_update(struct cpu *cpu,
								const struct vcpu *running)
{
	uint64_t earliest = timed_queue_first_at(cpu);

	if (running != NULL) {
		uint64_t event = sched_context_next_event(&running->sched, true);
		if (event < earliest)
			earliest = event;
	}
	if (earliest == UINT64_MAX)
		gtimer_disable(GTIMER_EL2_PHYSICAL);
	else
		gtimer_arm_at(GTIMER_EL2_PHYSICAL, earliest);
}

/*
 * The EL2 timer fired: the running vCPU is charged (throttled if that spent its budget, whole
 * again if its period has come), and the timed queue's due entries are done: idle vCPUs whose
 * deadline has come run again, enforced ones whose period has come are whole. An entry left
 * stale by a wake-up from another CPU finds nothing to do, or what is left for later.
 */
static inline __attribute__((always_inline)) void take_timed_due(struct cpu *cpu,
								     uint64_t now)
{
	/* A context lent a guest's turn runs on the guest's budget (hand_off.h). */
	struct vcpu *running = cpu->vcpu != NULL ? vcpu_turn(cpu->vcpu) : NULL, *vcpu;

	if (running != NULL && running->sched.enforced) {
		if (sched_context_charge(&running->sched, now))
			run_queue_remove(&cpu->ready, running);
		if (sched_context_replenish(&running->sched, now))
			run_queue_update(cpu, running);
	}
	while ((vcpu = timed_queue_take_due(cpu, now)) != NULL) {
		/* Only this CPU makes its vCPUs idle: one that is not needs no atomic exchange. */
		bool woke = __atomic_load_n(&vcpu->state, __ATOMIC_RELAXED) == VCPU_IDLE &&
			    vcpu->wake_deadline <= now;

		if (woke)
			vcpu_wake_if_idle(vcpu);
		if (sched_context_replenish(&vcpu->sched, now) || woke)
			run_queue_update(cpu, vcpu);
		retime(cpu, vcpu, idle_off_cpu(cpu, vcpu));
	}
}

/* New parameters sched_configure handed over for vCPUs of this CPU, applied by it alone. */
static void apply_requests(struct cpu *cpu, uint64_t now)
{
	__atomic_store_n(&cpu->sched_pending, false, __ATOMIC_RELAXED);
	for_each_vcpu_on(cpu->index, vcpu) {
		if (!__atomic_exchange_n(&vcpu->has_sched_request, false, __ATOMIC_ACQUIRE))
			continue;
		/* A new priority is a new place in the queue. */
		run_queue_remove(&cpu->ready, vcpu);
		vcpu->priority = vcpu->request.priority;
		sched_context_set(&vcpu->sched, vcpu->request.budget, vcpu->request.period, now);
		vcpu->sched.budget_us = vcpu->request.budget_us;
		vcpu->sched.period_us = vcpu->request.period_us;
		run_queue_update(cpu, vcpu);
	}
	/*
	 * A budget configured now, or an idle deadline or period that a vCPU vcpu_reap moved here
	 * brought (sched_pending came with it), has its place in this CPU's timed queue; this walk
	 * is here already.
	 */
	for_each_vcpu_on(cpu->index, vcpu)
		retime(cpu, vcpu, idle_off_cpu(cpu, vcpu));
}

/*
 * What another CPU or a kick left for this one, rare beside the EL2 timer: new parameters, a vCPU
 * to reap, a look at every vCPU bound here. True when that changed an event of the EL2 timer.
 */
static bool take_requests(struct cpu *cpu, uint64_t now)
{
	bool timer_changed = false;

	if (__atomic_load_n(&cpu->sched_pending, __ATOMIC_ACQUIRE)) {
		apply_requests(cpu, now);
		timer_changed = true;
	}
	/* No walk of this CPU's list is under way while it changes. */
	if (__atomic_load_n(&cpu->reap_pending, __ATOMIC_RELAXED))
		vcpu_reap(cpu);
	if (cpu->hazards & CPU_HAZARD_REQUEUE)
		run_queue_refresh(cpu);
	return timer_changed;
}

/*
 * What interrupts left for this CPU to do before it picks. True when that changed an event of the
 * EL2 timer: the caller sets it once, when the pass has settled who runs (timer_update). Inline
 * in the switch, with the EL2 timer's due events, which every budget switch takes: only the rest
 * is a call.
 */
static inline __attribute__((always_inline)) bool take_hazards(struct cpu *cpu, uint64_t now)
{
	bool timer_changed = false;

	if (cpu->hazards & CPU_HAZARD_TIMED_DUE) {
		take_timed_due(cpu, now);
		timer_changed = true;
	}
	if (__atomic_load_n(&cpu->sched_pending, __ATOMIC_RELAXED) ||
	    __atomic_load_n(&cpu->reap_pending, __ATOMIC_RELAXED) ||
	    (cpu->hazards & CPU_HAZARD_REQUEUE))
		timer_changed |= take_requests(cpu, now);
	cpu->hazards = 0;
	return timer_changed;
}

/* wait_for_work's take_hazards: a call, the switch's own copy being the one inlined. */
static bool take_hazards_waiting(struct cpu *cpu, uint64_t now)
{
	return take_hazards(cpu, now);
}

/*
 * Its budget runs from now, and the EL2 timer (set by the caller) stops it when it is spent. Its
 * entry in the timed queue keeps only its next period: its idle deadline, if it had one, was its
 * timers', which run with it now. True when that moved the entry, which changes when the EL2
 * timer is due. What the CPU executes is executing: vcpu, or the context it is lent to.
 */
static inline __attribute__((always_inline)) bool load(struct cpu *cpu, struct vcpu *vcpu,
							 struct vcpu *executing, uint64_t now)
{
	bool timed = retime(cpu, vcpu, false);

	vcpu_apply_pending(cpu, executing, &executing->registers);
	vcpu_arch_load(cpu, executing);
	if (vcpu->sched.enforced)
		vcpu->sched.run_since = now;
	return timed;
}

/*
 * With nothing to run, the CPU waits for a vCPU to be started or resumed here, and enters it on a
 * fresh stack. When nothing runs anywhere any more, the machine is done.
 */
static _Noreturn void wait_for_work(struct cpu *cpu, bool timer_changed)
{
	struct vcpu *next;

	cpu->vcpu = NULL;
	for (;;) {
		timer_changed |= take_hazards_waiting(cpu, gtimer_counter());
		virq_release_finished(cpu);
		if ((next = run_queue_first(&cpu->ready)) != NULL)
			break;
		if (partitions_done())
			kernel_power_off();
		if (timer_changed)
			timer_update(cpu, NULL);
		timer_changed = false;
		irq_wait_idle();
	}
	struct vcpu *executing = vcpu_executing(next);
	timer_changed |= load(cpu, next, executing, gtimer_counter());
	if (timer_changed || next->sched.enforced)
		timer_update(cpu, next);
	vcpu_enter(&executing->registers, cpu_stack_top(cpu));
}

void sched_schedule(struct trap_frame *frame)
{
	struct cpu *cpu = cpu_this();
	/* The vCPU whose turn it is: what the CPU executes, or the guest that lent it its turn. */
	struct vcpu *executing = cpu->vcpu, *current = executing;
	/* One reading for the pass: the time it takes is charged to the vCPU it loads. */
	uint64_t now = gtimer_counter();
	bool timer_changed = cpu->hazards != 0 && take_hazards(cpu, now);

	if (executing != NULL && executing->lender != NULL)
		current = hand_off_settle(cpu, executing);
	virq_release_finished(cpu);
	/*
	 * The running vCPU's own WFI, exit or stop: the one change of a queued vCPU that nothing
	 * told the queue of. Its holds and its partition's stop come through vcpu_notify_cpu or a
	 * kick, its budget through its charge and replenishment.
	 */
	enum vcpu_state state = VCPU_RUNNABLE;

	if (current != NULL) {
		/*
		 * Read once for the pass: a wake-up from another CPU after it comes with a kick, and
		 * leaves at most a stale timed entry behind (timed_queue.h).
		 */
		state = __atomic_load_n(&current->state, __ATOMIC_ACQUIRE);
		if (current->queued && state != VCPU_RUNNABLE)
			run_queue_remove(&cpu->ready, current);
	}
	struct vcpu *next = run_queue_first(&cpu->ready);

	if (next == current) {
		if (timer_changed)
			timer_update(cpu, current);
		if (executing != NULL) {
			vcpu_apply_pending(cpu, executing, frame);
			if (virq_has_pending(executing))
				virq_deliver_pending(executing);
		}
		return;
	}
	if (current != NULL) {
		vcpu_arch_unload(cpu, executing);
		/* Enforced, it had the EL2 timer set for its budget's end: not the next one's. */
		if (current->sched.enforced) {
			if (sched_context_charge(&current->sched, now))
				run_queue_remove(&cpu->ready, current);
			timer_changed = true;
		}
		/* Idle, it waits for its timers' deadline on the EL2 timer; enforced, its period. */
		if (state == VCPU_IDLE)
			current->wake_deadline = vcpu_arch_timer_deadline(current);
		timer_changed |= retime(cpu, current, state == VCPU_IDLE);
	}
	if (next == NULL)
		wait_for_work(cpu, timer_changed);
	executing = vcpu_executing(next);
	timer_changed |= load(cpu, next, executing, now);
	if (timer_changed || next->sched.enforced)
		timer_update(cpu, next);
	/* Off this CPU now, a retiring current may be unlinked (vcpu_retire waits for it). */
	if (__atomic_load_n(&cpu->reap_pending, __ATOMIC_RELAXED))
		vcpu_reap(cpu);
	vcpu_enter_switched(&executing->registers, cpu_stack_top(cpu));
	/*
	 * Keeps the entry from being a tail call, which would first restore this function's
	 * callee-saved registers, for nothing: on the target it never returns (it is declared
	 * returning for the host tests' fake).
	 */
	__asm__ volatile("" ::: "memory");
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
	vcpu_notify_cpu(vcpu);
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
	struct cpu *cpu = cpu_this();

	vcpu_context_init_cpu();
	/* What other CPUs bound and started here before this one ran. */
	cpu->hazards |= CPU_HAZARD_REQUEUE;
	wait_for_work(cpu, false);
}
