/* SPDX-License-Identifier: Apache-2.0 */
/* Planning: the objective's partitions get CPUs; each image (the system: Mortise and its
 * components; each Tenon partition) gets requests (what it must and must not have, each with the
 * reason), the solver's selection under the Kconfig rules, the ints the rules outside SAT set,
 * and its .config written by Kconfig; then the manifest, the report and the explanation. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <kconfig/lkc.h>

#include "orchestrate.h"

#define PLATFORM_CPUS_SYMBOL "MAX_CPUS"
#define SIZE_UNIT_BYTES 1024 /* library sizes are weighed in KiB: the optimum is to that grain */
#define MIB (1024ul * 1024ul)
/* Room above a Tenon image's load address for the image, its devicetree and its page tables: a
 * lower bound (Tenon's boot image is under 100 KiB); the root checks the exact sizes at boot. */
#define TENON_IMAGE_ROOM_MIB 1ul

static bool add_request(struct plan_image *image, const struct rules *rules, const char *symbol,
			bool on, const char *why)
{
	int variable = rules_variable_named(rules, symbol);
	size_t r = image->request_count;

	if (variable == 0) {
		fprintf(stderr, "tenon-orchestrate: %s: %s is not a boolean Kconfig symbol (%s)\n",
			image->name, symbol, why);
		return false;
	}
	if (r == MAX_PLAN_REQUESTS)
		return true;
	char text[sizeof(image->request_why[r])];
	snprintf(text, sizeof(text), "objective: %s %s %s: %.200s", image->name,
		 on ? "needs" : "must not have", symbol, why);
	memcpy(image->request_why[r], text, sizeof(text));
	image->requests[r].literal = on ? variable : -variable;
	image->requests[r].why = image->request_why[r];
	image->request_count++;
	return true;
}

static void add_int(struct plan_image *image, const char *symbol, long value, const char *why)
{
	struct int_setting *setting = &image->ints[image->int_count++];
	snprintf(setting->symbol, sizeof(setting->symbol), "%s", symbol);
	snprintf(setting->value, sizeof(setting->value), "%ld", value);
	snprintf(setting->why, sizeof(setting->why), "%s", why);
}

/* ---- CPUs ----------------------------------------------------------------------------- */
static bool take_cpu(bool *used, unsigned cpus, unsigned cpu, const char *who)
{
	if (cpu >= cpus) {
		fprintf(stderr, "tenon-orchestrate: conflict: %s asks for CPU %u; the platform has "
				"CPUs 0-%u\n", who, cpu, cpus - 1);
		return false;
	}
	if (cpu == 0 || used[cpu]) {
		fprintf(stderr, "tenon-orchestrate: conflict: %s asks for CPU %u, which %s\n", who, cpu,
			cpu == 0 ? "the root component holds" : "is already given");
		return false;
	}
	used[cpu] = true;
	return true;
}

static unsigned free_cpus(const bool *used, unsigned cpus)
{
	unsigned count = 0;
	for (unsigned c = 1; c < cpus; c++)
		count += !used[c];
	return count;
}

