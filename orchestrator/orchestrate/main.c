/* SPDX-License-Identifier: Apache-2.0 */
/* tenon-orchestrate: the orchestrator's command line (orchestrator/orchestrate/README.md).
 *   graph   --kconfig FILE --db FILE [--audit audit.json]  Kconfig (+ audit figures) -> SQLite
 *   search  --db FILE [--limit N] WORDS...                  FTS5 over prompts and help texts
 *   plan    [paths] --out DIR (OBJECTIVE | --text SENTENCE [--llm COMMAND])
 *                                                           configs, manifest, report
 *   explain [paths] (OBJECTIVE | --text SENTENCE [--llm COMMAND])  why each option is in or out
 *   build   [--board DTB] [--build-dir DIR] [--boot [--timeout S]] PLAN-DIR
 *                                                           images built (and booted in QEMU)
 *   bench   [paths] [--board DTB] [--runs N] OBJECTIVE      planning time (host clock) */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kconfig/lkc.h>

#include "orchestrate.h"

/* QEMU virt as the tests boot it (4 CPUs, 1 GiB), dumped by make. */
#define DEFAULT_BOARD "build/test/dtb/virt.dtb"

static int usage(void)
{
	fprintf(stderr, "usage: tenon-orchestrate graph --kconfig KCONFIG --db DATABASE "
			"[--audit AUDIT_JSON]\n"
			"       tenon-orchestrate search --db DATABASE [--limit N] WORDS...\n"
			"       tenon-orchestrate plan [--db DATABASE] [--kconfig KCONFIG] "
			"[--defconfig DEFCONFIG] [--board DTB] --out DIR\n"
			"                              (OBJECTIVE | --text SENTENCE [--llm COMMAND])\n"
			"       tenon-orchestrate explain [--db DATABASE] [--kconfig KCONFIG] "
			"[--defconfig DEFCONFIG] [--board DTB]\n"
			"                              (OBJECTIVE | --text SENTENCE [--llm COMMAND])\n"
			"       tenon-orchestrate build [--board DTB] [--build-dir DIR] "
			"[--boot [--timeout SECONDS]] PLAN-DIR\n"
			"       tenon-orchestrate bench [--db DATABASE] [--board DTB] [--runs N] "
			"OBJECTIVE\n");
	return 2;
}

/* The value after option NAME at argv[*i], advancing *i; NULL when argv[*i] is not NAME. */
static const char *option(int argc, char **argv, int *i, const char *name)
{
	if (strcmp(argv[*i], name) != 0)
		return NULL;
	if (*i + 1 >= argc) {
		fprintf(stderr, "tenon-orchestrate: %s needs a value\n", name);
		exit(usage());
	}
	return argv[++*i];
}

static int command_graph(int argc, char **argv)
{
	const char *kconfig = NULL, *database = NULL, *audit = NULL, *value;
	struct graph_db *db;
	bool ok;

	for (int i = 0; i < argc; i++) {
		if ((value = option(argc, argv, &i, "--kconfig")))
			kconfig = value;
		else if ((value = option(argc, argv, &i, "--db")))
			database = value;
		else if ((value = option(argc, argv, &i, "--audit")))
			audit = value;
		else
			return usage();
	}
	if (kconfig == NULL || database == NULL)
		return usage();
	db = graph_db_create(database);
	if (db == NULL)
		return 1;
	kconfig_walk(kconfig, db);
	ok = audit == NULL || library_facts_load(audit, db);
	ok = graph_db_finish(db) && ok;
	graph_db_close(db);
	return ok ? 0 : 1;
}

