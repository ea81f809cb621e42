/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "msg_ring.h"

/* 1 KiB of channel memory: two halves of 512, so 256 data bytes a way (384 do not fit). */
#define MEMORY_BYTES 1024u
#define CAPACITY 256u
#define HALF (MEMORY_BYTES / 2u)

struct channel {
	_Alignas(64) uint8_t memory[MEMORY_BYTES];
	struct msg_ring_endpoint end[2];
};

static struct channel *open_channel(void)
{
	struct channel *channel = calloc(1, sizeof(*channel));

	assert_non_null(channel);
	assert_int_equal(msg_ring_format(channel->memory, MEMORY_BYTES), MSG_RING_OK);
	assert_int_equal(msg_ring_attach(&channel->end[0], channel->memory, MEMORY_BYTES, 0),
			 MSG_RING_OK);
	assert_int_equal(msg_ring_attach(&channel->end[1], channel->memory, MEMORY_BYTES, 1),
			 MSG_RING_OK);
	return channel;
}

static uint32_t *word_at(struct channel *channel, size_t offset)
{
	return (uint32_t *)(void *)(channel->memory + offset);
}

static void expect_message(struct msg_ring_endpoint *end, const char *text)
{
	char buffer[64];
	size_t length = 0;

	assert_int_equal(msg_ring_receive(end, buffer, sizeof(buffer), &length), MSG_RING_OK);
	assert_int_equal(length, strlen(text));
	assert_memory_equal(buffer, text, length);
}

static void test_status_names(void **state)
{
	(void)state;
	assert_string_equal(msg_ring_status_name(MSG_RING_CORRUPT), "ring corrupted by the peer");
	assert_string_equal(msg_ring_status_name(MSG_RING_STATUS_COUNT), "unknown status");
}

static void test_attach_rejects_bad_layout(void **state)
{
	_Alignas(8) static uint8_t memory[MSG_RING_MIN_MEMORY + 4];
	struct msg_ring_endpoint end;

	(void)state;
	assert_int_equal(msg_ring_attach(&end, memory, MSG_RING_MIN_MEMORY - 1, 0),
			 MSG_RING_BAD_LAYOUT);
	assert_int_equal(msg_ring_attach(&end, memory + 1, MSG_RING_MIN_MEMORY, 0),
			 MSG_RING_BAD_LAYOUT);
	assert_int_equal(msg_ring_attach(&end, memory, MSG_RING_MIN_MEMORY, 2), MSG_RING_BAD_LAYOUT);
	assert_int_equal(msg_ring_attach(&end, NULL, MSG_RING_MIN_MEMORY, 0), MSG_RING_BAD_LAYOUT);
	assert_int_equal(msg_ring_format(memory + 2, MSG_RING_MIN_MEMORY), MSG_RING_BAD_LAYOUT);
	assert_int_equal(msg_ring_attach(&end, memory, MSG_RING_MIN_MEMORY, 1), MSG_RING_OK);
	assert_int_equal(end.send.capacity, 16u);
}

static void test_messages_keep_their_boundaries_both_ways(void **state)
{
	struct channel *channel = open_channel();
	char buffer[8];
	size_t length = 99;

	(void)state;
	assert_int_equal(msg_ring_send(&channel->end[0], "ping", 4), MSG_RING_OK);
	assert_int_equal(msg_ring_send(&channel->end[0], "", 0), MSG_RING_OK);
	assert_int_equal(msg_ring_send(&channel->end[0], "stats?", 6), MSG_RING_OK);
	assert_int_equal(msg_ring_send(&channel->end[1], "pong", 4), MSG_RING_OK);
	assert_int_equal(channel->end[0].send.capacity, CAPACITY);
	expect_message(&channel->end[1], "ping");
	assert_int_equal(msg_ring_receive(&channel->end[1], buffer, 0, &length), MSG_RING_OK);
	assert_int_equal(length, 0);
	expect_message(&channel->end[1], "stats?");
	assert_int_equal(msg_ring_receive(&channel->end[1], buffer, sizeof(buffer), &length),
			 MSG_RING_EMPTY);
	expect_message(&channel->end[0], "pong");
	assert_int_equal(msg_ring_receive(&channel->end[0], buffer, sizeof(buffer), &length),
			 MSG_RING_EMPTY);
	free(channel);
}

static void test_full_ring_refuses_then_wraps_without_loss(void **state)
{
	struct channel *channel = open_channel();
	uint8_t message[37], received[37];
	size_t length;
	unsigned sent = 0, got = 0;

	(void)state;
	/* 37-byte messages take 44-byte records, which do not divide 256: records wrap. */
	for (unsigned round = 0; round < 50; round++) {
		for (;;) {
			memset(message, (int)sent, sizeof(message));
			enum msg_ring_status status =
				msg_ring_send(&channel->end[0], message, sizeof(message));
			if (status == MSG_RING_FULL)
				break;
			assert_int_equal(status, MSG_RING_OK);
			sent++;
		}
		while (msg_ring_receive(&channel->end[1], received, sizeof(received), &length) ==
		       MSG_RING_OK) {
			assert_int_equal(length, sizeof(received));
			memset(message, (int)got, sizeof(message));
			assert_memory_equal(received, message, sizeof(message));
			got++;
		}
	}
	assert_int_equal(sent, got);
	assert_true(sent > 50u * (CAPACITY / 44u) - 1u);
	free(channel);
}

