/* SPDX-License-Identifier: Apache-2.0 */
/* `tenon-orchestrate build PLAN-DIR`: every image of a plan built by this repository's own
 * Makefile from the plan's generated .config alone, the manifest compiled into the root's boot
 * archive, and the boot devicetree that hands Mortise the root and the archive (README.md,
 * "Building and booting a plan"). The manifest says what to build: each partition's kind, its
 * component and its image name. */
#include <errno.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dtb.h"
#include "orchestrate.h"

#define MANIFEST_ROOM 4096	  /* for the bootargs written into the manifest */
#define MAX_IMAGE_TARGETS 16	  /* what one image's build makes: the system's is the longest */

/* What each component of a manifest runs, as the system image's build names it. */
static const struct {
	const char *component, *target;
} component_images[] = {
	{"root", "vmm/root/root.img"},
	{"linux-vmm", "vmm/linux/linux.img"},
	{"sched", "vmm/sched/sched.img"},
};

#define COMPONENT_KINDS (sizeof(component_images) / sizeof(component_images[0]))

/* The index of COMPONENT in component_images, COMPONENT_KINDS when none builds it. */
static size_t component_index(const char *component)
{
	size_t c = 0;
	while (c < COMPONENT_KINDS && strcmp(component_images[c].component, component) != 0)
		c++;
	return c;
}

/* A TARGET of the system image's build, e.g. "kernel/kernel.img". */
static void system_path(const struct built_plan *built, const char *target, char *path, size_t size)
{
	snprintf(path, size, "%s/system/%s", built->builds, target);
}

static bool make_dirs(const char *path)
{
	char *const argv[] = {"mkdir", "-p", (char *)path, NULL};
	return command_run(argv, NULL) == 0;
}

/* Builds TARGETS (relative to the build folder) in BUILDS/IMAGE, whose main configuration is
 * CONFIG: Kconfig then fills nothing in, so the build proves the .config is complete. */
static bool build_image(const struct built_plan *built, const char *image, const char *config,
			const char *const *targets, size_t target_count)
{
	char out[PLAN_PATH_MAX + 64], dot_config[PLAN_PATH_MAX + 80], log[PLAN_PATH_MAX + 72];
	char o_arg[PLAN_PATH_MAX + 68], paths[MAX_IMAGE_TARGETS][PLAN_PATH_MAX + 128];
	char *argv[MAX_IMAGE_TARGETS + 6] = {"make", "--no-print-directory", "-j2", "DEPS_READY=1",
					     o_arg};
	size_t argc = 5;
	int status;

	snprintf(out, sizeof(out), "%s/%s", built->builds, image);
	snprintf(dot_config, sizeof(dot_config), "%s/.config", out);
	snprintf(log, sizeof(log), "%s.log", out);
	snprintf(o_arg, sizeof(o_arg), "O=%s", out);
	if (!make_dirs(out) || !file_copy(config, dot_config, true))
		return false;
	for (size_t t = 0; t < target_count; t++) {
		snprintf(paths[t], sizeof(paths[t]), "%s/%s", out, targets[t]);
		argv[argc++] = paths[t];
	}
	argv[argc] = NULL;
	printf("build: %s from %s\n", image, config);
	fflush(stdout);
	status = command_run(argv, log);
	if (status != 0) {
		size_t size;
		char *text = file_read(log, 1u << 24, &size);
		fprintf(stderr, "tenon-orchestrate: building %s from %s failed (exit %d); %s:\n%s",
			image, config, status, log, text ? text : "");
		free(text);
	}
	return status == 0;
}

static bool read_property(const void *fdt, int node, const char *name, char *out, size_t size)
{
	out[0] = '\0';
	return dtb_read_string(fdt, node, name, out, size);
}

