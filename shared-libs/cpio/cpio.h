/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cpio: finds files in a "newc" cpio archive (the format of Linux initramfs and of `cpio -H newc`),
 * how boot images and the policy blob reach the root component in one boot module. The archive is
 * hostile input: every header field, name and size is checked against the archive's bounds.
 */
#ifndef CPIO_H
#define CPIO_H

#include <stddef.h>
#include <stdint.h>

enum cpio_status {
	CPIO_OK,
	CPIO_NOT_FOUND,	    /* no such file before the trailer */
	CPIO_BAD_HEADER,    /* a magic or hex field is wrong, or a name is not NUL-terminated */
	CPIO_TRUNCATED,	    /* a header, name or file runs past the end of the archive */
	CPIO_NO_TRAILER,    /* the archive ends without TRAILER!!! */
	CPIO_STATUS_COUNT
};

const char *cpio_status_name(enum cpio_status status);

struct cpio_file {
	const char *name;
	const void *data;
	size_t size;
	size_t offset; /* of data from the start of the archive */
};

/* The file called name (as stored, e.g. "policy.blob" or "./policy.blob" are different). */
enum cpio_status cpio_find(const void *archive, size_t archive_size, const char *name,
			   struct cpio_file *file);

#endif
