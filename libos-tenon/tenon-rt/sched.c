/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The scheduler (the paper's Algorithm 1, with O(1) selection): the running thread is not in the
 * ready queue; a switch happens when a strictly more urgent thread is ready and the running thread
 * has not locked preemption, or when it blocks, or when it yields / its slice ends and an equal is
 * ready. Inside an interrupt handler the decision is only recorded (need_resched) and carried out
 * by the interrupt's exit (tenon_interrupt_exit_work), after the end-of-interrupt, so the
 * preempted thread keeps its trap frame on its own stack and resumes through the same IRQ return
 * path when it is picked again.
 *
 * SMP (TENON_SMP_CPUS > 1): each CPU runs this algorithm on its own ready queue; a thread is queued
 * on the CPU it belongs to (thread->cpu), and waking one for another CPU that outranks what runs
 * there sets that CPU's need_resched and sends it the reschedule SGI, whose interrupt exit
 * switches. Everything runs under the kernel lock (rt_internal.h), held across the switch.
 */
#include "rt_internal.h"

struct tenon_cpu tenon_cpus[CONFIG_TENON_SMP_CPUS];
#if CONFIG_TENON_SMP_CPUS > 1
const uint64_t tenon_cpu_stride = sizeof(struct tenon_cpu);
#endif
#if CONFIG_TENON_SMP_CPUS > 1
struct tenon_kernel_lock tenon_kernel_lock_state = {SPINLOCK_INIT, -1, 0};
#endif

static struct tenon_thread *thread_of(struct tenon_list *node)
{
	return TENON_CONTAINER_OF(node, struct tenon_thread, queue_node);
}

static __attribute__((noinline)) void reprogram_and_switch(struct tenon_cpu *cpu,
							  struct tenon_thread *previous,
							  struct tenon_thread *next)
{
	tenon_time_reprogram(cpu);
	tenon_arch_context_switch(&previous->context, &next->context);
}

/* Inline in both its callers, and ending in a tail call either way: the yield's fast path then
 * builds no stack frame. */
static inline __attribute__((always_inline)) void
switch_to(struct tenon_cpu *cpu, struct tenon_thread *previous, struct tenon_thread *next)
{
	next->state = TENON_THREAD_RUNNING;
	cpu->current = next;
	cpu->context_switches++;
	if (tenon_time_slice_restart(cpu))
		reprogram_and_switch(cpu, previous, next);
	else
		tenon_arch_context_switch(&previous->context, &next->context);
}

void tenon_sched_run(struct tenon_cpu *cpu)
{
	struct tenon_thread *previous = cpu->current;

	if (cpu->irq_nesting > 0) {
		cpu->need_resched = true;
		return;
	}
	bool runnable = previous->state == TENON_THREAD_RUNNING;
	bool rotate = cpu->rotate;
	if (runnable && previous->preempt_lock > 0 && !rotate) {
		cpu->need_resched = true;
		return;
	}
	cpu->need_resched = false;
	cpu->rotate = false;
#if CONFIG_TENON_SMP_CPUS > 1
	/*
	 * Moved to another CPU (tenon_thread_set_cpu) or suspended from another CPU while it ran
	 * here: it leaves now, to its CPU's ready queue or suspended. That CPU cannot pick it before
	 * the switch below has saved it: the kernel lock is held across the switch.
	 */
	if (runnable && previous != cpu->idle &&
	    (previous->cpu != cpu || previous->suspend_requested)) {
		tenon_sched_make_ready(previous);
		runnable = false;
	}
#endif
	int top = tenon_readyq_highest(&cpu->ready);
	if (runnable) {
		if (top < 0)
			return;
		if (previous == cpu->idle) {
			previous->state = TENON_THREAD_READY;
		} else {
			if ((unsigned)top > previous->priority ||
			    ((unsigned)top == previous->priority && !rotate))
				return;
			previous->state = TENON_THREAD_READY;
			if (rotate)
				tenon_readyq_push_back(&cpu->ready, &previous->queue_node,
						       previous->priority);
			else
				tenon_readyq_push_front(&cpu->ready, &previous->queue_node,
							previous->priority);
		}
	}
	/* Whatever went back to the queue above is no more urgent than top: top is still first. */
	struct tenon_thread *next =
		top >= 0 ? thread_of(tenon_readyq_pop_at(&cpu->ready, (unsigned)top)) : cpu->idle;
	if (next == previous) {
		next->state = TENON_THREAD_RUNNING;
		return;
	}
	switch_to(cpu, previous, next);
}

void tenon_sched_yield(struct tenon_cpu *cpu)
{
	struct tenon_thread *previous = cpu->current;
	unsigned priority = previous->priority;

	/*
	 * The common case: nothing more urgent is ready and an equal waits. The running thread
	 * goes behind its equals and the first of them runs; that priority's list stays non-empty,
	 * so the bitmap is left as it is. Anything else (idle, nothing to rotate with, a thread
	 * leaving for another CPU or suspended from one) takes the general path.
	 */
	if (tenon_readyq_highest(&cpu->ready) == (int)priority && previous != cpu->idle &&
	    previous->state == TENON_THREAD_RUNNING
#if CONFIG_TENON_SMP_CPUS > 1
	    && previous->cpu == cpu && !previous->suspend_requested
#endif
	) {
		struct tenon_list *list = &cpu->ready.lists[priority];
		struct tenon_list *node = list->next;

		tenon_list_remove(node);
		tenon_list_push_back(list, &previous->queue_node);
		previous->state = TENON_THREAD_READY;
		/* This switch is the one a pending reschedule or slice end asked for. */
		cpu->need_resched = false;
		cpu->rotate = false;
		switch_to(cpu, previous, thread_of(node));
		return;
	}
	cpu->rotate = true;
	tenon_sched_run(cpu);
	/* Maybe on another CPU by now (moved while switched out). */
	tenon_this_cpu()->rotate = false;
}

enum tenon_status tenon_sched_may_block(void)
{
	struct tenon_cpu *cpu = tenon_this_cpu();

	if (cpu->irq_nesting > 0)
		return TENON_ERR_IN_INTERRUPT;
	/* Before tenon_kernel_init there is no thread to block. */
	if (cpu->current == NULL || cpu->current == cpu->idle)
		return TENON_ERR_STATE;
	return TENON_OK;
}

static void timeout_expired(struct tenon_timer *timer, void *arg)
{
	(void)timer;
	struct tenon_thread *thread = arg;

	if (thread->state != TENON_THREAD_BLOCKED)
		return;
	/* A plain sleep has no queue: its "timeout" is the wake-up it asked for. */
	enum tenon_status status = thread->waiting_on != NULL ? TENON_ERR_TIMEOUT : TENON_OK;
	tenon_pi_withdraw(thread);
	tenon_sched_wake(thread, status);
}

enum tenon_status tenon_sched_block(struct tenon_waitq *queue, uint64_t deadline)
{
	struct tenon_cpu *cpu = tenon_this_cpu();
	struct tenon_thread *self = cpu->current;

	self->state = TENON_THREAD_BLOCKED;
	self->wait_status = TENON_OK;
	if (queue != NULL && self->waiting_on == NULL)
		tenon_waitq_insert(queue, self);
	if (deadline != UINT64_MAX) {
		tenon_timer_reset(&self->timeout, timeout_expired, self);
		if (!tenon_timer_arm(cpu, &self->timeout, deadline)) {
			if (self->blocked_on_mutex != NULL)
				tenon_pi_withdraw(self);
			tenon_waitq_remove(self);
			self->state = TENON_THREAD_RUNNING;
			return TENON_ERR_NO_SPACE;
		}
	}
	tenon_sched_run(cpu);
	return self->wait_status;
}

void tenon_sched_wake(struct tenon_thread *thread, enum tenon_status status)
{
	if (thread->state != TENON_THREAD_BLOCKED)
		return;
	tenon_waitq_remove(thread);
	tenon_timer_disarm(thread->cpu, &thread->timeout);
	thread->wait_status = status;
	tenon_sched_make_ready(thread);
}

void tenon_sched_lock(void)
{
	uint64_t saved = tenon_lock();

	tenon_this_cpu()->current->preempt_lock++;
	tenon_unlock(saved);
}

void tenon_sched_unlock(void)
{
	uint64_t saved = tenon_lock();
	struct tenon_thread *self = tenon_this_cpu()->current;

	if (self->preempt_lock > 0 && --self->preempt_lock == 0)
		tenon_sched_preempt_point();
	tenon_unlock(saved);
}

void tenon_reschedule_interrupt(void)
{
	uint64_t saved = tenon_lock();
	struct tenon_cpu *cpu = tenon_this_cpu();

	/* The sender set need_resched before it sent this SGI, but this CPU's interrupt exit writes
	 * the interrupt word whole (tenon_irq_layout.h) and may have lost that store: set it again;
	 * the exit acts on it. What the sender could not do from its CPU is program this CPU's
	 * comparator for a slice end it made relevant. */
	cpu->need_resched = true;
	tenon_time_reprogram(cpu);
	tenon_unlock(saved);
}

uint64_t tenon_sched_context_switches(void)
{
#if CONFIG_TENON_SMP_CPUS > 1
	uint64_t total = 0;

	for (unsigned i = 0; i < CONFIG_TENON_SMP_CPUS; i++)
		total += __atomic_load_n(&tenon_cpus[i].context_switches, __ATOMIC_RELAXED);
	return total;
#else
	return __atomic_load_n(&tenon_this_cpu()->context_switches, __ATOMIC_RELAXED);
#endif
}
