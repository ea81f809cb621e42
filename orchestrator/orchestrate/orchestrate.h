/* SPDX-License-Identifier: Apache-2.0 */
/* tenon-orchestrate: the library graph (Kconfig -> SQLite) and the queries over it.
 * The schema is documented in orchestrator/orchestrate/README.md. */
#ifndef ORCHESTRATE_H
#define ORCHESTRATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct sqlite3;

/* ---- graph_db.c: the SQLite database and its writer ---------------------------------------- */
enum node_kind { NODE_SYMBOL, NODE_CHOICE, NODE_MENU, NODE_HELP };
enum edge_kind { EDGE_PARENT_OF, EDGE_DESCRIBES, EDGE_DEPENDS_ON, EDGE_SELECTS, EDGE_IMPLIES,
		 EDGE_CONFLICTS };

struct graph_db;

struct symbol_facts {
	const char *type;	  /* bool, tristate, int, hex, string */
	const char *prompt;	  /* NULL when the symbol has none (only selected or defaulted) */
	const char *default_text; /* the first default's expression, NULL when none */
	const char *range_min, *range_max;
	const char *depends;	  /* the whole direct dependency as Kconfig writes it */
	const char *file;
	int line;
	const char *folder;	  /* the folder of the Kconfig file that defines it */
	const char *library;	  /* the micro-library a LIB_* symbol enables, else NULL */
	const char *levels;	  /* privilege levels it may run at, e.g. "EL1 EL2" */
};

/* NULL with a message on stderr when the file cannot be created. */
struct graph_db *graph_db_create(const char *path);
/* Each returns the node's id; a second call with the same name returns the first id. */
int64_t graph_db_node(struct graph_db *db, enum node_kind kind, const char *name);
bool graph_db_has_symbol(struct graph_db *db, int64_t node);
void graph_db_symbol(struct graph_db *db, int64_t node, const struct symbol_facts *facts);
void graph_db_title(struct graph_db *db, int64_t node, const char *title, const char *file, int line);
void graph_db_help(struct graph_db *db, int64_t node, const char *text);
void graph_db_edge(struct graph_db *db, int64_t src, enum edge_kind kind, int64_t dst,
		   const char *condition);
void graph_db_library(struct graph_db *db, const char *name, const unsigned lines[4],
		      const uint64_t sizes[4], const char *used_by, const char *levels);
/* Fills the FTS5 index from the tables and commits; false when SQLite reported an error. */
bool graph_db_finish(struct graph_db *db);
struct sqlite3 *graph_db_handle(struct graph_db *db);
void graph_db_close(struct graph_db *db);

/* ---- kconfig_walk.c: the Kconfig tree (kconfig-frontends' parser) into the graph ------------- */
/* Parses KCONFIG (relative source paths resolve from the current folder) and writes every
 * symbol, choice, menu and help text with their edges. */
void kconfig_walk(const char *kconfig, struct graph_db *db);

/* ---- library_facts.c: per-library figures from `make audit` ------------------------------- */
/* false with a message when AUDIT_JSON cannot be read or is not the audit's JSON. */
bool library_facts_load(const char *audit_json, struct graph_db *db);

/* ---- search.c: FTS5 over prompts and help texts ------------------------------------------- */
/* Prints "rank<TAB>symbol<TAB>prompt" for the best LIMIT symbols matching WORDS; returns how
 * many it printed, -1 when the query failed. */
int search_print(struct sqlite3 *db, const char *words, int limit, FILE *out);
/* Turns free words into an FTS5 query: each word quoted, joined by OR (bm25 ranks the
 * documents holding more of them first). The result is malloc'd. */
char *search_query(const char *words);

/* ---- kconfig_rules.c: the parsed Kconfig's rules as clauses -------------------------------- */
struct symbol;
struct rules {
	int variables;		 /* 1..variables */
	struct symbol **symbols; /* by variable; NULL for helper variables */
	size_t symbol_capacity;
	int true_literal;
	int *literals;		 /* the clauses, each ended by 0, in the order they were made */
	size_t literal_count, literal_capacity;
	char **clause_rules;	 /* the Kconfig rule each clause encodes, with its file:line */
	size_t clauses, clause_capacity;
};
/* After conf_parse: every rule of the loaded Kconfig. */
void rules_build(struct rules *rules);
void rules_free(struct rules *rules);
int rules_variable(const struct rules *rules, const struct symbol *sym); /* 0: none */
int rules_variable_named(const struct rules *rules, const char *name);	  /* 0: none */
/* A symbol with a prompt is one a user (and the planner) sets; the others follow. */
bool rules_has_prompt(const struct symbol *sym);

