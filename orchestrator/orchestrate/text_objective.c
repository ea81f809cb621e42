/* SPDX-License-Identifier: Apache-2.0 */
/* One sentence into an objective. The sentence is cut at "no" and "without": what follows, up to
 * the next comma, "and", "but" or "with", is matched as features the plan must leave out (only a
 * phrase found in a prompt counts there, so a help text that mentions the words does not exclude
 * the feature it describes); the rest is matched as features to choose. Symbols of the
 * hypervisor's layer (kernel/, vmm/) go to the system, the others to a Tenon partition "rt";
 * VMM_LINUX adds a Linux partition. */
#include <ctype.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "orchestrate.h"

static bool is_system_symbol(sqlite3 *db, const char *name)
{
	sqlite3_stmt *statement;
	bool system = false;
	if (sqlite3_prepare_v2(db, "SELECT folder FROM symbol WHERE name = ?1", -1, &statement,
			       NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(statement, 1, name, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(statement) == SQLITE_ROW) {
		const char *folder = (const char *)sqlite3_column_text(statement, 0);
		system = strncmp(folder, "vmm", 3) == 0 || strncmp(folder, "kernel", 6) == 0;
	}
	sqlite3_finalize(statement);
	return system;
}

static bool is_word(const char *p, const char *start, const char *word)
{
	size_t length = strlen(word);
	return (p == start || !isalnum((unsigned char)p[-1])) && strncasecmp(p, word, length) == 0 &&
	       !isalnum((unsigned char)p[length]);
}

/* Splits SENTENCE into the wanted text and the unwanted text. */
static void split_negations(const char *sentence, char *wanted, char *unwanted, size_t size)
{
	static const char *const negations[] = {"no", "without"};
	static const char *const ends[] = {"and", "but", "with"};
	const char *p = sentence;
	bool negative = false;

	wanted[0] = unwanted[0] = '\0';
	while (*p) {
		char *target = negative ? unwanted : wanted;
		size_t length = strlen(target);
		for (size_t n = 0; !negative && n < 2; n++)
			if (is_word(p, sentence, negations[n])) {
				negative = true;
				p += strlen(negations[n]);
				break;
			}
		if (negative && (*p == ',' || *p == '.' || *p == ';'))
			negative = false;
		for (size_t e = 0; negative && e < 3; e++)
			if (is_word(p, sentence, ends[e]))
				negative = false;
		target = negative ? unwanted : wanted;
		length = strlen(target);
		if (length + 2 < size) {
			target[length] = *p ? *p : ' ';
			target[length + 1] = '\0';
		}
		if (*p)
			p++;
	}
}

static bool has_any_word(const char *text, const char *const *list, size_t count)
{
	char words[64][32];
	size_t n = text_words(text, words, 64);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < count; k++)
			if (strcmp(words[i], list[k]) == 0)
				return true;
	return false;
}

/* "two CPUs", "2 cpus": how many CPUs the sentence asks for, 0 when it does not say. */
static unsigned cpu_count(const char *sentence)
{
	static const char *const numbers[] = {"one", "two", "three", "four"};
	char words[64][32];
	size_t n = text_words(sentence, words, 64);
	for (size_t i = 1; i < n; i++) {
		if (strncmp(words[i], "cpu", 3) != 0 && strncmp(words[i], "core", 4) != 0)
			continue;
		if (isdigit((unsigned char)words[i - 1][0]))
			return (unsigned)atoi(words[i - 1]);
		for (unsigned k = 0; k < 4; k++)
			if (strcmp(words[i - 1], numbers[k]) == 0)
				return k + 1;
	}
	return 0;
}

void objective_from_text(sqlite3 *db, const char *sentence, struct objective *objective)
{
	static const char *const small[] = {"smallest", "minimal", "footprint", "tiny", "smaller"};
	struct objective_partition *rt;
	struct match_list matches;
	char wanted[1024], unwanted[1024];
	bool linux_wanted = false;

	memset(objective, 0, sizeof(*objective));
	snprintf(objective->source, sizeof(objective->source), "%s", sentence);
	objective->from_text = true;
	split_negations(sentence, wanted, unwanted, sizeof(wanted));
	objective->smallest = has_any_word(wanted, small, 5);
	rt = &objective->partitions[objective->partition_count++];
	snprintf(rt->name, sizeof(rt->name), "rt");
	rt->kind = PARTITION_TENON;
	rt->cpu_request = cpu_count(wanted);
	snprintf(rt->features, sizeof(rt->features), "%.511s", wanted);

	text_match(db, wanted, &matches);
	for (size_t i = 0; i < matches.count; i++) {
		const struct match *m = &matches.items[i];
		if (!m->accepted)
			continue;
		if (strcmp(m->symbol, "VMM_LINUX") == 0)
			linux_wanted = true;
		else if (!is_system_symbol(db, m->symbol) && rt->required_count < MAX_PLAN_SYMBOLS)
			snprintf(rt->required[rt->required_count++], 64, "%s", m->symbol);
	}
	text_match(db, unwanted, &matches);
	for (size_t i = 0; i < matches.count; i++) {
		const struct match *m = &matches.items[i];
		if (!m->accepted || !m->prompt_phrase)
			continue;
		if (strcmp(m->symbol, "VMM_LINUX") == 0) {
			linux_wanted = false;
			continue;
		}
		/* an explicit "no X" wins over the same X matched elsewhere in the sentence */
		for (size_t r = 0; r < rt->required_count; r++)
			if (strcmp(rt->required[r], m->symbol) == 0)
				memmove(rt->required[r], rt->required[--rt->required_count], 64);
		if (rt->forbidden_count < MAX_PLAN_SYMBOLS)
			snprintf(rt->forbidden[rt->forbidden_count++], 64, "%s", m->symbol);
	}
	if (linux_wanted) {
		struct objective_partition *gw = &objective->partitions[objective->partition_count++];
		snprintf(gw->name, sizeof(gw->name), "linux");
		gw->kind = PARTITION_LINUX;
	}
}
