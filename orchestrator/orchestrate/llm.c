/* SPDX-License-Identifier: Apache-2.0 */
/* `--llm COMMAND`: an optional hook that turns one sentence into an objective file. Off unless
 * named; nothing is downloaded and no model ships with the project: COMMAND is whatever the user
 * runs (a local model's wrapper, a script). It gets the sentence as its argument and the objective
 * format in $TENON_ORCHESTRATE_FORMAT, and prints an objective on its standard output. What it
 * prints is hostile input like any objective file: objective_read checks every line (FILE:LINE:
 * what), and the planner, the SAT solver and Kconfig decide as they do for any other file. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "orchestrate.h"

static const char objective_format[] =
	"Print only an objective file, one item a line ('#' starts a comment):\n"
	"goal smallest|defaults\n"
	"partition NAME tenon|linux [cpus=1,2 | cpu-count=N | pool=POOL] [memory-mib=N] "
	"[period-us=N] [deadline-us=N] [require=SYMBOL,...] [forbid=SYMBOL,...] "
	"[features=PHRASE, PHRASE...]\n"
	"pool NAME cpus=N,M [control=PARTITION]\n"
	"channel PARTITION PARTITION\n"
	"NAME: lower-case letters, digits and '-'. features= takes the rest of the line; each "
	"phrase names a Tenon option (\"message queues\", \"priority inheritance\", \"processes\", "
	"\"tickless\").\n";

bool llm_objective_write(const char *command, const char *sentence, const char *out_dir,
			 char *path, size_t size)
{
	char script[1024];
	char *const argv[] = {"/bin/sh", "-c", script, "tenon-orchestrate-llm", (char *)sentence,
			      path, NULL};
	int status;

	/* The user's command as they wrote it; the sentence and the output path only as $1, $2. */
	if (snprintf(script, sizeof(script), "%s \"$1\" >\"$2\"", command) >= (int)sizeof(script)) {
		fprintf(stderr, "tenon-orchestrate: --llm: the command is longer than %zu characters\n",
			sizeof(script) - 16);
		return false;
	}
	if (out_dir) {
		snprintf(path, size, "%s/objective.obj", out_dir);
		mkdir(out_dir, 0777);
		if (access(out_dir, W_OK) != 0) {
			fprintf(stderr, "tenon-orchestrate: --llm: cannot write into %s\n", out_dir);
			return false;
		}
	} else {
		int fd;
		snprintf(path, size, "/tmp/tenon-orchestrate-llm-XXXXXX");
		fd = mkstemp(path);
		if (fd < 0) {
			fprintf(stderr, "tenon-orchestrate: --llm: cannot make a file in /tmp\n");
			return false;
		}
		close(fd);
	}
	setenv("TENON_ORCHESTRATE_FORMAT", objective_format, 1);
	status = command_run(argv, NULL);
	if (status != 0) {
		fprintf(stderr, "tenon-orchestrate: --llm: \"%s\" failed (exit %d); the graph-based "
				"planner runs without --llm\n", command, status);
		return false;
	}
	fprintf(stderr, "tenon-orchestrate: --llm: \"%s\" wrote the objective %s\n", command, path);
	return true;
}