static int command_search(int argc, char **argv)
{
	const char *database = NULL, *value;
	char words[1024] = "";
	int limit = 10, found;
	sqlite3 *db;

	for (int i = 0; i < argc; i++) {
		if ((value = option(argc, argv, &i, "--db"))) {
			database = value;
		} else if ((value = option(argc, argv, &i, "--limit"))) {
			limit = atoi(value);
		} else {
			strncat(words, " ", sizeof(words) - strlen(words) - 1);
			strncat(words, argv[i], sizeof(words) - strlen(words) - 1);
		}
	}
	if (database == NULL || limit <= 0)
		return usage();
	if (sqlite3_open_v2(database, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "tenon-orchestrate: cannot open %s: %s\n", database, sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	found = search_print(db, words, limit, stdout);
	sqlite3_close(db);
	return found < 0 ? 1 : found == 0 ? 3 : 0;
}

/* plan and explain: the same planning; plan writes the files, explain prints why. */
static int command_plan(int argc, char **argv, bool write)
{
	const char *database = "build/orchestrate/graph.db", *kconfig = "Kconfig", *value;
	const char *defconfig = "platforms/qemu-virt/defconfig", *out_dir = NULL, *text = NULL;
	const char *objective_file = NULL, *board_dtb = DEFAULT_BOARD, *llm = NULL;
	char llm_objective[PLAN_PATH_MAX];
	struct board board;
	static struct plan plan;
	struct rules rules;
	sqlite3 *db;
	int status;

	for (int i = 0; i < argc; i++) {
		if ((value = option(argc, argv, &i, "--db")))
			database = value;
		else if ((value = option(argc, argv, &i, "--kconfig")))
			kconfig = value;
		else if ((value = option(argc, argv, &i, "--defconfig")))
			defconfig = value;
		else if (write && (value = option(argc, argv, &i, "--out")))
			out_dir = value;
		else if ((value = option(argc, argv, &i, "--board")))
			board_dtb = value;
		else if ((value = option(argc, argv, &i, "--llm")))
			llm = value;
		else if ((value = option(argc, argv, &i, "--text")))
			text = value;
		else if (argv[i][0] != '-' && objective_file == NULL)
			objective_file = argv[i];
		else
			return usage();
	}
	if ((text == NULL) == (objective_file == NULL) || (write && out_dir == NULL) ||
	    (llm && text == NULL))
		return usage();
	if (!board_read(board_dtb, &board))
		return 1;
	if (board.cpus < 2) {
		fprintf(stderr, "tenon-orchestrate: %s: %u CPU(s): the root component needs CPU 0 and "
				"a partition another\n", board_dtb, board.cpus);
		return 3;
	}
	if (llm) {
		if (!llm_objective_write(llm, text, out_dir, llm_objective, sizeof(llm_objective)))
			return 1;
		objective_file = llm_objective;
		text = NULL;
	}
	if (sqlite3_open_v2(database, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "tenon-orchestrate: cannot open %s: %s\n", database, sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	if (text)
		objective_from_text(db, text, &plan.objective);
	else if (!objective_read(objective_file, &plan.objective)) {
		sqlite3_close(db);
		return 1;
	}
	if (llm && out_dir == NULL)
		unlink(llm_objective);
	conf_parse(kconfig);
	rules_build(&rules);
	status = plan_make(&plan, &rules, db, &(struct plan_options){defconfig, out_dir, &board});
	if (status == 0 && !write)
		explain_write(stdout, &plan);
	if (status == 0 && write)
		printf("Wrote %s: %zu image configuration(s), policy.dts, report.txt, explain.txt\n",
		       out_dir, plan.image_count);
	plan_free(&plan);
	rules_free(&rules);
	sqlite3_close(db);
	return status;
}

static int command_bench(int argc, char **argv)
{
	const char *database = "build/orchestrate/graph.db", *objective = NULL, *value;
	const char *board_dtb = DEFAULT_BOARD;
	struct board board;
	int runs = 20, status;
	sqlite3 *db;

	for (int i = 0; i < argc; i++) {
		if ((value = option(argc, argv, &i, "--db")))
			database = value;
		else if ((value = option(argc, argv, &i, "--runs")))
			runs = atoi(value);
		else if ((value = option(argc, argv, &i, "--board")))
			board_dtb = value;
		else if (argv[i][0] != '-' && objective == NULL)
			objective = argv[i];
		else
			return usage();
	}
	if (objective == NULL || runs <= 0 || runs > 10000)
		return usage();
	if (!board_read(board_dtb, &board))
		return 1;
	if (sqlite3_open_v2(database, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "tenon-orchestrate: cannot open %s: %s\n", database, sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	status = bench_plan(db, "Kconfig", "platforms/qemu-virt/defconfig", &board, objective, runs);
	sqlite3_close(db);
	return status;
}

static int command_build(int argc, char **argv)
{
	struct build_options options = {NULL, DEFAULT_BOARD, "build/orchestrate/boot"};
	static struct built_plan built;
	unsigned timeout = 120;
	struct board board;
	bool boot = false;
	const char *value;
	int status;

	for (int i = 0; i < argc; i++) {
		if ((value = option(argc, argv, &i, "--board")))
			options.board_dtb = value;
		else if ((value = option(argc, argv, &i, "--build-dir")))
			options.build_dir = value;
		else if ((value = option(argc, argv, &i, "--timeout")))
			timeout = (unsigned)strtoul(value, NULL, 10);
		else if (strcmp(argv[i], "--boot") == 0)
			boot = true;
		else if (argv[i][0] != '-' && options.plan_dir == NULL)
			options.plan_dir = argv[i];
		else
			return usage();
	}
	if (options.plan_dir == NULL || timeout == 0 || timeout > 3600 ||
	    options.build_dir[0] == '/')
		return usage();
	if (!board_read(options.board_dtb, &board))
		return 1;
	status = build_plan(&built, &options);
	if (status == 0 && boot)
		status = boot_plan(&built, &board, timeout);
	return status;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "graph") == 0)
		return command_graph(argc - 2, argv + 2);
	if (strcmp(argv[1], "search") == 0)
		return command_search(argc - 2, argv + 2);
	if (strcmp(argv[1], "build") == 0)
		return command_build(argc - 2, argv + 2);
	if (strcmp(argv[1], "bench") == 0)
		return command_bench(argc - 2, argv + 2);
	if (strcmp(argv[1], "plan") == 0 || strcmp(argv[1], "explain") == 0)
		return command_plan(argc - 2, argv + 2, argv[1][0] == 'p');
	return usage();
}
