/* SPDX-License-Identifier: Apache-2.0 */
/* A small JSON reader (RFC 8259) for `tenon-audit diff`: whole documents into a tree. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"

#define MAX_NESTING 64

struct reader {
	const char *text, *p;
	bool failed;
};

static struct json *parse_value(struct reader *reader, unsigned depth);

static void skip_space(struct reader *reader)
{
	while (isspace((unsigned char)*reader->p))
		reader->p++;
}

static struct json *new_value(enum json_type type)
{
	struct json *value = xrealloc(NULL, sizeof(*value));
	memset(value, 0, sizeof(*value));
	value->type = type;
	return value;
}

static char *parse_string(struct reader *reader)
{
	size_t length = 0, capacity = 16;
	char *text = xrealloc(NULL, capacity);

	reader->p++; /* the opening quote */
	while (*reader->p != '"') {
		char c = *reader->p++;
		if (c == '\0' || (unsigned char)c < 0x20) {
			reader->failed = true;
			break;
		}
		if (c == '\\') {
			char e = *reader->p++;
			const char *escapes = "\"\\/bfnrt", *replacements = "\"\\/\b\f\n\r\t";
			const char *found = e ? strchr(escapes, e) : NULL;
			if (found != NULL) {
				c = replacements[found - escapes];
			} else if (e == 'u' && isxdigit((unsigned char)reader->p[0]) &&
				   isxdigit((unsigned char)reader->p[1]) &&
				   isxdigit((unsigned char)reader->p[2]) &&
				   isxdigit((unsigned char)reader->p[3])) {
				char hex[5] = {reader->p[0], reader->p[1], reader->p[2], reader->p[3], 0};
				unsigned long code = strtoul(hex, NULL, 16);
				reader->p += 4;
				c = code < 0x80 ? (char)code : '?'; /* the audit writes ASCII only */
			} else {
				reader->failed = true;
				break;
			}
		}
		if (length + 1 >= capacity)
			text = xrealloc(text, capacity *= 2);
		text[length++] = c;
	}
	if (!reader->failed)
		reader->p++;
	text[length] = '\0';
	return text;
}

static struct json *parse_container(struct reader *reader, unsigned depth, bool object)
{
	struct json *value = new_value(object ? JSON_OBJECT : JSON_ARRAY);
	char close = object ? '}' : ']';

	reader->p++;
	skip_space(reader);
	if (*reader->p == close) {
		reader->p++;
		return value;
	}
	for (;;) {
		char *key = NULL;
		skip_space(reader);
		if (object) {
			if (*reader->p != '"') {
				reader->failed = true;
				return value;
			}
			key = parse_string(reader);
			skip_space(reader);
			if (reader->failed || *reader->p != ':') {
				free(key);
				reader->failed = true;
				return value;
			}
			reader->p++;
		}
		struct json *item = parse_value(reader, depth + 1);
		value->items = xrealloc(value->items, (value->count + 1) * sizeof(*value->items));
		value->keys = xrealloc(value->keys, (value->count + 1) * sizeof(*value->keys));
		value->items[value->count] = item;
		value->keys[value->count++] = key;
		if (reader->failed)
			return value;
		skip_space(reader);
		if (*reader->p == ',') {
			reader->p++;
		} else if (*reader->p == close) {
			reader->p++;
			return value;
		} else {
			reader->failed = true;
			return value;
		}
	}
}

static struct json *parse_value(struct reader *reader, unsigned depth)
{
	skip_space(reader);
	if (depth > MAX_NESTING) {
		reader->failed = true;
		return NULL;
	}
	char c = *reader->p;
	if (c == '{' || c == '[')
		return parse_container(reader, depth, c == '{');
	if (c == '"') {
		struct json *value = new_value(JSON_STRING);
		value->string = parse_string(reader);
		return value;
	}
	static const char *const words[] = {"true", "false", "null"};
	for (unsigned i = 0; i < 3; i++)
		if (has_prefix(reader->p, words[i])) {
			struct json *value = new_value(i < 2 ? JSON_BOOL : JSON_NULL);
			value->boolean = i == 0;
			reader->p += strlen(words[i]);
			return value;
		}
	if (c == '-' || isdigit((unsigned char)c)) {
		char *end;
		struct json *value = new_value(JSON_NUMBER);
		value->number = strtod(reader->p, &end);
		reader->p = end;
		return value;
	}
	reader->failed = true;
	return NULL;
}

struct json *json_parse(const char *text, size_t *where)
{
	struct reader reader = {text, text, false};
	struct json *value = parse_value(&reader, 0);

	skip_space(&reader);
	if (reader.failed || *reader.p != '\0') {
		if (where != NULL)
			*where = (size_t)(reader.p - text);
		json_free(value);
		return NULL;
	}
	return value;
}

void json_free(struct json *value)
{
	if (value == NULL)
		return;
	for (size_t i = 0; i < value->count; i++) {
		json_free(value->items[i]);
		if (value->keys != NULL)
			free(value->keys[i]);
	}
	free(value->items);
	free(value->keys);
	free(value->string);
	free(value);
}

const struct json *json_get(const struct json *object, const char *key)
{
	if (object == NULL || object->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < object->count; i++)
		if (strcmp(object->keys[i], key) == 0)
			return object->items[i];
	return NULL;
}

const char *json_string(const struct json *value, const char *key)
{
	const struct json *item = json_get(value, key);
	return item != NULL && item->type == JSON_STRING ? item->string : "";
}

double json_number(const struct json *value, const char *key)
{
	const struct json *item = json_get(value, key);
	return item != NULL && item->type == JSON_NUMBER ? item->number : 0;
}
