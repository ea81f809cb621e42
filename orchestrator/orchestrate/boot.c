/* SPDX-License-Identifier: Apache-2.0 */
/* `tenon-orchestrate build --boot`: a built plan booted in QEMU on the board it was planned for,
 * its console checked by the project's qemu-expect harness (test/harness/) against a script
 * written from the manifest: the root builds every partition; the pools' scheduler finds
 * Mortise's Mode 2 calls; every Tenon partition reaches its ready line and powers off; Linux
 * reaches its shell; and a Linux partition with a control channel asks the scheduler for
 * Mortise's object counts with tenonctl. */
#include <string.h>

#include "orchestrate.h"

/* "(a|b|c)": the partitions of kind "tenon" that run at boot (templates wait for the scheduler). */
static size_t tenon_alternatives(const struct built_plan *built, char *out, size_t size)
{
	size_t count = 0, used = 0;

	for (size_t p = 0; p < built->partition_count; p++) {
		const struct built_partition *partition = &built->partitions[p];
		if (strcmp(partition->kind, "tenon") != 0 || partition->is_template)
			continue;
		used += (size_t)snprintf(out + used, size - used, "%s%s", count ? "|" : "(",
					 partition->name);
		count++;
		if (used >= size)
			return 0;
	}
	if (count)
		snprintf(out + used, size - used, ")");
	return count;
}

/*
 * The first instance of the first template, started from Linux: the scheduler names it
 * TEMPLATE-1, it reaches its ready line and powers off, the list shows it stopped and stop
 * reclaims it. The instance runs as soon as it is started, on another CPU than Linux's, so its
 * two lines and Linux's "started 1" come in any order: three lines that each match any of them.
 */
static void write_instance_round(const struct built_plan *built, FILE *out)
{
	for (size_t p = 0; p < built->partition_count; p++) {
		const struct built_partition *template = &built->partitions[p];
		if (!template->is_template || strcmp(template->kind, "tenon") != 0)
			continue;
		fprintf(out, "send tenonctl --channel %s start %s\n", built->linux_control_channel,
			template->name);
		for (int line = 0; line < 3; line++)
			fprintf(out, "expect ^started 1$|\\[%1$s-1\\] Tenon: main thread: [0-9]+ timer "
				     "ticks|Mortise: partition %1$s-1 stopped: powered off\n",
				template->name);
		fprintf(out, "send tenonctl --channel %1$s list\nexpect ^1 +%2$s +stopped\n"
			     "expect linux#[ ]\n"
			     "send tenonctl --channel %1$s stop 1\nexpect ^stop 1: done\n"
			     "expect linux#[ ]\n",
			built->linux_control_channel, template->name);
		return;
	}
}

