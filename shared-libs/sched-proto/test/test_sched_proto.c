// SPDX-License-Identifier: Apache-2.0
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sched_proto.h"

static struct sched_request start_request(void)
{
	struct sched_request r = {.op = SCHED_OP_START,
				  .fields = SCHED_FIELD_PRIORITY | SCHED_FIELD_BUDGET,
				  .priority = 20,
				  .budget_us = 2000,
				  .period_us = 10000};
	strcpy(r.template_name, "worker-a");
	return r;
}

static void test_every_op_round_trips(void **state)
{
	(void)state;
	struct sched_request requests[] = {
		{.op = SCHED_OP_LIST},
		start_request(),
		{.op = SCHED_OP_PAUSE, .instance = 3},
		{.op = SCHED_OP_RESUME, .instance = 3},
		{.op = SCHED_OP_STOP, .instance = 0xffffffffu},
		{.op = SCHED_OP_SET, .instance = 3, .fields = SCHED_FIELD_PRIORITY, .priority = 255},
		{.op = SCHED_OP_SET, .instance = 3, .fields = SCHED_FIELD_BUDGET, .budget_us = 1,
		 .period_us = SCHED_PERIOD_MAX_US},
		{.op = SCHED_OP_STATS},
	};
	for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); i++) {
		uint8_t record[SCHED_REQUEST_SIZE];
		struct sched_request back;
		assert_int_equal(sched_request_encode(&requests[i], record), SCHED_OK);
		assert_int_equal(record[1], SCHED_PROTO_VERSION);
		assert_int_equal(sched_request_decode(record, sizeof(record), &back), SCHED_OK);
		assert_memory_equal(&back, &requests[i], sizeof(back));
	}
}

/* Each hostile argument is refused by name, on both sides, and decode fills in nothing. */
static void test_bad_arguments_are_refused(void **state)
{
	(void)state;
	struct sched_request bad[16];
	unsigned n = 0;
	bad[n] = start_request(), bad[n++].priority = 0;
	bad[n] = start_request(), bad[n++].priority = 256;
	bad[n] = start_request(), bad[n++].budget_us = 10001; /* over its period */
	bad[n] = start_request(), bad[n++].budget_us = 0;
	bad[n] = start_request(), bad[n].period_us = bad[n].budget_us = SCHED_PERIOD_MAX_US + 1, n++;
	bad[n] = start_request(), bad[n++].template_name[0] = '\0';
	bad[n] = start_request(), bad[n++].template_name[2] = '\n';
	bad[n] = start_request(), bad[n++].instance = 1; /* start names no instance */
	bad[n] = start_request(), bad[n++].fields = 1u << 5;
	bad[n] = start_request(), bad[n].fields = 0, n++; /* values without their field bits */
	bad[n++] = (struct sched_request){.op = SCHED_OP_SET, .instance = 1}; /* sets nothing */
	bad[n++] = (struct sched_request){.op = SCHED_OP_PAUSE, .instance = 1,
					  .fields = SCHED_FIELD_PRIORITY, .priority = 3};
	bad[n++] = (struct sched_request){.op = SCHED_OP_LIST, .instance = 2};
	bad[n] = (struct sched_request){.op = SCHED_OP_STOP, .instance = 2};
	strcpy(bad[n++].template_name, "x");
	memset(bad[n].template_name, 'a', SCHED_NAME_SIZE), bad[n] = start_request(),
		memset(bad[n].template_name, 'a', SCHED_NAME_SIZE), n++; /* no NUL */
	for (unsigned i = 0; i < n; i++) {
		uint8_t record[SCHED_REQUEST_SIZE];
		if (sched_request_encode(&bad[i], record) != SCHED_ERR_BAD_ARGUMENTS)
			fail_msg("case %u encoded", i);
	}
	/* The same checks on decode: a good record, then one field spoiled in place. */
	uint8_t record[SCHED_REQUEST_SIZE];
	struct sched_request good = start_request(), out;
	assert_int_equal(sched_request_encode(&good, record), SCHED_OK);
	record[16] = 0x12, record[17] = 0x27; /* budget 10002 us, over the period */
	memset(&out, 0x5a, sizeof(out));
	struct sched_request untouched = out;
	assert_int_equal(sched_request_decode(record, sizeof(record), &out), SCHED_ERR_BAD_ARGUMENTS);
	assert_memory_equal(&out, &untouched, sizeof(out));
}