/* ---- solver.c: SAT over the rules, size minimised under a tightening bound --------------- */
struct plan_request {
	int literal;	 /* the variable, negated for "must be off" */
	const char *why; /* "objective: partition rt needs TENON_MUTEX_PI (\"priority inheritance\")" */
};
struct solution {
	bool *value;	   /* by variable */
	int cost;	   /* summed weights of the costly literals (solver.c) */
	bool optimal;	   /* no cheaper selection exists (false: the round limit stopped it) */
	int rounds;	   /* SAT calls made */
	char *core[32];	   /* when unsatisfiable: the rules and requests of the core */
	size_t core_count;
};
/* false when unsatisfiable (out->core names why). WEIGHTS (by variable, NULL: no minimising)
 * is what a variable costs when it differs from PHASES (+1 preferred on, else off). */
bool solve(const struct rules *rules, const struct plan_request *requests, size_t request_count,
	   const int *weights, const signed char *phases, struct solution *out);
void solution_free(struct solution *solution);

/* ---- text_match.c: free words to symbols (FTS5, graph walk, scored paths, threshold) -------- */
#define MATCH_THRESHOLD 0.6
struct match {
	char symbol[64];
	double score;
	char words[256]; /* the objective's words and phrases that hit */
	char path[256];	 /* how the graph walk reached the symbol */
	bool accepted;	 /* score >= MATCH_THRESHOLD */
	bool prompt_phrase; /* two adjacent words of the objective were found together in its prompt */
};
struct match_list {
	struct match items[96];
	size_t count; /* best first */
};
size_t text_words(const char *text, char words[][32], size_t max);
void text_match(struct sqlite3 *db, const char *text, struct match_list *out);

/* ---- objective.c, text_objective.c: what the user asks for ------------------------------- */
#define MAX_PLAN_PARTITIONS 8
#define MAX_PLAN_CPUS 8
#define MAX_PLAN_SYMBOLS 24
#define MAX_PLAN_POOLS 4
#define MAX_PLAN_CHANNELS 8
enum partition_kind { PARTITION_TENON, PARTITION_LINUX };
struct objective_partition {
	char name[32];
	enum partition_kind kind;
	unsigned cpus[MAX_PLAN_CPUS];
	size_t cpu_count;	/* 0: chosen by the planner (cpu_request of them, default 1, Linux 2) */
	unsigned cpu_request;
	char pool[32];		/* Mode 2: runs in this pool instead of on CPUs of its own */
	unsigned memory_mib, period_us, deadline_us;
	char features[512];	/* phrases separated by commas, matched against the graph */
	char required[MAX_PLAN_SYMBOLS][64], forbidden[MAX_PLAN_SYMBOLS][64];
	size_t required_count, forbidden_count;
};
struct objective_pool {
	char name[32];
	unsigned cpus[MAX_PLAN_CPUS];
	size_t cpu_count;
	char control[32]; /* a partition given a control channel to the pools' scheduler, or "" */
};
struct objective {
	char source[512]; /* the file, or the sentence */
	bool from_text;
	bool smallest;
	struct objective_partition partitions[MAX_PLAN_PARTITIONS];
	size_t partition_count;
	struct objective_pool pools[MAX_PLAN_POOLS];
	size_t pool_count;
	char channels[MAX_PLAN_CHANNELS][2][32];
	size_t channel_count;
	unsigned sched_cpu; /* the pools' scheduler's CPU: the root's, unless a Linux VMM holds it */
};
bool objective_read(const char *path, struct objective *objective);
struct objective_partition *objective_partition_named(struct objective *objective, const char *name);
/* One sentence: a Tenon partition "rt" with the features matched, a Linux partition when the
 * sentence asks for Linux, "smallest" for smallest/minimal/footprint. */
void objective_from_text(struct sqlite3 *db, const char *sentence, struct objective *objective);

/* ---- llm.c: the optional --llm hook, a user's command that turns a sentence into an objective */
/* Runs COMMAND with SENTENCE as its argument; its output goes to OUT_DIR/objective.obj (a new file
 * in /tmp when OUT_DIR is NULL), whose path is left in PATH. false with a message. */
bool llm_objective_write(const char *command, const char *sentence, const char *out_dir,
			 char *path, size_t size);

/* ---- config_writer.c: a solution into a .config, written by Kconfig ------------------------ */
struct int_setting {
	char symbol[64];
	char value[32];
	char why[160];
};
/* false with PROBLEM naming the symbol when Kconfig would not keep a value. PATH NULL: check only. */
bool config_write(const struct rules *rules, const bool *value, const struct int_setting *ints,
		  size_t int_count, const char *defconfig, const char *path, char *problem,
		  size_t problem_size);
bool config_default(const char *name); /* after conf_read(defconfig) */
void config_range(const char *name, long *min, long *max);
const char *config_folder_of(const struct rules *rules, int variable, char *buffer, size_t size);

/* ---- manifest.c: the policy manifest (DTS) ---------------------------------------------- */
/* Every partition of OBJECTIVE must have its CPUs (or pool) assigned. */
void manifest_write(FILE *out, const struct objective *objective);
/* The RAM the manifest gives out: Mortise's, every component's and every partition's. */
uint64_t manifest_memory_bytes(const struct objective *objective);