static bool write_script(const struct built_plan *built, const char *path)
{
	char names[MAX_BUILT_PARTITIONS * 34 + 4], any[sizeof(names) * 2 + 256];
	size_t tenon = tenon_alternatives(built, names, sizeof(names));
	FILE *out = fopen(path, "w");

	if (out == NULL) {
		fprintf(stderr, "tenon-orchestrate: cannot write %s\n", path);
		return false;
	}
	fprintf(out, "# Written by tenon-orchestrate build --boot for %s/policy.dts.\n"
		     "reject Kernel panic|Oops|BUG:|Unable to handle|not syncing|sched: abort\n"
		     "reject ^Mortise: partition .* stopped: (stage-2 fault|exit with no VMM|"
		     "unhandled exit|its VMM has stopped|asked for a reset)\n"
		     "reject unhandled exit|cannot emulate|boot error\n"
		     "expect ^\\[root\\] root: built [0-9]+ partitions, 0 failed\n",
		built->plan);
	/*
	 * The partitions run at once, so their lines come in any order: every expect below takes
	 * any of them. Each of these lines is printed once (the scheduler's start, each Tenon
	 * partition's ready line and its stop, Linux's init), so as many matches as there are
	 * lines means every one came.
	 */
	size_t used = (size_t)snprintf(any, sizeof(any), "(");
	if (built->has_sched)
		used += (size_t)snprintf(any + used, sizeof(any) - used,
					 "\\[sched\\] sched: [0-9]+ CPUs, [0-9]+ templates, "
					 "[0-9]+ control channels; Mode 2 calls present|");
	if (tenon)
		used += (size_t)snprintf(any + used, sizeof(any) - used,
					 "\\[%s\\] Tenon: main thread: [0-9]+ timer ticks|"
					 "Mortise: partition %s stopped: powered off|", names, names);
	if (built->has_linux)
		used += (size_t)snprintf(any + used, sizeof(any) - used, "tenonos-linux: init reached|");
	if (used < sizeof(any))
		any[used - 1] = ')'; /* the last '|' */
	for (size_t line = 0; line < built->has_sched + 2 * tenon + built->has_linux; line++)
		fprintf(out, "expect %s\n", any);
	if (built->has_linux)
		fprintf(out, "expect linux#[ ]\n");
	if (built->has_sched && built->linux_control_channel[0]) {
		fprintf(out, "send tenonctl --channel %s stats\nexpect ^instances [0-9]+\n"
			     "expect ^partitions [0-9]+\nexpect linux#[ ]\n",
			built->linux_control_channel);
		write_instance_round(built, out);
	}
	return fclose(out) == 0;
}

int boot_plan(const struct built_plan *built, const struct board *board, unsigned timeout_seconds)
{
	char script[PLAN_PATH_MAX + 16], log[PLAN_PATH_MAX + 16], harness[PLAN_PATH_MAX + 32];
	char kernel[PLAN_PATH_MAX + 32], dtb[PLAN_PATH_MAX + 16], timeout[16], cpus[16], memory[24];
	char loader[2][PLAN_PATH_MAX + 64];
	char *argv[] = {harness, "--timeout", timeout, "--log", log, script, "--",
			"qemu-system-aarch64", "-M", "virt,virtualization=on,gic-version=3,dtb-randomness=off",
			"-smp", cpus, "-cpu", "max,pauth-impdef=on", "-m", memory, "-nographic",
			"-nic", "none", "-no-reboot", "-kernel", kernel, "-dtb", dtb,
			"-device", loader[0], "-device", loader[1], NULL};
	int status;

	snprintf(script, sizeof(script), "%s/boot.expect", built->plan);
	snprintf(log, sizeof(log), "%s/console.log", built->plan);
	snprintf(dtb, sizeof(dtb), "%s/boot.dtb", built->plan);
	snprintf(harness, sizeof(harness), "%s/system/test/qemu-expect", built->builds);
	snprintf(kernel, sizeof(kernel), "%s/system/kernel/kernel.img", built->builds);
	snprintf(timeout, sizeof(timeout), "%u", timeout_seconds);
	/* QEMU makes the board the devicetree describes: as many CPUs, as much RAM. */
	snprintf(cpus, sizeof(cpus), "%u", board->cpus);
	snprintf(memory, sizeof(memory), "%lluM", (unsigned long long)(board->memory_bytes >> 20));
	for (unsigned m = 0; m < 2; m++)
		snprintf(loader[m], sizeof(loader[m]), "loader,file=%s,addr=0x%llx,force-raw=on",
			 built->module[m], BOOT_MODULE_BASE + m * BOOT_MODULE_STRIDE);
	if (!write_script(built, script))
		return 1;
	printf("boot: %s on %u CPUs and %s of RAM, console in %s\n", built->plan, board->cpus, memory,
	       log);
	fflush(stdout);
	status = command_run(argv, NULL);
	if (status == 0)
		printf("boot: every partition of %s came up\n", built->plan);
	else
		fprintf(stderr, "tenon-orchestrate: %s did not come up as %s expects (console: %s)\n",
			built->plan, script, log);
	return status == 0 ? 0 : 1;
}
