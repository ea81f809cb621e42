/* SPDX-License-Identifier: Apache-2.0 */
/*
 * gcc -MMD dependency files: "target: prerequisite ... \" continued over lines, then one empty
 * rule per header (-MP). Only the first rule matters: its prerequisites are the source and every
 * header the compiler opened.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"

enum audit_status depfile_parse(const char *text, void (*found)(const char *path, void *context),
				void *context)
{
	const char *colon = strchr(text, ':');
	char path[4096];

	if (colon == NULL)
		return AUDIT_ERR_FORMAT;
	for (const char *p = colon + 1; *p;) {
		if (*p == '\\' && p[1] == '\n') {
			p += 2;
			continue;
		}
		if (*p == '\n')
			break; /* end of the first rule */
		if (isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		size_t length = 0;
		while (*p && !isspace((unsigned char)*p) && length + 1 < sizeof(path)) {
			if (*p == '\\' && p[1] == ' ')
				p++; /* an escaped space inside a name */
			path[length++] = *p++;
		}
		path[length] = '\0';
		found(path, context);
	}
	return AUDIT_OK;
}
