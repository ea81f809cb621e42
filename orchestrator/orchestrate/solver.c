/* SPDX-License-Identifier: Apache-2.0 */
/* Selection by SAT (PicoSAT) over the Kconfig rules and
 * an objective's requests. A cost is minimised by solving again under a tightening bound on the
 * summed weights of the costly literals (a sequential counter, Sinz 2005), until the bound is
 * unsatisfiable (the result is then optimal for those weights) or the round limit is reached
 * (then it is only a bound). A variable preferred on (PHASES +1) costs its weight when false, any
 * other when true: with size weights and nothing preferred on, that is the smallest selection;
 * with weight 1 and each option's default preferred, the selection closest to the defaults.
 * (Decision phases alone do not give either: the solver may decide a choice before the menu it
 * depends on and switch the menu on.) */
#include <stdlib.h>
#include <string.h>

#include <picosat/picosat.h>

#include "orchestrate.h"

#define MAX_ROUNDS 64

static void add_clause(PicoSAT *sat, int a, int b, int c)
{
	picosat_add(sat, a);
	if (b)
		picosat_add(sat, b);
	if (c)
		picosat_add(sat, c);
	picosat_add(sat, 0);
}

/* A solver holding the rules, the requests as unit clauses and, when BOUND >= 0, the sequential
 * counter saying that the weighted true variables add up to at most BOUND. */
/* The literal that costs: a variable preferred on costs when false, any other when true. */
static int costly(const signed char *phases, int v)
{
	return phases && phases[v] > 0 ? -v : v;
}

static PicoSAT *load(const struct rules *rules, const struct plan_request *requests,
		     size_t request_count, const int *weights, const signed char *phases, int bound)
{
	PicoSAT *sat = picosat_init();
	int inputs = 0, *input = NULL;

	picosat_set_seed(sat, 1);
	/* Variables without a preference (choices, helpers) lean to false, so a choice is not
	 * switched on, with the menu it depends on, because the solver tried it first. It must be
	 * set before the variables are made. */
	picosat_set_global_default_phase(sat, 0);
	for (int v = 0; v < rules->variables; v++)
		picosat_inc_max_var(sat);
	for (size_t i = 0; i < rules->literal_count; i++)
		picosat_add(sat, rules->literals[i]);
	for (size_t r = 0; r < request_count; r++)
		add_clause(sat, requests[r].literal, 0, 0);
	if (bound < 0 || weights == NULL)
		return sat;
	for (int v = 1; v <= rules->variables; v++)
		inputs += weights[v];
	input = malloc(sizeof(*input) * (size_t)(inputs + 1));
	inputs = 0;
	for (int v = 1; v <= rules->variables; v++)
		for (int copy = 0; copy < weights[v]; copy++)
			input[inputs++] = costly(phases, v);
	if (bound == 0) {
		for (int i = 0; i < inputs; i++)
			add_clause(sat, -input[i], 0, 0);
	} else if (inputs > bound) {
		/* s[i][j]: at least j+1 of the first i+1 inputs are true. */
		int base = picosat_variables(sat) + 1;
#define S(i, j) (base + (i) * bound + (j))
		for (int k = 0; k < inputs * bound; k++)
			picosat_inc_max_var(sat);
		add_clause(sat, -input[0], S(0, 0), 0);
		for (int j = 1; j < bound; j++)
			add_clause(sat, -S(0, j), 0, 0);
		for (int i = 1; i < inputs; i++) {
			add_clause(sat, -input[i], S(i, 0), 0);
			add_clause(sat, -S(i - 1, 0), S(i, 0), 0);
			for (int j = 1; j < bound; j++) {
				add_clause(sat, -input[i], -S(i - 1, j - 1), S(i, j));
				add_clause(sat, -S(i - 1, j), S(i, j), 0);
			}
			add_clause(sat, -input[i], -S(i - 1, bound - 1), 0);
		}
#undef S
	}
	free(input);
	return sat;
}

static void prefer(PicoSAT *sat, const struct rules *rules, const signed char *phases)
{
	for (int v = 1; phases && v <= rules->variables; v++)
		if (phases[v])
			picosat_set_default_phase_lit(sat, v, phases[v]);
}

static int cost_of(const struct rules *rules, const bool *value, const int *weights,
		   const signed char *phases)
{
	int cost = 0;
	for (int v = 1; weights && v <= rules->variables; v++)
		cost += value[v] == (costly(phases, v) > 0) ? weights[v] : 0;
	return cost;
}

