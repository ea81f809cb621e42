/* SPDX-License-Identifier: Apache-2.0 */
/* The Kconfig rules as clauses for the SAT solver. Every boolean or tristate symbol is a variable
 * (m counts as y: no Tenon option is a module); each clause remembers the rule it encodes, so an
 * unsatisfiable core names Kconfig lines. What the clauses say:
 *   depends on   S -> dep(S)                                 ("S depends on ...")
 *   select       (S && cond) -> T, from T's reverse dependency ("T is selected by ...")
 *   choice       active -> one of the values; no two values   ("choice ... : exactly one")
 *   no prompt    S <-> selected || (default && dep)           (the user cannot set it)
 * Dependencies on ints and strings (A > 0) are left free in SAT and checked by Kconfig itself
 * when the configuration is written (config_writer.c). */
#include <stdlib.h>
#include <string.h>

#include <kconfig/lkc.h>

#include "orchestrate.h"

static void *grow(void *array, size_t *capacity, size_t needed, size_t item)
{
	if (needed <= *capacity)
		return array;
	*capacity = needed * 2;
	array = realloc(array, *capacity * item);
	if (array == NULL) {
		perror("tenon-orchestrate");
		exit(2);
	}
	return array;
}

static int new_variable(struct rules *rules, struct symbol *sym)
{
	rules->symbols = grow(rules->symbols, &rules->symbol_capacity, (size_t)rules->variables + 2,
			      sizeof(*rules->symbols));
	rules->variables++;
	rules->symbols[rules->variables] = sym;
	return rules->variables;
}

int rules_variable(const struct rules *rules, const struct symbol *sym)
{
	for (int v = 1; v <= rules->variables; v++)
		if (rules->symbols[v] == sym)
			return v;
	return 0;
}

int rules_variable_named(const struct rules *rules, const char *name)
{
	for (int v = 1; v <= rules->variables; v++)
		if (rules->symbols[v] && rules->symbols[v]->name && strcmp(rules->symbols[v]->name, name) == 0)
			return v;
	return 0;
}

/* Starts a clause encoding RULE (copied); end it with rules_clause_end. */
static void clause_begin(struct rules *rules, const char *rule)
{
	rules->clause_rules = grow(rules->clause_rules, &rules->clause_capacity, rules->clauses + 1,
				   sizeof(*rules->clause_rules));
	rules->clause_rules[rules->clauses++] = strdup(rule);
}

static void literal(struct rules *rules, int lit)
{
	rules->literals = grow(rules->literals, &rules->literal_capacity, rules->literal_count + 1,
			       sizeof(*rules->literals));
	rules->literals[rules->literal_count++] = lit;
}

static void clause(struct rules *rules, const char *rule, int a, int b, int c)
{
	clause_begin(rules, rule);
	literal(rules, a);
	if (b)
		literal(rules, b);
	if (c)
		literal(rules, c);
	literal(rules, 0);
}

static bool is_bool(const struct symbol *sym)
{
	return sym->type == S_BOOLEAN || sym->type == S_TRISTATE;
}

/* A literal equivalent to E (Tseitin: one helper variable per AND/OR). */
static int encode(struct rules *rules, struct expr *e, const char *rule)
{
	int a, b, helper;

	if (e == NULL)
		return rules->true_literal;
	switch (e->type) {
	case E_SYMBOL:
		if (e->left.sym == &symbol_no)
			return -rules->true_literal;
		if (e->left.sym == &symbol_yes || e->left.sym == &symbol_mod)
			return rules->true_literal;
		a = rules_variable(rules, e->left.sym);
		return a ? a : rules->true_literal; /* an int or string used as a condition: set */
	case E_NOT:
		return -encode(rules, e->left.expr, rule);
	case E_AND:
	case E_OR:
		a = encode(rules, e->left.expr, rule);
		b = encode(rules, e->right.expr, rule);
		helper = new_variable(rules, NULL);
		if (e->type == E_AND) {
			clause(rules, rule, -helper, a, 0);
			clause(rules, rule, -helper, b, 0);
			clause(rules, rule, helper, -a, -b);
		} else {
			clause(rules, rule, -helper, a, b);
			clause(rules, rule, helper, -a, 0);
			clause(rules, rule, helper, -b, 0);
		}
		return helper;
	case E_EQUAL:
	case E_UNEQUAL: {
		struct symbol *left = e->left.sym, *right = e->right.sym;
		int sign = e->type == E_EQUAL ? 1 : -1;
		if (is_bool(left) && (right == &symbol_yes || right == &symbol_mod))
			return sign * rules_variable(rules, left);
		if (is_bool(left) && right == &symbol_no)
			return -sign * rules_variable(rules, left);
		if (is_bool(left) && is_bool(right)) {
			a = rules_variable(rules, left);
			b = rules_variable(rules, right);
			helper = new_variable(rules, NULL); /* helper <-> (a <-> b) */
			clause_begin(rules, rule);
			literal(rules, -helper), literal(rules, -a), literal(rules, b), literal(rules, 0);
			clause_begin(rules, rule);
			literal(rules, -helper), literal(rules, a), literal(rules, -b), literal(rules, 0);
			clause_begin(rules, rule);
			literal(rules, helper), literal(rules, a), literal(rules, b), literal(rules, 0);
			clause_begin(rules, rule);
			literal(rules, helper), literal(rules, -a), literal(rules, -b), literal(rules, 0);
			return sign * helper;
		}
		return new_variable(rules, NULL); /* ints and strings: outside SAT */
	}
	default:
		return new_variable(rules, NULL); /* ordering of ints: outside SAT */
	}
}

