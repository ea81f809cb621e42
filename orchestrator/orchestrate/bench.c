/* SPDX-License-Identifier: Apache-2.0 */
/* `tenon-orchestrate bench`: how long planning one objective takes on the host, measured with
 * clock_gettime(CLOCK_MONOTONIC) (wall-clock time of a host tool, not an icount figure: it varies
 * with the machine and its load). Parsing the Kconfig files and building the rules is timed once;
 * then the objective is read and planned (requests, SAT with minimisation, every .config checked
 * by Kconfig, nothing written) RUNS times. Prints Markdown lines ("md: ") for make bench. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kconfig/lkc.h>

#include "orchestrate.h"

static double now_us(void)
{
	struct timespec time;
	clock_gettime(CLOCK_MONOTONIC, &time);
	return (double)time.tv_sec * 1e6 + (double)time.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int bench_plan(struct sqlite3 *db, const char *kconfig, const char *defconfig,
	       const struct board *board, const char *objective_file, int runs)
{
	static struct plan plan;
	struct rules rules;
	double start = now_us(), setup, *times = calloc((size_t)runs, sizeof(double));

	conf_parse(kconfig);
	rules_build(&rules);
	setup = now_us() - start;
	for (int r = 0; r < runs; r++) {
		int status;
		start = now_us();
		if (!objective_read(objective_file, &plan.objective))
			return 1;
		status = plan_make(&plan, &rules, db, &(struct plan_options){defconfig, NULL, board});
		times[r] = now_us() - start;
		plan_free(&plan);
		if (status != 0)
			return status;
	}
	qsort(times, (size_t)runs, sizeof(double), by_value);
	printf("md: ## Orchestrator (host tool, wall-clock)\n"
	       "md: \n"
	       "md: `tenon-orchestrate bench` on the build host, timed with clock_gettime: a host "
	       "tool's wall-clock time, not an icount figure, so it varies with the machine and its "
	       "load. One plan = read the objective, match its features, solve every image with "
	       "minimisation, check each .config with Kconfig (`%s`).\n"
	       "md: \n"
	       "md: | measurement | min (ms) | median (ms) | max (ms) | runs |\n"
	       "md: |---|---:|---:|---:|---:|\n"
	       "md: | parse Kconfig, build the rules (%d variables, %zu clauses) | %.2f | %.2f | %.2f | 1 |\n"
	       "md: | plan one objective | %.2f | %.2f | %.2f | %d |\n",
	       objective_file, rules.variables, rules.clauses, setup / 1e3, setup / 1e3, setup / 1e3,
	       times[0] / 1e3, times[runs / 2] / 1e3, times[runs - 1] / 1e3, runs);
	free(times);
	rules_free(&rules);
	return 0;
}
