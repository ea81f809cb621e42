/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tenon-audit diff OLD.json NEW.json: the review of a change to the TCB. Lines starting "+" are
 * growth or new authority (more code, more bytes, a capability or right newly held, a hypercall
 * newly reachable); lines starting "-" are the opposite. Exit 1 when there is any "+" line.
 */
#include <stdlib.h>
#include <string.h>

#include "audit.h"

struct diff {
	FILE *out;
	unsigned grew, shrank;
};

static const struct json *find_named(const struct json *array, const char *key, const char *name,
				     const char *key2, const char *name2)
{
	if (array == NULL || array->type != JSON_ARRAY)
		return NULL;
	for (size_t i = 0; i < array->count; i++)
		if (strcmp(json_string(array->items[i], key), name) == 0 &&
		    (key2 == NULL || strcmp(json_string(array->items[i], key2), name2) == 0))
			return array->items[i];
	return NULL;
}

static void compare_numbers(struct diff *diff, const char *what, const struct json *old_set,
			    const struct json *new_set, const char *const *keys, unsigned key_count,
			    const char *unit)
{
	for (unsigned k = 0; k < key_count; k++) {
		double before = json_number(old_set, keys[k]), after = json_number(new_set, keys[k]);
		if (before == after)
			continue;
		bool grew = after > before;
		fprintf(diff->out, "%c %s: %s %s %.0f -> %.0f (%+.0f)\n", grew ? '+' : '-', what,
			keys[k], unit, before, after, after - before);
		grew ? diff->grew++ : diff->shrank++;
	}
}

static const char *const line_keys[] = {"c", "header", "asm", "total"};
static const char *const size_keys[] = {"text", "rodata", "data", "bss", "other", "total"};

static void compare_code(struct diff *diff, const struct json *old_images,
			 const struct json *new_images)
{
	for (size_t i = 0; new_images && new_images->type == JSON_ARRAY && i < new_images->count;
	     i++) {
		const struct json *image = new_images->items[i];
		const char *name = json_string(image, "name");
		const struct json *old = find_named(old_images, "name", name, NULL, NULL);
		if (old == NULL) {
			fprintf(diff->out, "+ new image %s (%s): %.0f lines, %.0f bytes\n", name,
				json_string(image, "class"), json_number(json_get(image, "lines"), "total"),
				json_number(json_get(image, "sizes"), "total"));
			diff->grew++;
			continue;
		}
		if (strcmp(json_string(old, "class"), json_string(image, "class")) != 0) {
			fprintf(diff->out, "+ image %s moved from %s to %s\n", name,
				json_string(old, "class"), json_string(image, "class"));
			diff->grew++;
		}
		compare_numbers(diff, name, json_get(old, "lines"), json_get(image, "lines"), line_keys,
				4, "lines");
		compare_numbers(diff, name, json_get(old, "sizes"), json_get(image, "sizes"), size_keys,
				6, "bytes");
		const struct json *groups = json_get(image, "groups");
		for (size_t g = 0; groups && groups->type == JSON_ARRAY && g < groups->count; g++) {
			const struct json *group = groups->items[g];
			const char *group_name = json_string(group, "name");
			char what[512];
			snprintf(what, sizeof(what), "%s %s %s", name, json_string(group, "kind"),
				 group_name);
			const struct json *old_group = find_named(json_get(old, "groups"), "name",
								  group_name, "kind",
								  json_string(group, "kind"));
			if (old_group == NULL) {
				fprintf(diff->out, "+ %s: new, %.0f lines, %.0f bytes\n", what,
					json_number(json_get(group, "lines"), "total"),
					json_number(json_get(group, "sizes"), "total"));
				diff->grew++;
				continue;
			}
			compare_numbers(diff, what, json_get(old_group, "lines"),
					json_get(group, "lines"), line_keys + 3, 1, "lines");
			compare_numbers(diff, what, json_get(old_group, "sizes"),
					json_get(group, "sizes"), size_keys + 5, 1, "bytes");
		}
	}
	for (size_t i = 0; old_images && old_images->type == JSON_ARRAY && i < old_images->count;
	     i++) {
		const char *name = json_string(old_images->items[i], "name");
		if (find_named(new_images, "name", name, NULL, NULL) == NULL) {
			fprintf(diff->out, "- image %s is gone\n", name);
			diff->shrank++;
		}
	}
}

static unsigned rights_of(const struct json *cap)
{
	static const char *const names[] = {"read", "write", "execute", "grant", "control"};
	const struct json *rights = json_get(cap, "rights");
	unsigned bits = 0;
	for (size_t i = 0; rights && rights->type == JSON_ARRAY && i < rights->count; i++)
		for (unsigned r = 0; r < 5; r++)
			if (rights->items[i]->type == JSON_STRING &&
			    strcmp(rights->items[i]->string, names[r]) == 0)
				bits |= 1u << r;
	return bits;
}