static void test_malformed_records(void **state)
{
	(void)state;
	uint8_t good[SCHED_REQUEST_SIZE], record[SCHED_REQUEST_SIZE];
	struct sched_request r = start_request(), out;
	assert_int_equal(sched_request_encode(&r, good), SCHED_OK);
	assert_int_equal(sched_request_decode(good, SCHED_REQUEST_SIZE - 1, &out),
			 SCHED_ERR_MALFORMED);
	static const unsigned spoil[] = {0, 1, 2, 3, 24, 31, 48, 63};
	for (size_t i = 0; i < sizeof(spoil) / sizeof(spoil[0]); i++) {
		memcpy(record, good, sizeof(record));
		record[spoil[i]] = spoil[i] == 0 ? SCHED_OP_END : 0x40;
		if (sched_request_decode(record, sizeof(record), &out) != SCHED_ERR_MALFORMED)
			fail_msg("byte %u accepted", spoil[i]);
	}
	r.op = 0;
	assert_int_equal(sched_request_encode(&r, record), SCHED_ERR_MALFORMED);
}

static struct sched_reply list_reply(void)
{
	struct sched_reply r = {.status = SCHED_OK, .op = SCHED_OP_LIST, .count = 2};
	r.list[0] = (struct sched_instance_info){.id = 1, .state = SCHED_STATE_RUNNING, .cpu = 2,
						 .priority = 10, .budget_us = 2000,
						 .period_us = 10000, .overruns = 7,
						 .consumed_us = 1ull << 40};
	strcpy(r.list[0].template_name, "worker-a");
	r.list[1] = r.list[0];
	r.list[1].id = 2;
	r.list[1].state = SCHED_STATE_PAUSED;
	return r;
}

static void test_replies_round_trip(void **state)
{
	(void)state;
	static struct sched_reply replies[4], back;
	static uint8_t record[SCHED_REPLY_MAX];
	replies[0] = list_reply();
	replies[1] = (struct sched_reply){.status = SCHED_OK, .op = SCHED_OP_START, .instance = 9};
	replies[2] = (struct sched_reply){.status = SCHED_ERR_ADMISSION_REFUSED,
					  .op = SCHED_OP_START};
	replies[3] = (struct sched_reply){.status = SCHED_OK, .op = SCHED_OP_STATS,
					  .stats = {.flags = SCHED_STATS_HYPERVISOR,
						    .instances = 2,
						    .free_bytes = 0x2000000,
						    .hypervisor = {4, 5, 6, 7, 8, 9, 10}}};
	for (size_t i = 0; i < 4; i++) {
		size_t length = sched_reply_encode(&replies[i], record, sizeof(record));
		assert_int_not_equal(length, 0);
		assert_int_equal(sched_reply_decode(record, length, &back), SCHED_OK);
		assert_int_equal(back.status, replies[i].status);
		assert_int_equal(back.op, replies[i].op);
		assert_int_equal(back.instance, replies[i].instance);
		assert_int_equal(back.count, replies[i].count);
		assert_memory_equal(back.list, replies[i].list,
				    replies[i].count * sizeof(back.list[0]));
		assert_memory_equal(&back.stats, &replies[i].stats, sizeof(back.stats));
	}
}

