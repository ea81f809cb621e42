/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Section sizes straight from ELF64 section headers (System V gABI, "Sections"), no libelf: the
 * same figures `size -A` prints, summed by the classes of the paper's Table 1.
 */
#include <string.h>

#include "audit.h"

#define ELF_HEADER_SIZE 64u
#define SECTION_HEADER_SIZE 64u
#define SHF_ALLOC 0x2u

const char *section_class_name(enum section_class section)
{
	static const char *const names[SECTION_CLASS_COUNT] = {"text", "rodata", "data", "bss",
								 "other"};
	return (unsigned)section < SECTION_CLASS_COUNT ? names[section] : "none";
}

static bool is_section_family(const char *name, const char *family)
{
	size_t length = strlen(family);
	return strncmp(name, family, length) == 0 && (name[length] == '\0' || name[length] == '.');
}

enum section_class section_class_of(const char *name)
{
	if (is_section_family(name, ".text"))
		return SECTION_TEXT;
	if (is_section_family(name, ".rodata"))
		return SECTION_RODATA;
	if (is_section_family(name, ".data"))
		return SECTION_DATA;
	if (is_section_family(name, ".bss"))
		return SECTION_BSS;
	return SECTION_OTHER;
}

uint64_t section_sizes_total(const struct section_sizes *sizes)
{
	uint64_t total = 0;
	for (unsigned i = 0; i < SECTION_CLASS_COUNT; i++)
		total += sizes->size[i];
	return total;
}

void section_sizes_add(struct section_sizes *sum, const struct section_sizes *add)
{
	for (unsigned i = 0; i < SECTION_CLASS_COUNT; i++)
		sum->size[i] += add->size[i];
}

static uint64_t little_endian(const uint8_t *bytes, unsigned count)
{
	uint64_t value = 0;
	for (unsigned i = count; i-- > 0;)
		value = value << 8 | bytes[i];
	return value;
}

static bool inside(uint64_t offset, uint64_t length, size_t size)
{
	return offset <= size && length <= size - offset;
}

enum audit_status elf_section_sizes(const uint8_t *data, size_t size, struct section_sizes *sizes,
				    const char **why)
{
	memset(sizes, 0, sizeof(*sizes));
	*why = NULL;
	if (size < ELF_HEADER_SIZE || memcmp(data, "\177ELF", 4) != 0)
		*why = "not an ELF file";
	else if (data[4] != 2 || data[5] != 1)
		*why = "not a little-endian ELF64 file";
	if (*why != NULL)
		return AUDIT_ERR_FORMAT;

	uint64_t table = little_endian(data + 0x28, 8);
	unsigned entry_size = (unsigned)little_endian(data + 0x3a, 2);
	unsigned count = (unsigned)little_endian(data + 0x3c, 2);
	unsigned names_index = (unsigned)little_endian(data + 0x3e, 2);

	if (entry_size != SECTION_HEADER_SIZE || count == 0 || names_index >= count ||
	    !inside(table, (uint64_t)count * SECTION_HEADER_SIZE, size)) {
		*why = "section header table missing or outside the file";
		return AUDIT_ERR_FORMAT;
	}
	const uint8_t *names_header = data + table + (uint64_t)names_index * SECTION_HEADER_SIZE;
	uint64_t names = little_endian(names_header + 0x18, 8);
	uint64_t names_size = little_endian(names_header + 0x20, 8);
	if (!inside(names, names_size, size) || names_size == 0 || data[names + names_size - 1]) {
		*why = "section name table outside the file or not terminated";
		return AUDIT_ERR_FORMAT;
	}
	for (unsigned i = 1; i < count; i++) {
		const uint8_t *header = data + table + (uint64_t)i * SECTION_HEADER_SIZE;
		uint64_t name = little_endian(header, 4);
		uint64_t flags = little_endian(header + 0x08, 8);

		if (name >= names_size) {
			*why = "a section name outside the name table";
			return AUDIT_ERR_FORMAT;
		}
		if (flags & SHF_ALLOC)
			sizes->size[section_class_of((const char *)data + names + name)] +=
				little_endian(header + 0x20, 8);
	}
	return AUDIT_OK;
}
