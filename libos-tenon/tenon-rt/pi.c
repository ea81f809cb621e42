/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Priority inheritance. A thread's effective priority is the most urgent of its base priority and
 * the first waiter of every inheriting mutex it holds (waiters are priority-ordered, so the first
 * is the most urgent). Any change to a waiter set or to a priority re-derives the affected owner
 * and follows "owner -> mutex it is blocked on -> that mutex's owner" until a priority stops
 * changing, at most TENON_MUTEX_MAX_CHAIN steps: lock and unlock cost O(chain * held mutexes),
 * both bounded. Restoration on unlock falls out of the same rule: the released mutex no longer
 * counts.
 */
#include "rt_internal.h"

static bool inherits(const struct tenon_mutex *mutex)
{
	return TENON_MUTEX_PI && (mutex->flags & TENON_MUTEX_INHERIT) != 0;
}

void tenon_thread_apply_priority(struct tenon_thread *thread, unsigned priority)
{
	struct tenon_cpu *cpu = thread->cpu;

	if (thread->priority == priority)
		return;
	switch (thread->state) {
	case TENON_THREAD_READY:
		tenon_readyq_remove(&cpu->ready, &thread->queue_node, thread->priority);
		thread->priority = priority;
		tenon_readyq_push_back(&cpu->ready, &thread->queue_node, priority);
		if (cpu->current != NULL &&
		    (cpu->current == cpu->idle || priority < cpu->current->priority))
			tenon_sched_resched(cpu);
		break;
	case TENON_THREAD_BLOCKED:
		thread->priority = priority;
		tenon_waitq_reposition(thread);
		break;
	case TENON_THREAD_RUNNING:
		/* Lowered below a ready thread: let it preempt at the next preemption point. */
		if (priority > thread->priority) {
			int top = tenon_readyq_highest(&cpu->ready);
			if (top >= 0 && (unsigned)top < priority)
				tenon_sched_resched(cpu);
		}
		thread->priority = priority;
		break;
	default:
		thread->priority = priority;
		break;
	}
}

unsigned tenon_pi_wanted_priority(const struct tenon_thread *thread)
{
	unsigned priority = thread->base_priority;

	for (const struct tenon_list *node = thread->held_mutexes.next;
	     node != &thread->held_mutexes; node = node->next) {
		const struct tenon_mutex *mutex =
			TENON_CONTAINER_OF(node, struct tenon_mutex, held_node);
		const struct tenon_thread *waiter = tenon_waitq_first(&mutex->waiters);
		if (inherits(mutex) && waiter != NULL && waiter->priority < priority)
			priority = waiter->priority;
	}
	return priority;
}

void tenon_pi_refresh(struct tenon_thread *thread)
{
	for (unsigned step = 0; thread != NULL && step <= CONFIG_TENON_MUTEX_MAX_CHAIN; step++) {
		unsigned wanted = tenon_pi_wanted_priority(thread);
		if (wanted == thread->priority)
			return;
		tenon_thread_apply_priority(thread, wanted);
		struct tenon_mutex *next = thread->blocked_on_mutex;
		if (next == NULL || !inherits(next))
			return;
		thread = next->owner;
	}
}

enum tenon_status tenon_pi_check_block(const struct tenon_thread *waiter,
				       const struct tenon_mutex *mutex)
{
	const struct tenon_mutex *link = mutex;

	for (unsigned depth = 1; link != NULL && link->owner != NULL; depth++) {
		if (link->owner == waiter)
			return TENON_ERR_DEADLOCK;
		if (depth > CONFIG_TENON_MUTEX_MAX_CHAIN)
			return TENON_ERR_CHAIN_TOO_DEEP;
		link = link->owner->blocked_on_mutex;
	}
	return TENON_OK;
}

void tenon_pi_block(struct tenon_thread *waiter, struct tenon_mutex *mutex)
{
	waiter->blocked_on_mutex = mutex;
	tenon_waitq_insert(&mutex->waiters, waiter);
	tenon_pi_refresh(mutex->owner);
}

void tenon_pi_withdraw(struct tenon_thread *waiter)
{
	struct tenon_mutex *mutex = waiter->blocked_on_mutex;

	if (mutex == NULL)
		return;
	tenon_waitq_remove(waiter);
	waiter->blocked_on_mutex = NULL;
	tenon_pi_refresh(mutex->owner);
}

void tenon_pi_take(struct tenon_thread *owner, struct tenon_mutex *mutex)
{
	mutex->owner = owner;
	mutex->lock_count = 1;
	tenon_list_push_back(&owner->held_mutexes, &mutex->held_node);
	tenon_pi_refresh(owner);
}

struct tenon_thread *tenon_pi_release(struct tenon_mutex *mutex)
{
	struct tenon_thread *previous = mutex->owner;

	tenon_list_remove(&mutex->held_node);
	mutex->owner = NULL;
	mutex->lock_count = 0;
	struct tenon_thread *next = tenon_waitq_first(&mutex->waiters);
	if (next != NULL) {
		tenon_waitq_remove(next);
		next->blocked_on_mutex = NULL;
		tenon_pi_take(next, mutex);
	}
	tenon_pi_refresh(previous);
	return next;
}
