/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Wait queues ordered by effective priority, FIFO among equals. Insertion walks from the tail, so
 * the common case (waiters of equal priority) is O(1); the worst case is O(waiters).
 */
#include "rt_internal.h"

void tenon_waitq_init(struct tenon_waitq *queue)
{
	tenon_list_init(&queue->waiters);
}

static struct tenon_thread *thread_of(struct tenon_list *node)
{
	return TENON_CONTAINER_OF(node, struct tenon_thread, queue_node);
}

void tenon_waitq_insert(struct tenon_waitq *queue, struct tenon_thread *thread)
{
	struct tenon_list *position = &queue->waiters;

	while (position->prev != &queue->waiters &&
	       thread_of(position->prev)->priority > thread->priority)
		position = position->prev;
	tenon_list_insert_before(position, &thread->queue_node);
	thread->waiting_on = queue;
}

void tenon_waitq_remove(struct tenon_thread *thread)
{
	if (thread->waiting_on == NULL)
		return;
	tenon_list_remove(&thread->queue_node);
	thread->waiting_on = NULL;
}

struct tenon_thread *tenon_waitq_first(const struct tenon_waitq *queue)
{
	if (tenon_list_empty(&queue->waiters))
		return NULL;
	return thread_of(queue->waiters.next);
}

void tenon_waitq_reposition(struct tenon_thread *thread)
{
	struct tenon_waitq *queue = thread->waiting_on;

	if (queue == NULL)
		return;
	tenon_list_remove(&thread->queue_node);
	tenon_waitq_insert(queue, thread);
}
