/* SPDX-License-Identifier: Apache-2.0 */
/* What a plan says to its reader: the report (what was chosen, its cost, whether it is optimal)
 * and the explanation (why each library is in: the objective's words and the graph path that
 * pulled it in; why each candidate is out: the rule or the score that excluded it). */
#include <stdlib.h>
#include <string.h>

#include <kconfig/lkc.h>

#include "orchestrate.h"

static bool shown(const struct rules *rules, int v)
{
	const struct symbol *sym = rules->symbols[v];
	return sym && sym->name && (rules_has_prompt(sym) || strncmp(sym->name, "LIB_", 4) == 0);
}

static void cpus_text(FILE *out, const struct objective_partition *p)
{
	if (p->pool[0]) {
		fprintf(out, "pool %s, %u vCPU(s) (Mode 2: a template whose instances the pools' "
			     "scheduler starts)", p->pool, p->cpu_request ? p->cpu_request : 1);
		return;
	}
	fprintf(out, "CPU%s", p->cpu_count > 1 ? "s" : "");
	for (size_t c = 0; c < p->cpu_count; c++)
		fprintf(out, " %u", p->cpus[c]);
}

void report_write(FILE *out, const struct plan *plan)
{
	const struct objective *objective = &plan->objective;
	const struct rules *rules = plan->rules;

	fprintf(out, "Objective (%s): %s\n", objective->from_text ? "sentence" : "file",
		objective->source);
	fprintf(out, "Goal: %s\n\nPartitions:\n",
		objective->smallest ? "smallest (size minimised by solving again under a tightening "
				      "bound; weights: each library's bytes from make audit in KiB, "
				      "any other option 1)"
				    : "Kconfig defaults for whatever the objective leaves open");
	fprintf(out, "  root: component, CPU 0 (Mortise's root component)\n");
	if (objective->pool_count)
		fprintf(out, "  sched: component, CPU %u (the pools' scheduler%s)\n",
			objective->sched_cpu,
			objective->sched_cpu ? ": a Linux VMM holds the root's CPU" : "");
	for (size_t q = 0; q < objective->pool_count; q++) {
		const struct objective_pool *pool = &objective->pools[q];
		fprintf(out, "  pool %s: CPUs", pool->name);
		for (size_t c = 0; c < pool->cpu_count; c++)
			fprintf(out, " %u", pool->cpus[c]);
		if (pool->control[0])
			fprintf(out, ", %s controls its scheduler over a control channel", pool->control);
		fprintf(out, "\n");
	}
	for (size_t p = 0; p < objective->partition_count; p++) {
		const struct objective_partition *partition = &objective->partitions[p];
		fprintf(out, "  %s: %s, ", partition->name,
			partition->kind == PARTITION_TENON ? "tenon" : "linux (Debian's kernel, run by "
								   "its linux-vmm component)");
		cpus_text(out, partition);
		if (partition->deadline_us)
			fprintf(out, ", deadline %u us", partition->deadline_us);
		fprintf(out, "\n");
	}
	for (size_t c = 0; c < objective->channel_count; c++)
		fprintf(out, "  channel %s <-> %s (4 KiB, doorbell)\n", objective->channels[c][0],
			objective->channels[c][1]);
	for (size_t i = 0; i < plan->image_count; i++) {
		const struct plan_image *image = &plan->images[i];
		fprintf(out, "\nImage %s (%s.config): ", image->name, image->name);
		fprintf(out, "%s %d, %s after %d SAT call(s)\n",
			objective->smallest ? "size (KiB of libraries + 1 per other option)"
					    : "options away from their defaults",
			image->solution.cost,
			image->solution.optimal ? "optimal" : "a bound (round limit reached)",
			image->solution.rounds);
		for (size_t r = 0; r < image->request_count; r++)
			fprintf(out, "  request %s\n", image->request_why[r]);
		fprintf(out, "  selected:");
		for (int v = 1; v <= rules->variables; v++)
			if (image->solution.value[v] && shown(rules, v))
				fprintf(out, " %s", rules->symbols[v]->name);
		fprintf(out, "\n");
		for (size_t k = 0; k < image->int_count; k++)
			fprintf(out, "  set %s=%s: %s\n", image->ints[k].symbol, image->ints[k].value,
				image->ints[k].why);
	}
	fprintf(out, "\nOutputs: one .config per image above, policy.dts (tenon-policy check), "
		     "explain.txt (tenon-orchestrate explain)\n");
}

/* ---- the explanation ---------------------------------------------------------------- */
static bool expr_mentions(const struct expr *e, const struct symbol *sym, bool negated)
{
	if (e == NULL)
		return false;
	switch (e->type) {
	case E_AND:
	case E_OR:
		return expr_mentions(e->left.expr, sym, negated) ||
		       expr_mentions(e->right.expr, sym, negated);
	case E_NOT:
		return expr_mentions(e->left.expr, sym, !negated);
	case E_SYMBOL:
		return !negated && e->left.sym == sym;
	case E_EQUAL:
		return e->left.sym == sym && (e->right.sym == &symbol_no) == negated;
	case E_UNEQUAL:
		return e->left.sym == sym && (e->right.sym == &symbol_no) != negated;
	default:
		return false;
	}
}