/* CPUS: the board's devicetree's; never more than the image's MAX_CPUS. */
static bool assign_cpus(struct objective *objective, unsigned cpus)
{
	struct symbol *max = sym_find(PLATFORM_CPUS_SYMBOL);
	bool used[64] = {false};

	if (max) {
		unsigned built;
		sym_calc_value(max);
		built = (unsigned)strtoul(sym_get_string_value(max), NULL, 0);
		cpus = cpus < built ? cpus : built;
	}
	if (cpus > 64)
		cpus = 64;
	for (size_t q = 0; q < objective->pool_count; q++)
		for (size_t c = 0; c < objective->pools[q].cpu_count; c++)
			if (!take_cpu(used, cpus, objective->pools[q].cpus[c], objective->pools[q].name))
				return false;
	for (size_t p = 0; p < objective->partition_count; p++) {
		struct objective_partition *partition = &objective->partitions[p];
		bool pool_found = false;
		for (size_t q = 0; q < objective->pool_count; q++)
			pool_found = pool_found || strcmp(objective->pools[q].name, partition->pool) == 0;
		if (partition->pool[0] && !pool_found) {
			fprintf(stderr, "tenon-orchestrate: %s: partition %s names no pool \"%s\"\n",
				objective->source, partition->name, partition->pool);
			return false;
		}
		for (size_t c = 0; c < partition->cpu_count; c++)
			if (!take_cpu(used, cpus, partition->cpus[c], partition->name))
				return false;
	}
	objective->sched_cpu = 0;
	for (size_t p = 0; objective->pool_count && p < objective->partition_count; p++) {
		unsigned c = 1;
		if (objective->partitions[p].kind != PARTITION_LINUX)
			continue;
		/* The root's CPU takes one component besides the root, and a Linux VMM holds it. */
		while (c < cpus && used[c])
			c++;
		if (c == cpus) {
			fprintf(stderr, "tenon-orchestrate: conflict: the pools' scheduler needs a CPU "
					"outside the pools (a Linux VMM holds the root's CPU 0), and "
					"CPUs 1-%u are all taken\n", cpus - 1);
			return false;
		}
		used[c] = true;
		objective->sched_cpu = c;
		break;
	}
	/* Tenon first (it asked for a real-time CPU of its own), then Linux takes what is left. */
	for (int kind = PARTITION_TENON; kind <= PARTITION_LINUX; kind++) {
		for (size_t p = 0; p < objective->partition_count; p++) {
			struct objective_partition *partition = &objective->partitions[p];
			unsigned wanted = partition->cpu_request;
			if ((int)partition->kind != kind || partition->pool[0] || partition->cpu_count)
				continue;
			if (wanted == 0)
				wanted = kind == PARTITION_LINUX && free_cpus(used, cpus) >= 2 ? 2 : 1;
			if (free_cpus(used, cpus) < wanted) {
				fprintf(stderr, "tenon-orchestrate: conflict: partition %s needs %u CPU(s) "
						"but only %u of CPUs 1-%u are left (CPU 0 is the root "
						"component's)\n",
					partition->name, wanted, free_cpus(used, cpus), cpus - 1);
				return false;
			}
			for (unsigned c = 1; c < cpus && partition->cpu_count < wanted; c++)
				if (!used[c]) {
					used[c] = true;
					partition->cpus[partition->cpu_count++] = c;
				}
		}
	}
	return true;
}

static unsigned long symbol_number(const char *name)
{
	struct symbol *sym = sym_find(name);
	if (sym == NULL)
		return 0;
	sym_calc_value(sym);
	return strtoul(sym_get_string_value(sym), NULL, 0);
}

/* A Tenon image is loaded PLATFORM_LOAD_ADDRESS - PLATFORM_RAM_BASE into its partition's RAM
 * (the root puts it there), so the memory below that is no room for it. */
static bool memory_holds_images(const struct objective *objective)
{
	unsigned long below =
		symbol_number("PLATFORM_LOAD_ADDRESS") - symbol_number("PLATFORM_RAM_BASE");
	unsigned long least = (below + MIB - 1) / MIB + TENON_IMAGE_ROOM_MIB;

	for (size_t p = 0; p < objective->partition_count; p++) {
		const struct objective_partition *partition = &objective->partitions[p];
		if (partition->kind != PARTITION_TENON || partition->memory_mib == 0 ||
		    partition->memory_mib >= least)
			continue;
		fprintf(stderr, "tenon-orchestrate: conflict: partition %s has %u MiB; its image is "
				"loaded %lu KiB into its RAM (PLATFORM_LOAD_ADDRESS - PLATFORM_RAM_BASE), "
				"so it needs at least %lu MiB\n",
			partition->name, partition->memory_mib, below >> 10, least);
		return false;
	}
	return true;
}

/* ---- requests ---------------------------------------------------------------------------- */
static bool is_system_folder(const char *folder)
{
	return strncmp(folder, "kernel", 6) == 0 || strncmp(folder, "vmm", 3) == 0;
}

static bool is_tenon_folder(const char *folder)
{
	return strncmp(folder, "libos-tenon", 11) == 0 || strncmp(folder, "demos", 5) == 0;
}

