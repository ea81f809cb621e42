// SPDX-License-Identifier: Apache-2.0
/*
 * The mailbox's sequence words are the only fields both sides write; everything else has one
 * writer. Release on the store of a sequence orders the record before it, acquire on its load
 * orders the copy after it. The copy is what gets decoded: the peer may rewrite shared memory
 * at any time.
 */
#include <string.h>

#include "sched_proto.h"

#define MAGIC 0u
#define REQUEST_SEQUENCE 4u
#define REPLY_SEQUENCE 8u

static uint32_t *word(const void *mailbox, unsigned offset)
{
	return (uint32_t *)((uintptr_t)mailbox + offset);
}

static uint8_t *bytes(const void *mailbox, unsigned offset)
{
	return (uint8_t *)((uintptr_t)mailbox + offset);
}

bool sched_mailbox_serve(void *mailbox, size_t size)
{
	if (size < SCHED_MAILBOX_SIZE)
		return false;
	/* Clients ask only once it is served: whatever is there is no request. */
	__atomic_store_n(word(mailbox, REPLY_SEQUENCE),
			 __atomic_load_n(word(mailbox, REQUEST_SEQUENCE), __ATOMIC_ACQUIRE),
			 __ATOMIC_RELAXED);
	__atomic_store_n(word(mailbox, MAGIC), SCHED_MAILBOX_MAGIC, __ATOMIC_RELEASE);
	return true;
}

bool sched_mailbox_take_request(const void *mailbox, uint8_t record[SCHED_REQUEST_SIZE],
				uint32_t *sequence)
{
	uint32_t asked = __atomic_load_n(word(mailbox, REQUEST_SEQUENCE), __ATOMIC_ACQUIRE);
	if (asked == __atomic_load_n(word(mailbox, REPLY_SEQUENCE), __ATOMIC_RELAXED))
		return false;
	memcpy(record, bytes(mailbox, SCHED_MAILBOX_REQUEST), SCHED_REQUEST_SIZE);
	*sequence = asked;
	return true;
}

void sched_mailbox_put_reply(void *mailbox, const uint8_t *record, size_t length,
			     uint32_t sequence)
{
	memcpy(bytes(mailbox, SCHED_MAILBOX_REPLY), record,
	       length < SCHED_REPLY_MAX ? length : SCHED_REPLY_MAX);
	__atomic_store_n(word(mailbox, REPLY_SEQUENCE), sequence, __ATOMIC_RELEASE);
}

bool sched_mailbox_served(const void *mailbox, size_t size)
{
	return size >= SCHED_MAILBOX_SIZE &&
	       __atomic_load_n(word(mailbox, MAGIC), __ATOMIC_ACQUIRE) == SCHED_MAILBOX_MAGIC;
}

uint32_t sched_mailbox_put_request(void *mailbox, const uint8_t record[SCHED_REQUEST_SIZE])
{
	/* The reply sequence, not ours: a request the server is still reading is superseded. */
	uint32_t sequence = __atomic_load_n(word(mailbox, REPLY_SEQUENCE), __ATOMIC_ACQUIRE) + 1;
	memcpy(bytes(mailbox, SCHED_MAILBOX_REQUEST), record, SCHED_REQUEST_SIZE);
	__atomic_store_n(word(mailbox, REQUEST_SEQUENCE), sequence, __ATOMIC_RELEASE);
	return sequence;
}

bool sched_mailbox_take_reply(const void *mailbox, uint32_t sequence,
			      uint8_t record[SCHED_REPLY_MAX])
{
	if (__atomic_load_n(word(mailbox, REPLY_SEQUENCE), __ATOMIC_ACQUIRE) != sequence)
		return false;
	memcpy(record, bytes(mailbox, SCHED_MAILBOX_REPLY), SCHED_REPLY_MAX);
	return true;
}
