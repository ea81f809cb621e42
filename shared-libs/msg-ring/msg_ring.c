/* SPDX-License-Identifier: Apache-2.0 */
#include "msg_ring.h"

#include <string.h>

#define HEAD_OFFSET 0u
#define TAIL_OFFSET 64u
#define RECORD_ALIGN 4u
#define LENGTH_BYTES 4u
/* Indices are uint32 and wrap, so head - tail is only meaningful below 2^31. */
#define MAX_CAPACITY 0x80000000u
#define MIN_CAPACITY 16u

static const char *const status_names[MSG_RING_STATUS_COUNT] = {
	[MSG_RING_OK] = "ok",
	[MSG_RING_EMPTY] = "empty",
	[MSG_RING_FULL] = "full",
	[MSG_RING_TOO_BIG] = "message too big",
	[MSG_RING_CORRUPT] = "ring corrupted by the peer",
	[MSG_RING_BAD_LAYOUT] = "bad layout",
};

const char *msg_ring_status_name(enum msg_ring_status status)
{
	return status < MSG_RING_STATUS_COUNT ? status_names[status] : "unknown status";
}

static uint32_t *shared_word(const struct msg_ring *ring, uint32_t offset)
{
	return (uint32_t *)(void *)(ring->base + offset);
}

static uint8_t *data(const struct msg_ring *ring)
{
	return ring->base + MSG_RING_HEADER_BYTES;
}

static uint32_t record_bytes(uint32_t length)
{
	return LENGTH_BYTES + ((length + RECORD_ALIGN - 1u) & ~(RECORD_ALIGN - 1u));
}

/* How many of length bytes from index fit before the data area wraps. */
static uint32_t before_wrap(const struct msg_ring *ring, uint32_t index, uint32_t length)
{
	uint32_t room = ring->capacity - (index & (ring->capacity - 1u));

	return length < room ? length : room;
}

/* The data area's bytes [index, index + length) modulo capacity, in at most two pieces. */
static void copy_in(struct msg_ring *ring, uint32_t index, const uint8_t *from, uint32_t length)
{
	uint32_t first = before_wrap(ring, index, length);

	if (length == 0u)
		return;
	memcpy(data(ring) + (index & (ring->capacity - 1u)), from, first);
	memcpy(data(ring), from + first, length - first);
}

static void copy_out(const struct msg_ring *ring, uint32_t index, uint8_t *to, uint32_t length)
{
	uint32_t first = before_wrap(ring, index, length);

	if (length == 0u)
		return;
	memcpy(to, data(ring) + (index & (ring->capacity - 1u)), first);
	memcpy(to + first, data(ring), length - first);
}

static uint32_t half_bytes(size_t size)
{
	size_t half = (size / 2u) & ~(size_t)(RECORD_ALIGN - 1u);

	return half > MSG_RING_HEADER_BYTES + MAX_CAPACITY ? MSG_RING_HEADER_BYTES + MAX_CAPACITY
							    : (uint32_t)half;
}

static uint32_t capacity_of(uint32_t half)
{
	uint32_t room = half - MSG_RING_HEADER_BYTES;
	uint32_t capacity = MAX_CAPACITY;

	while (capacity > room)
		capacity >>= 1;
	return capacity;
}

static enum msg_ring_status check_layout(const void *memory, size_t size)
{
	if (memory == NULL || (uintptr_t)memory % RECORD_ALIGN != 0u || size < MSG_RING_MIN_MEMORY)
		return MSG_RING_BAD_LAYOUT;
	return MSG_RING_OK;
}

enum msg_ring_status msg_ring_format(void *memory, size_t size)
{
	enum msg_ring_status status = check_layout(memory, size);
	uint32_t half = half_bytes(size);

	if (status != MSG_RING_OK)
		return status;
	for (uint32_t ring = 0; ring < 2u; ring++) {
		uint8_t *base = (uint8_t *)memory + (size_t)ring * half;
		__atomic_store_n((uint32_t *)(void *)(base + HEAD_OFFSET), 0u, __ATOMIC_RELEASE);
		__atomic_store_n((uint32_t *)(void *)(base + TAIL_OFFSET), 0u, __ATOMIC_RELEASE);
	}
	return MSG_RING_OK;
}

