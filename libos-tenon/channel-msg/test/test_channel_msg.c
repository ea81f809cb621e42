/* SPDX-License-Identifier: Apache-2.0 */
/*
 * channel-msg's waiting over fake operations: a clock that moves only when an end waits, rings
 * counted, and a peer that may act while this end waits (as the real peer does between rings).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "channel_msg.h"

#define MEMORY_BYTES 1024u

struct fake {
	uint64_t now, waited;
	unsigned rings, waits;
	/* Run once inside the next wait: what the peer does meanwhile. */
	void (*peer_acts)(struct fake *fake);
	struct msg_ring_endpoint peer;
};

struct fixture {
	_Alignas(64) uint8_t memory[MEMORY_BYTES];
	struct fake fake;
	struct channel_msg end;
};

static void fake_ring(void *context)
{
	((struct fake *)context)->rings++;
}

static void fake_wait(void *context, uint64_t timeout_ns)
{
	struct fake *fake = context;
	void (*peer_acts)(struct fake *) = fake->peer_acts;

	fake->waits++;
	fake->waited += timeout_ns;
	fake->peer_acts = NULL;
	if (peer_acts != NULL) {
		fake->now += 1000; /* the peer's ring ends the wait early */
		peer_acts(fake);
		return;
	}
	fake->now += timeout_ns;
}

static uint64_t fake_now(void *context)
{
	return ((struct fake *)context)->now;
}

static const struct channel_msg_ops fake_ops = {fake_ring, fake_wait, fake_now};

static int open_fixture(void **state)
{
	struct fixture *fixture = calloc(1, sizeof(*fixture));

	assert_non_null(fixture);
	memset(fixture->memory, 0x5a, sizeof(fixture->memory));
	fixture->fake.now = 1000000;
	assert_int_equal(channel_msg_init(&fixture->end, fixture->memory, MEMORY_BYTES, 0, true,
					  &fake_ops, &fixture->fake),
			 MSG_RING_OK);
	assert_int_equal(msg_ring_attach(&fixture->fake.peer, fixture->memory, MEMORY_BYTES, 1),
			 MSG_RING_OK);
	*state = fixture;
	return 0;
}

static int close_fixture(void **state)
{
	free(*state);
	return 0;
}

static void peer_sends(struct fake *fake)
{
	assert_int_equal(msg_ring_send(&fake->peer, "late", 4), MSG_RING_OK);
}

static void peer_takes_one(struct fake *fake)
{
	char buffer[MSG_RING_MAX_MESSAGE];
	size_t length;

	assert_int_equal(msg_ring_receive(&fake->peer, buffer, sizeof(buffer), &length),
			 MSG_RING_OK);
}

static void test_a_send_rings_once_and_arrives(void **state)
{
	struct fixture *fixture = *state;
	char buffer[16];
	size_t length = 0;

	assert_int_equal(channel_msg_send(&fixture->end, "hello", 5, CHANNEL_MSG_NO_WAIT),
			 MSG_RING_OK);
	assert_int_equal(fixture->fake.rings, 1);
	assert_int_equal(msg_ring_receive(&fixture->fake.peer, buffer, sizeof(buffer), &length),
			 MSG_RING_OK);
	assert_int_equal(length, 5);
	assert_memory_equal(buffer, "hello", 5);
	assert_int_equal(fixture->fake.waits, 0);
}

static void test_init_formats_only_when_asked(void **state)
{
	struct fixture *fixture = *state;
	struct channel_msg again;
	char buffer[16];
	size_t length;

	assert_int_equal(msg_ring_send(&fixture->fake.peer, "kept", 4), MSG_RING_OK);
	assert_int_equal(channel_msg_init(&again, fixture->memory, MEMORY_BYTES, 0, false, &fake_ops,
					  &fixture->fake),
			 MSG_RING_OK);
	assert_int_equal(channel_msg_receive(&again, buffer, sizeof(buffer), &length,
					     CHANNEL_MSG_NO_WAIT),
			 MSG_RING_OK);
	assert_int_equal(msg_ring_send(&fixture->fake.peer, "lost", 4), MSG_RING_OK);
	assert_int_equal(channel_msg_init(&again, fixture->memory, MEMORY_BYTES, 0, true, &fake_ops,
					  &fixture->fake),
			 MSG_RING_OK);
	assert_int_equal(channel_msg_receive(&again, buffer, sizeof(buffer), &length,
					     CHANNEL_MSG_NO_WAIT),
			 MSG_RING_EMPTY);
	assert_int_equal(channel_msg_init(&again, fixture->memory, MSG_RING_MIN_MEMORY - 4, 0, true,
					  &fake_ops, &fixture->fake),
			 MSG_RING_BAD_LAYOUT);
	assert_int_equal(channel_msg_init(&again, fixture->memory, MEMORY_BYTES, 2, true, &fake_ops,
					  &fixture->fake),
			 MSG_RING_BAD_LAYOUT);
}

