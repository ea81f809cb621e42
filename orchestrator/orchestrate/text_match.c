/* SPDX-License-Identifier: Apache-2.0 */
/* Free words to Kconfig symbols, over the library graph: FTS5 finds the symbols and choices whose
 * prompt or help text holds the words (porter-stemmed), each hit is scored (a pair of adjacent
 * words found as a phrase in a prompt weighs most, single words in a prompt less, words in help
 * texts least; words a chosen option's prompt holds as a phrase are not counted again in other
 * help texts), the graph is walked from each hit along "parent of" (a choice to its values),
 * each candidate keeps its best-scoring path, and candidates at or above the threshold are taken.
 * Only booleans a user can set (with a prompt) are candidates. */
#include <ctype.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "orchestrate.h"

#define PHRASE_IN_PROMPT 1.0
#define WORD_IN_PROMPT 1.0 /* shared by the prompts holding the word: a rare word says more */
#define PHRASE_IN_HELP 0.5
#define WORD_IN_HELP 0.1
#define WALK_DECAY 0.5

static const char *const stop_words[] = {
	"a", "an", "the", "and", "or", "of", "to", "for", "with", "in", "on", "at", "by", "is",
	"are", "be", "as", "its", "it", "each", "from", "into", "that", "this", "using", "use",
	"beside", "through", "their", "own", "some", "any", "set", "run", "runs", "system",
};

static bool is_stop_word(const char *word)
{
	for (size_t i = 0; i < sizeof(stop_words) / sizeof(stop_words[0]); i++)
		if (strcmp(word, stop_words[i]) == 0)
			return true;
	return false;
}

/* Splits TEXT into lower-case content words (at most MAX). */
size_t text_words(const char *text, char words[][32], size_t max)
{
	size_t count = 0;
	const char *p = text;

	while (*p && count < max) {
		size_t length = 0;
		while (*p && !isalnum((unsigned char)*p))
			p++;
		while (isalnum((unsigned char)*p)) {
			if (length < 31)
				words[count][length++] = (char)tolower((unsigned char)*p);
			p++;
		}
		words[count][length] = '\0';
		if (length > 0 && !is_stop_word(words[count]))
			count++;
	}
	return count;
}

static struct match *find_or_add(struct match_list *list, const char *name)
{
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->items[i].symbol, name) == 0)
			return &list->items[i];
	if (list->count == sizeof(list->items) / sizeof(list->items[0]))
		return NULL;
	struct match *m = &list->items[list->count++];
	memset(m, 0, sizeof(*m));
	snprintf(m->symbol, sizeof(m->symbol), "%s", name);
	return m;
}

/* Adds WEIGHT to every node whose COLUMN holds PHRASE (FTS5 phrase query, stemmed); SHARED:
 * WEIGHT divided among the nodes that hold it. */
