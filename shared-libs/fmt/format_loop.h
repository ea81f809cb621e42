/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What format.c and format_small.c share (internal to fmt): the output and the loop over a
 * format's literal runs and directives. The including file defines format_directive, which prints
 * one directive, or returns false, leaving *p where its raw text ends, to have that printed instead.
 */
#ifndef FMT_FORMAT_LOOP_H
#define FMT_FORMAT_LOOP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "fmt.h"

struct output {
	fmt_sink sink;
	void *context;
	size_t count;
};

static void emit(struct output *out, const char *text, size_t length)
{
	if (length == 0)
		return;
	out->sink(out->context, text, length);
	out->count += length;
}

/* *p is just after the '%'. */
static bool format_directive(struct output *out, const char **p, va_list *args);

static size_t format_loop(fmt_sink sink, void *context, const char *format, va_list args)
{
	struct output out = {sink, context, 0};
	const char *p = format;
	va_list remaining;

	/* A copy the helpers can advance through a pointer: va_list may be an array type. */
	va_copy(remaining, args);
	while (*p != '\0') {
		const char *literal = p;
		while (*p != '\0' && *p != '%')
			p++;
		emit(&out, literal, (size_t)(p - literal));
		if (*p == '\0')
			break;

		const char *directive = p++;
		if (!format_directive(&out, &p, &remaining))
			emit(&out, directive, (size_t)(p - directive));
	}
	va_end(remaining);
	return out.count;
}

#endif
