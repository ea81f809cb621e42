/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ns * frequency overflows 64 bits after about 5 hours at 1 GHz, so products are formed in 128
 * bits (one MUL/UMULH pair on AArch64). The quotient is one 64-bit division while the product
 * fits in 64 bits, as it does for every interval but the longest; else a bit-by-bit long
 * division, where libgcc's __udivti3 would cost every image that links this 0.8 KiB.
 */
#include "gtimer.h"

#define NS_PER_SECOND 1000000000u

/* high:low / divisor, with high < divisor so that the quotient fits; *remainder what is left. */
static uint64_t divide_wide(uint64_t high, uint64_t low, uint64_t divisor, uint64_t *remainder)
{
	uint64_t quotient = 0;

	for (unsigned bit = 0; bit < 64; bit++) {
		/* The running remainder is below divisor, so twice it plus one needs 65 bits at most. */
		bool carry = high >> 63;
		high = high << 1 | low >> 63;
		low <<= 1;
		quotient <<= 1;
		if (carry || high >= divisor) {
			high -= divisor;
			quotient |= 1;
		}
	}
	*remainder = high;
	return quotient;
}

static uint64_t gtimer_scale(uint64_t value, uint64_t multiplier, uint64_t divisor, bool round_up)
{
	if (divisor == 0)
		return 0;

	unsigned __int128 product = (unsigned __int128)value * multiplier;
	uint64_t high = (uint64_t)(product >> 64), low = (uint64_t)product;
	uint64_t quotient, remainder;

	if (high >= divisor)
		return UINT64_MAX;
	if (high == 0) {
		quotient = low / divisor;
		remainder = low % divisor;
	} else {
		quotient = divide_wide(high, low, divisor, &remainder);
	}
	if (round_up && remainder != 0)
		return quotient == UINT64_MAX ? UINT64_MAX : quotient + 1;
	return quotient;
}

uint64_t gtimer_ticks_from_ns(uint64_t frequency, uint64_t ns)
{
	return gtimer_scale(ns, frequency, NS_PER_SECOND, true);
}

uint64_t gtimer_ns_from_ticks(uint64_t frequency, uint64_t ticks)
{
	return gtimer_scale(ticks, NS_PER_SECOND, frequency, false);
}
