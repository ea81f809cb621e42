/* SPDX-License-Identifier: Apache-2.0 */
/* The library graph's SQLite database: the schema (README.md documents it) and its writer. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "orchestrate.h"

static const char schema[] =
	"PRAGMA foreign_keys = ON;"
	"CREATE TABLE node(id INTEGER PRIMARY KEY, kind TEXT NOT NULL"
	"  CHECK (kind IN ('symbol', 'choice', 'menu', 'help')), name TEXT NOT NULL UNIQUE);"
	"CREATE TABLE symbol(node INTEGER PRIMARY KEY REFERENCES node(id), name TEXT NOT NULL UNIQUE,"
	"  type TEXT NOT NULL, prompt TEXT, default_value TEXT, range_min TEXT, range_max TEXT,"
	"  depends TEXT, file TEXT NOT NULL, line INTEGER NOT NULL, folder TEXT NOT NULL,"
	"  library TEXT, levels TEXT);"
	"CREATE TABLE title(node INTEGER PRIMARY KEY REFERENCES node(id), title TEXT,"
	"  file TEXT, line INTEGER);"
	"CREATE TABLE help(node INTEGER PRIMARY KEY REFERENCES node(id), text TEXT NOT NULL);"
	"CREATE TABLE edge(src INTEGER NOT NULL REFERENCES node(id), kind TEXT NOT NULL"
	"  CHECK (kind IN ('parent of', 'describes', 'depends on', 'selects', 'implies',"
	"  'conflicts')), dst INTEGER NOT NULL REFERENCES node(id), condition TEXT,"
	"  PRIMARY KEY (src, kind, dst));"
	"CREATE INDEX edge_by_dst ON edge(dst, kind);"
	"CREATE TABLE library(name TEXT PRIMARY KEY, lines_c INTEGER, lines_header INTEGER,"
	"  lines_asm INTEGER, lines_total INTEGER, text INTEGER, rodata INTEGER, data INTEGER,"
	"  bss INTEGER, used_by TEXT, levels TEXT);"
	"CREATE VIRTUAL TABLE search USING fts5(name, prompt, help, tokenize = 'porter');"
	"CREATE VIEW named_edge AS SELECT s.name AS src, e.kind, d.name AS dst, e.condition"
	"  FROM edge e JOIN node s ON s.id = e.src JOIN node d ON d.id = e.dst;"
	"BEGIN;";

/* Every symbol and choice with its prompt and the help texts that describe it. */
static const char fill_search[] =
	"INSERT INTO search(rowid, name, prompt, help)"
	"  SELECT n.id, n.name, coalesce(s.prompt, t.title, ''),"
	"    coalesce((SELECT group_concat(h.text, ' ') FROM edge e JOIN help h ON h.node = e.src"
	"      WHERE e.dst = n.id AND e.kind = 'describes'), '')"
	"  FROM node n LEFT JOIN symbol s ON s.node = n.id LEFT JOIN title t ON t.node = n.id"
	"  WHERE n.kind IN ('symbol', 'choice');"
	"COMMIT;";

static const char *const node_kind_names[] = {"symbol", "choice", "menu", "help"};
static const char *const edge_kind_names[] = {"parent of", "describes", "depends on", "selects",
					      "implies", "conflicts"};

enum statement { ST_NODE_INSERT, ST_NODE_FIND, ST_SYMBOL_FIND, ST_SYMBOL, ST_TITLE, ST_HELP, ST_EDGE, ST_LIBRARY,
		 ST_COUNT };
static const char *const statement_texts[ST_COUNT] = {
	[ST_NODE_INSERT] = "INSERT OR IGNORE INTO node(kind, name) VALUES (?1, ?2)",
	[ST_NODE_FIND] = "SELECT id FROM node WHERE name = ?1",
	[ST_SYMBOL_FIND] = "SELECT count(*) FROM symbol WHERE node = ?1",
	[ST_SYMBOL] = "INSERT OR REPLACE INTO symbol VALUES (?1, (SELECT name FROM node WHERE id = ?1),"
		      " ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[ST_TITLE] = "INSERT OR REPLACE INTO title VALUES (?1, ?2, ?3, ?4)",
	[ST_HELP] = "INSERT OR REPLACE INTO help VALUES (?1, ?2)",
	[ST_EDGE] = "INSERT OR IGNORE INTO edge VALUES (?1, ?2, ?3, ?4)",
	[ST_LIBRARY] = "INSERT OR REPLACE INTO library VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
		       " ?10, ?11)",
};

struct graph_db {
	sqlite3 *handle;
	sqlite3_stmt *statements[ST_COUNT];
	bool failed; /* SQLite refused a statement: the database is incomplete */
};

static void report(struct graph_db *db, const char *what)
{
	fprintf(stderr, "tenon-orchestrate: SQLite: %s: %s\n", what, sqlite3_errmsg(db->handle));
	db->failed = true;
}

struct graph_db *graph_db_create(const char *path)
{
	struct graph_db *db = calloc(1, sizeof(*db));
	char *message = NULL;