/* ---- files.c: whole files, and programs run without a shell ------------------------------ */
#define FILE_COPY_LIMIT (512u << 20) /* larger than any image or archive a plan boots */
/* The file with a NUL after it, malloc'd; NULL when it cannot be read or is over LIMIT bytes. */
void *file_read(const char *path, size_t limit, size_t *size);
bool file_write(const char *path, const void *data, size_t size); /* false with a message */
/* ONLY_IF_DIFFERENT: leaves TO (and its time stamp) alone when it holds the same bytes. */
bool file_copy(const char *from, const char *to, bool only_if_different);
/* ARGV run to its end, its output (stdout and stderr) into OUTPUT unless NULL; its exit status,
 * 128 + the signal that ended it, or -1 when it could not be started. */
int command_run(char *const argv[], const char *output);

/* ---- board.c: the board's CPUs and RAM, from its devicetree -------------------------------- */
struct board {
	char source[512]; /* the devicetree file */
	unsigned cpus;	  /* enabled cpu nodes under /cpus */
	uint64_t memory_bytes; /* every range of every enabled memory node */
};
/* false with a message naming the file and, for a bad blob, the node and property. */
bool board_read(const char *path, struct board *board);

/* ---- plan.c: objective -> requests -> SAT -> configs, manifest, report ------------------------ */
#define MAX_PLAN_REQUESTS 64
#define MAX_PLAN_INTS 8
struct plan_image {
	char name[48];			     /* "system" (Mortise and its components) or a partition */
	struct objective_partition *partition; /* NULL for the system image */
	struct plan_request requests[MAX_PLAN_REQUESTS];
	char request_why[MAX_PLAN_REQUESTS][320];
	size_t request_count;
	struct int_setting ints[MAX_PLAN_INTS];
	size_t int_count;
	int *weights;			     /* by variable, NULL when not minimising */
	signed char *phases;		     /* by variable: the value preferred */
	bool *defaults;			     /* by variable: on in the platform's defconfig */
	struct solution solution;
	bool solved;
};
struct plan {
	struct objective objective;
	struct plan_image images[MAX_PLAN_PARTITIONS + 1];
	size_t image_count;
	struct match_list matches[MAX_PLAN_PARTITIONS]; /* what each partition's words hit */
	const struct rules *rules;
};
struct plan_options {
	const char *defconfig; /* the platform's, every image's configuration starts from it */
	const char *out_dir;   /* NULL: plan and explain without writing */
	const struct board *board;
};
/* 0: planned (and written); 1: the objective is malformed; 3: it cannot be met (the conflict
 * printed to stderr). */
int plan_make(struct plan *plan, const struct rules *rules, struct sqlite3 *db,
	      const struct plan_options *options);
void plan_free(struct plan *plan);

/* ---- report.c: the report and the explanation ------------------------------------------- */
void report_write(FILE *out, const struct plan *plan);
void explain_write(FILE *out, const struct plan *plan);

/* ---- build.c, boot.c: a plan's images built, then booted in QEMU ---------------------------- */
#define PLAN_PATH_MAX 512
#define MAX_BUILT_PARTITIONS 16
#define BOOT_MODULE_BASE 0x70000000ull /* high in RAM: the root's RAM for partitions ends there */
#define BOOT_MODULE_STRIDE 0x400000ull /* the root's image, module 0, is smaller than this */
struct built_partition {
	char name[32], kind[16], component[16], image[64];
	bool is_template; /* in a pool: the scheduler starts its instances, not the root */
};
struct built_plan {
	char plan[PLAN_PATH_MAX];   /* the plan's folder, absolute */
	char builds[PLAN_PATH_MAX]; /* its images' build folders: BUILDS/system, BUILDS/<partition> */
	struct built_partition partitions[MAX_BUILT_PARTITIONS];
	size_t partition_count;
	bool has_linux, has_sched;
	char linux_control_channel[32]; /* a control channel with a Linux end, or "" */
	char module[2][PLAN_PATH_MAX + 32]; /* the root's image and the boot archive */
};
struct build_options {
	const char *plan_dir;	/* what `plan --out` wrote */
	const char *board_dtb;	/* the board's devicetree, the one the plan was made for */
	const char *build_dir;	/* relative to the repository: the Makefile runs Kconfig in it */
};
/* 0: built, boot.cpio and boot.dtb written in the plan's folder; 1 with the failing step. */
int build_plan(struct built_plan *built, const struct build_options *options);
/* 0: every partition came up as the manifest says it should; 1 otherwise. */
int boot_plan(const struct built_plan *built, const struct board *board, unsigned timeout_seconds);

/* ---- bench.c: planning time on the host (clock_gettime, not icount) ---------------------- */
int bench_plan(struct sqlite3 *db, const char *kconfig, const char *defconfig,
	       const struct board *board, const char *objective_file, int runs);

#endif
