/* SPDX-License-Identifier: Apache-2.0 */
/* tenon-rt's parts among themselves. All of it runs with interrupts masked. */
#ifndef TENON_RT_INTERNAL_H
#define TENON_RT_INTERNAL_H

#include <stddef.h>

#include "tenon_irq_layout.h"
#include "tenon_rt.h"

/*
 * Everything the scheduler keeps per CPU: one instance per CPU, found through
 * tenon_arch_cpu_index() (TPIDR_EL1 on AArch64). Only the owning CPU touches irq_nesting and
 * deferred (with interrupts masked); the rest is shared under the kernel lock. The timer heap is
 * per CPU because the clock interrupt and its comparator are (the EL1 virtual timer is a PPI,
 * one per CPU, Arm ARM D11.2): a CPU only ever programs its own comparator, so a timer or a
 * timeout fires on the CPU that armed it.
 */
struct tenon_cpu {
	struct tenon_thread *current;
	/* One word, where the architecture's interrupt entry finds it (tenon_irq_layout.h). */
	uint16_t irq_nesting; /* handlers stacked, deferred work counting as one */
	/* The next preemption point or outermost interrupt exit must look: a thread may have
	 * become more urgent, or (exit only) deferred work is queued. */
	bool need_resched;
	bool rotate; /* the next switch sends current behind its equals (yield, slice end) */
	struct tenon_thread *idle;
	struct tenon_readyq ready;
	struct tenon_timer_heap timers;
	struct tenon_deferq deferred;
	uint64_t slice_end; /* clock value; UINT64_MAX = no slice running */
	uint64_t clock_deadline; /* tickless: what the comparator was last set to */
	uint64_t context_switches;
	uint64_t time_origin; /* clock at tenon_time_start */
	uint64_t next_tick; /* periodic mode: the next tick's deadline */
#if CONFIG_TENON_SMP_CPUS > 1
	unsigned index;
	bool online;
#endif
};

_Static_assert(offsetof(struct tenon_cpu, irq_nesting) == TENON_CPU_IRQ_NESTING &&
		       offsetof(struct tenon_cpu, need_resched) == TENON_CPU_IRQ_NESTING + 2 &&
		       offsetof(struct tenon_cpu, rotate) == TENON_CPU_IRQ_NESTING + 3 &&
		       sizeof(bool) == 1,
	       "tenon_irq_layout.h: the interrupt word");

extern struct tenon_cpu tenon_cpus[CONFIG_TENON_SMP_CPUS];
#if CONFIG_TENON_SMP_CPUS > 1
/* sizeof(struct tenon_cpu), for the architecture's interrupt entry: it finds this CPU's entry by
 * its index. */
extern const uint64_t tenon_cpu_stride;
#endif

static inline struct tenon_cpu *tenon_this_cpu(void)
{
#if CONFIG_TENON_SMP_CPUS > 1
	return &tenon_cpus[tenon_arch_cpu_index()];
#else
	return &tenon_cpus[0];
#endif
}

/*
 * The kernel lock. With one CPU, masking interrupts is all the exclusion there is to have. With
 * more, one spinlock guards every scheduler, synchronisation and timer structure, taken with
 * interrupts masked. One lock rather than one per ready queue or object, as Zephyr's global
 * scheduler lock: a wake-up touches a wait queue, a timer heap and another CPU's ready queue in
 * one step, and with one lock there is no lock order to get wrong and the longest wait for it is
 * bounded by the longest kernel section (all O(1) or bounded: O(log n) heaps, PI chains of at
 * most TENON_MUTEX_MAX_CHAIN) times the other CPUs, which stay few on the machines Tenon targets;
 * the ticket lock (libs/sync) serves them first come, first served, so none starves.
 *
 * It nests on the CPU that holds it (owner and depth), because a timer callback runs under it
 * and may call tenon_sem_give and the like. It is held across a context switch: the switching
 * thread takes it and the thread switched to releases it on its way out of the kernel (a new
 * thread in its first code), so no other CPU sees a thread half saved. Switches happen at depth 1
 * only (in thread context or the outermost interrupt exit, never inside a nested section).
 */
#if CONFIG_TENON_SMP_CPUS > 1
#include "sync.h"

