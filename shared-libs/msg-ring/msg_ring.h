/* SPDX-License-Identifier: Apache-2.0 */
/*
 * msg-ring: messages, with their boundaries, over the shared memory of a channel. The memory is
 * split in two halves; end 0 sends into the first and receives from the second, end 1 the
 * reverse. Each half is one single-producer/single-consumer ring:
 *
 *   offset 0    uint32 head   bytes ever written, stored (release) by the producer only
 *   offset 64   uint32 tail   bytes ever read, stored (release) by the consumer only
 *   offset 128  data          capacity bytes, a power of two (the largest that fits the half)
 *
 * Indices run freely and wrap at 2^32; a byte's place in data is its index modulo capacity. A
 * message is a record: a little-endian uint32 length, then the payload, padded with zeroes to a
 * multiple of 4 so every record starts 4-aligned; a record may wrap past the end of data. head
 * and tail sit on separate 64-byte lines so the two ends do not write the same cache line.
 *
 * The peer is untrusted and may write anything anywhere in the memory at any time. Each end
 * therefore keeps its own index privately (the shared copy is only published) and checks what it
 * reads from the peer: head - tail never above capacity, a length never above what was written
 * and never above MSG_RING_MAX_MESSAGE. Every data access is taken modulo capacity, so no value
 * in the memory makes either end touch anything outside the channel. A check that fails returns
 * MSG_RING_CORRUPT and changes nothing; the caller decides whether to drop the channel.
 *
 * The memory must start zeroed (msg_ring_format), as a new channel's does; msg_ring_attach
 * adopts the indices already there, so an end may detach and re-attach (a Linux process
 * restarting) without losing messages in flight.
 */
#ifndef MSG_RING_H
#define MSG_RING_H

#include <stddef.h>
#include <stdint.h>

#define MSG_RING_HEADER_BYTES 128u
/* A message's payload is at most this long, whatever the capacity. */
#define MSG_RING_MAX_MESSAGE 65536u
/* The smallest channel memory: two halves of a header and 16 bytes of data each. */
#define MSG_RING_MIN_MEMORY (2u * (MSG_RING_HEADER_BYTES + 16u))

enum msg_ring_status {
	MSG_RING_OK,
	MSG_RING_EMPTY,	       /* nothing to receive */
	MSG_RING_FULL,	       /* not enough room now: retry once the peer has read */
	MSG_RING_TOO_BIG,      /* the message exceeds the ring or the receive buffer (it stays) */
	MSG_RING_CORRUPT,      /* the peer's index or a length is impossible; nothing changed */
	MSG_RING_BAD_LAYOUT,   /* memory too small or misaligned, or end not 0 or 1 */
	MSG_RING_STATUS_COUNT
};

const char *msg_ring_status_name(enum msg_ring_status status);

/* One direction, as one end sees it. */
struct msg_ring {
	uint8_t *base;	   /* the half: header then data */
	uint32_t capacity; /* data bytes, a power of two */
	uint32_t index;	   /* this end's own head (sending) or tail (receiving) */
};

/* One end of a channel. */
struct msg_ring_endpoint {
	struct msg_ring send;
	struct msg_ring receive;
};

/* Zeroes the memory's indices; only for whoever creates the channel, before either end runs. */
enum msg_ring_status msg_ring_format(void *memory, size_t size);

/* memory: 4-aligned, size at least MSG_RING_MIN_MEMORY; end 0 or 1. */
enum msg_ring_status msg_ring_attach(struct msg_ring_endpoint *endpoint, void *memory,
				     size_t size, unsigned end);

/* Copies length bytes in as one message, or returns FULL / TOO_BIG / CORRUPT and sends nothing. */
enum msg_ring_status msg_ring_send(struct msg_ring_endpoint *endpoint, const void *message,
				   size_t length);

/*
 * Copies the oldest message into buffer and sets *length, or returns EMPTY / CORRUPT, or TOO_BIG
 * with *length set to the message's size, which stays in the ring.
 */
enum msg_ring_status msg_ring_receive(struct msg_ring_endpoint *endpoint, void *buffer,
				      size_t buffer_size, size_t *length);

/* The largest payload msg_ring_send can ever accept on this endpoint. */
size_t msg_ring_max_message(const struct msg_ring_endpoint *endpoint);

#endif
