/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interrupt context: nesting depth, its bound, and deferred work.
 *
 * Nesting itself is the interrupt controller's: once a handler's interrupt is acknowledged, the
 * GIC's running priority is that interrupt's priority and only an interrupt of higher group
 * priority is signalled to the CPU (GICv3 spec IHI 0069, 4.8 "Preemption"), so unmasking PSTATE.I
 * in the handler lets exactly the more urgent interrupts in; an equal or less urgent one stays
 * pending until the end-of-interrupt drops the priority. The architecture's interrupt entry counts
 * the depth, bounds it and ends the interrupt itself, as tenon_arch.h ("Interrupt entry") asks;
 * tenon-rt keeps scheduling decisions until the outermost exit and does that exit's work.
 *
 * Deferred work runs with irq_nesting held at 1: an interrupt taken meanwhile nests above it
 * (depth 2) and its exit neither runs the queue again nor switches threads; the loop below picks
 * up what it queued.
 */
#include "rt_internal.h"

/* Called and returns with interrupts masked; unmask says whether the work may be interrupted. */
static void run_deferred(struct tenon_cpu *cpu, bool unmask)
{
	for (struct tenon_deferred *item; (item = tenon_deferq_pop(&cpu->deferred)) != NULL;) {
		if (unmask)
			tenon_arch_irq_enable();
		item->work(item->arg);
		tenon_arch_irq_save();
	}
}

/* The outermost exit's switch: if a more urgent thread became ready, it preempts. */
static inline void switch_if_needed(struct tenon_cpu *cpu)
{
#if CONFIG_TENON_SMP_CPUS > 1
	/*
	 * need_resched may be another CPU's doing (then it sent the SGI we are in): act on it, and
	 * switch, under the kernel lock. The architecture's first look without the lock spares
	 * taking it on every exit: a flag another CPU sets just after that look comes with its
	 * reschedule SGI, which is taken as soon as this exit returns and looks again.
	 */
	if (cpu->current != NULL && __atomic_load_n(&cpu->need_resched, __ATOMIC_RELAXED)) {
		uint64_t saved = tenon_lock();
		if (cpu->need_resched)
			tenon_sched_run(cpu);
		tenon_unlock(saved);
	}
#else
	if (cpu->need_resched && cpu->current != NULL)
		tenon_sched_run(cpu);
#endif
}

/* Deferred work at the outermost exit, as one level of interrupt context, unmasked if a second
 * level is allowed at all; then the switch. Out of line, so that an exit that only switches
 * builds no frame. */
static __attribute__((noinline)) void deferred_then_switch(struct tenon_cpu *cpu)
{
	cpu->irq_nesting = 1;
	run_deferred(cpu, CONFIG_TENON_IRQ_MAX_NESTING > 1);
	cpu->irq_nesting = 0;
	switch_if_needed(cpu);
}

/*
 * The outermost exit with work to do (tenon_arch.h, "Interrupt entry"): the end-of-interrupt is
 * done and irq_nesting is 0. Deferred work runs first; then a more urgent thread that became ready
 * preempts. The interrupted thread's frame stays on its own stack and it resumes through the
 * architecture's exit when it is picked again.
 */
void tenon_interrupt_exit_work(struct tenon_cpu *cpu)
{
	if (!tenon_deferq_empty(&cpu->deferred))
		deferred_then_switch(cpu);
	else
		switch_if_needed(cpu);
}

/* With several CPUs a thread could move between reading the CPU's index and its state: the
 * queries below read with interrupts masked. */
bool tenon_in_interrupt(void)
{
#if CONFIG_TENON_SMP_CPUS > 1
	uint64_t saved = tenon_arch_irq_save();
	bool inside = tenon_this_cpu()->irq_nesting > 0;

	tenon_arch_irq_restore(saved);
	return inside;
#else
	return tenon_this_cpu()->irq_nesting > 0;
#endif
}

unsigned tenon_interrupt_depth(void)
{
#if CONFIG_TENON_SMP_CPUS > 1
	uint64_t saved = tenon_arch_irq_save();
	unsigned depth = tenon_this_cpu()->irq_nesting;

	tenon_arch_irq_restore(saved);
	return depth;
#else
	return __atomic_load_n(&tenon_this_cpu()->irq_nesting, __ATOMIC_RELAXED);
#endif
}

enum tenon_status tenon_deferred_queue(struct tenon_deferred *item)
{
	if (item == NULL || item->work == NULL)
		return TENON_ERR_INVALID;
	uint64_t saved = tenon_arch_irq_save();
	struct tenon_cpu *cpu = tenon_this_cpu();

	tenon_deferq_push(&cpu->deferred, item);
	/* From a thread there is no interrupt exit to wait for: run the queue now, as interrupt
	 * context so that the work cannot block, and let a thread it woke preempt the caller. */
	if (cpu->irq_nesting == 0 && cpu->current != NULL) {
		cpu->irq_nesting = 1;
		run_deferred(cpu, tenon_arch_irq_was_enabled(saved) && CONFIG_TENON_IRQ_MAX_NESTING > 1);
		cpu->irq_nesting = 0;
#if CONFIG_TENON_SMP_CPUS > 1
		/* The deferred queue is this CPU's alone (interrupts masked suffice); the ready
		 * queues are shared. */
		uint64_t locked = tenon_lock();
		tenon_sched_preempt_point();
		tenon_unlock(locked);
#else
		tenon_sched_preempt_point();
#endif
	} else {
		/* The outermost interrupt exit looks at need_resched alone; relaxed, as another CPU
		 * may set it at the same time. */
		__atomic_store_n(&cpu->need_resched, true, __ATOMIC_RELAXED);
	}
	tenon_arch_irq_restore(saved);
	return TENON_OK;
}
