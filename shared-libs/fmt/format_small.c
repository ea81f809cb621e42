/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fmt_vformat for an image that prints no more than Mortise does (CONFIG_LIB_FMT_SMALL): %d %u %x
 * %c %s %%, the flags - and 0, a decimal width, the precision .* of %s, the lengths l and ll. For
 * those it prints what format.c prints (both are checked against glibc); any other directive is
 * printed as its raw text, as format.c prints what it cannot.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* On the host it is linked into the unit tests beside format.c, so it takes a name of its own. */
#if __STDC_HOSTED__
#define fmt_vformat fmt_small_vformat
#endif

#include "fmt.h"
#include "format_loop.h"

#define NO_PRECISION (-1)

struct small_spec {
	bool left_align; /* - */
	bool zero_pad;   /* 0 */
	int width;
	int precision; /* of %s: NO_PRECISION when absent or negative */
	unsigned longs; /* l: 1, ll: 2 */
	char conversion;
};

static void emit_fill(struct output *out, char fill, size_t count)
{
	for (; count > 0; count--)
		emit(out, &fill, 1);
}

/* Zero padding goes between the sign and the digits, and only for integers without '-'. */
static void emit_field(struct output *out, const struct small_spec *spec, bool negative,
		       const char *body, size_t length)
{
	size_t used = length + (negative ? 1 : 0);
	size_t padding = (size_t)spec->width > used ? (size_t)spec->width - used : 0;
	bool zeros = spec->zero_pad && !spec->left_align && spec->conversion != 's' &&
		     spec->conversion != 'c';

	if (!spec->left_align && !zeros)
		emit_fill(out, ' ', padding);
	emit(out, "-", negative ? 1 : 0);
	if (zeros)
		emit_fill(out, '0', padding);
	emit(out, body, length);
	if (spec->left_align)
		emit_fill(out, ' ', padding);
}

static void format_integer(struct output *out, const struct small_spec *spec, va_list *args)
{
	char buffer[20]; /* UINT64_MAX in decimal */
	char *digits = buffer + sizeof(buffer);
	bool negative = false;
	uint64_t value;

	if (spec->conversion == 'd') {
		int64_t signed_value = spec->longs == 0 ? va_arg(*args, int) :
				       spec->longs == 1 ? va_arg(*args, long) :
							  va_arg(*args, long long);
		negative = signed_value < 0;
		/* In unsigned arithmetic: -INT64_MIN does not fit in int64_t. */
		value = negative ? 0 - (uint64_t)signed_value : (uint64_t)signed_value;
	} else {
		value = spec->longs == 0 ? va_arg(*args, unsigned int) :
			spec->longs == 1 ? va_arg(*args, unsigned long) :
					   va_arg(*args, unsigned long long);
	}
	unsigned base = spec->conversion == 'x' ? 16 : 10;
	do {
		*--digits = "0123456789abcdef"[value % base];
		value /= base;
	} while (value != 0);
	emit_field(out, spec, negative, digits, (size_t)(buffer + sizeof(buffer) - digits));
}

static void format_conversion(struct output *out, const struct small_spec *spec, va_list *args)
{
	if (spec->conversion == 's') {
		const char *text = va_arg(*args, const char *);
		size_t limit = spec->precision == NO_PRECISION ? SIZE_MAX : (size_t)spec->precision;
		if (text == NULL)
			text = limit >= 6 ? "(null)" : "";
		/* strnlen: with a precision the array need not be NUL-terminated (C11 7.21.6.1p8). */
		emit_field(out, spec, false, text, strnlen(text, limit));
	} else if (spec->conversion == 'c') {
		char c = (char)(unsigned char)va_arg(*args, int);
		emit_field(out, spec, false, &c, 1);
	} else if (spec->conversion == '%') {
		emit(out, "%", 1); /* glibc ignores any flags or width given with it */
	} else {
		format_integer(out, spec, args);
	}
}

/* Parses the specification after '%' and prints it, leaving *p after its conversion character. */
static bool format_directive(struct output *out, const char **p, va_list *args)
{
	struct small_spec spec = {.precision = NO_PRECISION};

	for (;; (*p)++) {
		if (**p == '-')
			spec.left_align = true;
		else if (**p == '0')
			spec.zero_pad = true;
		else
			break;
	}
	for (; **p >= '0' && **p <= '9'; (*p)++) {
		if (spec.width > (INT_MAX - (**p - '0')) / 10) {
			while (**p >= '0' && **p <= '9')
				(*p)++;
			return false;
		}
		spec.width = spec.width * 10 + (**p - '0');
	}
	if (**p == '.') {
		if ((*p)[1] != '*') {
			(*p)++;
			return false;
		}
		*p += 2;
		int precision = va_arg(*args, int);
		spec.precision = precision < 0 ? NO_PRECISION : precision;
	}
	for (; **p == 'l' && spec.longs < 2; (*p)++)
		spec.longs++;
	spec.conversion = **p;
	if (**p != '\0')
		(*p)++;
	bool printable = spec.conversion == 's' && spec.longs == 0;
	if (spec.conversion == 'd' || spec.conversion == 'u' || spec.conversion == 'x')
		printable = spec.precision == NO_PRECISION;
	else if (spec.conversion == 'c' || spec.conversion == '%')
		printable = spec.longs == 0 && spec.precision == NO_PRECISION;
	if (printable)
		format_conversion(out, &spec, args);
	return printable;
}

size_t fmt_vformat(fmt_sink sink, void *context, const char *format, va_list args)
{
	return format_loop(sink, context, format, args);
}
