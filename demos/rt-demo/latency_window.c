/* SPDX-License-Identifier: Apache-2.0 */
#include "rt_demo.h"

void latency_window_reset(struct latency_window *window)
{
	window->min = UINT64_MAX;
	window->max = 0;
	window->sum = 0;
	window->count = 0;
}

void latency_window_add(struct latency_window *window, uint64_t latency_ns)
{
	if (latency_ns < window->min)
		window->min = latency_ns;
	if (latency_ns > window->max)
		window->max = latency_ns;
	window->sum += latency_ns;
	window->count++;
}

uint64_t latency_window_min(const struct latency_window *window)
{
	return window->count == 0 ? 0 : window->min;
}

uint64_t latency_window_avg(const struct latency_window *window)
{
	return window->count == 0 ? 0 : window->sum / window->count;
}
