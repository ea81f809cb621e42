/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cpio.h"

/* Builds a newc archive in memory, as `cpio -o -H newc` writes it. */
struct archive {
	char bytes[4096];
	size_t size;
};

static void pad4(struct archive *archive)
{
	while (archive->size % 4 != 0)
		archive->bytes[archive->size++] = '\0';
}

static void add(struct archive *archive, const char *name, const char *data, size_t size)
{
	size_t name_size = strlen(name) + 1;

	archive->size += (size_t)sprintf(archive->bytes + archive->size,
					 "070701%08x%08x%08x%08x%08x%08x%08zx%08x%08x%08x%08x%08zx%08x",
					 1u, 0100644u, 0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u,
					 name_size, 0u);
	memcpy(archive->bytes + archive->size, name, name_size);
	archive->size += name_size;
	pad4(archive);
	memcpy(archive->bytes + archive->size, data, size);
	archive->size += size;
	pad4(archive);
}

static struct archive sample(void)
{
	struct archive archive = {.size = 0};

	add(&archive, "policy.blob", "TPOL", 4);
	add(&archive, "tenon.img", "abcdefg", 7);
	add(&archive, "TRAILER!!!", "", 0);
	return archive;
}

static void test_finds_each_file_with_its_data(void **state)
{
	(void)state;
	struct archive archive = sample();
	struct cpio_file file;

	assert_int_equal(cpio_find(archive.bytes, archive.size, "tenon.img", &file), CPIO_OK);
	assert_int_equal(file.size, 7);
	assert_memory_equal(file.data, "abcdefg", 7);
	assert_int_equal(file.offset % 4, 0);
	assert_ptr_equal(file.data, archive.bytes + file.offset);
	assert_int_equal(cpio_find(archive.bytes, archive.size, "policy.blob", &file), CPIO_OK);
	assert_memory_equal(file.data, "TPOL", 4);
}

static void test_missing_file_and_missing_trailer(void **state)
{
	(void)state;
	struct archive archive = sample();
	struct cpio_file file;

	assert_int_equal(cpio_find(archive.bytes, archive.size, "linux.img", &file),
			 CPIO_NOT_FOUND);
	struct archive no_trailer = {.size = 0};
	add(&no_trailer, "a", "1", 1);
	assert_int_equal(cpio_find(no_trailer.bytes, no_trailer.size, "b", &file),
			 CPIO_NO_TRAILER);
}

static void test_every_truncation_is_refused(void **state)
{
	(void)state;
	struct archive archive = sample();
	struct cpio_file file;

	for (size_t size = 0; size < archive.size; size++) {
		/* A copy of exactly size bytes, so ASan sees any read past it. */
		char *copy = malloc(size + 1);
		memcpy(copy, archive.bytes, size);
		enum cpio_status status = cpio_find(copy, size, "TRAILER-less", &file);
		assert_true(status == CPIO_TRUNCATED || status == CPIO_NO_TRAILER);
		if (cpio_find(copy, size, "tenon.img", &file) == CPIO_OK)
			assert_true(file.offset + file.size <= size);
		free(copy);
	}
}

static void test_corrupt_fields_are_refused(void **state)
{
	(void)state;
	struct archive archive = sample();
	struct cpio_file file;

	archive.bytes[0] = '1';
	assert_int_equal(cpio_find(archive.bytes, archive.size, "tenon.img", &file),
			 CPIO_BAD_HEADER);
	archive = sample();
	archive.bytes[6 + 8 * 6] = 'z'; /* filesize */
	assert_int_equal(cpio_find(archive.bytes, archive.size, "tenon.img", &file),
			 CPIO_BAD_HEADER);
	archive = sample();
	memcpy(archive.bytes + 6 + 8 * 6, "ffffffff", 8); /* a file larger than the archive */
	assert_int_equal(cpio_find(archive.bytes, archive.size, "tenon.img", &file),
			 CPIO_TRUNCATED);
	archive = sample();
	memcpy(archive.bytes + 6 + 8 * 11, "00000003", 8); /* name size without its NUL */
	assert_int_equal(cpio_find(archive.bytes, archive.size, "tenon.img", &file),
			 CPIO_BAD_HEADER);
	archive = sample();
	memcpy(archive.bytes + 6 + 8 * 11, "00000000", 8);
	assert_int_equal(cpio_find(archive.bytes, archive.size, "tenon.img", &file),
			 CPIO_BAD_HEADER);
}

static void test_status_names(void **state)
{
	(void)state;
	assert_string_equal(cpio_status_name(CPIO_TRUNCATED), "CPIO_TRUNCATED");
	assert_string_equal(cpio_status_name(CPIO_STATUS_COUNT), "CPIO_UNKNOWN_STATUS");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_finds_each_file_with_its_data),
		cmocka_unit_test(test_missing_file_and_missing_trailer),
		cmocka_unit_test(test_every_truncation_is_refused),
		cmocka_unit_test(test_corrupt_fields_are_refused),
		cmocka_unit_test(test_status_names),
	};
	return cmocka_run_group_tests_name("cpio", tests, NULL, NULL);
}