static void test_malformed_replies(void **state)
{
	(void)state;
	static struct sched_reply r, back;
	static uint8_t good[SCHED_REPLY_MAX], record[SCHED_REPLY_MAX];
	r = list_reply();
	size_t length = sched_reply_encode(&r, good, sizeof(good));
	assert_int_equal(length, SCHED_REPLY_HEADER_SIZE + 2 * SCHED_INSTANCE_RECORD_SIZE);
	assert_int_equal(sched_reply_decode(good, length - 1, &back), SCHED_ERR_MALFORMED);
	/* status, op, count beyond the list, reserved, an entry's id, state, priority, name */
	static const struct {
		unsigned at;
		uint8_t value;
	} spoil[] = {{0, SCHED_STATUS_END}, {1, 0}, {2, SCHED_LIST_MAX + 1}, {9, 1},
		     {16, 0}, {16 + 24, SCHED_STATE_END}, {16 + 26, 0}, {16 + 32, 0},
		     {16 + 33, 0x7f}, {16 + 28, 1}};
	for (size_t i = 0; i < sizeof(spoil) / sizeof(spoil[0]); i++) {
		memcpy(record, good, sizeof(record));
		record[spoil[i].at] = spoil[i].value;
		if (spoil[i].at == 16) /* the id is four bytes */
			memset(record + 16, 0, 4);
		if (sched_reply_decode(record, length, &back) != SCHED_ERR_MALFORMED)
			fail_msg("byte %u accepted", spoil[i].at);
	}
	/* An error carries no records; a good start names its instance. */
	r.status = SCHED_ERR_UNKNOWN_INSTANCE;
	assert_int_equal(sched_reply_encode(&r, record, sizeof(record)), 0);
	r = (struct sched_reply){.status = SCHED_OK, .op = SCHED_OP_START};
	assert_int_equal(sched_reply_encode(&r, record, sizeof(record)), 0);
	r = list_reply();
	assert_int_equal(sched_reply_encode(&r, record, SCHED_REPLY_HEADER_SIZE), 0);
}

static void test_mailbox_exchange(void **state)
{
	(void)state;
	static _Alignas(8) uint8_t shared[4096];
	uint8_t request[SCHED_REQUEST_SIZE], taken[SCHED_REQUEST_SIZE];
	static uint8_t reply[SCHED_REPLY_MAX], got[SCHED_REPLY_MAX];
	uint32_t sequence;

	assert_false(sched_mailbox_served(shared, sizeof(shared)));
	assert_false(sched_mailbox_serve(shared, SCHED_MAILBOX_SIZE - 1));
	assert_true(sched_mailbox_serve(shared, sizeof(shared)));
	assert_true(sched_mailbox_served(shared, sizeof(shared)));
	assert_false(sched_mailbox_served(shared, SCHED_MAILBOX_SIZE - 1));
	assert_false(sched_mailbox_take_request(shared, taken, &sequence));

	struct sched_request r = start_request();
	assert_int_equal(sched_request_encode(&r, request), SCHED_OK);
	uint32_t asked = sched_mailbox_put_request(shared, request);
	assert_false(sched_mailbox_take_reply(shared, asked, got));
	assert_true(sched_mailbox_take_request(shared, taken, &sequence));
	assert_int_equal(sequence, asked);
	assert_memory_equal(taken, request, sizeof(request));

	struct sched_reply answer = {.status = SCHED_OK, .op = SCHED_OP_START, .instance = 4};
	size_t length = sched_reply_encode(&answer, reply, sizeof(reply));
	sched_mailbox_put_reply(shared, reply, length, sequence);
	assert_false(sched_mailbox_take_request(shared, taken, &sequence));
	assert_true(sched_mailbox_take_reply(shared, asked, got));
	assert_memory_equal(got, reply, length);
	/* The next request gets the next sequence; the old reply does not answer it. */
	uint32_t next = sched_mailbox_put_request(shared, request);
	assert_int_equal(next, asked + 1);
	assert_false(sched_mailbox_take_reply(shared, next, got));
}

static void test_names(void **state)
{
	(void)state;
	for (unsigned s = 0; s < SCHED_STATUS_END; s++) {
		assert_string_not_equal(sched_status_name(s), "unknown-status");
		assert_string_not_equal(sched_status_text(s), "an unknown status");
	}
	assert_string_equal(sched_status_name(SCHED_ERR_UNKNOWN_INSTANCE), "unknown-instance");
	assert_string_equal(sched_status_name(SCHED_STATUS_END), "unknown-status");
	for (unsigned op = SCHED_OP_LIST; op < SCHED_OP_END; op++)
		assert_int_equal(sched_op_from_name(sched_op_name(op)), op);
	assert_int_equal(sched_op_from_name("reboot"), SCHED_OP_END);
	assert_string_equal(sched_op_name(0), "unknown-op");
	assert_string_equal(sched_state_name(SCHED_STATE_THROTTLED), "throttled");
	assert_string_equal(sched_state_name(SCHED_STATE_END), "unknown-state");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_op_round_trips),
		cmocka_unit_test(test_bad_arguments_are_refused),
		cmocka_unit_test(test_malformed_records),
		cmocka_unit_test(test_replies_round_trip),
		cmocka_unit_test(test_malformed_replies),
		cmocka_unit_test(test_mailbox_exchange),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
