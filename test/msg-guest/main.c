/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A Tenon partition serving messages over the first channel its devicetree names, with
 * channel-msg (libos-tenon/channel-msg/): the Tenon end of test/integration/linux-pci.expect, where
 * Linux's tenon-msg sends through a channel it sees as a PCI device. It formats the rings, then
 * answers each message:
 *   "ping..."        the same bytes back (a round trip);
 *   "flood" records  counted and checked, no answer: a record is "flood", a 32-bit sequence number
 *                    and length - 9 bytes of (sequence + index) & 0xff (vmm/linux/user/tenon_msg.c);
 *   "flood-end"      "flood: N messages B bytes ok", or "bad" with the first broken record;
 *   "later MS ..."   the same echo, MS milliseconds later: the asker must be waiting by then, so
 *                    only the ring's interrupt can wake it;
 *   anything else    printed, and "echo: " with it back.
 */
#include "tenon.h"

#include <string.h>

#include "boot.h"
#include "channel_msg.h"
#include "console.h"
#include "dtb.h"
#include "fmt.h"

#define FLOOD_HEADER 9u

static struct tenon_thread main_thread;
static char message[MSG_RING_MAX_MESSAGE];
static char reply[MSG_RING_MAX_MESSAGE];

struct flood {
	uint32_t messages, bad_at;
	uint64_t bytes;
	bool bad;
};

static bool starts_with(const char *text, size_t length, const char *prefix)
{
	size_t prefix_length = strlen(prefix);

	return length >= prefix_length && memcmp(text, prefix, prefix_length) == 0;
}

static bool flood_record_ok(const struct flood *flood, const uint8_t *record, size_t length)
{
	uint32_t sequence = (uint32_t)record[5] | (uint32_t)record[6] << 8 |
			    (uint32_t)record[7] << 16 | (uint32_t)record[8] << 24;

	if (length < FLOOD_HEADER || sequence != flood->messages)
		return false;
	for (size_t i = FLOOD_HEADER; i < length; i++) {
		if (record[i] != (uint8_t)(sequence + i))
			return false;
	}
	return true;
}

static void count_flood(struct flood *flood, const char *record, size_t length)
{
	if (!flood->bad && !flood_record_ok(flood, (const uint8_t *)record, length)) {
		flood->bad = true;
		flood->bad_at = flood->messages;
	}
	flood->messages++;
	flood->bytes += length;
}

static size_t answer(struct flood *flood, const char *text, size_t length)
{
	if (starts_with(text, length, "ping")) {
		memcpy(reply, text, length);
		return length;
	}
	if (starts_with(text, length, "flood-end")) {
		int reply_length = fmt_snprintf(reply, sizeof(reply),
						   "flood: %u messages %llu bytes %s", flood->messages,
						   (unsigned long long)flood->bytes,
						   flood->bad ? "bad" : "ok");
		console_printf("flood from Linux: %u messages, %llu bytes, %s (first bad %u)\n",
			       flood->messages, (unsigned long long)flood->bytes,
			       flood->bad ? "BAD" : "each whole and in order",
			       flood->bad ? flood->bad_at : flood->messages);
		*flood = (struct flood){0};
		return reply_length > 0 ? (size_t)reply_length : 0;
	}
	if (starts_with(text, length, "later ")) {
		uint64_t delay_ms = 0;
		for (size_t i = 6; i < length && text[i] >= '0' && text[i] <= '9' && delay_ms < 10000; i++)
			delay_ms = delay_ms * 10 + (uint64_t)(text[i] - '0');
		tenon_thread_sleep_ns(delay_ms * 1000000);
	}
	console_printf("received \"%.*s\"\n", (int)length, text);
	memcpy(reply, "echo: ", 6);
	size_t copied = length < sizeof(reply) - 6 ? length : sizeof(reply) - 6;
	memcpy(reply + 6, text, copied);
	return 6 + copied;
}

static void serve(struct channel_msg *messages, const struct dtb_channel *channel)
{
	struct flood flood = {0};
	size_t length;
	unsigned answered = 0;

	for (;;) {
		enum msg_ring_status status = channel_msg_receive(
			messages, message, sizeof(message), &length, CHANNEL_MSG_WAIT_FOREVER);
		if (status != MSG_RING_OK) {
			console_printf("channel %s: receive: %s; serving no more\n", channel->name,
				       msg_ring_status_name(status));
			return;
		}
		if (starts_with(message, length, "flood") && !starts_with(message, length, "flood-end")) {
			count_flood(&flood, message, length);
			continue;
		}
		size_t reply_length = answer(&flood, message, length);
		status = channel_msg_send(messages, reply, reply_length, CHANNEL_MSG_WAIT_FOREVER);
		if (status != MSG_RING_OK) {
			console_printf("channel %s: send: %s; serving no more\n", channel->name,
				       msg_ring_status_name(status));
			return;
		}
		if (++answered % 1000 == 0)
			console_printf("channel %s: %u answers\n", channel->name, answered);
	}
}

void image_main(const void *dtb)
{
	static struct dtb_channels channels;
	static struct channel_msg messages;
	struct dtb_diagnostic diagnostic;

	platform_start(dtb, &main_thread, CONFIG_TENON_PRIORITIES / 2);
	if (dtb_read_channels(dtb, &channels, &diagnostic) != DTB_OK || channels.count == 0) {
		console_printf("no channel to serve\n");
		tenon_power_off();
	}
	const struct dtb_channel *channel = &channels.channel[0];
	enum msg_ring_status status = channel_msg_open_tenon(&messages, channel, true);
	if (status != MSG_RING_OK) {
		console_printf("channel %s: %s\n", channel->name, msg_ring_status_name(status));
		tenon_power_off();
	}
	console_printf("channel %s: serving messages from %s, at most %u bytes each\n", channel->name,
		       channel->peer, (unsigned)msg_ring_max_message(&messages.ring));
	serve(&messages, channel);
	tenon_power_off();
}
