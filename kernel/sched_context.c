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