/* The rules and requests of a minimal unsatisfiable core. Debian 12's libpicosat-trace is built
 * without trace support (its archive equals libpicosat.a), so the core does not come from
 * picosat_coreclause: each rule and each request gets a selector variable that switches its
 * clauses on, all selectors are assumed, the failed assumptions give a core, and deleting each
 * selector whose removal keeps it unsatisfiable makes that core minimal. */
static void explain_conflict(const struct rules *rules, const struct plan_request *requests,
			     size_t request_count, struct solution *out)
{
	size_t groups = 0, *group_of = calloc(rules->clauses + 1, sizeof(size_t));
	const char **texts = calloc(rules->clauses + request_count + 1, sizeof(char *));
	PicoSAT *sat = picosat_init();
	int *selector, *active;
	size_t c = 0;

	/* consecutive clauses of one rule share a selector */
	for (size_t k = 0; k < rules->clauses; k++) {
		if (k == 0 || strcmp(rules->clause_rules[k], rules->clause_rules[k - 1]) != 0)
			texts[groups++] = rules->clause_rules[k];
		group_of[k] = groups - 1;
	}
	for (size_t r = 0; r < request_count; r++)
		texts[groups++] = requests[r].why;
	selector = calloc(groups, sizeof(int));
	active = calloc(groups, sizeof(int));
	for (int v = 0; v < rules->variables; v++)
		picosat_inc_max_var(sat);
	for (size_t g = 0; g < groups; g++)
		selector[g] = picosat_inc_max_var(sat);
	for (size_t i = 0; i < rules->literal_count; i++) {
		if (rules->literals[i] == 0)
			picosat_add(sat, -selector[group_of[c++]]);
		picosat_add(sat, rules->literals[i]);
	}
	for (size_t r = 0; r < request_count; r++)
		add_clause(sat, requests[r].literal, -selector[groups - request_count + r], 0);
	for (size_t g = 0; g < groups; g++)
		active[g] = 1;
	for (size_t g = 0; g < groups; g++) { /* deletion: keep only what the conflict needs */
		active[g] = 0;
		for (size_t h = 0; h < groups; h++)
			if (active[h])
				picosat_assume(sat, selector[h]);
		if (picosat_sat(sat, -1) == PICOSAT_UNSATISFIABLE) {
			for (size_t h = 0; h < groups; h++)
				active[h] = active[h] && picosat_failed_assumption(sat, selector[h]);
		} else {
			active[g] = 1;
		}
	}
	for (size_t g = 0; g < groups; g++)
		if (active[g] && texts[g] && strcmp(texts[g], "true") != 0 &&
		    out->core_count < sizeof(out->core) / sizeof(out->core[0]))
			out->core[out->core_count++] = strdup(texts[g]);
	picosat_reset(sat);
	free(selector);
	free(active);
	free(group_of);
	free(texts);
}

bool solve(const struct rules *rules, const struct plan_request *requests, size_t request_count,
	   const int *weights, const signed char *phases, struct solution *out)
{
	PicoSAT *sat = load(rules, requests, request_count, NULL, NULL, -1);
	int status;

	memset(out, 0, sizeof(*out));
	out->value = calloc((size_t)rules->variables + 1, sizeof(bool));
	prefer(sat, rules, phases);
	status = picosat_sat(sat, -1);
	out->rounds = 1;
	if (status != PICOSAT_SATISFIABLE) {
		picosat_reset(sat);
		explain_conflict(rules, requests, request_count, out);
		return false;
	}
	for (int v = 1; v <= rules->variables; v++)
		out->value[v] = picosat_deref(sat, v) > 0;
	picosat_reset(sat);
	out->cost = cost_of(rules, out->value, weights, phases);
	out->optimal = weights == NULL;
	while (weights != NULL && out->rounds < MAX_ROUNDS) {
		if (out->cost == 0) {
			out->optimal = true;
			break;
		}
		sat = load(rules, requests, request_count, weights, phases, out->cost - 1);
		prefer(sat, rules, phases);
		status = picosat_sat(sat, -1);
		out->rounds++;
		if (status != PICOSAT_SATISFIABLE) {
			picosat_reset(sat);
			out->optimal = true;
			break;
		}
		for (int v = 1; v <= rules->variables; v++)
			out->value[v] = picosat_deref(sat, v) > 0;
		picosat_reset(sat);
		out->cost = cost_of(rules, out->value, weights, phases);
	}
	return true;
}

void solution_free(struct solution *solution)
{
	free(solution->value);
	for (size_t k = 0; k < solution->core_count; k++)
		free(solution->core[k]);
}
