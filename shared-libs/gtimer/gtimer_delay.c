/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Spins on the counter rather than waiting for a timer interrupt: usable before the GIC is up and
 * with interrupts masked. No WFE: nothing guarantees an event (the event stream may be off).
 */
#include "gtimer.h"

#define NS_PER_MICROSECOND 1000u

void gtimer_delay_us(uint64_t microseconds)
{
	uint64_t ns = microseconds > UINT64_MAX / NS_PER_MICROSECOND
			      ? UINT64_MAX
			      : microseconds * NS_PER_MICROSECOND;
	uint64_t ticks = gtimer_ticks_from_ns(gtimer_frequency(), ns);
	uint64_t start = gtimer_counter();

	/* Unsigned difference: correct even across a counter wrap. */
	while (gtimer_counter() - start < ticks) {
	}
}
