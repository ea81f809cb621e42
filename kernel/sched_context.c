/* SPDX-License-Identifier: Apache-2.0 */
#include "sched_context.h"

void sched_context_set(struct sched_context *context, uint64_t budget, uint64_t period,
		       uint64_t now)
{
	context->enforced = budget < period;
	context->throttled = false;
	context->budget = budget;
	context->period = period;
	context->remaining = budget;
	context->replenish_at = now + period;
	context->run_since = now;
}

void sched_context_replenish(struct sched_context *context, uint64_t now)
{
	if (!context->enforced || now < context->replenish_at)
		return;
	/* Periods missed while it waited are gone: the next one starts at a multiple from here. */
	uint64_t missed = (now - context->replenish_at) / context->period;
	context->replenish_at += (missed + 1) * context->period;
	context->remaining = context->budget;
	context->throttled = false;
}

bool sched_context_charge(struct sched_context *context, uint64_t now)
{
	if (!context->enforced || now <= context->run_since)
		return false;
	uint64_t ran = now - context->run_since;

	context->run_since = now;
	context->consumed += ran;
	context->remaining = ran < context->remaining ? context->remaining - ran : 0;
	if (context->remaining > 0 || context->throttled)
		return false;
	context->throttled = true;
	context->overruns++;
	return true;
}
