/* SPDX-License-Identifier: Apache-2.0 */
/* A solution written as a .config by Kconfig itself (libkconfig-parser): start from the platform's
 * defconfig, set every boolean the user can set to the solver's value and every int the planner's
 * rules chose, let Kconfig compute the rest, check that Kconfig kept every value, and write. A
 * configuration Kconfig would repair is refused, naming the symbol: so `kconfig-conf
 * --olddefconfig` leaves what is written unchanged. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <kconfig/lkc.h>

#include "orchestrate.h"

static void quiet(const char *format, va_list arguments)
{
	(void)format;
	(void)arguments;
}

bool config_write(const struct rules *rules, const bool *value, const struct int_setting *ints,
		  size_t int_count, const char *defconfig, const char *path, char *problem,
		  size_t problem_size)
{
	bool changed = true;

	conf_set_message_callback(quiet);
	if (conf_read(defconfig) != 0) {
		snprintf(problem, problem_size, "cannot read %s", defconfig);
		return false;
	}
	/* A value is accepted only once the symbols it depends on have theirs: repeat until
	 * nothing changes (at most the depth of the dependency chains). */
	for (int pass = 0; changed && pass < 32; pass++) {
		changed = false;
		for (int v = 1; v <= rules->variables; v++) {
			struct symbol *sym = rules->symbols[v];
			tristate wanted = value[v] ? yes : no;
			if (sym == NULL || sym->name == NULL || !rules_has_prompt(sym))
				continue;
			if (sym_is_choice_value(sym) && !value[v])
				continue; /* a choice is set through the value chosen */
			sym_calc_value(sym);
			if (sym_get_tristate_value(sym) == wanted && sym_has_value(sym))
				continue;
			if (sym_set_tristate_value(sym, wanted))
				changed = true;
		}
	}
	for (size_t i = 0; i < int_count; i++) {
		struct symbol *sym = sym_find(ints[i].symbol);
		if (sym == NULL || !sym_set_string_value(sym, ints[i].value)) {
			snprintf(problem, problem_size, "%s=%s is outside what Kconfig allows (%s)",
				 ints[i].symbol, ints[i].value, ints[i].why);
			return false;
		}
	}
	for (int v = 1; v <= rules->variables; v++) {
		struct symbol *sym = rules->symbols[v];
		if (sym == NULL || sym->name == NULL)
			continue;
		sym_calc_value(sym);
		if ((sym_get_tristate_value(sym) != no) != value[v]) {
			snprintf(problem, problem_size, "Kconfig keeps %s=%s where the plan has %s",
				 sym->name, sym_get_string_value(sym), value[v] ? "y" : "n");
			return false;
		}
	}
	for (size_t i = 0; i < int_count; i++) {
		struct symbol *sym = sym_find(ints[i].symbol);
		sym_calc_value(sym);
		if (strcmp(sym_get_string_value(sym), ints[i].value) != 0) {
			snprintf(problem, problem_size, "Kconfig keeps %s=%s where the plan has %s (%s)",
				 ints[i].symbol, sym_get_string_value(sym), ints[i].value, ints[i].why);
			return false;
		}
	}
	/* Written, read back and written again: exactly what `kconfig-conf --olddefconfig` does to
	 * it, so a value Kconfig only drops on reading (a choice under a menu that is off) is gone. */
	if (path && (conf_write(path) != 0 || conf_read(path) != 0 || conf_write(path) != 0)) {
		snprintf(problem, problem_size, "cannot write %s", path);
		return false;
	}
	return true;
}

/* The value Kconfig gives SYM in the platform's defconfig: the planner's starting point. */
bool config_default(const char *name)
{
	struct symbol *sym = sym_find(name);
	if (sym == NULL)
		return false;
	sym_calc_value(sym);
	return sym_get_tristate_value(sym) != no;
}

/* "10..10000" for an int symbol's first range, "" when it has none. */
void config_range(const char *name, long *min, long *max)
{
	struct symbol *sym = sym_find(name);
	struct property *prop;
	*min = 0;
	*max = 0;
	if (sym == NULL)
		return;
	for_all_properties(sym, prop, P_RANGE) {
		struct symbol *low = prop->expr->left.sym, *high = prop->expr->right.sym;
		sym_calc_value(low);
		sym_calc_value(high);
		*min = strtol(sym_get_string_value(low), NULL, 0);
		*max = strtol(sym_get_string_value(high), NULL, 0);
		return;
	}
}

/* The folder of the Kconfig file that defines a variable's symbol ("" for helpers). */
const char *config_folder_of(const struct rules *rules, int variable, char *buffer, size_t size)
{
	struct symbol *sym = rules->symbols[variable];
	struct property *prop;
	buffer[0] = '\0';
	if (sym == NULL)
		return buffer;
	for (prop = sym->prop; prop; prop = prop->next)
		if (prop->file) {
			const char *slash = strrchr(prop->file->name, '/');
			snprintf(buffer, size, "%.*s", slash ? (int)(slash - prop->file->name) : 1,
				 slash ? prop->file->name : ".");
			break;
		}
	return buffer;
}