static void score_phrase(sqlite3 *db, struct match_list *hits, const char *column,
			 const char *phrase, double weight, bool shared)
{
	static const char sql[] = "SELECT name, count(*) OVER () FROM search WHERE search MATCH ?1";
	sqlite3_stmt *statement;
	char query[160];

	snprintf(query, sizeof(query), "%s : \"%s\"", column, phrase);
	if (sqlite3_prepare_v2(db, sql, -1, &statement, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(statement, 1, query, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(statement) == SQLITE_ROW) {
		struct match *m = find_or_add(hits, (const char *)sqlite3_column_text(statement, 0));
		if (m == NULL)
			continue;
		m->score += shared ? weight / sqlite3_column_int(statement, 1) : weight;
		m->prompt_phrase = m->prompt_phrase || weight == PHRASE_IN_PROMPT;
		if (strlen(m->words) + strlen(phrase) + 3 < sizeof(m->words))
			snprintf(m->words + strlen(m->words), sizeof(m->words) - strlen(m->words),
				 "%s\"%s\"", m->words[0] ? " " : "", phrase);
	}
	sqlite3_finalize(statement);
}

/* The values of a choice, or a symbol's own row, as candidates reached from HIT. */
static void walk(sqlite3 *db, const struct match *hit, struct match_list *out)
{
	static const char sql[] =
		"SELECT d.name, s.type, s.prompt IS NOT NULL FROM node n"
		" JOIN edge e ON e.src = n.id AND e.kind = 'parent of' JOIN node d ON d.id = e.dst"
		" JOIN symbol s ON s.node = d.id WHERE n.name = ?1 AND n.kind = 'choice'"
		" UNION ALL SELECT s.name, s.type, s.prompt IS NOT NULL FROM symbol s WHERE s.name = ?1";
	sqlite3_stmt *statement;

	if (sqlite3_prepare_v2(db, sql, -1, &statement, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(statement, 1, hit->symbol, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(statement) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(statement, 0);
		const char *type = (const char *)sqlite3_column_text(statement, 1);
		bool from_choice = strcmp(name, hit->symbol) != 0;
		double score = hit->score * (from_choice ? WALK_DECAY : 1.0);
		struct match *m;

		if (strcmp(type, "boolean") != 0 || !sqlite3_column_int(statement, 2))
			continue;
		m = find_or_add(out, name);
		if (m == NULL || m->score >= score)
			continue;
		m->score = score;
		m->prompt_phrase = hit->prompt_phrase;
		snprintf(m->words, sizeof(m->words), "%s", hit->words);
		if (from_choice)
			snprintf(m->path, sizeof(m->path), "FTS5 hit %s -parent of-> %s", hit->symbol, name);
		else
			snprintf(m->path, sizeof(m->path), "FTS5 hit %s", name);
	}
	sqlite3_finalize(statement);
}

static int by_score(const void *a, const void *b)
{
	const struct match *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return strcmp(x->symbol, y->symbol);
}

/* Whether PHRASE is found together in the prompt of an option a user can choose (a boolean or a
 * choice): those words then name that option, and help texts elsewhere that use them say
 * nothing more (a "real-time partition" in the processes' help does not ask for processes). */
static bool names_an_option(sqlite3 *db, const char *phrase)
{
	static const char sql[] =
		"SELECT count(*) FROM search JOIN node n ON n.id = search.rowid"
		" LEFT JOIN symbol s ON s.node = n.id WHERE search MATCH ?1"
		" AND (n.kind = 'choice' OR (s.type = 'boolean' AND s.prompt IS NOT NULL))";
	sqlite3_stmt *statement;
	char query[160];
	bool found = false;

	snprintf(query, sizeof(query), "prompt : \"%s\"", phrase);
	if (sqlite3_prepare_v2(db, sql, -1, &statement, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(statement, 1, query, -1, SQLITE_TRANSIENT);
	found = sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_int(statement, 0) > 0;
	sqlite3_finalize(statement);
	return found;
}

void text_match(sqlite3 *db, const char *text, struct match_list *out)
{
	char words[64][32];
	size_t count = text_words(text, words, 64);
	bool claimed[64] = {false};
	struct match_list hits = {0};

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i + 1 < count; i++) {
		char pair[80];
		snprintf(pair, sizeof(pair), "%.31s %.31s", words[i], words[i + 1]);
		if (names_an_option(db, pair))
			claimed[i] = claimed[i + 1] = true;
	}
	for (size_t i = 0; i < count; i++) {
		score_phrase(db, &hits, "prompt", words[i], WORD_IN_PROMPT, true);
		if (!claimed[i])
			score_phrase(db, &hits, "help", words[i], WORD_IN_HELP, true);
		if (i + 1 < count) {
			char pair[80];
			snprintf(pair, sizeof(pair), "%.31s %.31s", words[i], words[i + 1]);
			score_phrase(db, &hits, "prompt", pair, PHRASE_IN_PROMPT, false);
			if (!claimed[i] && !claimed[i + 1])
				score_phrase(db, &hits, "help", pair, PHRASE_IN_HELP, true);
		}
	}
	for (size_t h = 0; h < hits.count; h++)
		walk(db, &hits.items[h], out);
	qsort(out->items, out->count, sizeof(out->items[0]), by_score);
	for (size_t i = 0; i < out->count; i++)
		out->items[i].accepted = out->items[i].score >= MATCH_THRESHOLD;
}
