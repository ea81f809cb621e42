/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Channel messages for EL0 processes (tenon_syscall.h): the process names a channel-msg end its
 * creator granted by a small handle and never sees the channel's memory or capability. The
 * payload goes through the process's bounce buffer with copy_from_user / copy_to_user, so every
 * pointer and length is checked against the process's own mappings first, and a fault or a
 * refusal changes nothing in the ring. A wait sleeps on the end's doorbell semaphore like any
 * Tenon thread (interrupts unmasked meanwhile), so its timeout is the thread's.
 */
#include "process_internal.h"

#include "channel_msg.h"

enum process_status process_grant_channel(struct process *process, unsigned handle,
					  struct channel_msg *messages)
{
	if (process == NULL || handle >= TENON_PROCESS_CHANNELS)
		return PROCESS_ERR_INVALID;
	__atomic_store_n(&process->channels[handle], messages, __ATOMIC_RELEASE);
	return PROCESS_OK;
}

static struct channel_msg *granted(struct process *process, uint64_t handle)
{
	return handle < TENON_PROCESS_CHANNELS ?
		       __atomic_load_n(&process->channels[handle], __ATOMIC_ACQUIRE) :
		       NULL;
}

static int64_t ring_error(enum msg_ring_status status)
{
	switch (status) {
	case MSG_RING_EMPTY:
	case MSG_RING_FULL:
		return error(ERR_AGAIN);
	case MSG_RING_TOO_BIG:
		return error(ERR_MSGSIZE);
	default:
		return error(ERR_IO);
	}
}

int64_t syscall_channel_send(struct process *process, uint64_t handle, uint64_t buffer,
			     uint64_t length, uint64_t timeout_ns)
{
	struct channel_msg *messages = granted(process, handle);

	if (messages == NULL)
		return error(ERR_BADF);
	if (length > TENON_CHANNEL_MESSAGE_MAX)
		return error(ERR_MSGSIZE);
	if (!copy_from_user(&process->space, process->channel_bounce, buffer, length))
		return error(ERR_FAULT);
	enum msg_ring_status status =
		channel_msg_send(messages, process->channel_bounce, (size_t)length, timeout_ns);
	return status == MSG_RING_OK ? 0 : ring_error(status);
}

int64_t syscall_channel_receive(struct process *process, uint64_t handle, uint64_t buffer,
				uint64_t size, uint64_t timeout_ns)
{
	struct channel_msg *messages = granted(process, handle);
	size_t length;

	if (messages == NULL)
		return error(ERR_BADF);
	if (size > TENON_CHANNEL_MESSAGE_MAX)
		size = TENON_CHANNEL_MESSAGE_MAX;
	/* Checked before the message is taken: a bad buffer must not lose it. */
	if (!user_range_ok(&process->space, buffer, size, true))
		return error(ERR_FAULT);
	enum msg_ring_status status = channel_msg_receive(messages, process->channel_bounce,
							  (size_t)size, &length, timeout_ns);
	if (status != MSG_RING_OK)
		return ring_error(status);
	/* The process cannot have unmapped the buffer meanwhile: it is this very thread. */
	copy_to_user(&process->space, buffer, process->channel_bounce, length);
	return (int64_t)length;
}
