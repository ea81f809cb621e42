/* SPDX-License-Identifier: Apache-2.0 */
/*
 * channel-msg: msg-ring messages (shared-libs/msg-ring) over a channel, each call with a timeout
 * in nanoseconds: CHANNEL_MSG_NO_WAIT tries once, CHANNEL_MSG_WAIT_FOREVER waits as long as it
 * takes. A message sent rings the peer; a receive that finds nothing waits for the peer's ring.
 * A receive does not ring back (a ring per message taken would double the rings of every
 * exchange), so a send that finds the ring full retries after each ring it gets and at least every
 * CHANNEL_MSG_FULL_RETRY_NS.
 *
 * The waiting is portable: what rings, waits and tells the time are the caller's operations, so
 * the logic is tested on the host. channel_msg_open_tenon binds an end to a Tenon partition's
 * channel (its devicetree's /tenonos,channels entry): the memory, the doorbell SPI waking a
 * semaphore, channel.notify with the channel capability. One thread at a time per direction, as
 * msg-ring allows one producer and one consumer.
 */
#ifndef CHANNEL_MSG_H
#define CHANNEL_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msg_ring.h"

/* dtb.h (Tenon only): Linux user space builds this header without a Kconfig configuration. */
struct dtb_channel;

#define CHANNEL_MSG_NO_WAIT 0ULL
#define CHANNEL_MSG_WAIT_FOREVER UINT64_MAX
#define CHANNEL_MSG_FULL_RETRY_NS 1000000ULL

struct channel_msg_ops {
	/* Rings the peer (a refused ring is the binding's to report: the message is sent). */
	void (*ring)(void *context);
	/* Waits at most timeout_ns for the peer's next ring (or one that came meanwhile). */
	void (*wait)(void *context, uint64_t timeout_ns);
	uint64_t (*now_ns)(void *context);
};

struct channel_msg {
	struct msg_ring_endpoint ring;
	const struct channel_msg_ops *ops;
	void *context;
};

/* Attaches to memory as end (0 or 1); format zeroes the rings first (only before either end runs). */
enum msg_ring_status channel_msg_init(struct channel_msg *messages, void *memory, size_t size,
				      unsigned end, bool format, const struct channel_msg_ops *ops,
				      void *context);

/*
 * Sends one message and rings the peer, or returns FULL (still no room when the timeout passed),
 * TOO_BIG or CORRUPT, sending nothing.
 */
enum msg_ring_status channel_msg_send(struct channel_msg *messages, const void *message,
				      size_t length, uint64_t timeout_ns);

/* The oldest message, as msg_ring_receive; EMPTY when none came before the timeout passed. */
enum msg_ring_status channel_msg_receive(struct channel_msg *messages, void *buffer,
					 size_t buffer_size, size_t *length, uint64_t timeout_ns);

/*
 * Tenon (with semaphores): the end of channel that the devicetree gives this partition, its
 * doorbell handler registered. BAD_LAYOUT for a channel that is no end with a doorbell and
 * capability, or when CHANNEL_MSG_TENON_MAX ends are open already.
 */
#define CHANNEL_MSG_TENON_MAX 4
enum msg_ring_status channel_msg_open_tenon(struct channel_msg *messages,
					    const struct dtb_channel *channel, bool format);

#endif
