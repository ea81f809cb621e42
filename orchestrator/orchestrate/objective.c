/* SPDX-License-Identifier: Apache-2.0 */
/* Objectives: a short structured file (README.md, "Objective files") or one sentence of free text
 * read against the library graph. Every problem in a file is reported as FILE:LINE: what. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "orchestrate.h"

static bool parse_number(const char *text, unsigned *value)
{
	char *end;
	unsigned long number = strtoul(text, &end, 10);
	if (end == text || *end != '\0' || number > 1000000000ul)
		return false;
	*value = (unsigned)number;
	return true;
}

static bool parse_cpus(const char *text, struct objective_partition *partition)
{
	char copy[128], *item, *rest;
	snprintf(copy, sizeof(copy), "%s", text);
	partition->cpu_count = 0;
	for (item = strtok_r(copy, ",", &rest); item; item = strtok_r(NULL, ",", &rest)) {
		unsigned cpu;
		if (!parse_number(item, &cpu) || cpu >= 64 || partition->cpu_count == MAX_PLAN_CPUS)
			return false;
		partition->cpus[partition->cpu_count++] = cpu;
	}
	return partition->cpu_count > 0;
}

static void add_symbol(char list[][64], size_t *count, const char *name)
{
	if (*count < MAX_PLAN_SYMBOLS)
		snprintf(list[(*count)++], 64, "%s", name);
}

struct objective_partition *objective_partition_named(struct objective *objective, const char *name)
{
	for (size_t p = 0; p < objective->partition_count; p++)
		if (strcmp(objective->partitions[p].name, name) == 0)
			return &objective->partitions[p];
	return NULL;
}

static bool valid_name(const char *name)
{
	if (!*name || strlen(name) >= 32 || !islower((unsigned char)name[0]))
		return false;
	for (const char *c = name; *c; c++)
		if (!islower((unsigned char)*c) && !isdigit((unsigned char)*c) && *c != '-')
			return false;
	return true;
}

/* "partition NAME KIND key=value..." (features= takes the rest of the line). */
static const char *parse_partition(struct objective *objective, char *rest)
{
	struct objective_partition *partition;
	char *name = strtok_r(rest, " \t", &rest), *kind = strtok_r(rest, " \t", &rest), *pair;

	if (objective->partition_count == MAX_PLAN_PARTITIONS)
		return "too many partitions";
	if (name == NULL || kind == NULL)
		return "expected: partition NAME tenon|linux [key=value...]";
	if (!valid_name(name))
		return "a partition name is lower-case letters, digits and '-', at most 31";
	if (objective_partition_named(objective, name))
		return "a partition of this name already exists";
	partition = &objective->partitions[objective->partition_count];
	memset(partition, 0, sizeof(*partition));
	snprintf(partition->name, sizeof(partition->name), "%s", name);
	if (strcmp(kind, "tenon") == 0)
		partition->kind = PARTITION_TENON;
	else if (strcmp(kind, "linux") == 0)
		partition->kind = PARTITION_LINUX;
	else
		return "kind must be tenon or linux";
	while (rest && *rest) {
		char *value;
		while (*rest == ' ' || *rest == '\t')
			rest++;
		if (strncmp(rest, "features=", 9) == 0) {
			snprintf(partition->features, sizeof(partition->features), "%s", rest + 9);
			break;
		}
		pair = strtok_r(rest, " \t", &rest);
		if (pair == NULL)
			break;
		value = strchr(pair, '=');
		if (value == NULL)
			return "expected key=value";
		*value++ = '\0';
		if (strcmp(pair, "cpus") == 0) {
			if (!parse_cpus(value, partition))
				return "cpus= takes CPU numbers separated by commas";
		} else if (strcmp(pair, "cpu-count") == 0) {
			if (!parse_number(value, &partition->cpu_request) || partition->cpu_request == 0 ||
			    partition->cpu_request > MAX_PLAN_CPUS)
				return "cpu-count= takes 1 to 8";
		} else if (strcmp(pair, "pool") == 0) {
			if (!valid_name(value))
				return "pool= takes a pool name";
			snprintf(partition->pool, sizeof(partition->pool), "%s", value);
		} else if (strcmp(pair, "memory-mib") == 0) {
			if (!parse_number(value, &partition->memory_mib) || partition->memory_mib == 0 ||
			    partition->memory_mib > 4096)
				return "memory-mib= takes 1 to 4096";
		} else if (strcmp(pair, "period-us") == 0) {
			if (!parse_number(value, &partition->period_us) || partition->period_us == 0)
				return "period-us= takes a positive number";
		} else if (strcmp(pair, "deadline-us") == 0) {
			if (!parse_number(value, &partition->deadline_us) || partition->deadline_us == 0)
				return "deadline-us= takes a positive number";
		} else if (strcmp(pair, "require") == 0 || strcmp(pair, "forbid") == 0) {
			bool require = pair[0] == 'r';
			char *symbol, *more;
			for (symbol = strtok_r(value, ",", &more); symbol; symbol = strtok_r(NULL, ",", &more))
				add_symbol(require ? partition->required : partition->forbidden,
					   require ? &partition->required_count : &partition->forbidden_count,
					   symbol);
		} else {
			return "unknown key (cpus, cpu-count, pool, memory-mib, period-us, deadline-us, "
			       "require, forbid, features)";
		}
	}
	if (partition->deadline_us && partition->period_us && partition->deadline_us > partition->period_us)
		return "deadline-us is longer than period-us";
	if (partition->pool[0] && partition->cpu_count)
		return "a partition has cpus= or pool=, not both";
	if (partition->pool[0] && partition->kind != PARTITION_TENON)
		return "only Tenon partitions run in a pool (Mode 2)";
	objective->partition_count++;
	return NULL;
}

