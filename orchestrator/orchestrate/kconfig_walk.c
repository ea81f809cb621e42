/* SPDX-License-Identifier: Apache-2.0 */
/* The Kconfig tree, as kconfig-frontends' own parser (libkconfig-parser) builds it, written into
 * the library graph: the menu tree gives "parent of", help texts "describes", each symbol's direct
 * dependency "depends on" (a symbol it needs) and "conflicts" (a symbol it needs off), its select
 * and imply properties "selects" and "implies". */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <kconfig/lkc.h>

#include "orchestrate.h"

struct text {
	char *chars;
	size_t length, capacity;
};

static void text_append(void *data, struct symbol *sym, const char *chars)
{
	struct text *text = data;
	size_t add = strlen(chars);
	(void)sym;
	if (text->length + add + 1 > text->capacity) {
		text->capacity = (text->length + add + 1) * 2;
		text->chars = realloc(text->chars, text->capacity);
		if (text->chars == NULL) {
			perror("tenon-orchestrate");
			exit(2);
		}
	}
	memcpy(text->chars + text->length, chars, add + 1);
	text->length += add;
}

/* The expression as Kconfig writes it; malloc'd, NULL for no expression. */
static char *expr_text(struct expr *e)
{
	struct text text = {0};
	if (e == NULL)
		return NULL;
	text_append(&text, NULL, "");
	expr_print(e, text_append, &text, E_NONE);
	return text.chars;
}

/* y, n, m and the numbers of comparisons ("SLICE > 0") are symbols to the parser, not options. */
static bool is_constant(const struct symbol *sym)
{
	return sym == NULL || sym->name == NULL || (sym->flags & SYMBOL_CONST) ||
	       isdigit((unsigned char)sym->name[0]) || sym->name[0] == '-';
}

/* Menus and choices have no name of their own: they are named by where they are defined. */
static void place_name(char *buffer, size_t size, const char *kind, const struct menu *menu)
{
	snprintf(buffer, size, "%s:%s:%d", kind, menu->file ? menu->file->name : "?", menu->lineno);
}

static int64_t symbol_node(struct graph_db *db, const struct symbol *sym)
{
	return graph_db_node(db, NODE_SYMBOL, sym->name);
}

/* Walks a dependency: a symbol reached through an odd number of negations (or compared unequal
 * to y, equal to n) must be off, so it is a conflict; any other symbol is needed. */
static void dependency_edges(struct graph_db *db, int64_t from, struct expr *e, bool negated,
			     const char *condition)
{
	if (e == NULL)
		return;
	switch (e->type) {
	case E_OR:
	case E_AND:
		dependency_edges(db, from, e->left.expr, negated, condition);
		dependency_edges(db, from, e->right.expr, negated, condition);
		break;
	case E_NOT:
		dependency_edges(db, from, e->left.expr, !negated, condition);
		break;
	case E_EQUAL:
	case E_UNEQUAL: {
		bool against_no = e->right.sym == &symbol_no;
		bool off = (e->type == E_EQUAL) == against_no ? !negated : negated;
		if (!is_constant(e->left.sym))
			graph_db_edge(db, from, off ? EDGE_CONFLICTS : EDGE_DEPENDS_ON,
				      symbol_node(db, e->left.sym), condition);
		break;
	}
	case E_SYMBOL:
		if (!is_constant(e->left.sym))
			graph_db_edge(db, from, negated ? EDGE_CONFLICTS : EDGE_DEPENDS_ON,
				      symbol_node(db, e->left.sym), condition);
		break;
	default: /* ordering comparisons of ints: the symbol is needed to have a value */
		if (!is_constant(e->left.sym))
			graph_db_edge(db, from, EDGE_DEPENDS_ON, symbol_node(db, e->left.sym), condition);
		if (!is_constant(e->right.sym))
			graph_db_edge(db, from, EDGE_DEPENDS_ON, symbol_node(db, e->right.sym), condition);
		break;
	}
}

/* The folder of a Kconfig file: "shared-libs/gicv3/Kconfig" -> "shared-libs/gicv3". */
static char *folder_of(const char *file)
{
	const char *slash = strrchr(file, '/');
	char *folder = strdup(slash ? file : ".");
	if (slash)
		folder[slash - file] = '\0';
	return folder;
}

/* LIB_PAGE_ALLOC enables the micro-library page-alloc (the build's lib-kconfig rule reversed). */
static char *library_of(const char *name)
{
	char *library;
	if (strncmp(name, "LIB_", 4) != 0)
		return NULL;
	library = strdup(name + 4);
	for (char *c = library; *c; c++)
		*c = *c == '_' ? '-' : (char)tolower((unsigned char)*c);
	return library;
}

