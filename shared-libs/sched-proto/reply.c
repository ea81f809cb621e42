// SPDX-License-Identifier: Apache-2.0
#include <string.h>

#include "bytes.h"
#include "sched_proto.h"

static bool info_ok(const struct sched_instance_info *info)
{
	const uint8_t *name = (const uint8_t *)info->template_name;
	return info->id != 0 && info->state < SCHED_STATE_END && info->priority != 0 &&
	       info->period_us != 0 && info->period_us <= SCHED_PERIOD_MAX_US &&
	       info->budget_us != 0 && info->budget_us <= info->period_us &&
	       name_field_ok(name, SCHED_NAME_SIZE) && name[0];
}

/* What a reply to op with status may carry: records for a good list, stats for good stats. */
static bool shape_ok(const struct sched_reply *r)
{
	if (r->status >= SCHED_STATUS_END || r->op < SCHED_OP_LIST || r->op >= SCHED_OP_END ||
	    r->count > SCHED_LIST_MAX)
		return false;
	bool good = r->status == SCHED_OK;
	if (r->count && !(good && r->op == SCHED_OP_LIST))
		return false;
	/* A started instance's id, or the instance a request named. */
	if (r->instance && r->op != SCHED_OP_START && r->op != SCHED_OP_PAUSE &&
	    r->op != SCHED_OP_RESUME && r->op != SCHED_OP_STOP && r->op != SCHED_OP_SET)
		return false;
	if (good && r->op == SCHED_OP_START && !r->instance)
		return false;
	return true;
}

static size_t reply_size(const struct sched_reply *r)
{
	if (r->status == SCHED_OK && r->op == SCHED_OP_STATS)
		return SCHED_REPLY_HEADER_SIZE + SCHED_STATS_RECORD_SIZE;
	return SCHED_REPLY_HEADER_SIZE + (size_t)r->count * SCHED_INSTANCE_RECORD_SIZE;
}

static void put_info(uint8_t *p, const struct sched_instance_info *info)
{
	memset(p, 0, SCHED_INSTANCE_RECORD_SIZE);
	put32(p, info->id);
	put32(p + 4, info->budget_us);
	put32(p + 8, info->period_us);
	put32(p + 12, info->overruns);
	put64(p + 16, info->consumed_us);
	p[24] = info->state;
	p[25] = info->cpu;
	p[26] = info->priority;
	memcpy(p + 32, info->template_name, SCHED_NAME_SIZE);
}

static bool get_info(const uint8_t *p, struct sched_instance_info *info)
{
	if (!all_zero(p + 27, 5))
		return false;
	*info = (struct sched_instance_info){
		.id = get32(p),
		.budget_us = get32(p + 4),
		.period_us = get32(p + 8),
		.overruns = get32(p + 12),
		.consumed_us = get64(p + 16),
		.state = p[24],
		.cpu = p[25],
		.priority = p[26],
	};
	memcpy(info->template_name, p + 32, SCHED_NAME_SIZE);
	return info_ok(info);
}

static void put_stats(uint8_t *p, const struct sched_stats *stats)
{
	memset(p, 0, SCHED_STATS_RECORD_SIZE);
	put32(p, stats->flags);
	put32(p + 4, stats->instances);
	put64(p + 8, stats->free_bytes);
	for (unsigned i = 0; i < 7; i++)
		put64(p + 16 + 8 * i, stats->hypervisor[i]);
}

static bool get_stats(const uint8_t *p, struct sched_stats *stats)
{
	stats->flags = get32(p);
	stats->instances = get32(p + 4);
	stats->free_bytes = get64(p + 8);
	for (unsigned i = 0; i < 7; i++)
		stats->hypervisor[i] = get64(p + 16 + 8 * i);
	return !(stats->flags & ~SCHED_STATS_HYPERVISOR) && all_zero(p + 72, 8) &&
	       ((stats->flags & SCHED_STATS_HYPERVISOR) || all_zero(p + 16, 56));
}

size_t sched_reply_encode(const struct sched_reply *reply, uint8_t *out, size_t size)
{
	if (!shape_ok(reply) || size < reply_size(reply))
		return 0;
	for (unsigned i = 0; i < reply->count; i++)
		if (!info_ok(&reply->list[i]))
			return 0;
	memset(out, 0, SCHED_REPLY_HEADER_SIZE);
	out[0] = reply->status;
	out[1] = reply->op;
	put16(out + 2, reply->count);
	put32(out + 4, reply->instance);
	for (unsigned i = 0; i < reply->count; i++)
		put_info(out + SCHED_REPLY_HEADER_SIZE + i * SCHED_INSTANCE_RECORD_SIZE,
			 &reply->list[i]);
	if (reply->status == SCHED_OK && reply->op == SCHED_OP_STATS)
		put_stats(out + SCHED_REPLY_HEADER_SIZE, &reply->stats);
	return reply_size(reply);
}

enum sched_status sched_reply_decode(const uint8_t *in, size_t size, struct sched_reply *reply)
{
	struct sched_reply *r = reply;

	if (size < SCHED_REPLY_HEADER_SIZE || !all_zero(in + 8, 8))
		return SCHED_ERR_MALFORMED;
	memset(r, 0, sizeof(*r));
	r->status = in[0];
	r->op = in[1];
	r->count = (uint16_t)get16(in + 2);
	r->instance = get32(in + 4);
	if (!shape_ok(r) || size < reply_size(r))
		return SCHED_ERR_MALFORMED;
	for (unsigned i = 0; i < r->count; i++)
		if (!get_info(in + SCHED_REPLY_HEADER_SIZE + i * SCHED_INSTANCE_RECORD_SIZE,
			      &r->list[i]))
			return SCHED_ERR_MALFORMED;
	if (r->status == SCHED_OK && r->op == SCHED_OP_STATS &&
	    !get_stats(in + SCHED_REPLY_HEADER_SIZE, &r->stats))
		return SCHED_ERR_MALFORMED;
	return SCHED_OK;
}
