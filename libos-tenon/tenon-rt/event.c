/* SPDX-License-Identifier: Apache-2.0 */
#include "rt_internal.h"

enum tenon_status tenon_event_init(struct tenon_events *events)
{
	if (events == NULL)
		return TENON_ERR_INVALID;
	tenon_waitq_init(&events->waiters);
	events->bits = 0;
	return TENON_OK;
}

static bool satisfied(uint32_t bits, uint32_t mask, uint32_t options)
{
	return (options & TENON_EVENT_ALL) != 0 ? (bits & mask) == mask : (bits & mask) != 0;
}

enum tenon_status tenon_event_set(struct tenon_events *events, uint32_t bits)
{
	if (events == NULL)
		return TENON_ERR_INVALID;
	uint64_t saved = tenon_lock();

	events->bits |= bits;
	/* Most urgent waiter first, so a clearing waiter consumes bits before less urgent ones see
	 * them. O(waiters). */
	struct tenon_list *head = &events->waiters.waiters;
	for (struct tenon_list *node = head->next, *next; node != head; node = next) {
		next = node->next;
		struct tenon_thread *waiter = TENON_CONTAINER_OF(node, struct tenon_thread, queue_node);
		if (!satisfied(events->bits, waiter->wait_bits, waiter->wait_options))
			continue;
		uint32_t matched = events->bits & waiter->wait_bits;
		waiter->wait_bits = events->bits;
		if ((waiter->wait_options & TENON_EVENT_CLEAR) != 0)
			events->bits &= ~matched;
		tenon_sched_wake(waiter, TENON_OK);
	}
	tenon_sched_preempt_point();
	tenon_unlock(saved);
	return TENON_OK;
}

enum tenon_status tenon_event_clear(struct tenon_events *events, uint32_t bits)
{
	if (events == NULL)
		return TENON_ERR_INVALID;
	__atomic_fetch_and(&events->bits, ~bits, __ATOMIC_RELAXED);
	return TENON_OK;
}

enum tenon_status tenon_event_wait(struct tenon_events *events, uint32_t mask, uint32_t options,
				   uint64_t timeout_ns, uint32_t *observed)
{
	if (events == NULL || mask == 0 ||
	    (options & ~(TENON_EVENT_ALL | TENON_EVENT_CLEAR)) != 0)
		return TENON_ERR_INVALID;
	uint64_t saved = tenon_lock();
	enum tenon_status status = TENON_OK;
	uint32_t seen = events->bits;

	if (satisfied(events->bits, mask, options)) {
		if ((options & TENON_EVENT_CLEAR) != 0)
			events->bits &= ~(events->bits & mask);
	} else if (timeout_ns == TENON_NO_WAIT) {
		status = TENON_ERR_WOULD_BLOCK;
	} else if ((status = tenon_sched_may_block()) == TENON_OK) {
		struct tenon_thread *self = tenon_this_cpu()->current;
		self->wait_bits = mask;
		self->wait_options = options;
		status = tenon_sched_block(&events->waiters, tenon_time_deadline_after(timeout_ns));
		seen = status == TENON_OK ? self->wait_bits : events->bits;
	}
	if (observed != NULL)
		*observed = seen;
	tenon_unlock(saved);
	return status;
}

uint32_t tenon_event_bits(const struct tenon_events *events)
{
	return __atomic_load_n(&events->bits, __ATOMIC_RELAXED);
}