static void test_too_big_for_the_buffer_stays_in_the_ring(void **state)
{
	struct channel *channel = open_channel();
	char buffer[4];
	size_t length = 0;

	(void)state;
	assert_int_equal(msg_ring_send(&channel->end[0], "latency", 7), MSG_RING_OK);
	assert_int_equal(msg_ring_receive(&channel->end[1], buffer, sizeof(buffer), &length),
			 MSG_RING_TOO_BIG);
	assert_int_equal(length, 7);
	expect_message(&channel->end[1], "latency");
	free(channel);
}

static void test_send_refuses_what_can_never_fit(void **state)
{
	struct channel *channel = open_channel();
	static uint8_t huge[CAPACITY];

	(void)state;
	assert_int_equal(msg_ring_max_message(&channel->end[0]), CAPACITY - 4u);
	assert_int_equal(msg_ring_send(&channel->end[0], huge, CAPACITY - 3u), MSG_RING_TOO_BIG);
	assert_int_equal(msg_ring_send(&channel->end[0], huge, CAPACITY - 4u), MSG_RING_OK);
	free(channel);
}

/* End 1 finds the ring corrupt and leaves its tail (offset 64) where it was. */
static void expect_corrupt(struct channel *channel)
{
	char buffer[8];
	size_t length;

	assert_int_equal(msg_ring_receive(&channel->end[1], buffer, sizeof(buffer), &length),
			 MSG_RING_CORRUPT);
	assert_int_equal(*word_at(channel, 64), 0u);
}

static void test_impossible_head_is_corrupt_and_changes_nothing(void **state)
{
	struct channel *channel = open_channel();

	(void)state;
	assert_int_equal(msg_ring_send(&channel->end[0], "ok", 2), MSG_RING_OK);
	*word_at(channel, 0) = CAPACITY + 8u;
	expect_corrupt(channel);
	*word_at(channel, 0) = 6u; /* not a record boundary */
	expect_corrupt(channel);
	*word_at(channel, 0) = 8u;
	expect_message(&channel->end[1], "ok");
	free(channel);
}

static void test_impossible_length_is_corrupt(void **state)
{
	struct channel *channel = open_channel();

	(void)state;
	assert_int_equal(msg_ring_send(&channel->end[0], "ok", 2), MSG_RING_OK);
	*word_at(channel, MSG_RING_HEADER_BYTES) = 5u; /* longer than the 8 bytes written */
	expect_corrupt(channel);
	*word_at(channel, MSG_RING_HEADER_BYTES) = 0xfffffffcu;
	expect_corrupt(channel);
	free(channel);
}

static void test_impossible_tail_is_corrupt_for_the_sender(void **state)
{
	struct channel *channel = open_channel();

	(void)state;
	*word_at(channel, HALF + 64u) = 0x1000u; /* end 1's send ring, tail ahead of head */
	assert_int_equal(msg_ring_send(&channel->end[1], "x", 1), MSG_RING_CORRUPT);
	assert_int_equal(*word_at(channel, HALF), 0u);
	free(channel);
}

static void test_reattach_keeps_messages_in_flight(void **state)
{
	struct channel *channel = open_channel();
	struct msg_ring_endpoint again;

	(void)state;
	assert_int_equal(msg_ring_send(&channel->end[0], "one", 3), MSG_RING_OK);
	assert_int_equal(msg_ring_send(&channel->end[0], "two", 3), MSG_RING_OK);
	expect_message(&channel->end[1], "one");
	assert_int_equal(msg_ring_attach(&again, channel->memory, MEMORY_BYTES, 1), MSG_RING_OK);
	expect_message(&again, "two");
	*word_at(channel, 64) = 2u;
	assert_int_equal(msg_ring_attach(&again, channel->memory, MEMORY_BYTES, 1),
			 MSG_RING_CORRUPT);
	free(channel);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_attach_rejects_bad_layout),
		cmocka_unit_test(test_messages_keep_their_boundaries_both_ways),
		cmocka_unit_test(test_full_ring_refuses_then_wraps_without_loss),
		cmocka_unit_test(test_too_big_for_the_buffer_stays_in_the_ring),
		cmocka_unit_test(test_send_refuses_what_can_never_fit),
		cmocka_unit_test(test_impossible_head_is_corrupt_and_changes_nothing),
		cmocka_unit_test(test_impossible_length_is_corrupt),
		cmocka_unit_test(test_impossible_tail_is_corrupt_for_the_sender),
		cmocka_unit_test(test_reattach_keeps_messages_in_flight),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
