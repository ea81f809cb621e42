/* SPDX-License-Identifier: Apache-2.0 */
/* strtoul, C11 7.22.1.4, without errno (see include/stdlib.h). */
#include <limits.h>
#include <stdbool.h>

#include "include/stdlib.h"

#define NOT_A_DIGIT 36

static bool is_space(char c)
{
	/* The "C" locale's isspace set: space, \t \n \v \f \r. */
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return NOT_A_DIGIT;
}

static bool has_hex_prefix(const char *p)
{
	/* "0x" counts as a prefix only when a hex digit follows; otherwise the subject is just "0". */
	return p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16;
}

unsigned long LIBC_MIN_NAME(strtoul)(const char *restrict text, char **restrict end, int base)
{
	const char *p = text;
	bool negative = false;

	if (base < 0 || base == 1 || base > 36) {
		if (end != NULL)
			*end = (char *)text;
		return 0;
	}

	while (is_space(*p))
		p++;
	if (*p == '+' || *p == '-') {
		negative = *p == '-';
		p++;
	}
	if ((base == 0 || base == 16) && has_hex_prefix(p)) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}

	const char *digits = p;
	unsigned long value = 0;
	bool overflow = false;

	for (; digit_value(*p) < base; p++) {
		unsigned long digit = (unsigned long)digit_value(*p);

		if (value > (ULONG_MAX - digit) / (unsigned long)base)
			overflow = true;
		else
			value = value * (unsigned long)base + digit;
	}

	if (p == digits) {
		/* No subject sequence: C11 says *end gets the original pointer, whitespace and sign included. */
		if (end != NULL)
			*end = (char *)text;
		return 0;
	}
	if (end != NULL)
		*end = (char *)p;
	if (overflow)
		return ULONG_MAX;
	/* C11: a minus sign negates the value in the return type, so "-1" is ULONG_MAX. */
	return negative ? 0 - value : value;
}
