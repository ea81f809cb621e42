// SPDX-License-Identifier: Apache-2.0
/*
 * One request from a control channel: copied out of the mailbox, decoded, checked against the
 * channel's rights, carried out, answered. A malformed or refused request changes nothing.
 */
#include "sched.h"

static bool changes_something(uint8_t op)
{
	return op != SCHED_OP_LIST && op != SCHED_OP_STATS;
}

static void carry_out(const struct control_channel *channel, const struct sched_request *request,
		      struct sched_reply *reply)
{
	if (changes_something(request->op) && !channel->may_control) {
		reply->status = SCHED_ERR_MISSING_RIGHTS;
		return;
	}
	switch (request->op) {
	case SCHED_OP_LIST:
		instances_list(reply);
		reply->status = SCHED_OK;
		break;
	case SCHED_OP_START:
		reply->status = instance_start(request->template_name, request, &reply->instance);
		if (reply->status != SCHED_OK)
			reply->instance = 0;
		break;
	case SCHED_OP_PAUSE:
		reply->status = instance_pause(request->instance);
		break;
	case SCHED_OP_RESUME:
		reply->status = instance_resume(request->instance);
		break;
	case SCHED_OP_STOP:
		reply->status = instance_stop(request->instance);
		break;
	case SCHED_OP_SET:
		reply->status = instance_set(request);
		break;
	default:
		reply->status = instances_stats(&reply->stats);
		break;
	}
	if (request->op != SCHED_OP_START)
		reply->instance = request->instance;
}

void serve_channel(struct control_channel *channel)
{
	static uint8_t record[SCHED_REQUEST_SIZE], answer[SCHED_REPLY_MAX];
	static struct sched_reply reply;
	struct sched_request request = {0};
	uint32_t sequence;

	if (!sched_mailbox_take_request(channel->mailbox, record, &sequence))
		return;
	reply = (struct sched_reply){.op = record[0]};
	reply.status = sched_request_decode(record, sizeof(record), &request);
	if (reply.status == SCHED_OK)
		carry_out(channel, &request, &reply);
	else if (reply.op < SCHED_OP_LIST || reply.op >= SCHED_OP_END)
		reply.op = SCHED_OP_LIST; /* a reply names a known op; the status says it was none */
	size_t length = sched_reply_encode(&reply, answer, sizeof(answer));
	sched_mailbox_put_reply(channel->mailbox, answer, length, sequence);
}
