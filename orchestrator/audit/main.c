/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tenon-audit: what a TenonOS build and policy ask users to trust (orchestrator/audit/README.md).
 *   tenon-audit report [--image CLASS:NAME:ELF]... [--libraries "DIR/ ..."] [--build-dir DIR]
 *                      [--policy BLOB] [--json FILE] [--dot FILE] [--quiet]
 *   tenon-audit diff OLD.json NEW.json
 * CLASS is el2, component or guest. Exit status: report 0, or 1 when a file could not be read or
 * the policy's capabilities could not all be replayed; diff 0 when nothing grew and nothing new
 * was granted, 1 when something was; 2 usage.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"

#define MAX_LIBRARY_DIRS 128

static int usage(void)
{
	fprintf(stderr,
		"usage: tenon-audit report [--image CLASS:NAME:ELF]... [--libraries \"DIR/ ...\"]\n"
		"                          [--build-dir DIR] [--policy BLOB] [--json FILE] [--dot FILE]\n"
		"                          [--quiet]\n"
		"       tenon-audit diff OLD.json NEW.json\n"
		"CLASS is el2, component or guest; the link map NAME.map must sit beside ELF.\n");
	return 2;
}

static bool write_output(const char *path, const struct audit_report *report,
			 void (*writer)(const struct audit_report *, FILE *))
{
	FILE *file = fopen(path, "w");
	if (file == NULL) {
		fprintf(stderr, "tenon-audit: %s: %s\n", path, strerror(errno));
		return false;
	}
	writer(report, file);
	if (fclose(file) != 0) {
		fprintf(stderr, "tenon-audit: %s: %s\n", path, strerror(errno));
		return false;
	}
	return true;
}

static int report_command(int argc, char **argv)
{
	static const char *library_dirs[MAX_LIBRARY_DIRS];
	struct code_audit code = {NULL, 0, library_dirs, 0, "build/"};
	struct authority authority;
	struct audit_report report = {&code, NULL, NULL};
	const char *json = NULL, *dot = NULL;
	char *libraries = NULL, *build_dir = NULL;
	bool quiet = false, failed = false;

	for (int i = 2; i < argc; i++) {
		bool has_value = i + 1 < argc;
		if (strcmp(argv[i], "--libraries") == 0 && has_value) {
			free(libraries);
			libraries = xstrdup(argv[++i]);
			code.library_dir_count = 0;
			for (char *dir = strtok(libraries, " \t\n"); dir; dir = strtok(NULL, " \t\n"))
				if (code.library_dir_count < MAX_LIBRARY_DIRS)
					library_dirs[code.library_dir_count++] = dir;
		} else if (strcmp(argv[i], "--build-dir") == 0 && has_value) {
			free(build_dir);
			size_t length = strlen(argv[++i]);
			build_dir = xrealloc(NULL, length + 2);
			snprintf(build_dir, length + 2, "%s%s", argv[i],
				 length && argv[i][length - 1] == '/' ? "" : "/");
			code.build_dir = build_dir;
		} else if (strcmp(argv[i], "--policy") == 0 && has_value) {
			report.policy_path = argv[++i];
		} else if (strcmp(argv[i], "--json") == 0 && has_value) {
			json = argv[++i];
		} else if (strcmp(argv[i], "--dot") == 0 && has_value) {
			dot = argv[++i];
		} else if (strcmp(argv[i], "--quiet") == 0) {
			quiet = true;
		} else if (strcmp(argv[i], "--image") != 0 || !has_value) {
			free(libraries);
			free(build_dir);
			return usage();
		} else {
			i++;
		}
	}
	/* Images last: they need the library folders and the build folder, wherever those came. */
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--image") != 0 || i + 1 >= argc) {
			i += strcmp(argv[i], "--quiet") != 0;
			continue;
		}
		char *spec = xstrdup(argv[++i]);
		char *name = strchr(spec, ':'), *elf = name ? strchr(name + 1, ':') : NULL;
		enum image_class class;
		if (elf == NULL) {
			free(spec);
			code_free(&code);
			return usage();
		}
		*name++ = '\0';
		*elf++ = '\0';
		if (!image_class_parse(spec, &class)) {
			fprintf(stderr, "tenon-audit: %s: class must be el2, component or guest\n",
				argv[i]);
			free(spec);
			code_free(&code);
			return usage();
		}
		if (code_add_image(&code, name, class, elf, stderr) != AUDIT_OK)
			failed = true;
		free(spec);
	}
	if (report.policy_path != NULL) {
		enum audit_status status = authority_load(&authority, report.policy_path, stderr);
		if (status != AUDIT_OK)
			failed = true;
		if (authority.system != NULL)
			report.authority = &authority;
	}
	if (!quiet)
		report_table(&report, stdout);
	if (json != NULL && !write_output(json, &report, report_json))
		failed = true;
	if (dot != NULL && !write_output(dot, &report, report_dot))
		failed = true;
	if (report.policy_path != NULL)
		authority_free(&authority);
	code_free(&code);
	free(libraries);
	free(build_dir);
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "report") == 0)
		return report_command(argc, argv);
	if (argc == 4 && strcmp(argv[1], "diff") == 0)
		return audit_diff(argv[2], argv[3], stdout);
	return usage();
}
