/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GNU ld link maps: which objects went into an image and how many bytes each put into each output
 * section. Only the part after "Linker script and memory map" is read; in it an output section
 * starts in column 0, an input section in column 1 (its address, size and object follow on the
 * same line, or on the next when the name is long), and "*fill*" is padding the linker added.
 */
#include <stdlib.h>
#include <string.h>

#include "array_length.h"
#include "audit.h"

#define MAP_START "Linker script and memory map"

static struct map_object *map_object(struct map_file *map, const char *path, size_t length)
{
	for (size_t i = 0; i < map->count; i++)
		if (strlen(map->objects[i].path) == length &&
		    strncmp(map->objects[i].path, path, length) == 0)
			return &map->objects[i];
	map->objects = xrealloc(map->objects, (map->count + 1) * sizeof(*map->objects));
	struct map_object *object = &map->objects[map->count++];
	memset(object, 0, sizeof(*object));
	object->path = xrealloc(NULL, length + 1);
	memcpy(object->path, path, length);
	object->path[length] = '\0';
	return object;
}

/* Output sections that are not loaded: the ELF file does not count them either. */
static enum section_class output_section_class(const char *name, size_t length)
{
	static const char *const unloaded[] = {".debug", ".comment", ".note", "/DISCARD/", ".stab",
					       ".symtab", ".strtab", ".shstrtab", ".gnu.attributes"};
	char buffer[128];

	if (name[0] != '.' || length >= sizeof(buffer))
		return SECTION_NONE;
	for (size_t i = 0; i < ARRAY_LENGTH(unloaded); i++)
		if (has_prefix(name, unloaded[i]))
			return SECTION_NONE;
	memcpy(buffer, name, length);
	buffer[length] = '\0';
	return section_class_of(buffer);
}

/* "0xADDRESS 0xSIZE OBJECT" or "0xADDRESS 0xSIZE" (fill); false when the line is neither. */
static bool address_size_object(const char *line, uint64_t *size, const char **object,
				size_t *object_length)
{
	char *end;

	while (*line == ' ')
		line++;
	if (!has_prefix(line, "0x"))
		return false;
	strtoull(line, &end, 16);
	line = end;
	while (*line == ' ')
		line++;
	if (!has_prefix(line, "0x"))
		return false;
	*size = strtoull(line, &end, 16);
	line = end;
	while (*line == ' ')
		line++;
	*object = line;
	*object_length = strcspn(line, "\n");
	while (*object_length > 0 && line[*object_length - 1] == ' ')
		(*object_length)--;
	return true;
}

enum audit_status map_parse(const char *text, struct map_file *map)
{
	const char *line = strstr(text, MAP_START);
	enum section_class current = SECTION_NONE;
	bool pending_input = false, pending_fill = false;

	memset(map, 0, sizeof(*map));
	if (line == NULL)
		return AUDIT_ERR_FORMAT;
	for (; line != NULL && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		size_t length = strcspn(line, "\n");
		uint64_t size;
		const char *object;
		size_t object_length;

		if (has_prefix(line, "LOAD ")) {
			const char *path = line + 5;
			size_t path_length = length - 5;
			if (path_length > 2 && strncmp(path + path_length - 2, ".o", 2) == 0)
				map_object(map, path, path_length);
			continue;
		}
		if (line[0] != ' ' && line[0] != '\n' && line[0] != '\0') {
			current = output_section_class(line, strcspn(line, " \n"));
			pending_input = pending_fill = false;
			continue;
		}
		if (pending_input || pending_fill) {
			bool fill = pending_fill;
			pending_input = pending_fill = false;
			if (address_size_object(line, &size, &object, &object_length) &&
			    current != SECTION_NONE) {
				if (fill)
					map->fill.size[current] += size;
				else if (object_length > 0)
					map_object(map, object, object_length)->sizes.size[current] += size;
			}
			continue;
		}
		if (line[0] != ' ' || line[1] == ' ' || line[1] == '\n')
			continue; /* symbols, assignments, blank lines */
		const char *name = line + 1;
		size_t name_length = strcspn(name, " \n");
		bool fill = strncmp(name, "*fill*", 6) == 0;
		if (name[0] == '*' && !fill)
			continue; /* an input section pattern of the linker script */
		if (name[name_length] != ' ') {
			pending_input = !fill;
			pending_fill = fill;
			continue;
		}
		if (!address_size_object(name + name_length, &size, &object, &object_length) ||
		    current == SECTION_NONE)
			continue;
		if (fill)
			map->fill.size[current] += size;
		else if (object_length > 0)
			map_object(map, object, object_length)->sizes.size[current] += size;
	}
	return AUDIT_OK;
}

void map_free(struct map_file *map)
{
	for (size_t i = 0; i < map->count; i++)
		free(map->objects[i].path);
	free(map->objects);
	memset(map, 0, sizeof(*map));
}