static void test_receive_without_waiting(void **state)
{
	struct fixture *fixture = *state;
	char buffer[16];
	size_t length;

	assert_int_equal(channel_msg_receive(&fixture->end, buffer, sizeof(buffer), &length,
					     CHANNEL_MSG_NO_WAIT),
			 MSG_RING_EMPTY);
	assert_int_equal(fixture->fake.waits, 0);
}

static void test_receive_waits_out_its_timeout(void **state)
{
	struct fixture *fixture = *state;
	char buffer[16];
	size_t length;
	uint64_t start = fixture->fake.now;

	assert_int_equal(channel_msg_receive(&fixture->end, buffer, sizeof(buffer), &length, 5000),
			 MSG_RING_EMPTY);
	assert_int_equal(fixture->fake.now - start, 5000);
	assert_int_equal(fixture->fake.waits, 1);
}

static void test_receive_wakes_for_a_message(void **state)
{
	struct fixture *fixture = *state;
	char buffer[16];
	size_t length = 0;

	fixture->fake.peer_acts = peer_sends;
	assert_int_equal(channel_msg_receive(&fixture->end, buffer, sizeof(buffer), &length,
					     CHANNEL_MSG_WAIT_FOREVER),
			 MSG_RING_OK);
	assert_int_equal(length, 4);
	assert_memory_equal(buffer, "late", 4);
	assert_int_equal(fixture->fake.waits, 1);
	assert_int_equal(fixture->fake.waited, CHANNEL_MSG_WAIT_FOREVER);
	assert_int_equal(fixture->fake.rings, 0); /* a receive does not ring back */
}

/* Fills the ring with 64-byte messages; how many fitted. */
static unsigned fill(struct fixture *fixture)
{
	static const char message[64];
	unsigned sent = 0;

	while (channel_msg_send(&fixture->end, message, sizeof(message), CHANNEL_MSG_NO_WAIT) ==
	       MSG_RING_OK)
		sent++;
	return sent;
}

static void test_a_full_send_gives_up_after_its_timeout(void **state)
{
	struct fixture *fixture = *state;
	static const char message[64];
	unsigned sent = fill(fixture);
	uint64_t start = fixture->fake.now;

	assert_true(sent > 0);
	assert_int_equal(fixture->fake.rings, sent);
	assert_int_equal(channel_msg_send(&fixture->end, message, sizeof(message),
					  3 * CHANNEL_MSG_FULL_RETRY_NS + 10),
			 MSG_RING_FULL);
	/* Three whole retry periods, then the 10 ns left: four waits, and nothing rung. */
	assert_int_equal(fixture->fake.waits, 4);
	assert_int_equal(fixture->fake.now - start, 3 * CHANNEL_MSG_FULL_RETRY_NS + 10);
	assert_int_equal(fixture->fake.rings, sent);
}

static void test_a_full_send_goes_once_the_peer_takes(void **state)
{
	struct fixture *fixture = *state;
	static const char message[64];
	unsigned sent = fill(fixture);

	fixture->fake.peer_acts = peer_takes_one;
	assert_int_equal(channel_msg_send(&fixture->end, message, sizeof(message),
					  CHANNEL_MSG_WAIT_FOREVER),
			 MSG_RING_OK);
	assert_int_equal(fixture->fake.waits, 1);
	assert_int_equal(fixture->fake.waited, CHANNEL_MSG_FULL_RETRY_NS);
	assert_int_equal(fixture->fake.rings, sent + 1);
}

static void test_too_big_and_corrupt_do_not_wait(void **state)
{
	struct fixture *fixture = *state;
	static char huge[MEMORY_BYTES];
	char buffer[16];
	size_t length;

	assert_int_equal(channel_msg_send(&fixture->end, huge, sizeof(huge), CHANNEL_MSG_WAIT_FOREVER),
			 MSG_RING_TOO_BIG);
	/* The peer claims to have written more than the ring holds. */
	uint32_t impossible = MEMORY_BYTES;
	memcpy(fixture->memory + MEMORY_BYTES / 2, &impossible, sizeof(impossible));
	assert_int_equal(channel_msg_receive(&fixture->end, buffer, sizeof(buffer), &length,
					     CHANNEL_MSG_WAIT_FOREVER),
			 MSG_RING_CORRUPT);
	assert_int_equal(fixture->fake.waits, 0);
	assert_int_equal(fixture->fake.rings, 0);
}

#define FIXTURE_TEST(test) cmocka_unit_test_setup_teardown(test, open_fixture, close_fixture)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FIXTURE_TEST(test_a_send_rings_once_and_arrives),
		FIXTURE_TEST(test_init_formats_only_when_asked),
		FIXTURE_TEST(test_receive_without_waiting),
		FIXTURE_TEST(test_receive_waits_out_its_timeout),
		FIXTURE_TEST(test_receive_wakes_for_a_message),
		FIXTURE_TEST(test_a_full_send_gives_up_after_its_timeout),
		FIXTURE_TEST(test_a_full_send_goes_once_the_peer_takes),
		FIXTURE_TEST(test_too_big_and_corrupt_do_not_wait),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