/* The partitions, pools' scheduler and control channels of the compiled manifest. */
static bool read_manifest(struct built_plan *built, const void *fdt)
{
	int partitions = fdt_subnode_offset(fdt, 0, "partitions"), node, channels;
	struct dtb_diagnostic diagnostic;

	if (dtb_check(fdt, &diagnostic) != DTB_OK || partitions < 0) {
		fprintf(stderr, "tenon-orchestrate: %s/policy.dts: expected a manifest with "
				"/partitions\n", built->plan);
		return false;
	}
	fdt_for_each_subnode(node, fdt, partitions) {
		struct built_partition *p = &built->partitions[built->partition_count];
		const char *name = fdt_get_name(fdt, node, NULL);
		if (built->partition_count == MAX_BUILT_PARTITIONS || name == NULL ||
		    strlen(name) >= sizeof(p->name)) {
			fprintf(stderr, "tenon-orchestrate: %s/policy.dts: too many partitions or a "
					"name too long\n", built->plan);
			return false;
		}
		memset(p, 0, sizeof(*p));
		snprintf(p->name, sizeof(p->name), "%s", name);
		if (!read_property(fdt, node, "kind", p->kind, sizeof(p->kind)) ||
		    !read_property(fdt, node, "image", p->image, sizeof(p->image)) ||
		    strchr(p->image, '/') || p->image[0] == '.') {
			fprintf(stderr, "tenon-orchestrate: %s/policy.dts: /partitions/%s: expected a "
					"kind and an image name (a file name, no folder)\n",
				built->plan, name);
			return false;
		}
		read_property(fdt, node, "component", p->component, sizeof(p->component));
		p->is_template = fdt_getprop(fdt, node, "pool", NULL) != NULL;
		/* One definition of the command line: a manifest's own would drift from it. */
		if (strcmp(p->kind, "linux") == 0 && fdt_getprop(fdt, node, "bootargs", NULL)) {
			fprintf(stderr, "tenon-orchestrate: %s/policy.dts: /partitions/%s: bootargs: "
					"expected none (the build writes the Linux tests' own, "
					"LINUX_GUEST_BOOTARGS)\n", built->plan, name);
			return false;
		}
		built->has_linux = built->has_linux || strcmp(p->kind, "linux") == 0;
		built->has_sched = built->has_sched || strcmp(p->component, "sched") == 0;
		built->partition_count++;
	}
	channels = fdt_subnode_offset(fdt, 0, "channels");
	if (channels >= 0)
		fdt_for_each_subnode(node, fdt, channels) {
			const char *end;
			if (fdt_getprop(fdt, node, "control", NULL) == NULL)
				continue;
			for (int i = 0; (end = fdt_stringlist_get(fdt, node, "between", i, NULL)); i++)
				for (size_t p = 0; p < built->partition_count; p++)
					if (strcmp(built->partitions[p].name, end) == 0 &&
					    strcmp(built->partitions[p].kind, "linux") == 0)
						snprintf(built->linux_control_channel,
							 sizeof(built->linux_control_channel), "%s",
							 fdt_get_name(fdt, node, NULL));
		}
	return true;
}

/* Compiles policy.dts with dtc and reads it; each Linux partition then gets the kernel command
 * line the Linux tests boot with (LINUX_GUEST_BOOTARGS, written by the build into BOOTARGS). */
