/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tool.h"

void report(struct manifest *m, const char *node, const char *property, const char *expected,
	    const char *found_format, ...)
{
	char found[512];
	va_list args;

	va_start(args, found_format);
	vsnprintf(found, sizeof(found), found_format, args);
	va_end(args);
	if (property && property[0])
		fprintf(stderr, "%s: %s: %s: expected %s, found %s\n", m->file, node, property,
			expected, found);
	else
		fprintf(stderr, "%s: %s: expected %s, found %s\n", m->file, node, expected, found);
	m->errors++;
}

const char *text(const char *format, ...)
{
	static char buffers[16][512];
	static unsigned next;
	char *buffer = buffers[next++ % 16];
	va_list args;

	va_start(args, format);
	vsnprintf(buffer, sizeof(buffers[0]), format, args);
	va_end(args);
	return buffer;
}

const char *hex(uint64_t value)
{
	return text("0x%llx", (unsigned long long)value);
}

static const char *const type_names[CAP_TYPE_COUNT] = {
	[CAP_TYPE_MEMORY] = "memory",	  [CAP_TYPE_PARTITION] = "partition",
	[CAP_TYPE_VCPU] = "vcpu",	  [CAP_TYPE_IRQ] = "irq",
	[CAP_TYPE_CHANNEL] = "channel",	  [CAP_TYPE_ENDPOINT] = "endpoint",
	[CAP_TYPE_SCHED_CONTEXT] = "sched-context", [CAP_TYPE_CONSOLE] = "console",
};

int cap_type_from_name(const char *name)
{
	for (int t = 1; t < CAP_TYPE_COUNT; t++)
		if (type_names[t] && strcmp(type_names[t], name) == 0)
			return t;
	return UNRESOLVED;
}

const char *cap_type_manifest_name(int type)
{
	return type > 0 && type < CAP_TYPE_COUNT && type_names[type] ? type_names[type] : "?";
}

static const char *const right_names[] = {"read", "write", "execute", "grant", "control"};

unsigned right_from_name(const char *name)
{
	for (unsigned r = 0; r < 5; r++)
		if (strcmp(right_names[r], name) == 0)
			return 1u << r;
	return 0;
}

const char *rights_text(unsigned rights)
{
	char buffer[128] = "";

	for (unsigned r = 0; r < 5; r++) {
		if (!(rights & (1u << r)))
			continue;
		if (buffer[0])
			strcat(buffer, ", ");
		strcat(buffer, "\"");
		strcat(buffer, right_names[r]);
		strcat(buffer, "\"");
	}
	return text("%s", buffer[0] ? buffer : "none");
}
