/* SPDX-License-Identifier: Apache-2.0 */
/* Small host helpers the audit's passes share. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit.h"

const char *audit_status_name(enum audit_status status)
{
	static const char *const names[AUDIT_STATUS_COUNT] = {
		"AUDIT_OK", "AUDIT_ERR_IO", "AUDIT_ERR_FORMAT", "AUDIT_ERR_POLICY", "AUDIT_ERR_USAGE",
	};
	return (unsigned)status < AUDIT_STATUS_COUNT ? names[status] : "AUDIT_STATUS_UNKNOWN";
}

void *xrealloc(void *pointer, size_t size)
{
	void *grown = realloc(pointer, size ? size : 1);

	if (grown == NULL) {
		fprintf(stderr, "tenon-audit: out of memory\n");
		exit(2);
	}
	return grown;
}

char *xstrdup(const char *text)
{
	size_t length = strlen(text) + 1;
	return memcpy(xrealloc(NULL, length), text, length);
}

char *read_file(const char *path, size_t *size)
{
	FILE *file = fopen(path, "rb");
	char *data = NULL;
	size_t used = 0, capacity = 0;

	if (file == NULL)
		return NULL;
	for (;;) {
		if (capacity - used < 4096) {
			capacity = capacity ? capacity * 2 : 65536;
			data = xrealloc(data, capacity + 1);
		}
		size_t got = fread(data + used, 1, capacity - used, file);
		used += got;
		if (got == 0)
			break;
	}
	bool failed = ferror(file);
	fclose(file);
	if (failed) {
		free(data);
		errno = EIO;
		return NULL;
	}
	data[used] = '\0';
	if (size != NULL)
		*size = used;
	return data;
}

bool file_exists(const char *path)
{
	struct stat status;
	return stat(path, &status) == 0 && S_ISREG(status.st_mode);
}

bool has_prefix(const char *text, const char *prefix)
{
	return strncmp(text, prefix, strlen(prefix)) == 0;
}
