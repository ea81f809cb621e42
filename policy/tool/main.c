/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tenon-policy: check, compile and show TenonOS policy manifests (policy/README.md).
 *   tenon-policy check FILE [--platform DTB] [--images DIR]
 *   tenon-policy compile FILE -o BLOB [--platform DTB] [--images DIR]
 *   tenon-policy show BLOB
 * Exit status: 0 success, 1 the manifest or blob has errors, 2 usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

#define DEFAULT_PLATFORM "build/test/dtb/virt.dtb"

static int usage(void)
{
	fprintf(stderr, "usage: tenon-policy check FILE [--platform DTB] [--images DIR]\n"
			"       tenon-policy compile FILE -o BLOB [--platform DTB] [--images DIR]\n"
			"       tenon-policy show BLOB\n"
			"FILE is a manifest (.dts, compiled with dtc, or .dtb); DTB is the platform's\n"
			"devicetree (default " DEFAULT_PLATFORM "); DIR holds the images it names.\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *platform_file = DEFAULT_PLATFORM, *output = NULL, *file = NULL;
	static struct manifest m;
	static struct platform platform;

	if (argc < 3)
		return usage();
	const char *command = argv[1];
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--platform") == 0 && i + 1 < argc)
			platform_file = argv[++i];
		else if (strcmp(argv[i], "--images") == 0 && i + 1 < argc)
			m.images_dir = argv[++i];
		else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			output = argv[++i];
		else if (argv[i][0] != '-' && !file)
			file = argv[i];
		else
			return usage();
	}
	if (!file)
		return usage();
	if (strcmp(command, "show") == 0)
		return show_blob(file);
	bool compile = strcmp(command, "compile") == 0;
	if (!compile && strcmp(command, "check") != 0)
		return usage();
	if (compile && !output)
		return usage();

	if (!platform_load(&platform, platform_file))
		return 1;
	size_t size;
	void *fdt = load_devicetree(file, &size);
	if (!fdt)
		return 1;
	m.file = file;
	manifest_read(&m, fdt);
	manifest_validate(&m, &platform);
	free(fdt);
	if (m.errors) {
		fprintf(stderr, "%s: %u error%s\n", file, m.errors, m.errors == 1 ? "" : "s");
		return 1;
	}
	if (compile && !manifest_compile(&m, output))
		return 1;
	printf("%s: OK: %u partitions, %u pools, %u channels, %u capabilities%s%s\n", file,
	       m.partition_count, m.pool_count, m.channel_count, m.grant_count,
	       compile ? " -> " : "", compile ? output : "");
	return 0;
}
