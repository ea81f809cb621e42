/* SPDX-License-Identifier: Apache-2.0 */
/* Per-library figures from the TCB audit's JSON (`make audit`): code lines, the images that link
 * the library and the exception levels those run at, and its largest .text/.rodata/.data/.bss in
 * any one image (what choosing the library costs an image). Read with the audit's JSON reader. */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "orchestrate.h"

static const char *const size_names[4] = {"text", "rodata", "data", "bss"};

static const struct json *find_image(const struct json *images, const char *name)
{
	for (size_t i = 0; images && i < images->count; i++)
		if (strcmp(json_string(images->items[i], "name"), name) == 0)
			return images->items[i];
	return NULL;
}

/* The largest size of each section class the library has in any image that links it. */
static void library_sizes(const struct json *images, const char *library, uint64_t sizes[4])
{
	for (size_t i = 0; images && i < images->count; i++) {
		const struct json *groups = json_get(images->items[i], "groups");
		for (size_t g = 0; groups && g < groups->count; g++) {
			const struct json *figures = json_get(groups->items[g], "sizes");
			if (strcmp(json_string(groups->items[g], "name"), library) != 0)
				continue;
			for (int s = 0; s < 4; s++) {
				uint64_t size = (uint64_t)json_number(figures, size_names[s]);
				if (size > sizes[s])
					sizes[s] = size;
			}
		}
	}
}

static void append(char *buffer, size_t size, const char *word)
{
	if (strstr(buffer, word) != NULL)
		return;
	if (buffer[0] != '\0')
		strncat(buffer, " ", size - strlen(buffer) - 1);
	strncat(buffer, word, size - strlen(buffer) - 1);
}

static void load_library(const struct json *library, const struct json *images,
			 struct graph_db *db)
{
	static const char *const line_names[4] = {"c", "header", "asm", "total"};
	const struct json *lines = json_get(library, "lines");
	const struct json *used_by = json_get(library, "used_by");
	const char *name = json_string(library, "name");
	unsigned line_counts[4];
	uint64_t sizes[4] = {0};
	char users[4096] = "", levels[64] = "";

	for (int i = 0; i < 4; i++)
		line_counts[i] = (unsigned)json_number(lines, line_names[i]);
	for (size_t u = 0; used_by && u < used_by->count; u++) {
		const char *image = used_by->items[u]->string ? used_by->items[u]->string : "";
		const char *class = json_string(find_image(images, image), "class");
		append(users, sizeof(users), image);
		if (class[0] != '\0')
			append(levels, sizeof(levels), strcmp(class, "el2") == 0 ? "EL2" : "EL1");
	}
	library_sizes(images, name, sizes);
	graph_db_library(db, name, line_counts, sizes, users, levels);
}

bool library_facts_load(const char *audit_json, struct graph_db *db)
{
	size_t size, where = 0;
	char *text = read_file(audit_json, &size);
	struct json *root;
	const struct json *libraries;

	if (text == NULL) {
		fprintf(stderr, "tenon-orchestrate: cannot read %s (run make audit)\n", audit_json);
		return false;
	}
	root = json_parse(text, &where);
	free(text);
	libraries = root ? json_get(root, "libraries") : NULL;
	if (libraries == NULL || libraries->type != JSON_ARRAY) {
		fprintf(stderr, "tenon-orchestrate: %s: %s\n", audit_json,
			root ? "no \"libraries\" array: not the audit's JSON" : "not JSON");
		if (root == NULL)
			fprintf(stderr, "  (at byte %zu)\n", where);
		json_free(root);
		return false;
	}
	for (size_t i = 0; i < libraries->count; i++)
		load_library(libraries->items[i], json_get(root, "images"), db);
	json_free(root);
	return true;
}
