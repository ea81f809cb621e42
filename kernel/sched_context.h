/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A vCPU's scheduling context: its budget of CPU time per period, as counter ticks. Each period
 * starts with the whole budget (a deferrable server: simpler than seL4 MCS's sporadic refills,
 * and like them no time carried over); a vCPU that spends it waits, throttled, for the next
 * period's start. budget == period is no enforcement at all: nothing is counted or armed for it,
 * so a vCPU without a configured context costs the scheduler nothing. Owned by the vCPU's CPU,
 * which alone writes it (throttled too: a plain flag, not a bit of the vCPU's atomic held, so a
 * budget's expiry and replenishment are no atomic read-modify-write); sched.info reads it.
 */
#ifndef KERNEL_SCHED_CONTEXT_H
#define KERNEL_SCHED_CONTEXT_H

#include <stdbool.h>
#include <stdint.h>

struct sched_context {
	bool enforced;	/* budget < period */
	bool throttled; /* its budget is spent until replenish_at */
	uint64_t budget, period;       /* counter ticks */
	uint64_t remaining;	       /* of budget, in the current period */
	uint64_t replenish_at;	       /* counter value of the next period's start */
	uint64_t run_since;	       /* counter value when it was last loaded */
	uint64_t consumed;	       /* ticks it ran while enforced, in all */
	uint64_t overruns;	       /* times it was throttled */
	uint32_t budget_us, period_us; /* as configured, for sched.info */
};

/* New parameters from now on: a full budget for a period starting at now. */
void sched_context_set(struct sched_context *context, uint64_t budget, uint64_t period,
		       uint64_t now);
/*
 * A period has started (now >= replenish_at): the budget is whole again, not throttled; true when
 * it was throttled, so may run again. Inline, as the next one: each budget switch asks both.
 */
static inline bool sched_context_replenish(struct sched_context *context, uint64_t now)
{
	if (!context->enforced || now < context->replenish_at)
		return false;
	/* Periods missed while it waited are gone: the next one starts at a multiple from here. */
	uint64_t missed = (now - context->replenish_at) / context->period;
	context->replenish_at += (missed + 1) * context->period;
	context->remaining = context->budget;
	bool was_throttled = context->throttled;

	context->throttled = false;
	return was_throttled;
}

/* It ran from run_since to now: charged; throttled (true) when that spent the budget. */
static inline bool sched_context_charge(struct sched_context *context, uint64_t now)
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
/*
 * When it must next be looked at: its budget's end while running, else its next period. Inline:
 * every EL2 timer update asks it of each vCPU of the CPU.
 */
static inline uint64_t sched_context_next_event(const struct sched_context *context,
						bool running)
{
	if (!context->enforced)
		return UINT64_MAX;
	if (running && !context->throttled && context->run_since + context->remaining <
						       context->replenish_at)
		return context->run_since + context->remaining;
	return context->replenish_at;
}

#endif
