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

#endif
