/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The code of each image, taken from the build itself: the link map names every object linked,
 * each object's source is the file the build compiled it from ($(O)/<image>/<path>.o comes from
 * <path>.c or <path>.S), its .d file names the headers it read, and the ELF file gives the section
 * sizes. Files are grouped into the image's own code, its micro-libraries (by the library folders
 * the Makefile knows), objects without source (libgcc, libfdt) and the linker's padding.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "array_length.h"
#include "audit.h"

const char *image_class_name(enum image_class class)
{
	static const char *const names[IMAGE_CLASS_COUNT] = {"el2", "component", "guest"};
	return (unsigned)class < IMAGE_CLASS_COUNT ? names[class] : "?";
}

bool image_class_parse(const char *name, enum image_class *class)
{
	for (unsigned i = 0; i < IMAGE_CLASS_COUNT; i++)
		if (strcmp(name, image_class_name(i)) == 0) {
			*class = i;
			return true;
		}
	return false;
}

const char *group_kind_name(enum group_kind kind)
{
	static const char *const names[GROUP_KIND_COUNT] = {"own", "library", "external", "linker"};
	return (unsigned)kind < GROUP_KIND_COUNT ? names[kind] : "?";
}

unsigned lines_total(const unsigned lines[LANGUAGE_COUNT])
{
	unsigned total = 0;
	for (unsigned i = 0; i < LANGUAGE_COUNT; i++)
		total += lines[i];
	return total;
}

static struct code_group *image_group(struct image *image, const char *name, enum group_kind kind)
{
	for (size_t i = 0; i < image->group_count; i++)
		if (image->groups[i].kind == kind && strcmp(image->groups[i].name, name) == 0)
			return &image->groups[i];
	image->groups = xrealloc(image->groups, (image->group_count + 1) * sizeof(*image->groups));
	struct code_group *group = &image->groups[image->group_count++];
	memset(group, 0, sizeof(*group));
	group->name = xstrdup(name);
	group->kind = kind;
	return group;
}

/* The micro-library a source path belongs to (the longest library folder it is under). */
static const char *library_dir_of(const struct code_audit *audit, const char *path)
{
	const char *best = NULL;
	for (size_t i = 0; i < audit->library_dir_count; i++)
		if (has_prefix(path, audit->library_dirs[i]) &&
		    (best == NULL || strlen(audit->library_dirs[i]) > strlen(best)))
			best = audit->library_dirs[i];
	return best;
}

static void library_name(const char *dir, char *name, size_t size)
{
	size_t length = strlen(dir);
	while (length > 0 && dir[length - 1] == '/')
		length--;
	size_t start = length;
	while (start > 0 && dir[start - 1] != '/')
		start--;
	snprintf(name, size, "%.*s", (int)(length - start), dir + start);
}

struct file_adder {
	const struct code_audit *audit;
	struct image *image;
	enum audit_status status;
	FILE *errors;
};

static void add_source(struct file_adder *adder, const char *path)
{
	enum source_language language;
	struct image *image = adder->image;
	const char *dir = library_dir_of(adder->audit, path);
	char name[128] = "own";

	if (!source_language_of(path, &language))
		return;
	if (dir != NULL)
		library_name(dir, name, sizeof(name));
	struct code_group *group = image_group(image, name, dir ? GROUP_LIBRARY : GROUP_OWN);
	for (size_t i = 0; i < group->file_count; i++)
		if (strcmp(group->files[i].path, path) == 0)
			return;
	struct source_file file = {xstrdup(path), language, {0, 0, 0}};
	if (count_file_lines(path, language, &file.lines) != AUDIT_OK) {
		fprintf(adder->errors, "tenon-audit: %s: %s\n", path, strerror(errno));
		adder->status = AUDIT_ERR_IO;
		free(file.path);
		return;
	}
	group->files = xrealloc(group->files, (group->file_count + 1) * sizeof(*group->files));
	group->files[group->file_count++] = file;
	group->lines[language] += file.lines.code;
	image->lines[language] += file.lines.code;
}

/* A header from a .d file: source in the tree, not generated (autoconf.h) nor a system header. */
static void add_header(const char *path, void *context)
{
	struct file_adder *adder = context;
	enum source_language language;

	if (!source_language_of(path, &language) || language != LANGUAGE_HEADER || path[0] == '/' ||
	    path[0] == '.' || has_prefix(path, adder->audit->build_dir) || !file_exists(path))
		return;
	add_source(adder, path);
}

/* "build/kernel/kernel/main.o" under "build/kernel/" -> "kernel/main.c" when that exists. */
static bool source_of(const char *object, const char *object_dir, char *source, size_t size)
{
	static const char *const extensions[] = {".c", ".S", ".s"};
	size_t length = strlen(object);

	if (!has_prefix(object, object_dir) || length < 2 || strcmp(object + length - 2, ".o") != 0)
		return false;
	for (size_t i = 0; i < ARRAY_LENGTH(extensions); i++) {
		snprintf(source, size, "%.*s%s", (int)(length - 2 - strlen(object_dir)),
			 object + strlen(object_dir), extensions[i]);
		if (file_exists(source))
			return true;
	}
	return false;
}

static void external_name(const char *object, char *name, size_t size)
{
	const char *member = strchr(object, '(');
	size_t end = member ? (size_t)(member - object) : strlen(object);
	size_t start = end;
	while (start > 0 && object[start - 1] != '/')
		start--;
	snprintf(name, size, "%.*s", (int)(end - start), object + start);
}

