/* SPDX-License-Identifier: Apache-2.0 */
/*
 * channel-msg's Tenon binding: the channel's memory where the root mapped it, its doorbell SPI
 * giving a semaphore (an interrupt handler takes no argument, so each open end has a slot found
 * by its INTID), channel.notify with the channel capability to ring the peer.
 */
#include "channel_msg.h"

#include "console.h"
#include "dtb.h"
#include "hvc.h"
#include "tenon.h"

struct tenon_end {
	const struct dtb_channel *channel;
	struct tenon_semaphore doorbell;
};

/* Filled before each end's handler is registered; read by the handlers afterwards. */
static struct tenon_end ends[CHANNEL_MSG_TENON_MAX];
static unsigned end_count;

static void doorbell_rung(uint32_t intid)
{
	for (unsigned i = 0; i < end_count; i++) {
		if (ends[i].channel->doorbell_intid == intid)
			tenon_sem_give(&ends[i].doorbell);
	}
}

static void ring(void *context)
{
	const struct dtb_channel *channel = ((struct tenon_end *)context)->channel;
	struct hc_registers r;
	enum cap_status status = hvc_call_with(&r, HC_ID(HC_GROUP_CHANNEL, HC_CHANNEL_NOTIFY),
					       channel->capability, channel->peer_end, 0, 0, 0);

	if (status != CAP_OK)
		console_printf("channel %s: ring: %s\n", channel->name, cap_status_name(status));
}

static void wait(void *context, uint64_t timeout_ns)
{
	tenon_sem_take(&((struct tenon_end *)context)->doorbell, timeout_ns);
}

static uint64_t now_ns(void *context)
{
	(void)context;
	return tenon_time_now_ns();
}

static const struct channel_msg_ops tenon_ops = {.ring = ring, .wait = wait, .now_ns = now_ns};

enum msg_ring_status channel_msg_open_tenon(struct channel_msg *messages,
					    const struct dtb_channel *channel, bool format)
{
	if (end_count == CHANNEL_MSG_TENON_MAX || channel->peer == NULL ||
	    channel->doorbell_intid == 0 || !channel->has_capability)
		return MSG_RING_BAD_LAYOUT;
	struct tenon_end *end = &ends[end_count];
	enum msg_ring_status status =
		channel_msg_init(messages, (void *)(uintptr_t)channel->memory.base,
				 channel->memory.size, 1 - channel->peer_end, format, &tenon_ops, end);
	if (status != MSG_RING_OK)
		return status;
	end->channel = channel;
	/* Counts rings not yet waited for: one pending is enough to wake a waiter. */
	tenon_sem_init(&end->doorbell, 0, 1);
	end_count++;
	irq_register(channel->doorbell_intid, doorbell_rung, 0);
	return MSG_RING_OK;
}
