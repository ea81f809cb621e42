/* SPDX-License-Identifier: Apache-2.0 */
/* fmt_vformat: parses C11 7.21.6.1 conversion specifications and formats integers and strings. */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fmt.h"
#include "format_loop.h"

_Static_assert(sizeof(size_t) == sizeof(ptrdiff_t),
	       "%zd and %tu reinterpret size_t and ptrdiff_t as each other");

enum length_modifier {
	LENGTH_NONE,
	LENGTH_CHAR,      /* hh */
	LENGTH_SHORT,     /* h */
	LENGTH_LONG,      /* l */
	LENGTH_LONG_LONG, /* ll */
	LENGTH_SIZE,      /* z */
	LENGTH_INTMAX,    /* j */
	LENGTH_PTRDIFF,   /* t */
};

#define NO_PRECISION (-1)

struct conversion_spec {
	bool left_align;   /* - */
	bool force_sign;   /* + */
	bool space_sign;   /* space */
	bool alternate;    /* # */
	bool zero_pad;     /* 0 */
	int width;
	int precision;     /* NO_PRECISION when absent or negative */
	enum length_modifier length;
	char conversion;
};


/* Octal needs the most digits: 22 for 64 bits. */
#define MAX_DIGITS ((sizeof(uintmax_t) * CHAR_BIT + 2) / 3)

/* Padding goes out in chunks rather than one character per sink call. */
static void emit_repeated(struct output *out, char fill, size_t count)
{
	static const char spaces[16] = "                ";
	static const char zeros[16] = "0000000000000000";
	const char *chunk = fill == '0' ? zeros : spaces;

	while (count > 0) {
		size_t piece = count < sizeof(spaces) ? count : sizeof(spaces);

		emit(out, chunk, piece);
		count -= piece;
	}
}

static size_t padding_for(const struct conversion_spec *spec, size_t body_length)
{
	size_t width = (size_t)spec->width;

	return width > body_length ? width - body_length : 0;
}

static void emit_padded_text(struct output *out, const struct conversion_spec *spec,
			     const char *text, size_t length)
{
	size_t padding = padding_for(spec, length);

	if (!spec->left_align)
		emit_repeated(out, ' ', padding);
	emit(out, text, length);
	if (spec->left_align)
		emit_repeated(out, ' ', padding);
}

/* Writes the digits to the end of buffer and returns where they start. */
static char *digits_of(uintmax_t value, unsigned base, bool uppercase, char *buffer_end)
{
	const char *symbols = uppercase ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = buffer_end;

	do {
		*--p = symbols[value % base];
		value /= base;
	} while (value != 0);
	return p;
}

/* sign is '\0', '-', '+' or ' '; prefix is "" or the 0x/0X of '#' and %p. */
static void emit_integer(struct output *out, const struct conversion_spec *spec, uintmax_t magnitude,
			 char sign, const char *prefix)
{
	char buffer[MAX_DIGITS];
	char *buffer_end = buffer + sizeof(buffer);
	unsigned base = 10;

	if (spec->conversion == 'o')
		base = 8;
	else if (spec->conversion == 'x' || spec->conversion == 'X' || spec->conversion == 'p')
		base = 16;

	/* C11 7.21.6.1p8: zero with precision zero prints no digits at all. */
	const char *digits = buffer_end;
	if (magnitude != 0 || spec->precision != 0)
		digits = digits_of(magnitude, base, spec->conversion == 'X', buffer_end);
	size_t digit_count = (size_t)(buffer_end - digits);

	size_t zeros = 0;
	if (spec->precision != NO_PRECISION && (size_t)spec->precision > digit_count)
		zeros = (size_t)spec->precision - digit_count;
	/* '#' with %o: "increase the precision, if and only if necessary, to force the first digit to be 0". */
	if (spec->alternate && base == 8 && zeros == 0 && (digit_count == 0 || digits[0] != '0'))
		zeros = 1;

	size_t prefix_length = (sign != '\0' ? 1 : 0) + strlen(prefix);
	size_t body_length = prefix_length + zeros + digit_count;
	/* The 0 flag is ignored with '-' and, for integers, when a precision is given. */
	if (spec->zero_pad && !spec->left_align && spec->precision == NO_PRECISION) {
		zeros += padding_for(spec, body_length);
		body_length = prefix_length + zeros + digit_count;
	}
	size_t padding = padding_for(spec, body_length);

	if (!spec->left_align)
		emit_repeated(out, ' ', padding);
	if (sign != '\0')
		emit(out, &sign, 1);
	emit(out, prefix, strlen(prefix));
	emit_repeated(out, '0', zeros);
	emit(out, digits, digit_count);
	if (spec->left_align)
		emit_repeated(out, ' ', padding);
}