struct tenon_kernel_lock {
	struct spinlock ticket;
	int owner; /* CPU index, -1 when free */
	unsigned depth;
};

extern struct tenon_kernel_lock tenon_kernel_lock_state;

static inline uint64_t tenon_lock(void)
{
	uint64_t saved = tenon_arch_irq_save();
	int self = (int)tenon_arch_cpu_index();

	/* Only this CPU can have stored its own index, so a stale read cannot match. */
	if (__atomic_load_n(&tenon_kernel_lock_state.owner, __ATOMIC_RELAXED) == self) {
		tenon_kernel_lock_state.depth++;
		return saved;
	}
	spin_lock(&tenon_kernel_lock_state.ticket);
	__atomic_store_n(&tenon_kernel_lock_state.owner, self, __ATOMIC_RELAXED);
	tenon_kernel_lock_state.depth = 1;
	return saved;
}

/* Leaves the lock, interrupts still masked. */
static inline void tenon_lock_release(void)
{
	if (--tenon_kernel_lock_state.depth == 0) {
		__atomic_store_n(&tenon_kernel_lock_state.owner, -1, __ATOMIC_RELAXED);
		spin_unlock(&tenon_kernel_lock_state.ticket);
	}
}

static inline void tenon_unlock(uint64_t saved)
{
	tenon_lock_release();
	tenon_arch_irq_restore(saved);
}
#else
static inline uint64_t tenon_lock(void)
{
	return tenon_arch_irq_save();
}

static inline void tenon_lock_release(void)
{
}

static inline void tenon_unlock(uint64_t saved)
{
	tenon_arch_irq_restore(saved);
}
#endif

/* cpu must reschedule at its next preemption point; another CPU is sent the reschedule SGI. */
static inline void tenon_sched_resched(struct tenon_cpu *cpu)
{
	cpu->need_resched = true;
#if CONFIG_TENON_SMP_CPUS > 1
	if (cpu != tenon_this_cpu())
		tenon_arch_cpu_kick(cpu->index);
#endif
}

/* waitq.c */
void tenon_waitq_init(struct tenon_waitq *queue);
void tenon_waitq_insert(struct tenon_waitq *queue, struct tenon_thread *thread);
void tenon_waitq_remove(struct tenon_thread *thread);
struct tenon_thread *tenon_waitq_first(const struct tenon_waitq *queue);
/* Moves a waiter whose priority changed to its new place. */
void tenon_waitq_reposition(struct tenon_thread *thread);

/* pi.c: priority inheritance bookkeeping (portable, host-tested). */
void tenon_thread_apply_priority(struct tenon_thread *thread, unsigned priority);
/* The priority thread should run at: its base, or the most urgent waiter of an inheriting mutex
 * it holds. */
unsigned tenon_pi_wanted_priority(const struct tenon_thread *thread);
/* Whether waiter may block on mutex: TENON_ERR_DEADLOCK, TENON_ERR_CHAIN_TOO_DEEP or TENON_OK. */
enum tenon_status tenon_pi_check_block(const struct tenon_thread *waiter,
				       const struct tenon_mutex *mutex);
/* Queues waiter on mutex and raises the owner chain. */
void tenon_pi_block(struct tenon_thread *waiter, struct tenon_mutex *mutex);
/* Takes waiter off the mutex it waits for (timeout) and lowers the owner chain again. */
void tenon_pi_withdraw(struct tenon_thread *waiter);
/* owner now holds mutex. */
void tenon_pi_take(struct tenon_thread *owner, struct tenon_mutex *mutex);
/* The owner lets go: restores its priority, hands mutex to the most urgent waiter (returned,
 * already owner, not yet made ready) or leaves it free (NULL). */
struct tenon_thread *tenon_pi_release(struct tenon_mutex *mutex);
/* Re-derives thread's priority and follows the chain of owners it affects (bounded). */
void tenon_pi_refresh(struct tenon_thread *thread);

/* sched.c */
/* Blocks the current thread on queue (NULL: just sleep) until woken or deadline (clock value,
 * UINT64_MAX = none); returns the wait status. */