static void describe(char *buffer, size_t size, const struct symbol *sym, const char *what,
		     struct expr *e)
{
	struct property *prop = sym->prop;
	char *text = NULL;
	size_t length = 0;
	FILE *stream = open_memstream(&text, &length);

	if (e)
		expr_fprint(e, stream);
	fclose(stream);
	snprintf(buffer, size, "%s %s %s (%s:%d)", sym->name ? sym->name : "choice", what,
		 text ? text : "", prop && prop->file ? prop->file->name : "?", prop ? prop->lineno : 0);
	free(text);
}

static struct expr *first_default(struct symbol *sym)
{
	struct property *prop;
	for_all_defaults(sym, prop)
		return prop->visible.expr ? NULL : prop->expr; /* a conditional default: not modelled */
	return NULL;
}

bool rules_has_prompt(const struct symbol *sym)
{
	struct property *prop;
	for_all_prompts(sym, prop)
		if (prop->type == P_PROMPT)
			return true;
	return false;
}

static void choice_rules(struct rules *rules, struct symbol *choice)
{
	struct property *prop = sym_get_choice_prop(choice);
	struct expr *e;
	struct symbol *value, *other;
	int active = rules_variable(rules, choice), dep;
	char rule[512];
	const char *prompt = NULL;
	struct property *p;

	struct expr *condition = prop->menu ? prop->menu->dep : NULL;
	for_all_prompts(choice, p) {
		prompt = p->text;
		condition = p->visible.expr ? p->visible.expr : condition;
	}
	snprintf(rule, sizeof(rule), "choice \"%s\" (%s:%d): exactly one of its values when %s",
		 prompt ? prompt : "?", prop->file ? prop->file->name : "?", prop->lineno,
		 condition ? "its menu is on" : "always");
	/* A choice without "optional" is on exactly when its dependency is. */
	dep = encode(rules, condition, rule);
	clause(rules, rule, -active, dep, 0);
	if (!(choice->flags & SYMBOL_OPTIONAL))
		clause(rules, rule, active, -dep, 0);
	clause_begin(rules, rule);
	literal(rules, -active);
	expr_list_for_each_sym(prop->expr, e, value)
		literal(rules, rules_variable(rules, value));
	literal(rules, 0);
	expr_list_for_each_sym(prop->expr, e, value) {
		struct expr *e2;
		bool after = false;
		expr_list_for_each_sym(prop->expr, e2, other) {
			if (other == value) {
				after = true;
				continue;
			}
			if (after)
				clause(rules, rule, -rules_variable(rules, value),
				       -rules_variable(rules, other), 0);
		}
	}
}

static void symbol_rules(struct rules *rules, struct symbol *sym)
{
	int self = rules_variable(rules, sym);
	char rule[1024];

	if (sym->dir_dep.expr) {
		describe(rule, sizeof(rule), sym, "depends on", sym->dir_dep.expr);
		clause(rules, rule, -self, encode(rules, sym->dir_dep.expr, rule), 0);
	}
	if (sym->rev_dep.expr) {
		describe(rule, sizeof(rule), sym, "is selected by", sym->rev_dep.expr);
		clause(rules, rule, self, -encode(rules, sym->rev_dep.expr, rule), 0);
	}
	if (!rules_has_prompt(sym) && !sym_is_choice_value(sym)) {
		struct expr *deflt = first_default(sym);
		int on_by_default = deflt ? encode(rules, deflt, rule) : -rules->true_literal;
		int dep = encode(rules, sym->dir_dep.expr, rule);
		int selected = sym->rev_dep.expr ? encode(rules, sym->rev_dep.expr, rule)
						 : -rules->true_literal;
		describe(rule, sizeof(rule), sym, "has no prompt: on exactly when selected or by default",
			 NULL);
		clause_begin(rules, rule);
		literal(rules, -self), literal(rules, selected), literal(rules, on_by_default);
		literal(rules, 0);
		clause_begin(rules, rule);
		literal(rules, -self), literal(rules, selected), literal(rules, dep), literal(rules, 0);
		clause(rules, rule, self, -on_by_default, -dep);
	}
}

void rules_build(struct rules *rules)
{
	struct symbol *sym;
	int i;

	memset(rules, 0, sizeof(*rules));
	rules->true_literal = new_variable(rules, NULL);
	clause(rules, "true", rules->true_literal, 0, 0);
	for_all_symbols(i, sym)
		if (is_bool(sym) && (sym->name != NULL || sym_is_choice(sym)))
			new_variable(rules, sym);
	for_all_symbols(i, sym) {
		if (!is_bool(sym))
			continue;
		if (sym_is_choice(sym))
			choice_rules(rules, sym);
		else if (sym->name != NULL)
			symbol_rules(rules, sym);
	}
}

void rules_free(struct rules *rules)
{
	for (size_t c = 0; c < rules->clauses; c++)
		free(rules->clause_rules[c]);
	free(rules->clause_rules);
	free(rules->literals);
	free(rules->symbols);
}