static void *compile_manifest(struct built_plan *built, size_t *size)
{
	char dts[PLAN_PATH_MAX + 16], dtb[PLAN_PATH_MAX + 16];
	char *const argv[] = {"dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtb, dts, NULL};
	void *fdt;

	snprintf(dts, sizeof(dts), "%s/policy.dts", built->plan);
	snprintf(dtb, sizeof(dtb), "%s/manifest.dtb", built->plan);
	if (command_run(argv, NULL) != 0) {
		fprintf(stderr, "tenon-orchestrate: dtc could not compile %s\n", dts);
		return NULL;
	}
	fdt = file_read(dtb, DTB_MAX_SIZE, size);
	if (fdt == NULL || !read_manifest(built, fdt)) {
		free(fdt);
		return NULL;
	}
	return fdt;
}

static bool write_bootargs(struct built_plan *built, void **fdt, size_t *size)
{
	char path[PLAN_PATH_MAX + 32], *bootargs;
	size_t length, room = *size + MANIFEST_ROOM;
	void *grown;
	bool ok = true;

	system_path(built, "linux-guest/bootargs", path, sizeof(path));
	bootargs = file_read(path, 1024, &length);
	grown = calloc(1, room);
	if (bootargs == NULL || grown == NULL || fdt_open_into(*fdt, grown, (int)room) != 0) {
		fprintf(stderr, "tenon-orchestrate: cannot read %s or grow the manifest\n", path);
		free(bootargs);
		free(grown);
		return false;
	}
	bootargs[strcspn(bootargs, "\n")] = '\0';
	for (size_t p = 0; ok && p < built->partition_count; p++) {
		const struct built_partition *partition = &built->partitions[p];
		char node[64];
		if (strcmp(partition->kind, "linux") != 0)
			continue;
		snprintf(node, sizeof(node), "/partitions/%s", partition->name);
		ok = fdt_setprop_string(grown, fdt_path_offset(grown, node), "bootargs", bootargs) == 0;
		if (!ok)
			fprintf(stderr, "tenon-orchestrate: cannot write bootargs into %s of the "
					"manifest\n", node);
	}
	free(bootargs);
	free(*fdt);
	*fdt = grown;
	*size = fdt_totalsize(grown);
	return ok;
}

static bool build_images(struct built_plan *built)
{
	/* Each component kind once (the images are the same for every partition running it). */
	const char *system[MAX_IMAGE_TARGETS] = {"kernel/kernel.img", "host/tenon-policy",
						 "test/qemu-expect"};
	bool component_wanted[COMPONENT_KINDS] = {false};
	size_t count = 3;
	char config[PLAN_PATH_MAX + 32];

	for (size_t p = 0; p < built->partition_count; p++) {
		const struct built_partition *partition = &built->partitions[p];
		size_t c = component_index(partition->component);
		if (strcmp(partition->kind, "component") != 0)
			continue;
		if (c == COMPONENT_KINDS) {
			fprintf(stderr, "tenon-orchestrate: %s/policy.dts: /partitions/%s: no image "
					"is built for component \"%s\"\n",
				built->plan, partition->name, partition->component);
			return false;
		}
		component_wanted[c] = true;
	}
	for (size_t c = 0; c < COMPONENT_KINDS; c++)
		if (component_wanted[c])
			system[count++] = component_images[c].target;
	if (built->has_linux) {
		system[count++] = "linux-guest/Image";
		system[count++] = "linux-guest/initramfs.cpio";
		system[count++] = "linux-guest/bootargs";
	}
	snprintf(config, sizeof(config), "%s/system.config", built->plan);
	if (!build_image(built, "system", config, system, count))
		return false;
	for (size_t p = 0; p < built->partition_count; p++) {
		const char *tenon[] = {"libos-tenon/libos-tenon.img"};
		if (strcmp(built->partitions[p].kind, "tenon") != 0)
			continue;
		snprintf(config, sizeof(config), "%s/%s.config", built->plan, built->partitions[p].name);
		if (!build_image(built, built->partitions[p].name, config, tenon, 1))
			return false;
	}
	return true;
}

/* The partitions' images (the root's is module 0, not in it) and the compiled policy, each
 * file's data on a page boundary (test/page-aligned-cpio.sh). */
static bool write_archive(const struct built_plan *built, const void *manifest, size_t size,
			  const char *board_dtb)
{
	char folder[PLAN_PATH_MAX + 16], from[PLAN_PATH_MAX + 96], to[PLAN_PATH_MAX + 96];
	char blob[PLAN_PATH_MAX + 32], manifest_path[PLAN_PATH_MAX + 32], log[PLAN_PATH_MAX + 32];
	char archive[PLAN_PATH_MAX + 32], tool[PLAN_PATH_MAX + 32];
	char *const clear[] = {"rm", "-rf", folder, NULL};
	char *const compile[] = {tool, "compile", "--platform", (char *)board_dtb, manifest_path,
				 "-o", blob, NULL};
	char *const pack[] = {"test/page-aligned-cpio.sh", folder, NULL};

	snprintf(folder, sizeof(folder), "%s/boot.d", built->plan);
	snprintf(blob, sizeof(blob), "%s/policy.blob", folder);
	snprintf(manifest_path, sizeof(manifest_path), "%s/manifest.dtb", built->plan);
	snprintf(log, sizeof(log), "%s/compile.log", built->plan);
	snprintf(archive, sizeof(archive), "%s/boot.cpio", built->plan);
	system_path(built, "host/tenon-policy", tool, sizeof(tool));
	if (command_run(clear, NULL) != 0 || !make_dirs(folder) ||
	    !file_write(manifest_path, manifest, size))
		return false;
	for (size_t p = 0; p < built->partition_count; p++) {
		const struct built_partition *partition = &built->partitions[p];
		if (strcmp(partition->component, "root") == 0)
			continue;
		if (strcmp(partition->kind, "tenon") == 0)
			snprintf(from, sizeof(from), "%s/%s/libos-tenon/libos-tenon.img", built->builds,
				 partition->name);
		else if (strcmp(partition->kind, "linux") == 0)
			system_path(built, "linux-guest/Image", from, sizeof(from));
		else /* build_images refused any component it has no image for */
			system_path(built, component_images[component_index(partition->component)].target,
				    from, sizeof(from));
		snprintf(to, sizeof(to), "%s/%s", folder, partition->image);
		if (!file_copy(from, to, false))
			return false;
	}
	if (built->has_linux) {
		system_path(built, "linux-guest/initramfs.cpio", from, sizeof(from));
		snprintf(to, sizeof(to), "%s/initramfs.cpio", folder);
		if (!file_copy(from, to, false))
			return false;
	}
	if (command_run(compile, log) != 0) {
		size_t length;
		char *text = file_read(log, 1u << 20, &length);
		fprintf(stderr, "tenon-orchestrate: tenon-policy refused the manifest:\n%s",
			text ? text : "");
		free(text);
		return false;
	}
	if (command_run(pack, archive) != 0) {
		fprintf(stderr, "tenon-orchestrate: cannot write %s\n", archive);
		return false;
	}
	return true;
}

static int add_module(void *fdt, int chosen, unsigned index, const char *path, bool root)
{
	static const char root_compatible[] = "tenonos,root-component\0multiboot,module";
	char name[16];
	struct stat status;
	fdt64_t reg[2];
	int node;

	if (stat(path, &status) != 0)
		return -FDT_ERR_NOTFOUND;
	snprintf(name, sizeof(name), "module@%u", index);
	node = fdt_add_subnode(fdt, chosen, name);
	if (node < 0)
		return node;
	reg[0] = cpu_to_fdt64(BOOT_MODULE_BASE + index * BOOT_MODULE_STRIDE);
	reg[1] = cpu_to_fdt64((uint64_t)status.st_size);
	if (root)
		return fdt_setprop(fdt, node, "compatible", root_compatible, sizeof(root_compatible)) ||
		       fdt_setprop(fdt, node, "reg", reg, sizeof(reg));
	return fdt_setprop_string(fdt, node, "compatible", "multiboot,module") ||
	       fdt_setprop(fdt, node, "reg", reg, sizeof(reg));
}

/* The board's devicetree with /chosen naming the two boot modules, the root's image (module 0)
 * and the archive, where the QEMU loader puts them. */
static bool write_boot_dtb(struct built_plan *built, const char *board_dtb)
{
	size_t size;
	void *board = file_read(board_dtb, DTB_MAX_SIZE, &size), *fdt = NULL;
	char dtb[PLAN_PATH_MAX + 16];
	int chosen, error = -1;

	system_path(built, "vmm/root/root.img", built->module[0], sizeof(built->module[0]));
	snprintf(built->module[1], sizeof(built->module[1]), "%s/boot.cpio", built->plan);
	snprintf(dtb, sizeof(dtb), "%s/boot.dtb", built->plan);
	if (board)
		fdt = calloc(1, size + 4096);
	if (fdt && fdt_open_into(board, fdt, (int)(size + 4096)) == 0) {
		chosen = fdt_subnode_offset(fdt, 0, "chosen");
		if (chosen < 0)
			chosen = fdt_add_subnode(fdt, 0, "chosen");
		/* fdt_add_subnode puts a node first: the last module is made first. */
		error = chosen < 0 || fdt_setprop_u32(fdt, chosen, "#address-cells", 2) ||
			fdt_setprop_u32(fdt, chosen, "#size-cells", 2) ||
			add_module(fdt, chosen, 1, built->module[1], false) ||
			add_module(fdt, chosen, 0, built->module[0], true);
	}
	/* Packed: QEMU doubles a -dtb's size for its own additions, and Mortise takes at most 2 MiB. */
	if (error == 0)
		error = fdt_pack(fdt) || !file_write(dtb, fdt, fdt_totalsize(fdt));
	else
		fprintf(stderr, "tenon-orchestrate: cannot add the boot modules to %s\n", board_dtb);
	free(board);
	free(fdt);
	return error == 0;
}

int build_plan(struct built_plan *built, const struct build_options *options)
{
	size_t size;
	void *manifest;
	const char *slash;
	bool ok;

	memset(built, 0, sizeof(*built));
	if (realpath(options->plan_dir, built->plan) == NULL) {
		fprintf(stderr, "tenon-orchestrate: %s: %s\n", options->plan_dir, strerror(errno));
		return 1;
	}
	slash = strrchr(built->plan, '/');
	snprintf(built->builds, sizeof(built->builds), "%s/%s", options->build_dir, slash + 1);
	manifest = compile_manifest(built, &size);
	if (manifest == NULL)
		return 1;
	ok = build_images(built) && (!built->has_linux || write_bootargs(built, &manifest, &size)) &&
	     write_archive(built, manifest, size, options->board_dtb) &&
	     write_boot_dtb(built, options->board_dtb);
	free(manifest);
	if (ok)
		printf("build: %s: %zu partition(s) built, boot modules %s and %s\n", built->plan,
		       built->partition_count, built->module[0], built->module[1]);
	return ok ? 0 : 1;
}