	if (db == NULL)
		return NULL;
	remove(path); /* the graph is rebuilt whole from the Kconfig files each time */
	if (sqlite3_open(path, &db->handle) != SQLITE_OK ||
	    sqlite3_exec(db->handle, schema, NULL, NULL, &message) != SQLITE_OK) {
		fprintf(stderr, "tenon-orchestrate: cannot create %s: %s\n", path,
			message ? message : sqlite3_errmsg(db->handle));
		sqlite3_free(message);
		graph_db_close(db);
		return NULL;
	}
	for (int s = 0; s < ST_COUNT; s++) {
		if (sqlite3_prepare_v2(db->handle, statement_texts[s], -1, &db->statements[s], NULL) !=
		    SQLITE_OK) {
			report(db, statement_texts[s]);
			graph_db_close(db);
			return NULL;
		}
	}
	return db;
}

static void bind_text(sqlite3_stmt *statement, int index, const char *text)
{
	if (text == NULL)
		sqlite3_bind_null(statement, index);
	else
		sqlite3_bind_text(statement, index, text, -1, SQLITE_TRANSIENT);
}

/* Runs a prepared statement whose parameters are bound; returns its first column's integer when
 * it yields a row, else 0. */
static int64_t run(struct graph_db *db, enum statement s)
{
	sqlite3_stmt *statement = db->statements[s];
	int64_t result = 0;
	int status = sqlite3_step(statement);

	if (status == SQLITE_ROW)
		result = sqlite3_column_int64(statement, 0);
	else if (status != SQLITE_DONE)
		report(db, statement_texts[s]);
	sqlite3_reset(statement);
	sqlite3_clear_bindings(statement);
	return result;
}

int64_t graph_db_node(struct graph_db *db, enum node_kind kind, const char *name)
{
	bind_text(db->statements[ST_NODE_INSERT], 1, node_kind_names[kind]);
	bind_text(db->statements[ST_NODE_INSERT], 2, name);
	run(db, ST_NODE_INSERT);
	bind_text(db->statements[ST_NODE_FIND], 1, name);
	return run(db, ST_NODE_FIND);
}

bool graph_db_has_symbol(struct graph_db *db, int64_t node)
{
	sqlite3_bind_int64(db->statements[ST_SYMBOL_FIND], 1, node);
	return run(db, ST_SYMBOL_FIND) != 0;
}

void graph_db_symbol(struct graph_db *db, int64_t node, const struct symbol_facts *facts)
{
	sqlite3_stmt *statement = db->statements[ST_SYMBOL];
	const char *texts[] = {facts->type, facts->prompt, facts->default_text, facts->range_min,
			       facts->range_max, facts->depends, facts->file};

	sqlite3_bind_int64(statement, 1, node);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		bind_text(statement, 2 + (int)i, texts[i]);
	sqlite3_bind_int(statement, 9, facts->line);
	bind_text(statement, 10, facts->folder);
	bind_text(statement, 11, facts->library);
	bind_text(statement, 12, facts->levels);
	run(db, ST_SYMBOL);
}

void graph_db_title(struct graph_db *db, int64_t node, const char *title, const char *file, int line)
{
	sqlite3_stmt *statement = db->statements[ST_TITLE];
	sqlite3_bind_int64(statement, 1, node);
	bind_text(statement, 2, title);
	bind_text(statement, 3, file);
	sqlite3_bind_int(statement, 4, line);
	run(db, ST_TITLE);
}

void graph_db_help(struct graph_db *db, int64_t node, const char *text)
{
	sqlite3_bind_int64(db->statements[ST_HELP], 1, node);
	bind_text(db->statements[ST_HELP], 2, text);
	run(db, ST_HELP);
}

void graph_db_edge(struct graph_db *db, int64_t src, enum edge_kind kind, int64_t dst,
		   const char *condition)
{
	sqlite3_stmt *statement = db->statements[ST_EDGE];
	sqlite3_bind_int64(statement, 1, src);
	bind_text(statement, 2, edge_kind_names[kind]);
	sqlite3_bind_int64(statement, 3, dst);
	bind_text(statement, 4, condition);
	run(db, ST_EDGE);
}

void graph_db_library(struct graph_db *db, const char *name, const unsigned lines[4],
		      const uint64_t sizes[4], const char *used_by, const char *levels)
{
	sqlite3_stmt *statement = db->statements[ST_LIBRARY];
	bind_text(statement, 1, name);
	for (int i = 0; i < 4; i++) {
		sqlite3_bind_int64(statement, 2 + i, lines[i]);
		sqlite3_bind_int64(statement, 6 + i, (sqlite3_int64)sizes[i]);
	}
	bind_text(statement, 10, used_by);
	bind_text(statement, 11, levels);
	run(db, ST_LIBRARY);
}

bool graph_db_finish(struct graph_db *db)
{
	char *message = NULL;
	if (sqlite3_exec(db->handle, fill_search, NULL, NULL, &message) != SQLITE_OK) {
		fprintf(stderr, "tenon-orchestrate: SQLite: search index: %s\n", message);
		sqlite3_free(message);
		return false;
	}
	return !db->failed;
}

struct sqlite3 *graph_db_handle(struct graph_db *db)
{
	return db->handle;
}

void graph_db_close(struct graph_db *db)
{
	for (int s = 0; s < ST_COUNT; s++)
		sqlite3_finalize(db->statements[s]);
	sqlite3_close(db->handle);
	free(db);
}