enum msg_ring_status msg_ring_attach(struct msg_ring_endpoint *endpoint, void *memory,
				     size_t size, unsigned end)
{
	enum msg_ring_status status = check_layout(memory, size);
	uint32_t half = half_bytes(size);
	struct msg_ring first, second;

	if (status != MSG_RING_OK || end > 1u)
		return MSG_RING_BAD_LAYOUT;
	first = (struct msg_ring){.base = memory, .capacity = capacity_of(half)};
	second = (struct msg_ring){.base = (uint8_t *)memory + half, .capacity = first.capacity};
	struct msg_ring send = end == 0u ? first : second;
	struct msg_ring receive = end == 0u ? second : first;
	send.index = __atomic_load_n(shared_word(&send, HEAD_OFFSET), __ATOMIC_ACQUIRE);
	receive.index = __atomic_load_n(shared_word(&receive, TAIL_OFFSET), __ATOMIC_ACQUIRE);
	/* Records start 4-aligned: an index that is not would make the length read misaligned. */
	if (send.index % RECORD_ALIGN != 0u || receive.index % RECORD_ALIGN != 0u)
		return MSG_RING_CORRUPT;
	endpoint->send = send;
	endpoint->receive = receive;
	return MSG_RING_OK;
}

size_t msg_ring_max_message(const struct msg_ring_endpoint *endpoint)
{
	uint32_t room = endpoint->send.capacity - LENGTH_BYTES;

	return room < MSG_RING_MAX_MESSAGE ? room : MSG_RING_MAX_MESSAGE;
}

enum msg_ring_status msg_ring_send(struct msg_ring_endpoint *endpoint, const void *message,
				   size_t length)
{
	struct msg_ring *ring = &endpoint->send;
	uint32_t tail = __atomic_load_n(shared_word(ring, TAIL_OFFSET), __ATOMIC_ACQUIRE);
	uint32_t used = ring->index - tail;
	uint32_t length_word, record;
	static const uint8_t padding[RECORD_ALIGN];

	if (used > ring->capacity)
		return MSG_RING_CORRUPT;
	if (length > msg_ring_max_message(endpoint))
		return MSG_RING_TOO_BIG;
	length_word = (uint32_t)length;
	record = record_bytes(length_word);
	if (record > ring->capacity - used)
		return MSG_RING_FULL;
	copy_in(ring, ring->index, (const uint8_t *)&length_word, LENGTH_BYTES);
	copy_in(ring, ring->index + LENGTH_BYTES, message, length_word);
	copy_in(ring, ring->index + LENGTH_BYTES + length_word, padding,
		record - LENGTH_BYTES - length_word);
	ring->index += record;
	__atomic_store_n(shared_word(ring, HEAD_OFFSET), ring->index, __ATOMIC_RELEASE);
	return MSG_RING_OK;
}

enum msg_ring_status msg_ring_receive(struct msg_ring_endpoint *endpoint, void *buffer,
				      size_t buffer_size, size_t *length)
{
	struct msg_ring *ring = &endpoint->receive;
	uint32_t head = __atomic_load_n(shared_word(ring, HEAD_OFFSET), __ATOMIC_ACQUIRE);
	uint32_t available = head - ring->index;
	uint32_t length_word;

	if (available == 0u)
		return MSG_RING_EMPTY;
	if (available > ring->capacity || available % RECORD_ALIGN != 0u)
		return MSG_RING_CORRUPT;
	/* Read once: the peer may rewrite it while we copy. */
	length_word = __atomic_load_n((uint32_t *)(void *)(data(ring) + (ring->index &
		(ring->capacity - 1u))), __ATOMIC_RELAXED);
	if (length_word > MSG_RING_MAX_MESSAGE || record_bytes(length_word) > available)
		return MSG_RING_CORRUPT;
	*length = length_word;
	if (length_word > buffer_size)
		return MSG_RING_TOO_BIG;
	copy_out(ring, ring->index + LENGTH_BYTES, buffer, length_word);
	ring->index += record_bytes(length_word);
	__atomic_store_n(shared_word(ring, TAIL_OFFSET), ring->index, __ATOMIC_RELEASE);
	return MSG_RING_OK;
}