enum tenon_status tenon_sched_block(struct tenon_waitq *queue, uint64_t deadline);
/* Ends a blocked thread's wait with status (off its wait queue, timeout cancelled). */
void tenon_sched_wake(struct tenon_thread *thread, enum tenon_status status);
void tenon_sched_run(struct tenon_cpu *cpu);
/* Switches if a more urgent thread is ready (deferred to interrupt exit inside a handler). Inline:
 * every call that may wake a thread ends here. */
static inline void tenon_sched_preempt_point(void)
{
	struct tenon_cpu *cpu = tenon_this_cpu();

	if (cpu->need_resched)
		tenon_sched_run(cpu);
}
/* The running thread goes behind its equals (thread context only). */
void tenon_sched_yield(struct tenon_cpu *cpu);
/* May the caller block? TENON_ERR_IN_INTERRUPT if not. */
enum tenon_status tenon_sched_may_block(void);

/* timer.c */
/* Clock value ns from now, saturating; UINT64_MAX for TENON_WAIT_FOREVER. */
uint64_t tenon_time_deadline_after(uint64_t ns);
/* Clock value at which tenon_time_now_ns() reads time_ns, saturating at UINT64_MAX - 1. */
uint64_t tenon_time_deadline_at(uint64_t time_ns);
bool tenon_timer_arm(struct tenon_cpu *cpu, struct tenon_timer *timer, uint64_t deadline);
/* Takes timer out of whichever CPU's heap holds it (cpu's tried first); false if none. */
bool tenon_timer_disarm(struct tenon_cpu *cpu, struct tenon_timer *timer);
/* Tickless: programs the clock for the earliest deadline; periodic: nothing. */
void tenon_time_reprogram(struct tenon_cpu *cpu);
/* The round-robin slice in clock counts, set once the clock's rate is known. */
extern uint64_t tenon_time_slice_counts;

/*
 * Starts a new slice for cpu->current. Inline: every switch does it. Returns whether the caller
 * must call tenon_time_reprogram for it (left to the caller, so that a switch can keep its
 * common path free of calls). Tickless: the comparator needs moving only when it would fire
 * after the new end. One set for an earlier end (the last slice's) fires early, finds nothing
 * due and reprograms (tenon_time_interrupt): at most one spare interrupt per slice, instead of a
 * comparator write on every switch.
 */
static inline bool tenon_time_slice_restart(struct tenon_cpu *cpu)
{
	if (CONFIG_TENON_TIME_SLICE_US == 0 || cpu->current == cpu->idle) {
		cpu->slice_end = UINT64_MAX;
		return false;
	}
	cpu->slice_end = tenon_arch_clock_now() + tenon_time_slice_counts;
	return TENON_TICKLESS && cpu->clock_deadline > cpu->slice_end &&
	       tenon_readyq_has(&cpu->ready, cpu->current->priority);
}

/* A secondary CPU's clock: the boot CPU's time origin, its own tick or deadline. */
void tenon_time_start_cpu(struct tenon_cpu *cpu);

/* Queues a woken, resumed or new thread on its CPU and marks that CPU for a switch if the thread
 * outranks what runs there. Inline: on every wake-up's path. */
static inline void tenon_sched_make_ready(struct tenon_thread *thread)
{
	struct tenon_cpu *cpu = thread->cpu;

	if (thread->suspend_requested) {
		thread->state = TENON_THREAD_SUSPENDED;
		return;
	}
	thread->state = TENON_THREAD_READY;
	tenon_readyq_push_back(&cpu->ready, &thread->queue_node, thread->priority);
	if (cpu->current == cpu->idle || thread->priority < cpu->current->priority)
		tenon_sched_resched(cpu);
	else if (TENON_TICKLESS && CONFIG_TENON_TIME_SLICE_US != 0 &&
		 thread->priority == cpu->current->priority) {
		/* The running slice now has an end to enforce, on that CPU's own comparator: another
		 * CPU reprograms it from the reschedule interrupt. */
#if CONFIG_TENON_SMP_CPUS > 1
		if (cpu != tenon_this_cpu()) {
			tenon_arch_cpu_kick(cpu->index);
			return;
		}
#endif
		tenon_time_reprogram(cpu);
	}
}

#endif