/* Each comma-separated phrase of a structured objective's features= becomes its best match. */
static bool feature_requests(struct plan *plan, struct plan_image *image, sqlite3 *db,
			     struct match_list *seen)
{
	char copy[512], *phrase, *rest;
	snprintf(copy, sizeof(copy), "%s", image->partition->features);
	memset(seen, 0, sizeof(*seen));
	for (phrase = strtok_r(copy, ",", &rest); phrase; phrase = strtok_r(NULL, ",", &rest)) {
		struct match_list matches;
		const struct match *best = NULL;
		char why[320];
		while (*phrase == ' ')
			phrase++;
		if (*phrase == '\0')
			continue;
		text_match(db, phrase, &matches);
		for (size_t i = 0; i < matches.count && best == NULL; i++)
			if (matches.items[i].accepted)
				best = &matches.items[i];
		for (size_t i = 0; i < matches.count && seen->count < 96; i++)
			seen->items[seen->count++] = matches.items[i];
		if (best == NULL) {
			fprintf(stderr, "tenon-orchestrate: %s: partition %s: feature \"%s\" matches no "
					"option (best: %s, score %.2f, threshold %.2f)\n",
				plan->objective.source, image->name, phrase,
				matches.count ? matches.items[0].symbol : "none",
				matches.count ? matches.items[0].score : 0.0, MATCH_THRESHOLD);
			return false;
		}
		snprintf(why, sizeof(why), "feature \"%s\" (%s, score %.2f)", phrase, best->path,
			 best->score);
		if (!add_request(image, plan->rules, best->symbol, true, why))
			return false;
	}
	return true;
}

static bool tenon_requests(struct plan *plan, struct plan_image *image, sqlite3 *db,
			   struct match_list *seen)
{
	struct objective_partition *partition = image->partition;
	const struct objective *objective = &plan->objective;
	long low, high;
	char why[320];

	if (!add_request(image, plan->rules, "TENON", true, "a Tenon partition runs the Tenon LibOS"))
		return false;
	if (objective->from_text) {
		text_match(db, partition->features, seen);
		for (size_t r = 0; r < partition->required_count; r++) {
			const struct match *m = NULL;
			for (size_t i = 0; i < seen->count && !m; i++)
				if (strcmp(seen->items[i].symbol, partition->required[r]) == 0)
					m = &seen->items[i];
			snprintf(why, sizeof(why), "words %.120s (%.120s, score %.2f)", m ? m->words : "?",
				 m ? m->path : "?", m ? m->score : 0.0);
			if (!add_request(image, plan->rules, partition->required[r], true, why))
				return false;
		}
	} else {
		if (!feature_requests(plan, image, db, seen))
			return false;
		for (size_t r = 0; r < partition->required_count; r++)
			if (!add_request(image, plan->rules, partition->required[r], true, "require="))
				return false;
	}
	for (size_t f = 0; f < partition->forbidden_count; f++)
		if (!add_request(image, plan->rules, partition->forbidden[f], false,
				 objective->from_text ? "the sentence says no/without" : "forbid="))
			return false;
	for (size_t c = 0; c < objective->channel_count; c++)
		if (strcmp(objective->channels[c][0], partition->name) == 0 ||
		    strcmp(objective->channels[c][1], partition->name) == 0) {
			snprintf(why, sizeof(why), "channel %s-%s: the Tenon end waits for its doorbell "
				 "on a semaphore", objective->channels[c][0], objective->channels[c][1]);
			if (!add_request(image, plan->rules, "TENON_SEMAPHORES", true, why))
				return false;
		}
	config_range("TENON_TICK_HZ", &low, &high);
	if (partition->deadline_us && high > 0 &&
	    (1000000 + partition->deadline_us - 1) / partition->deadline_us > (unsigned long)high) {
		snprintf(why, sizeof(why), "deadline %u us is shorter than the shortest periodic tick "
			 "(%ld us at TENON_TICK_HZ's maximum %ld)", partition->deadline_us,
			 1000000 / high, high);
		if (!add_request(image, plan->rules, "TENON_TICKLESS", true, why))
			return false;
	}
	return true;
}

