/* SPDX-License-Identifier: Apache-2.0 */
/* Mutexes: ownership, hand-off to the most urgent waiter, inheritance through pi.c. */
#include "rt_internal.h"

enum tenon_status tenon_mutex_init(struct tenon_mutex *mutex, uint32_t flags)
{
	if (mutex == NULL || (flags & ~(TENON_MUTEX_INHERIT | TENON_MUTEX_RECURSIVE)) != 0)
		return TENON_ERR_INVALID;
	mutex->owner = NULL;
	tenon_waitq_init(&mutex->waiters);
	tenon_list_init(&mutex->held_node);
	mutex->lock_count = 0;
	mutex->flags = flags;
	return TENON_OK;
}

enum tenon_status tenon_mutex_lock(struct tenon_mutex *mutex, uint64_t timeout_ns)
{
	if (mutex == NULL)
		return TENON_ERR_INVALID;
	uint64_t saved = tenon_lock();
	struct tenon_cpu *cpu = tenon_this_cpu();
	struct tenon_thread *self = cpu->current;
	enum tenon_status status = tenon_sched_may_block();

	if (status != TENON_OK)
		goto out;
	if (mutex->owner == NULL) {
		tenon_pi_take(self, mutex);
	} else if (mutex->owner == self) {
		if ((mutex->flags & TENON_MUTEX_RECURSIVE) == 0)
			status = TENON_ERR_DEADLOCK;
		else if (mutex->lock_count == UINT32_MAX)
			status = TENON_ERR_OVERFLOW;
		else
			mutex->lock_count++;
	} else if (timeout_ns == TENON_NO_WAIT) {
		status = TENON_ERR_WOULD_BLOCK;
	} else if ((status = tenon_pi_check_block(self, mutex)) == TENON_OK) {
		tenon_pi_block(self, mutex);
		/* Woken as the new owner (tenon_pi_release) or by the timeout (withdrawn). */
		status = tenon_sched_block(&mutex->waiters, tenon_time_deadline_after(timeout_ns));
	}
out:
	tenon_unlock(saved);
	return status;
}

enum tenon_status tenon_mutex_unlock(struct tenon_mutex *mutex)
{
	if (mutex == NULL)
		return TENON_ERR_INVALID;
	uint64_t saved = tenon_lock();
	struct tenon_cpu *cpu = tenon_this_cpu();
	enum tenon_status status = TENON_OK;

	if (cpu->irq_nesting > 0) {
		status = TENON_ERR_IN_INTERRUPT;
	} else if (mutex->owner != cpu->current) {
		status = TENON_ERR_NOT_OWNER;
	} else if (--mutex->lock_count == 0) {
		struct tenon_thread *next = tenon_pi_release(mutex);
		if (next != NULL)
			tenon_sched_wake(next, TENON_OK);
		tenon_sched_preempt_point();
	}
	tenon_unlock(saved);
	return status;
}

struct tenon_thread *tenon_mutex_owner(const struct tenon_mutex *mutex)
{
	return mutex->owner;
}