static char positive_sign(const struct conversion_spec *spec)
{
	if (spec->force_sign)
		return '+';
	if (spec->space_sign)
		return ' ';
	return '\0';
}

static intmax_t fetch_signed(enum length_modifier length, va_list *args)
{
	switch (length) {
	case LENGTH_CHAR:
		return (signed char)va_arg(*args, int);
	case LENGTH_SHORT:
		return (short)va_arg(*args, int);
	case LENGTH_LONG:
		return va_arg(*args, long);
	case LENGTH_LONG_LONG:
		return va_arg(*args, long long);
	case LENGTH_SIZE:
		/* The signed type corresponding to size_t: same width, so ptrdiff_t. */
		return (ptrdiff_t)va_arg(*args, size_t);
	case LENGTH_INTMAX:
		return va_arg(*args, intmax_t);
	case LENGTH_PTRDIFF:
		return va_arg(*args, ptrdiff_t);
	case LENGTH_NONE:
		break;
	}
	return va_arg(*args, int);
}

static uintmax_t fetch_unsigned(enum length_modifier length, va_list *args)
{
	switch (length) {
	case LENGTH_CHAR:
		return (unsigned char)va_arg(*args, unsigned int);
	case LENGTH_SHORT:
		return (unsigned short)va_arg(*args, unsigned int);
	case LENGTH_LONG:
		return va_arg(*args, unsigned long);
	case LENGTH_LONG_LONG:
		return va_arg(*args, unsigned long long);
	case LENGTH_SIZE:
		return va_arg(*args, size_t);
	case LENGTH_INTMAX:
		return va_arg(*args, uintmax_t);
	case LENGTH_PTRDIFF:
		/* The unsigned type corresponding to ptrdiff_t: same width, so size_t. */
		return (size_t)va_arg(*args, ptrdiff_t);
	case LENGTH_NONE:
		break;
	}
	return va_arg(*args, unsigned int);
}

static void format_signed(struct output *out, const struct conversion_spec *spec, va_list *args)
{
	intmax_t value = fetch_signed(spec->length, args);
	/* Negate in unsigned arithmetic: -INTMAX_MIN does not fit in intmax_t. */
	uintmax_t magnitude = value < 0 ? 0 - (uintmax_t)value : (uintmax_t)value;

	emit_integer(out, spec, magnitude, value < 0 ? '-' : positive_sign(spec), "");
}

static void format_unsigned(struct output *out, const struct conversion_spec *spec, va_list *args)
{
	uintmax_t value = fetch_unsigned(spec->length, args);
	const char *prefix = "";

	/* '#' prefixes 0x only to a nonzero value (C11 7.21.6.1p6). */
	if (spec->alternate && value != 0) {
		if (spec->conversion == 'x')
			prefix = "0x";
		else if (spec->conversion == 'X')
			prefix = "0X";
	}
	emit_integer(out, spec, value, '\0', prefix);
}

static void format_pointer(struct output *out, const struct conversion_spec *spec, va_list *args)
{
	const void *pointer = va_arg(*args, const void *);

	if (pointer == NULL)
		emit_padded_text(out, spec, "(nil)", 5);
	else
		emit_integer(out, spec, (uintptr_t)pointer, positive_sign(spec), "0x");
}

static void format_string(struct output *out, const struct conversion_spec *spec, va_list *args)
{
	const char *text = va_arg(*args, const char *);
	size_t limit = spec->precision == NO_PRECISION ? SIZE_MAX : (size_t)spec->precision;

	if (text == NULL)
		text = limit >= 6 ? "(null)" : "";
	/* strnlen: with a precision the array need not be NUL-terminated (C11 7.21.6.1p8). */
	emit_padded_text(out, spec, text, strnlen(text, limit));
}

static void format_char(struct output *out, const struct conversion_spec *spec, va_list *args)
{
	char c = (char)(unsigned char)va_arg(*args, int);

	emit_padded_text(out, spec, &c, 1);
}