/* The rules outside SAT, once the booleans are known. */
static void tenon_ints(struct plan_image *image)
{
	const struct objective_partition *partition = image->partition;
	unsigned cpus = partition->pool[0] ? (partition->cpu_request ? partition->cpu_request : 1)
					   : (unsigned)partition->cpu_count;
	char why[160];

	snprintf(why, sizeof(why), "partition %s has %u %s", partition->name, cpus,
		 partition->pool[0] ? "vCPU(s) in its pool" : "CPU(s)");
	add_int(image, "TENON_SMP_CPUS", cpus, why);
}

static void tick_rate(struct plan_image *image, const struct rules *rules)
{
	const struct objective_partition *partition = image->partition;
	int periodic = rules_variable_named(rules, "TENON_PERIODIC_TICK");
	struct symbol *hz = sym_find("TENON_TICK_HZ");
	long needed, current;
	char why[160];

	if (!partition->deadline_us || !periodic || !image->solution.value[periodic] || hz == NULL)
		return;
	needed = (1000000 + partition->deadline_us - 1) / partition->deadline_us;
	sym_calc_value(hz);
	current = strtol(sym_get_string_value(hz), NULL, 0);
	if (needed <= current)
		return;
	snprintf(why, sizeof(why), "periodic tick: one tick at most the deadline %u us",
		 partition->deadline_us);
	add_int(image, "TENON_TICK_HZ", needed, why);
}

/* What each option costs when it differs from its preferred value: with goal smallest every
 * option is preferred off and a library weighs its size in KiB (make audit's figures), any other
 * option 1; else each option is preferred at its default in the image's own layer and off in
 * the other layer's, weight 1, so the selection is the one closest to the defaults. */
static void preferences(struct plan_image *image, const struct rules *rules, sqlite3 *db,
			bool smallest)
{
	sqlite3_stmt *size = NULL;
	char folder[256];

	image->phases = calloc((size_t)rules->variables + 1, 1);
	image->defaults = calloc((size_t)rules->variables + 1, sizeof(bool));
	image->weights = calloc((size_t)rules->variables + 1, sizeof(int));
	sqlite3_prepare_v2(db, "SELECT text + rodata + data + bss FROM library WHERE name = ?1", -1,
			   &size, NULL);
	for (int v = 1; v <= rules->variables; v++) {
		struct symbol *sym = rules->symbols[v];
		bool other_layer;
		if (sym == NULL || sym->name == NULL)
			continue;
		config_folder_of(rules, v, folder, sizeof(folder));
		other_layer = image->partition ? is_system_folder(folder) : is_tenon_folder(folder);
		image->defaults[v] = config_default(sym->name);
		image->phases[v] = smallest || other_layer || !image->defaults[v] ? -1 : 1;
		if (!rules_has_prompt(sym))
			continue;
		image->weights[v] = 1;
		if (smallest && size && strncmp(sym->name, "LIB_", 4) == 0) {
			char library[64];
			size_t i;
			for (i = 0; sym->name[4 + i] && i + 1 < sizeof(library); i++)
				library[i] = sym->name[4 + i] == '_' ? '-' : (char)(sym->name[4 + i] | 0x20);
			library[i] = '\0';
			sqlite3_bind_text(size, 1, library, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(size) == SQLITE_ROW) {
				long bytes = sqlite3_column_int64(size, 0);
				image->weights[v] = (int)((bytes + SIZE_UNIT_BYTES - 1) / SIZE_UNIT_BYTES);
				if (image->weights[v] == 0)
					image->weights[v] = 1;
			}
			sqlite3_reset(size);
		}
	}
	sqlite3_finalize(size);
}

static void print_conflict(const struct plan_image *image)
{
	fprintf(stderr, "tenon-orchestrate: conflict: the objective cannot be met for %s; the "
			"rules and requests that clash:\n", image->name);
	for (size_t k = 0; k < image->solution.core_count; k++)
		fprintf(stderr, "  - %s\n", image->solution.core[k]);
}

static bool write_text(const char *dir, const char *name, const struct plan *plan,
		       void (*writer)(FILE *, const struct plan *))
{
	char path[1024];
	FILE *out;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	out = fopen(path, "w");
	if (out == NULL) {
		fprintf(stderr, "tenon-orchestrate: cannot write %s\n", path);
		return false;
	}
	writer(out, plan);
	return fclose(out) == 0;
}

static bool is_folder(const char *path)
{
	struct stat status;
	return stat(path, &status) == 0 && S_ISDIR(status.st_mode);
}

