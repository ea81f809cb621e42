/* SPDX-License-Identifier: Apache-2.0 */
#include "cpio.h"

#include <stdbool.h>
#include <string.h>

#define NEWC_MAGIC "070701"
#define NEWC_HEADER_SIZE 110
#define NEWC_FIELD_FILESIZE 6 /* fields after the magic: ino, mode, uid, gid, nlink, mtime, filesize */
#define NEWC_FIELD_NAMESIZE 11
#define TRAILER "TRAILER!!!"

static const char *const status_names[CPIO_STATUS_COUNT] = {
	"CPIO_OK", "CPIO_NOT_FOUND", "CPIO_BAD_HEADER", "CPIO_TRUNCATED", "CPIO_NO_TRAILER",
};

const char *cpio_status_name(enum cpio_status status)
{
	return (unsigned)status < CPIO_STATUS_COUNT ? status_names[status] : "CPIO_UNKNOWN_STATUS";
}

/* Field index of the 8-hex-digit fields that follow the 6-byte magic. */
static bool newc_field(const char *header, unsigned index, uint32_t *value)
{
	const char *digits = header + 6 + 8 * index;

	*value = 0;
	for (unsigned i = 0; i < 8; i++) {
		char c = digits[i];
		unsigned digit;
		if (c >= '0' && c <= '9')
			digit = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			digit = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			digit = (unsigned)(c - 'A' + 10);
		else
			return false;
		*value = (*value << 4) | digit;
	}
	return true;
}

static size_t align4(size_t value)
{
	return (value + 3) & ~(size_t)3;
}

enum cpio_status cpio_find(const void *archive, size_t archive_size, const char *name,
			   struct cpio_file *file)
{
	const char *bytes = archive;
	size_t offset = 0;

	for (;;) {
		uint32_t file_size, name_size;

		if (archive_size - offset < NEWC_HEADER_SIZE)
			return offset == archive_size ? CPIO_NO_TRAILER : CPIO_TRUNCATED;
		const char *header = bytes + offset;
		if (memcmp(header, NEWC_MAGIC, 6) != 0 ||
		    !newc_field(header, NEWC_FIELD_FILESIZE, &file_size) ||
		    !newc_field(header, NEWC_FIELD_NAMESIZE, &name_size) || name_size == 0)
			return CPIO_BAD_HEADER;
		size_t name_offset = offset + NEWC_HEADER_SIZE;
		if (archive_size - name_offset < name_size)
			return CPIO_TRUNCATED;
		const char *entry_name = bytes + name_offset;
		if (entry_name[name_size - 1] != '\0' || strlen(entry_name) != name_size - 1)
			return CPIO_BAD_HEADER;
		size_t data_offset = align4(name_offset + name_size);
		if (data_offset > archive_size || archive_size - data_offset < file_size)
			return CPIO_TRUNCATED;
		if (strcmp(entry_name, TRAILER) == 0)
			return CPIO_NOT_FOUND;
		if (strcmp(entry_name, name) == 0) {
			*file = (struct cpio_file){entry_name, bytes + data_offset, file_size,
						   data_offset};
			return CPIO_OK;
		}
		offset = align4(data_offset + file_size);
		if (offset > archive_size)
			return CPIO_TRUNCATED;
	}
}