/* Reads a decimal field; false if it does not fit in an int. */
static bool parse_decimal(const char **p, int *value)
{
	int result = 0;

	for (; **p >= '0' && **p <= '9'; (*p)++) {
		int digit = **p - '0';

		if (result > (INT_MAX - digit) / 10)
			return false;
		result = result * 10 + digit;
	}
	*value = result;
	return true;
}

static void parse_flags(const char **p, struct conversion_spec *spec)
{
	for (;; (*p)++) {
		switch (**p) {
		case '-':
			spec->left_align = true;
			break;
		case '+':
			spec->force_sign = true;
			break;
		case ' ':
			spec->space_sign = true;
			break;
		case '#':
			spec->alternate = true;
			break;
		case '0':
			spec->zero_pad = true;
			break;
		default:
			return;
		}
	}
}

static bool parse_width(const char **p, struct conversion_spec *spec, va_list *args)
{
	if (**p != '*')
		return parse_decimal(p, &spec->width);
	(*p)++;
	int width = va_arg(*args, int);
	/* A negative '*' width is a '-' flag and a positive width (C11 7.21.6.1p5). */
	if (width < 0) {
		spec->left_align = true;
		width = width == INT_MIN ? INT_MAX : -width;
	}
	spec->width = width;
	return true;
}

static bool parse_precision(const char **p, struct conversion_spec *spec, va_list *args)
{
	if (**p != '.')
		return true;
	(*p)++;
	if (**p != '*')
		return parse_decimal(p, &spec->precision);
	(*p)++;
	int precision = va_arg(*args, int);
	/* A negative '*' precision counts as absent. */
	spec->precision = precision < 0 ? NO_PRECISION : precision;
	return true;
}

static enum length_modifier parse_length(const char **p)
{
	const char *s = *p;

	switch (s[0]) {
	case 'h':
		*p += s[1] == 'h' ? 2 : 1;
		return s[1] == 'h' ? LENGTH_CHAR : LENGTH_SHORT;
	case 'l':
		*p += s[1] == 'l' ? 2 : 1;
		return s[1] == 'l' ? LENGTH_LONG_LONG : LENGTH_LONG;
	case 'z':
		*p += 1;
		return LENGTH_SIZE;
	case 'j':
		*p += 1;
		return LENGTH_INTMAX;
	case 't':
		*p += 1;
		return LENGTH_PTRDIFF;
	default:
		return LENGTH_NONE;
	}
}

/*
 * Parses the specification after '%' and leaves *p after its conversion character. Returns false
 * for a specification fmt cannot print, with *p where the raw text to print instead ends.
 */
static bool parse_spec(const char **p, struct conversion_spec *spec, va_list *args)
{
	*spec = (struct conversion_spec){.precision = NO_PRECISION};
	parse_flags(p, spec);
	bool fits = parse_width(p, spec, args) && parse_precision(p, spec, args);
	if (!fits) {
		/* Skip the rest of the oversized number so the raw text ends at a sensible place. */
		while (**p >= '0' && **p <= '9')
			(*p)++;
		return false;
	}
	spec->length = parse_length(p);
	spec->conversion = **p;
	if (**p != '\0')
		(*p)++;

	switch (spec->conversion) {
	case 'd':
	case 'i':
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		return true;
	case 'c':
	case 's':
	case 'p':
	case '%':
		/* %lc and %ls take wide characters, which fmt does not handle. */
		return spec->length == LENGTH_NONE;
	default:
		return false;
	}
}

static void format_conversion(struct output *out, const struct conversion_spec *spec, va_list *args)
{
	switch (spec->conversion) {
	case 'd':
	case 'i':
		format_signed(out, spec, args);
		break;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		format_unsigned(out, spec, args);
		break;
	case 'c':
		format_char(out, spec, args);
		break;
	case 's':
		format_string(out, spec, args);
		break;
	case 'p':
		format_pointer(out, spec, args);
		break;
	default:
		/* '%%': glibc ignores any flags or width given with it, and so does fmt. */
		emit(out, "%", 1);
		break;
	}
}

static bool format_directive(struct output *out, const char **p, va_list *args)
{
	struct conversion_spec spec;

	if (!parse_spec(p, &spec, args))
		return false;
	format_conversion(out, &spec, args);
	return true;
}

size_t fmt_vformat(fmt_sink sink, void *context, const char *format, va_list args)
{
	return format_loop(sink, context, format, args);
}