static enum audit_status add_objects(struct file_adder *adder, const struct map_file *map,
				     const char *object_dir)
{
	struct image *image = adder->image;
	char source[4096], name[256];

	for (size_t i = 0; i < map->count; i++) {
		const struct map_object *object = &map->objects[i];
		/*
		 * Linked but wholly discarded (--gc-sections kept none of its sections): none of its
		 * code is in the image, so neither its lines nor its headers' are counted.
		 */
		if (section_sizes_total(&object->sizes) == 0)
			continue;
		if (!source_of(object->path, object_dir, source, sizeof(source))) {
			external_name(object->path, name, sizeof(name));
			section_sizes_add(&image_group(image, name, GROUP_EXTERNAL)->sizes,
					  &object->sizes);
			continue;
		}
		add_source(adder, source);
		const char *dir = library_dir_of(adder->audit, source);
		if (dir != NULL)
			library_name(dir, name, sizeof(name));
		section_sizes_add(&image_group(image, dir ? name : "own", dir ? GROUP_LIBRARY : GROUP_OWN)
					   ->sizes,
				  &object->sizes);

		size_t length = strlen(object->path);
		char *depfile = xstrdup(object->path);
		depfile[length - 1] = 'd';
		char *text = read_file(depfile, NULL);
		if (text != NULL) {
			if (depfile_parse(text, add_header, adder) != AUDIT_OK)
				fprintf(adder->errors, "tenon-audit: %s: no rule; headers not counted\n",
					depfile);
			free(text);
		}
		free(depfile);
	}
	return adder->status;
}

static int group_order(const void *a, const void *b)
{
	const struct code_group *x = a, *y = b;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	return strcmp(x->name, y->name);
}

static int file_order(const void *a, const void *b)
{
	return strcmp(((const struct source_file *)a)->path, ((const struct source_file *)b)->path);
}

enum audit_status code_add_image(struct code_audit *audit, const char *name,
				 enum image_class class, const char *elf, FILE *errors)
{
	size_t size, length = strlen(elf);
	const char *why;

	if (length < 4 || strcmp(elf + length - 4, ".elf") != 0) {
		fprintf(errors, "tenon-audit: %s: an image must be a .elf file with its .map beside it\n",
			elf);
		return AUDIT_ERR_USAGE;
	}
	uint8_t *data = (uint8_t *)read_file(elf, &size);
	if (data == NULL) {
		fprintf(errors, "tenon-audit: %s: %s\n", elf, strerror(errno));
		return AUDIT_ERR_IO;
	}
	audit->images = xrealloc(audit->images, (audit->image_count + 1) * sizeof(*audit->images));
	struct image *image = &audit->images[audit->image_count++];
	memset(image, 0, sizeof(*image));
	image->name = xstrdup(name);
	image->class = class;
	image->elf = xstrdup(elf);
	enum audit_status status = elf_section_sizes(data, size, &image->sizes, &why);
	free(data);
	if (status != AUDIT_OK) {
		fprintf(errors, "tenon-audit: %s: %s\n", elf, why);
		return status;
	}

	char *map_path = xstrdup(elf);
	strcpy(map_path + length - 4, ".map");
	char *text = read_file(map_path, NULL);
	if (text == NULL) {
		fprintf(errors, "tenon-audit: %s: %s\n", map_path, strerror(errno));
		free(map_path);
		return AUDIT_ERR_IO;
	}
	struct map_file map;
	status = map_parse(text, &map);
	free(text);
	if (status != AUDIT_OK) {
		fprintf(errors, "tenon-audit: %s: not a GNU ld link map\n", map_path);
		free(map_path);
		return status;
	}
	free(map_path);

	char *object_dir = xstrdup(elf);
	*(strrchr(object_dir, '/') ? strrchr(object_dir, '/') + 1 : object_dir) = '\0';
	struct file_adder adder = {audit, image, AUDIT_OK, errors};
	status = add_objects(&adder, &map, object_dir);
	free(object_dir);
	map_free(&map);

	/* What no object accounts for: the linker's padding and its own sections (.got, ...). */
	struct section_sizes attributed = {{0}};
	for (size_t i = 0; i < image->group_count; i++)
		section_sizes_add(&attributed, &image->groups[i].sizes);
	struct code_group *linker = image_group(image, "linker", GROUP_LINKER);
	for (unsigned c = 0; c < SECTION_CLASS_COUNT; c++) {
		if (attributed.size[c] > image->sizes.size[c]) {
			fprintf(errors, "tenon-audit: %s: the map gives %s more bytes than the ELF file\n",
				elf, section_class_name(c));
			status = AUDIT_ERR_FORMAT;
		} else {
			linker->sizes.size[c] = image->sizes.size[c] - attributed.size[c];
		}
	}
	qsort(image->groups, image->group_count, sizeof(*image->groups), group_order);
	for (size_t i = 0; i < image->group_count; i++)
		if (image->groups[i].file_count > 1)
			qsort(image->groups[i].files, image->groups[i].file_count,
			      sizeof(*image->groups[i].files), file_order);
	return status;
}

void code_free(struct code_audit *audit)
{
	for (size_t i = 0; i < audit->image_count; i++) {
		struct image *image = &audit->images[i];
		for (size_t g = 0; g < image->group_count; g++) {
			for (size_t f = 0; f < image->groups[g].file_count; f++)
				free(image->groups[g].files[f].path);
			free(image->groups[g].files);
			free(image->groups[g].name);
		}
		free(image->groups);
		free(image->name);
		free(image->elf);
	}
	free(audit->images);
	memset(audit, 0, sizeof(*audit));
}
