/* SPDX-License-Identifier: Apache-2.0 */
#include "channel_msg.h"

enum msg_ring_status channel_msg_init(struct channel_msg *messages, void *memory, size_t size,
				      unsigned end, bool format, const struct channel_msg_ops *ops,
				      void *context)
{
	struct msg_ring_endpoint ring;
	enum msg_ring_status status = end > 1 ? MSG_RING_BAD_LAYOUT :
				      format  ? msg_ring_format(memory, size) :
						MSG_RING_OK;

	if (status == MSG_RING_OK)
		status = msg_ring_attach(&ring, memory, size, end);
	if (status == MSG_RING_OK)
		*messages = (struct channel_msg){.ring = ring, .ops = ops, .context = context};
	return status;
}

/* What is left of a timeout that started at start; 0 once it has passed. */
static uint64_t remaining(const struct channel_msg *messages, uint64_t start, uint64_t timeout_ns)
{
	uint64_t spent = messages->ops->now_ns(messages->context) - start;

	if (timeout_ns == CHANNEL_MSG_WAIT_FOREVER)
		return CHANNEL_MSG_WAIT_FOREVER;
	return spent >= timeout_ns ? 0 : timeout_ns - spent;
}

enum msg_ring_status channel_msg_send(struct channel_msg *messages, const void *message,
				      size_t length, uint64_t timeout_ns)
{
	uint64_t start = messages->ops->now_ns(messages->context);
	enum msg_ring_status status;

	while ((status = msg_ring_send(&messages->ring, message, length)) == MSG_RING_FULL) {
		uint64_t left = remaining(messages, start, timeout_ns);
		if (left == 0)
			break;
		messages->ops->wait(messages->context,
				    left < CHANNEL_MSG_FULL_RETRY_NS ? left : CHANNEL_MSG_FULL_RETRY_NS);
	}
	if (status == MSG_RING_OK)
		messages->ops->ring(messages->context);
	return status;
}

enum msg_ring_status channel_msg_receive(struct channel_msg *messages, void *buffer,
					 size_t buffer_size, size_t *length, uint64_t timeout_ns)
{
	uint64_t start = messages->ops->now_ns(messages->context);
	enum msg_ring_status status;

	while ((status = msg_ring_receive(&messages->ring, buffer, buffer_size, length)) ==
	       MSG_RING_EMPTY) {
		uint64_t left = remaining(messages, start, timeout_ns);
		if (left == 0)
			break;
		messages->ops->wait(messages->context, left);
	}
	return status;
}