static bool selects(const struct symbol *from, const struct symbol *to)
{
	struct property *prop;
	for (prop = from->prop; prop; prop = prop->next)
		if (prop->type == P_SELECT && prop->expr->left.sym == to)
			return true;
	return false;
}

static const char *request_of(const struct plan_image *image, int literal)
{
	for (size_t r = 0; r < image->request_count; r++)
		if (image->requests[r].literal == literal)
			return image->requests[r].why;
	return NULL;
}

/* parent[v]: the true variable through which the objective reached v (breadth first from the
 * requested ones, along "selects" and "depends on"); how[v] says which. */
static void reach(const struct plan_image *image, const struct rules *rules, int *parent,
		  const char **how)
{
	int *queue = calloc((size_t)rules->variables + 1, sizeof(int));
	int head = 0, tail = 0;
	const bool *value = image->solution.value;

	for (int v = 1; v <= rules->variables; v++)
		if (value[v] && rules->symbols[v] && request_of(image, v)) {
			parent[v] = -1;
			queue[tail++] = v;
		}
	while (head < tail) {
		int from = queue[head++];
		const struct symbol *source = rules->symbols[from];
		for (int v = 1; v <= rules->variables; v++) {
			const struct symbol *target = rules->symbols[v];
			if (!value[v] || parent[v] || target == NULL || target->name == NULL)
				continue;
			if (selects(source, target))
				how[v] = "selected by";
			else if (expr_mentions(source->dir_dep.expr, target, false))
				how[v] = "needed by (depends on)";
			else
				continue;
			parent[v] = from;
			queue[tail++] = v;
		}
	}
	free(queue);
}

static void explain_selected(FILE *out, const struct plan_image *image, const struct rules *rules)
{
	int *parent = calloc((size_t)rules->variables + 1, sizeof(int));
	const char **how = calloc((size_t)rules->variables + 1, sizeof(char *));

	reach(image, rules, parent, how);
	fprintf(out, "  selected:\n");
	for (int v = 1; v <= rules->variables; v++) {
		if (!image->solution.value[v] || !shown(rules, v))
			continue;
		fprintf(out, "    %s: ", rules->symbols[v]->name);
		if (parent[v] == 0) {
			fprintf(out, "%s\n", sym_is_choice_value(rules->symbols[v])
						     ? "the value its choice takes by default"
						     : "on by default in the platform's defconfig, and "
						       "nothing asked for it off");
			continue;
		}
		for (int at = v; parent[at] > 0; at = parent[at])
			fprintf(out, "%s %s, ", how[at], rules->symbols[parent[at]]->name);
		for (int at = v;; at = parent[at])
			if (parent[at] == -1) {
				fprintf(out, "%s\n", request_of(image, at));
				break;
			}
	}
	free(parent);
	free(how);
}

static void explain_rejected(FILE *out, const struct plan *plan, const struct plan_image *image,
			     const struct match_list *matches)
{
	const struct rules *rules = plan->rules;

	fprintf(out, "  rejected:\n");
	for (size_t i = 0; matches && i < matches->count; i++) {
		const struct match *m = &matches->items[i];
		int v = rules_variable_named(rules, m->symbol);
		if (!m->accepted && v && !image->solution.value[v])
			fprintf(out, "    %s: candidate from %s (%s), score %.2f below the threshold "
				     "%.2f\n", m->symbol, m->words, m->path, m->score, MATCH_THRESHOLD);
	}
	for (int v = 1; v <= rules->variables; v++) {
		struct symbol *sym = rules->symbols[v];
		const char *forbidden = request_of(image, -v);
		if (image->solution.value[v] || !shown(rules, v) || (!image->defaults[v] && !forbidden))
			continue;
		fprintf(out, "    %s: %s", sym->name, image->defaults[v] ? "on by default, off here: " : "");
		if (forbidden)
			fprintf(out, "%s\n", forbidden);
		else if (sym_is_choice_value(sym))
			fprintf(out, "another value of its choice is selected (exactly one)\n");
		else if (plan->objective.smallest)
			fprintf(out, "left out to minimise size (goal smallest), nothing needs it\n");
		else if (image->phases[v] < 0)
			fprintf(out, "belongs to the other layer (%s), nothing here needs it\n",
				image->partition ? "Mortise and its components" : "the Tenon partitions");
		else
			fprintf(out, "its rule %s is not met by the selection\n",
				sym->dir_dep.expr ? "\"depends on\"" : "");
	}
}

void explain_write(FILE *out, const struct plan *plan)
{
	for (size_t i = 0; i < plan->image_count; i++) {
		const struct plan_image *image = &plan->images[i];
		const struct match_list *matches = NULL;
		if (image->partition)
			matches = &plan->matches[image->partition - plan->objective.partitions];
		fprintf(out, "%s%s:\n", i ? "\n" : "", image->name);
		explain_selected(out, image, plan->rules);
		explain_rejected(out, plan, image, matches);
	}
}
