/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Message queues. A sender that finds a receiver waiting copies into the receiver's buffer and
 * wakes it; a receiver that frees a slot pulls the first blocked sender's message into the ring.
 * Both keep FIFO order and neither makes a woken thread retry.
 */
#include "rt_internal.h"

#include <string.h>

enum tenon_status tenon_msgq_init(struct tenon_msgq *queue, void *ring, size_t message_size,
				  uint32_t capacity)
{
	if (queue == NULL || ring == NULL || message_size == 0 || capacity == 0 ||
	    message_size > SIZE_MAX / capacity)
		return TENON_ERR_INVALID;
	tenon_waitq_init(&queue->senders);
	tenon_waitq_init(&queue->receivers);
	queue->ring = ring;
	queue->message_size = message_size;
	queue->capacity = capacity;
	queue->count = 0;
	queue->head = 0;
	return TENON_OK;
}

static void *slot(const struct tenon_msgq *queue, uint32_t index)
{
	return queue->ring + (size_t)(index % queue->capacity) * queue->message_size;
}

enum tenon_status tenon_msgq_send(struct tenon_msgq *queue, const void *message,
				  uint64_t timeout_ns)
{
	if (queue == NULL || message == NULL)
		return TENON_ERR_INVALID;
	uint64_t saved = tenon_lock();
	enum tenon_status status = TENON_OK;
	struct tenon_thread *receiver = tenon_waitq_first(&queue->receivers);

	if (receiver != NULL) {
		memcpy(receiver->wait_buffer, message, queue->message_size);
		tenon_sched_wake(receiver, TENON_OK);
		tenon_sched_preempt_point();
	} else if (queue->count < queue->capacity) {
		memcpy(slot(queue, queue->head + queue->count), message, queue->message_size);
		queue->count++;
	} else if (timeout_ns == TENON_NO_WAIT) {
		status = TENON_ERR_WOULD_BLOCK;
	} else if ((status = tenon_sched_may_block()) == TENON_OK) {
		tenon_this_cpu()->current->wait_buffer = (void *)(uintptr_t)message;
		status = tenon_sched_block(&queue->senders, tenon_time_deadline_after(timeout_ns));
	}
	tenon_unlock(saved);
	return status;
}

enum tenon_status tenon_msgq_receive(struct tenon_msgq *queue, void *message, uint64_t timeout_ns)
{
	if (queue == NULL || message == NULL)
		return TENON_ERR_INVALID;
	uint64_t saved = tenon_lock();
	enum tenon_status status = TENON_OK;

	if (queue->count > 0) {
		memcpy(message, slot(queue, queue->head), queue->message_size);
		queue->head = (queue->head + 1) % queue->capacity;
		queue->count--;
		struct tenon_thread *sender = tenon_waitq_first(&queue->senders);
		if (sender != NULL) {
			memcpy(slot(queue, queue->head + queue->count), sender->wait_buffer,
			       queue->message_size);
			queue->count++;
			tenon_sched_wake(sender, TENON_OK);
			tenon_sched_preempt_point();
		}
	} else if (timeout_ns == TENON_NO_WAIT) {
		status = TENON_ERR_WOULD_BLOCK;
	} else if ((status = tenon_sched_may_block()) == TENON_OK) {
		tenon_this_cpu()->current->wait_buffer = message;
		status = tenon_sched_block(&queue->receivers, tenon_time_deadline_after(timeout_ns));
	}
	tenon_unlock(saved);
	return status;
}

uint32_t tenon_msgq_count(const struct tenon_msgq *queue)
{
	return __atomic_load_n(&queue->count, __ATOMIC_RELAXED);
}
