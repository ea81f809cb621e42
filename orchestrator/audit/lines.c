/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Code, comment and blank lines, counted the way cloc counts C, C/C++ Header and Assembly, so the
 * audit's figures can be checked against `cloc --by-file` on the same files (test/audit/run.sh).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"

const char *source_language_name(enum source_language language)
{
	static const char *const names[LANGUAGE_COUNT] = {"c", "header", "asm"};
	return (unsigned)language < LANGUAGE_COUNT ? names[language] : "?";
}

bool source_language_of(const char *path, enum source_language *language)
{
	const char *dot = strrchr(path, '.');

	if (dot == NULL || strchr(dot, '/') != NULL)
		return false;
	if (strcmp(dot, ".c") == 0)
		*language = LANGUAGE_C;
	else if (strcmp(dot, ".h") == 0)
		*language = LANGUAGE_HEADER;
	else if (strcmp(dot, ".S") == 0 || strcmp(dot, ".s") == 0)
		*language = LANGUAGE_ASM;
	else
		return false;
	return true;
}

enum lexer_state { IN_CODE, IN_BLOCK_COMMENT, IN_LINE_COMMENT, IN_STRING, IN_CHARACTER };

struct line {
	bool code, comment;
};

static bool line_is_blank(const char *text, size_t length, size_t start, size_t *end)
{
	bool blank = true;
	size_t i = start;

	for (; i < length && text[i] != '\n'; i++)
		if (!isspace((unsigned char)text[i]))
			blank = false;
	*end = i;
	return blank;
}

static char first_visible(const char *text, size_t start, size_t end)
{
	for (size_t i = start; i < end; i++)
		if (!isspace((unsigned char)text[i]))
			return text[i];
	return '\0';
}

/* Lexes text[start, end) (one line, without its newline) and returns the state after it. */
static enum lexer_state lex_line(const char *text, size_t start, size_t end, bool assembly,
				 enum lexer_state state, struct line *line, bool *continued)
{
	*continued = end > start && text[end - 1] == '\\';
	for (size_t i = start; i < end; i++) {
		char c = text[i], next = i + 1 < end ? text[i + 1] : '\0';

		switch (state) {
		case IN_CODE:
			if (c == '/' && next == '*') {
				state = IN_BLOCK_COMMENT;
				line->comment = true;
				i++;
			} else if (c == '/' && next == '/') {
				state = IN_LINE_COMMENT;
				line->comment = true;
				i = end;
			} else if (c == '"') {
				state = IN_STRING;
				line->code = true;
			} else if (c == '\'' && !assembly) {
				state = IN_CHARACTER;
				line->code = true;
			} else if (!isspace((unsigned char)c)) {
				line->code = true;
			}
			break;
		case IN_BLOCK_COMMENT:
			line->comment = true;
			if (c == '*' && next == '/') {
				state = IN_CODE;
				i++;
			}
			break;
		case IN_LINE_COMMENT:
			line->comment = true;
			i = end;
			break;
		case IN_STRING:
		case IN_CHARACTER:
			line->code = true;
			if (c == '\\')
				i++;
			else if (c == (state == IN_STRING ? '"' : '\''))
				state = IN_CODE;
			break;
		}
	}
	/* A backslash-newline splices lines (C11 5.1.1.2): a // comment or literal goes on. */
	if ((state == IN_LINE_COMMENT || state == IN_STRING || state == IN_CHARACTER) && !*continued)
		state = IN_CODE;
	return state;
}

void count_lines(const char *text, size_t length, bool assembly, struct line_counts *counts)
{
	enum lexer_state state = IN_CODE;
	size_t start = 0;

	memset(counts, 0, sizeof(*counts));
	while (start < length) {
		size_t end;
		bool continued;
		struct line line = {false, false};

		if (line_is_blank(text, length, start, &end)) {
			counts->blank++;
			/* An empty line ends a splice that has nothing left to splice. */
			if (state != IN_BLOCK_COMMENT)
				state = IN_CODE;
		} else if (assembly && state == IN_CODE && strchr("#;@", first_visible(text, start, end))) {
			counts->comment++;
		} else {
			if (state == IN_BLOCK_COMMENT || state == IN_LINE_COMMENT)
				line.comment = true;
			state = lex_line(text, start, end, assembly, state, &line, &continued);
			if (line.code)
				counts->code++;
			else
				counts->comment++;
		}
		start = end + 1;
	}
}

enum audit_status count_file_lines(const char *path, enum source_language language,
				   struct line_counts *counts)
{
	size_t size;
	char *text = read_file(path, &size);

	if (text == NULL)
		return AUDIT_ERR_IO;
	count_lines(text, size, language == LANGUAGE_ASM, counts);
	free(text);
	return AUDIT_OK;
}
