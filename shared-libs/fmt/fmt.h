/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fmt: printf-style formatting for consoles, without floating point, malloc or locale.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, length modifiers hh h l ll z j t, flags - 0 + space #,
 * field width and precision (either may be '*'). Where C leaves a result to the implementation the
 * output is glibc's, so host tests can compare against it: %p prints "0x" and lowercase hex, or
 * "(nil)" for NULL; %s of NULL prints "(null)", or nothing if the precision is below 6 (a cut
 * "(nu" would look like data).
 *
 * Anything else (%f, %n, %ls, an unknown letter, a width beyond INT_MAX, a format ending inside a
 * directive) is printed as its raw text, e.g. "%q", so the mistake shows on the console instead
 * of crashing. Such a directive consumes no argument (besides any '*' before it), so the
 * arguments after it no longer line up with their directives.
 *
 * CONFIG_LIB_FMT_SMALL (Mortise) keeps only %d %u %x %c %s %%, the flags - and 0, a decimal width,
 * the precision .* of %s and the lengths l and ll (format_small.c); the rest prints raw as above.
 */
#ifndef FMT_H
#define FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Receives the output in pieces of length > 0, not NUL-terminated. */
typedef void (*fmt_sink)(void *context, const char *text, size_t length);

/* Formats into sink and returns how many characters it emitted. Literal runs arrive in one piece. */
size_t fmt_vformat(fmt_sink sink, void *context, const char *format, va_list args)
	__attribute__((format(printf, 3, 0)));

/*
 * As C11 vsnprintf: writes at most size - 1 characters and a NUL (nothing when size is 0, and
 * then buffer may be NULL), and returns the length the whole output has, so a result >= size
 * means it was truncated. Clamped to INT_MAX, which C would report as an error instead.
 */
int fmt_vsnprintf(char *buffer, size_t size, const char *format, va_list args)
	__attribute__((format(printf, 3, 0)));

int fmt_snprintf(char *buffer, size_t size, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

#endif
