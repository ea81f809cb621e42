/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The real-time demo's control channel (rt_demo.h): requests from Linux over the partition's
 * first channel, answered by a thread below the periodic task, so serving them, even a flood,
 * only takes time the task leaves.
 */
#include "rt_demo.h"

#include <string.h>

#include "channel_msg.h"
#include "console.h"
#include "dtb.h"
#include "fmt.h"
#include "gtimer.h"
#include "tenon_rt.h"

#define CONTROL_STACK 8192u
#define REQUEST_MAX 512u

static struct dtb_channels channels;
static struct channel_msg messages;
static struct tenon_thread control_thread;
static uint8_t control_stack[CONTROL_STACK] __attribute__((aligned(16)));
static char request[REQUEST_MAX];
static char reply[160];

static bool is(const char *text, size_t length, const char *word)
{
	return length == strlen(word) && memcmp(text, word, length) == 0;
}

static int stats(void)
{
	struct rt_demo_totals totals;

	rt_demo_totals_read(&totals);
	return fmt_snprintf(reply, sizeof(reply),
			    "rt: periods %llu latency-us min %llu avg %llu max %llu misses %llu",
			    (unsigned long long)totals.periods,
			    (unsigned long long)(latency_window_min(&totals.latency) /
						 GTIMER_NS_PER_US),
			    (unsigned long long)(latency_window_avg(&totals.latency) /
						 GTIMER_NS_PER_US),
			    (unsigned long long)(totals.latency.max / GTIMER_NS_PER_US),
			    (unsigned long long)totals.misses);
}

/* The answer to one request, or -1 for none (a flood record). */
static int answer(const char *text, size_t length, uint64_t *flood_messages,
		  uint64_t *flood_bytes)
{
	if (is(text, length, "stats"))
		return stats();
	if (is(text, length, "reset")) {
		rt_demo_totals_reset();
		console_printf("rt: totals reset from the control channel\n");
		return fmt_snprintf(reply, sizeof(reply), "rt: totals reset");
	}
	if (is(text, length, "flood-end")) {
		int written = fmt_snprintf(reply, sizeof(reply), "flood: %llu messages %llu bytes ok",
					   (unsigned long long)*flood_messages,
					   (unsigned long long)*flood_bytes);
		*flood_messages = *flood_bytes = 0;
		return written;
	}
	if (length >= 5 && memcmp(text, "flood", 5) == 0) {
		++*flood_messages;
		*flood_bytes += length;
		return -1;
	}
	return fmt_snprintf(reply, sizeof(reply), "rt: unknown request (stats, reset, flood)");
}

static void serve(void *arg)
{
	const struct dtb_channel *channel = arg;
	uint64_t flood_messages = 0, flood_bytes = 0;
	size_t length;

	for (;;) {
		enum msg_ring_status status = channel_msg_receive(
			&messages, request, sizeof(request), &length, CHANNEL_MSG_WAIT_FOREVER);
		if (status == MSG_RING_TOO_BIG) {
			/* Not a request of ours: skipped, so one bad message cannot stop the channel. */
			static char drain[MSG_RING_MAX_MESSAGE];
			status = channel_msg_receive(&messages, drain, sizeof(drain), &length,
						     CHANNEL_MSG_NO_WAIT);
			length = 0;
		}
		if (status != MSG_RING_OK) {
			console_printf("rt: channel %s: %s; serving no more\n", channel->name,
				       msg_ring_status_name(status));
			return;
		}
		int reply_length = answer(request, length, &flood_messages, &flood_bytes);
		if (reply_length > 0 &&
		    channel_msg_send(&messages, reply, (size_t)reply_length,
				     CHANNEL_MSG_WAIT_FOREVER) != MSG_RING_OK)
			console_printf("rt: channel %s: an answer was refused\n", channel->name);
	}
}

bool rt_demo_control_start(const void *dtb, unsigned priority)
{
	struct dtb_diagnostic diagnostic;

	if (dtb_read_channels(dtb, &channels, &diagnostic) != DTB_OK || channels.count == 0)
		return false;
	const struct dtb_channel *channel = &channels.channel[0];
	enum msg_ring_status status = channel_msg_open_tenon(&messages, channel, true);
	if (status != MSG_RING_OK) {
		console_printf("rt: channel %s: %s\n", channel->name, msg_ring_status_name(status));
		return false;
	}
	if (tenon_thread_create(&control_thread, "control", serve, (void *)channel, priority,
				control_stack, sizeof(control_stack)) != TENON_OK)
		return false;
	console_printf("rt: control channel %s: stats, reset, flood from %s\n", channel->name,
		       channel->peer);
	return true;
}