/* Where code configured by a folder runs. The audit refines this per library (library.levels). */
static const char *levels_of(const char *folder)
{
	static const struct {
		const char *prefix, *levels;
	} table[] = {
		{"kernel", "EL2"},	  {"caps", "EL2 host"},	   {"policy", "host"},
		{"libos-tenon", "EL1"},	  {"demos", "EL1"},	   {"vmm", "EL1"},
		{"shared-libs", "EL1 EL2"}, {"platforms", "EL1 EL2"},
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strncmp(folder, table[i].prefix, strlen(table[i].prefix)) == 0)
			return table[i].levels;
	return "EL1 EL2";
}

static void symbol_properties(struct graph_db *db, struct symbol *sym, int64_t node,
			      const struct menu *menu)
{
	struct symbol_facts facts = {.type = sym_type_name(sym->type)};
	struct property *prop;
	char *default_text = NULL, *range_min = NULL, *range_max = NULL, *library, *folder;
	char *depends = expr_text(sym->dir_dep.expr);

	for (prop = sym->prop; prop; prop = prop->next) {
		if (prop->type == P_PROMPT && facts.prompt == NULL)
			facts.prompt = prop->text;
		else if (prop->type == P_DEFAULT && default_text == NULL)
			default_text = expr_text(prop->expr);
		else if (prop->type == P_RANGE && range_min == NULL) {
			range_min = strdup(prop->expr->left.sym->name);
			range_max = strdup(prop->expr->right.sym->name);
		} else if (prop->type == P_SELECT || prop->type == P_IMPLY) {
			char *condition = expr_text(prop->visible.expr);
			graph_db_edge(db, node, prop->type == P_SELECT ? EDGE_SELECTS : EDGE_IMPLIES,
				      symbol_node(db, prop->expr->left.sym), condition);
			free(condition);
		}
	}
	dependency_edges(db, node, sym->dir_dep.expr, false, depends);
	facts.default_text = default_text;
	facts.range_min = range_min;
	facts.range_max = range_max;
	facts.depends = depends;
	facts.file = menu->file ? menu->file->name : "?";
	facts.line = menu->lineno;
	folder = folder_of(facts.file);
	library = library_of(sym->name);
	facts.folder = folder;
	facts.library = library;
	facts.levels = levels_of(folder);
	graph_db_symbol(db, node, &facts);
	free(default_text);
	free(range_min);
	free(range_max);
	free(depends);
	free(folder);
	free(library);
}

/* Writes MENU's node (if it is one) and its subtree; PARENT is the nearest node above, 0 at the
 * root. A symbol defined in several places keeps its first definition's facts. */
static void walk(struct graph_db *db, struct menu *menu, int64_t parent)
{
	int64_t node = 0;
	char name[512];
	struct symbol *sym = menu->sym;

	if (sym != NULL && sym->name != NULL) {
		node = symbol_node(db, sym);
		if (!graph_db_has_symbol(db, node))
			symbol_properties(db, sym, node, menu);
	} else if (sym != NULL && (sym->flags & SYMBOL_CHOICE)) {
		place_name(name, sizeof(name), "choice", menu);
		node = graph_db_node(db, NODE_CHOICE, name);
		graph_db_title(db, node, menu_get_prompt(menu), menu->file->name, menu->lineno);
	} else if (sym == NULL && menu->prompt && menu->prompt->type == P_MENU) {
		place_name(name, sizeof(name), "menu", menu);
		node = graph_db_node(db, NODE_MENU, name);
		graph_db_title(db, node, menu->prompt->text, menu->file->name, menu->lineno);
	}
	if (node != 0) {
		if (parent != 0)
			graph_db_edge(db, parent, EDGE_PARENT_OF, node, NULL);
		if (menu->help != NULL && menu->help[0] != '\0') {
			int64_t help;
			char help_name[600];
			snprintf(help_name, sizeof(help_name), "help:%s:%s:%d",
				 sym && sym->name ? sym->name : name, menu->file->name, menu->lineno);
			help = graph_db_node(db, NODE_HELP, help_name);
			graph_db_help(db, help, menu->help);
			graph_db_edge(db, help, EDGE_DESCRIBES, node, NULL);
		}
		parent = node;
	}
	for (struct menu *child = menu->list; child; child = child->next)
		walk(db, child, parent);
}

void kconfig_walk(const char *kconfig, struct graph_db *db)
{
	conf_parse(kconfig);
	/* The root menu is the mainmenu line, not a menu of the tree. */
	for (struct menu *child = rootmenu.list; child; child = child->next)
		walk(db, child, 0);
}
