/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ns * frequency overflows 64 bits after about 5 hours at 1 GHz, so products are formed in 128
 * bits (one MUL/UMULH pair on AArch64; the division is libgcc's integer-only __udivti3).
 */
#include "gtimer.h"

#define NS_PER_SECOND 1000000000u

static uint64_t gtimer_scale(uint64_t value, uint64_t multiplier, uint64_t divisor, bool round_up)
{
	if (divisor == 0)
		return 0;

	unsigned __int128 product = (unsigned __int128)value * multiplier;
	unsigned __int128 quotient = product / divisor;

	if (round_up && product - quotient * divisor != 0)
		quotient++;
	return quotient > UINT64_MAX ? UINT64_MAX : (uint64_t)quotient;
}

uint64_t gtimer_ticks_from_ns(uint64_t frequency, uint64_t ns)
{
	return gtimer_scale(ns, frequency, NS_PER_SECOND, true);
}

uint64_t gtimer_ns_from_ticks(uint64_t frequency, uint64_t ticks)
{
	return gtimer_scale(ticks, NS_PER_SECOND, frequency, false);
}