/* What holder holds over (type, object_name) in total: the union of its capabilities' rights. */
static unsigned held_rights(const struct json *partition, const char *type, const char *object)
{
	const struct json *caps = json_get(partition, "capabilities");
	unsigned rights = 0;
	for (size_t i = 0; caps && caps->type == JSON_ARRAY && i < caps->count; i++)
		if (strcmp(json_string(caps->items[i], "type"), type) == 0 &&
		    strcmp(json_string(caps->items[i], "object_name"), object) == 0)
			rights |= rights_of(caps->items[i]) | 0x100u; /* 0x100: held at all */
	return rights;
}

static void compare_holdings(struct diff *diff, const struct json *from, const struct json *to,
			     bool growth)
{
	const struct json *caps = json_get(to, "capabilities");
	char before_text[6], after_text[6];
	for (size_t i = 0; caps && caps->type == JSON_ARRAY && i < caps->count; i++) {
		const char *type = json_string(caps->items[i], "type");
		const char *object = json_string(caps->items[i], "object_name");
		unsigned after = held_rights(to, type, object), before = held_rights(from, type, object);
		if ((after & ~before) == 0)
			continue;
		/* Report each (type, object) once: at its first capability. */
		bool first = true;
		for (size_t j = 0; j < i && first; j++)
			first = strcmp(json_string(caps->items[j], "type"), type) != 0 ||
				strcmp(json_string(caps->items[j], "object_name"), object) != 0;
		if (!first)
			continue;
		if (growth)
			fprintf(diff->out, "+ %s newly holds %s %s: %s (had %s)\n",
				json_string(to, "name"), type, object,
				rights_text(after & 0x1fu, after_text),
				before ? rights_text(before & 0x1fu, before_text) : "nothing");
		else
			fprintf(diff->out, "- %s no longer holds %s %s: %s (now %s)\n",
				json_string(to, "name"), type, object,
				rights_text(after & 0x1fu, after_text),
				before ? rights_text(before & 0x1fu, before_text) : "nothing");
		growth ? diff->grew++ : diff->shrank++;
	}
	const struct json *calls = json_get(to, "hypercalls");
	for (size_t i = 0; calls && calls->type == JSON_ARRAY && i < calls->count; i++) {
		const char *name = json_string(calls->items[i], "name");
		if (find_named(json_get(from, "hypercalls"), "name", name, NULL, NULL) != NULL)
			continue;
		fprintf(diff->out, "%c %s %s hypercall %s\n", growth ? '+' : '-',
			json_string(to, "name"), growth ? "newly reaches" : "no longer reaches", name);
		growth ? diff->grew++ : diff->shrank++;
	}
}

static void compare_authority(struct diff *diff, const struct json *old_parts,
			      const struct json *new_parts)
{
	static const struct json empty = {.type = JSON_OBJECT};
	for (size_t i = 0; new_parts && new_parts->type == JSON_ARRAY && i < new_parts->count; i++) {
		const struct json *part = new_parts->items[i];
		const struct json *old =
			find_named(old_parts, "name", json_string(part, "name"), NULL, NULL);
		if (old == NULL) {
			fprintf(diff->out, "+ new partition %s (%s)\n", json_string(part, "name"),
				json_string(part, "kind"));
			diff->grew++;
		}
		compare_holdings(diff, old ? old : &empty, part, true);
	}
	for (size_t i = 0; old_parts && old_parts->type == JSON_ARRAY && i < old_parts->count; i++) {
		const struct json *part = old_parts->items[i];
		const struct json *now =
			find_named(new_parts, "name", json_string(part, "name"), NULL, NULL);
		if (now == NULL) {
			fprintf(diff->out, "- partition %s is gone\n", json_string(part, "name"));
			diff->shrank++;
			continue;
		}
		compare_holdings(diff, now, part, false);
	}
}

static struct json *load(const char *path, FILE *errors)
{
	size_t where = 0;
	char *text = read_file(path, NULL);
	if (text == NULL) {
		fprintf(errors, "tenon-audit: %s: cannot read\n", path);
		return NULL;
	}
	struct json *document = json_parse(text, &where);
	free(text);
	if (document == NULL)
		fprintf(errors, "tenon-audit: %s: not JSON (byte %zu)\n", path, where);
	else if (strcmp(json_string(document, "schema"), "tenonos-audit-1") != 0) {
		fprintf(errors, "tenon-audit: %s: not a tenon-audit report (schema)\n", path);
		json_free(document);
		document = NULL;
	}
	return document;
}

int audit_diff(const char *old_path, const char *new_path, FILE *out)
{
	struct json *old = load(old_path, stderr), *now = load(new_path, stderr);
	struct diff diff = {out, 0, 0};

	if (old == NULL || now == NULL) {
		json_free(old);
		json_free(now);
		return 2;
	}
	compare_code(&diff, json_get(old, "images"), json_get(now, "images"));
	compare_authority(&diff, json_get(old, "partitions"), json_get(now, "partitions"));
	fprintf(out, "%u grew or newly granted, %u shrank or taken away\n", diff.grew, diff.shrank);
	json_free(old);
	json_free(now);
	return diff.grew ? 1 : 0;
}
