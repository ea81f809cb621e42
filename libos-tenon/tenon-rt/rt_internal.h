/* SPDX-License-Identifier: Apache-2.0 */
/* tenon-rt's parts among themselves. All of it runs with interrupts masked. */
#ifndef TENON_RT_INTERNAL_H
#define TENON_RT_INTERNAL_H

#include "tenon_rt.h"

/*
 * Everything the scheduler keeps per CPU, in one place so that SMP only needs one instance per
 * CPU and a way to find this CPU's (TPIDR_EL1). Today there is one.
 */
struct tenon_cpu {
	struct tenon_thread *current;
	struct tenon_thread *idle;
	struct tenon_readyq ready;
	struct tenon_timer_heap timers;
	unsigned irq_nesting; /* handlers stacked, deferred work counting as one */
	struct tenon_deferq deferred;
	bool need_resched;
	bool rotate; /* the next switch sends current behind its equals (yield, slice end) */
	uint64_t slice_end; /* clock value; UINT64_MAX = no slice running */
	uint64_t context_switches;
	uint64_t time_origin; /* clock at tenon_time_start */
	uint64_t next_tick; /* periodic mode: the next tick's deadline */
};

extern struct tenon_cpu tenon_cpus[TENON_CPUS];

static inline struct tenon_cpu *tenon_this_cpu(void)
{
	return &tenon_cpus[0];
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
void tenon_sched_make_ready(struct tenon_thread *thread);
/* Blocks the current thread on queue (NULL: just sleep) until woken or deadline (clock value,
 * UINT64_MAX = none); returns the wait status. */
enum tenon_status tenon_sched_block(struct tenon_waitq *queue, uint64_t deadline);
/* Ends a blocked thread's wait with status (off its wait queue, timeout cancelled). */
void tenon_sched_wake(struct tenon_thread *thread, enum tenon_status status);
/* Switches if a more urgent thread is ready (deferred to interrupt exit inside a handler). */
void tenon_sched_preempt_point(void);
void tenon_sched_run(struct tenon_cpu *cpu);
/* May the caller block? TENON_ERR_IN_INTERRUPT if not. */
enum tenon_status tenon_sched_may_block(void);

/* timer.c */
/* Clock value ns from now, saturating; UINT64_MAX for TENON_WAIT_FOREVER. */
uint64_t tenon_time_deadline_after(uint64_t ns);
/* Clock value at which tenon_time_now_ns() reads time_ns, saturating at UINT64_MAX - 1. */
uint64_t tenon_time_deadline_at(uint64_t time_ns);
bool tenon_timer_arm(struct tenon_cpu *cpu, struct tenon_timer *timer, uint64_t deadline);
void tenon_timer_disarm(struct tenon_cpu *cpu, struct tenon_timer *timer);
/* Tickless: programs the clock for the earliest deadline; periodic: nothing. */
void tenon_time_reprogram(struct tenon_cpu *cpu);
void tenon_time_slice_restart(struct tenon_cpu *cpu);

#endif