static const char *parse_line(struct objective *objective, char *line)
{
	char *rest, *keyword = strtok_r(line, " \t", &rest);

	if (keyword == NULL || keyword[0] == '#')
		return NULL;
	if (strcmp(keyword, "goal") == 0) {
		char *goal = strtok_r(rest, " \t", &rest);
		if (goal && strcmp(goal, "smallest") == 0)
			objective->smallest = true;
		else if (!goal || strcmp(goal, "defaults") != 0)
			return "goal is smallest or defaults";
		return NULL;
	}
	if (strcmp(keyword, "partition") == 0)
		return parse_partition(objective, rest);
	if (strcmp(keyword, "pool") == 0) {
		struct objective_pool *pool = &objective->pools[objective->pool_count];
		char *name = strtok_r(rest, " \t", &rest), *cpus = strtok_r(rest, " \t", &rest);
		char *control = strtok_r(rest, " \t", &rest);
		struct objective_partition scratch;
		if (objective->pool_count == MAX_PLAN_POOLS)
			return "too many pools";
		if (!name || !valid_name(name) || !cpus || strncmp(cpus, "cpus=", 5) != 0 ||
		    !parse_cpus(cpus + 5, &scratch) ||
		    (control && (strncmp(control, "control=", 8) != 0 || !valid_name(control + 8))) ||
		    strtok_r(rest, " \t", &rest))
			return "expected: pool NAME cpus=N,M [control=PARTITION]";
		memset(pool, 0, sizeof(*pool));
		if (control)
			snprintf(pool->control, sizeof(pool->control), "%s", control + 8);
		snprintf(pool->name, sizeof(pool->name), "%s", name);
		memcpy(pool->cpus, scratch.cpus, sizeof(pool->cpus));
		pool->cpu_count = scratch.cpu_count;
		objective->pool_count++;
		return NULL;
	}
	if (strcmp(keyword, "channel") == 0) {
		char *a = strtok_r(rest, " \t", &rest), *b = strtok_r(rest, " \t", &rest);
		if (objective->channel_count == MAX_PLAN_CHANNELS)
			return "too many channels";
		if (!a || !b || strcmp(a, b) == 0)
			return "expected: channel PARTITION PARTITION (two different ones)";
		snprintf(objective->channels[objective->channel_count][0], 32, "%s", a);
		snprintf(objective->channels[objective->channel_count][1], 32, "%s", b);
		objective->channel_count++;
		return NULL;
	}
	return "unknown line (goal, partition, pool, channel)";
}

bool objective_read(const char *path, struct objective *objective)
{
	FILE *file = fopen(path, "r");
	char line[1024];
	int number = 0;
	bool ok = true;

	memset(objective, 0, sizeof(*objective));
	snprintf(objective->source, sizeof(objective->source), "%s", path);
	if (file == NULL) {
		fprintf(stderr, "tenon-orchestrate: cannot read %s\n", path);
		return false;
	}
	while (fgets(line, sizeof(line), file)) {
		const char *problem;
		number++;
		if (strchr(line, '\n') == NULL && !feof(file)) {
			fprintf(stderr, "%s:%d: line longer than %zu characters\n", path, number,
				sizeof(line) - 2);
			ok = false;
			break;
		}
		line[strcspn(line, "\r\n")] = '\0';
		problem = parse_line(objective, line);
		if (problem) {
			fprintf(stderr, "%s:%d: %s\n", path, number, problem);
			ok = false;
		}
	}
	fclose(file);
	for (size_t c = 0; ok && c < objective->channel_count; c++)
		for (int end = 0; end < 2; end++)
			if (!objective_partition_named(objective, objective->channels[c][end])) {
				fprintf(stderr, "%s: channel %zu names no partition \"%s\"\n", path, c + 1,
					objective->channels[c][end]);
				ok = false;
			}
	for (size_t q = 0; ok && q < objective->pool_count; q++)
		if (objective->pools[q].control[0] &&
		    !objective_partition_named(objective, objective->pools[q].control)) {
			fprintf(stderr, "%s: pool %s: control= names no partition \"%s\"\n", path,
				objective->pools[q].name, objective->pools[q].control);
			ok = false;
		}
	if (ok && objective->partition_count == 0) {
		fprintf(stderr, "%s: no partition\n", path);
		ok = false;
	}
	return ok;
}
