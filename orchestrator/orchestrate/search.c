/* SPDX-License-Identifier: Apache-2.0 */
/* Full-text search over the symbols' prompts and help texts (the FTS5 table `search`). */
#include <ctype.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "orchestrate.h"

char *search_query(const char *words)
{
	size_t length = strlen(words);
	char *query = malloc(length * 8 + 1), *out = query;
	const char *p = words;

	if (query == NULL)
		return NULL;
	while (*p) {
		while (*p && !isalnum((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		if (out != query)
			out += sprintf(out, " OR ");
		*out++ = '"';
		while (isalnum((unsigned char)*p) || *p == '_')
			*out++ = *p++;
		*out++ = '"';
	}
	*out = '\0';
	return query;
}

int search_print(struct sqlite3 *db, const char *words, int limit, FILE *out)
{
	/* Prompts weigh more than help texts; bm25 is lower for better matches. */
	static const char sql[] =
		"SELECT bm25(search, 1.0, 4.0, 1.0), name, prompt FROM search WHERE search MATCH ?1"
		" ORDER BY 1, name LIMIT ?2";
	sqlite3_stmt *statement;
	char *query = search_query(words);
	int printed = 0, status;

	if (query == NULL || query[0] == '\0') {
		fprintf(stderr, "tenon-orchestrate: search: no words in \"%s\"\n", words);
		free(query);
		return -1;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &statement, NULL) != SQLITE_OK) {
		fprintf(stderr, "tenon-orchestrate: search: %s\n", sqlite3_errmsg(db));
		free(query);
		return -1;
	}
	sqlite3_bind_text(statement, 1, query, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(statement, 2, limit);
	while ((status = sqlite3_step(statement)) == SQLITE_ROW) {
		fprintf(out, "%.3f\t%s\t%s\n", sqlite3_column_double(statement, 0),
			(const char *)sqlite3_column_text(statement, 1),
			(const char *)sqlite3_column_text(statement, 2));
		printed++;
	}
	if (status != SQLITE_DONE) {
		fprintf(stderr, "tenon-orchestrate: search: %s\n", sqlite3_errmsg(db));
		printed = -1;
	}
	sqlite3_finalize(statement);
	free(query);
	return printed;
}
