/* SPDX-License-Identifier: Apache-2.0 */
/* fmt_vsnprintf and fmt_snprintf: fmt_vformat into a bounded buffer. */
#include <limits.h>
#include <string.h>

#include "fmt.h"

struct bounded_buffer {
	char *buffer;
	size_t capacity; /* characters that fit before the NUL */
	size_t used;
};

static void append_what_fits(void *context, const char *text, size_t length)
{
	struct bounded_buffer *out = context;
	size_t room = out->capacity - out->used;
	size_t piece = length < room ? length : room;

	/* Once full (or with size 0, where buffer may be NULL) the output is only counted. */
	if (piece == 0)
		return;
	memcpy(out->buffer + out->used, text, piece);
	out->used += piece;
}

int fmt_vsnprintf(char *buffer, size_t size, const char *format, va_list args)
{
	struct bounded_buffer out = {buffer, size > 0 ? size - 1 : 0, 0};
	size_t length = fmt_vformat(append_what_fits, &out, format, args);

	if (size > 0)
		buffer[out.used] = '\0';
	return length > INT_MAX ? INT_MAX : (int)length;
}

int fmt_snprintf(char *buffer, size_t size, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	int length = fmt_vsnprintf(buffer, size, format, args);
	va_end(args);
	return length;
}