static void manifest_writer(FILE *out, const struct plan *plan)
{
	manifest_write(out, &plan->objective);
}

int plan_make(struct plan *plan, const struct rules *rules, sqlite3 *db,
	      const struct plan_options *options)
{
	struct objective *objective = &plan->objective;
	int status = 0;

	plan->rules = rules;
	plan->image_count = 0;
	conf_read(options->defconfig);
	if (!assign_cpus(objective, options->board->cpus) || !memory_holds_images(objective))
		return 3;
	if (manifest_memory_bytes(objective) > options->board->memory_bytes) {
		fprintf(stderr, "tenon-orchestrate: conflict: the partitions, their components and "
				"Mortise need %llu MiB; the board (%s) has %llu MiB of RAM\n",
			(unsigned long long)(manifest_memory_bytes(objective) >> 20),
			options->board->source,
			(unsigned long long)(options->board->memory_bytes >> 20));
		return 3;
	}
	/* the system image: Mortise, the root component and, for Linux, its VMM */
	{
		struct plan_image *system = &plan->images[plan->image_count++];
		bool has_linux = false;
		memset(system, 0, sizeof(*system));
		snprintf(system->name, sizeof(system->name), "system");
		for (size_t p = 0; p < objective->partition_count; p++)
			has_linux = has_linux || objective->partitions[p].kind == PARTITION_LINUX;
		if (!add_request(system, rules, "MORTISE", true, "Mortise runs every partition") ||
		    !add_request(system, rules, "VMM_ROOT", true,
				 "the root component builds the partitions from the manifest") ||
		    !add_request(system, rules, "VMM_LINUX", has_linux,
				 has_linux ? "a Linux partition needs its VMM component"
					   : "no Linux partition"))
			return 1;
	}
	for (size_t p = 0; p < objective->partition_count; p++) {
		struct plan_image *image;
		if (objective->partitions[p].kind != PARTITION_TENON)
			continue;
		image = &plan->images[plan->image_count++];
		memset(image, 0, sizeof(*image));
		snprintf(image->name, sizeof(image->name), "%s", objective->partitions[p].name);
		image->partition = &objective->partitions[p];
		if (!tenon_requests(plan, image, db, &plan->matches[p]))
			return 1;
	}
	for (size_t i = 0; i < plan->image_count; i++) {
		struct plan_image *image = &plan->images[i];
		preferences(image, rules, db, objective->smallest);
		image->solved = solve(rules, image->requests, image->request_count, image->weights,
				      image->phases, &image->solution);
		if (!image->solved) {
			print_conflict(image);
			status = 3;
		}
	}
	if (status != 0)
		return status;
	if (options->out_dir && mkdir(options->out_dir, 0777) != 0 && !is_folder(options->out_dir)) {
		fprintf(stderr, "tenon-orchestrate: cannot create %s\n", options->out_dir);
		return 1;
	}
	for (size_t i = 0; i < plan->image_count; i++) {
		struct plan_image *image = &plan->images[i];
		char path[1024], problem[512];
		if (image->partition) {
			conf_read(options->defconfig);
			tenon_ints(image);
			tick_rate(image, rules);
		}
		snprintf(path, sizeof(path), "%s/%s.config", options->out_dir ? options->out_dir : ".",
			 image->name);
		if (!config_write(rules, image->solution.value, image->ints, image->int_count,
				  options->defconfig, options->out_dir ? path : NULL, problem,
				  sizeof(problem))) {
			fprintf(stderr, "tenon-orchestrate: conflict: %s: %s\n", image->name, problem);
			return 3;
		}
	}
	if (options->out_dir &&
	    (!write_text(options->out_dir, "policy.dts", plan, manifest_writer) ||
	     !write_text(options->out_dir, "report.txt", plan, report_write) ||
	     !write_text(options->out_dir, "explain.txt", plan, explain_write)))
		return 1;
	return 0;
}

void plan_free(struct plan *plan)
{
	for (size_t i = 0; i < plan->image_count; i++) {
		solution_free(&plan->images[i].solution);
		free(plan->images[i].weights);
		free(plan->images[i].phases);
		free(plan->images[i].defaults);
	}
}
