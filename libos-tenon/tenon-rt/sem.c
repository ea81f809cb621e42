/* SPDX-License-Identifier: Apache-2.0 */
#include "rt_internal.h"

enum tenon_status tenon_sem_init(struct tenon_semaphore *sem, uint32_t initial, uint32_t max)
{
	if (sem == NULL || max == 0 || initial > max)
		return TENON_ERR_INVALID;
	tenon_waitq_init(&sem->waiters);
	sem->count = initial;
	sem->max = max;
	return TENON_OK;
}

enum tenon_status tenon_sem_take(struct tenon_semaphore *sem, uint64_t timeout_ns)
{
	if (sem == NULL)
		return TENON_ERR_INVALID;
	uint64_t saved = tenon_lock();
	enum tenon_status status = TENON_OK;

	if (sem->count > 0)
		sem->count--;
	else if (timeout_ns == TENON_NO_WAIT)
		status = TENON_ERR_WOULD_BLOCK;
	else if ((status = tenon_sched_may_block()) == TENON_OK)
		/* The giver hands its unit straight to the woken waiter: no count round trip. */
		status = tenon_sched_block(&sem->waiters, tenon_time_deadline_after(timeout_ns));
	tenon_unlock(saved);
	return status;
}

enum tenon_status tenon_sem_give(struct tenon_semaphore *sem)
{
	if (sem == NULL)
		return TENON_ERR_INVALID;
	uint64_t saved = tenon_lock();
	enum tenon_status status = TENON_OK;
	struct tenon_thread *waiter = tenon_waitq_first(&sem->waiters);

	if (waiter != NULL) {
		tenon_sched_wake(waiter, TENON_OK);
		tenon_sched_preempt_point();
	} else if (sem->count < sem->max) {
		sem->count++;
	} else {
		status = TENON_ERR_OVERFLOW;
	}
	tenon_unlock(saved);
	return status;
}

uint32_t tenon_sem_count(const struct tenon_semaphore *sem)
{
	return __atomic_load_n(&sem->count, __ATOMIC_RELAXED);
}
