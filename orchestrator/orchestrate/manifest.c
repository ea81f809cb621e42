/* SPDX-License-Identifier: Apache-2.0 */
/* The policy manifest (policy/README.md) of a planned objective: the root component on CPU 0, a
 * Linux VMM component beside it for each Linux partition, a sched component for the pools
 * (Mode 2), every partition on the CPUs the planner gave it, and the channels with doorbells. */
#include <string.h>

#include "orchestrate.h"

#define MIB 0x100000u
#define HYPERVISOR_MIB 96u /* kept for Mortise at the start of RAM */
#define COMPONENT_MIB 16u
#define TENON_DEFAULT_MIB 16u
#define LINUX_DEFAULT_MIB 256u

static unsigned partition_mib(const struct objective_partition *p)
{
	if (p->memory_mib)
		return p->memory_mib;
	return p->kind == PARTITION_LINUX ? LINUX_DEFAULT_MIB : TENON_DEFAULT_MIB;
}

static unsigned component_count(const struct objective *objective)
{
	unsigned components = 1 + (objective->pool_count > 0); /* the root; sched for the pools */
	for (size_t p = 0; p < objective->partition_count; p++)
		components += objective->partitions[p].kind == PARTITION_LINUX; /* its VMM */
	return components;
}

uint64_t manifest_memory_bytes(const struct objective *objective)
{
	uint64_t mib = HYPERVISOR_MIB + COMPONENT_MIB * component_count(objective);
	for (size_t p = 0; p < objective->partition_count; p++)
		mib += partition_mib(&objective->partitions[p]);
	return mib * MIB;
}

static void cpu_list(FILE *out, const unsigned *cpus, size_t count)
{
	fprintf(out, "<");
	for (size_t c = 0; c < count; c++)
		fprintf(out, "%s%u", c ? " " : "", cpus[c]);
	fprintf(out, ">");
}

static void component(FILE *out, const char *name, const char *kind, const char *image,
		      const char *placement)
{
	fprintf(out, "\t\t%s {\n\t\t\tkind = \"component\";\n\t\t\tcomponent = \"%s\";\n"
		     "\t\t\timage = \"%s\";\n\t\t\t%s;\n\t\t\tmemory-size = <0x%x>;\n\t\t\tconsole;\n",
		name, kind, image, placement, COMPONENT_MIB * MIB);
}

static void vmm(FILE *out, const struct objective_partition *guest)
{
	char name[48];
	snprintf(name, sizeof(name), "%s-vmm", guest->name);
	component(out, name, "linux-vmm", "linux-vmm.img", "cpus = <0>");
	fprintf(out, "\t\t\tcapabilities {\n"
		     "\t\t\t\tguest-vcpus {\n\t\t\t\t\ttype = \"vcpu\";\n\t\t\t\t\tof = \"%s\";\n"
		     "\t\t\t\t\trights = \"control\";\n\t\t\t\t};\n"
		     "\t\t\t\tguest-memory {\n\t\t\t\t\ttype = \"memory\";\n\t\t\t\t\tof = \"%s\";\n"
		     "\t\t\t\t\trights = \"read\", \"write\";\n\t\t\t\t};\n\t\t\t};\n\t\t};\n\n",
		guest->name, guest->name);
}

/*
 * The pools' scheduler runs outside every pool (vmm/sched/README.md says why), on the CPU the
 * planner gave it; its pools' templates are its to instantiate, so it needs no capability over
 * them, only control of each pool's scheduling context.
 */
static void sched(FILE *out, const struct objective *objective)
{
	char placement[32];
	snprintf(placement, sizeof(placement), "cpus = <%u>", objective->sched_cpu);
	component(out, "sched", "sched", "sched.img", placement);
	fprintf(out, "\t\t\tcapabilities {\n");
	for (size_t q = 0; q < objective->pool_count; q++)
		fprintf(out, "\t\t\t\tpool-%s {\n\t\t\t\t\ttype = \"sched-context\";\n"
			     "\t\t\t\t\tof = \"%s\";\n\t\t\t\t\trights = \"read\", \"write\", "
			     "\"control\";\n\t\t\t\t};\n",
			objective->pools[q].name, objective->pools[q].name);
	fprintf(out, "\t\t\t};\n\t\t};\n\n");
}

/*
 * A template's instances run on a budget: without one an instance claims a whole CPU
 * (budget = period), which no pool's admission bound lets in. A fifth of a 10 ms period lets
 * four instances share a CPU under the default 90% bound.
 */
#define TEMPLATE_BUDGET_US 2000u
#define TEMPLATE_PERIOD_US 10000u

static void partition(FILE *out, const struct objective_partition *p, bool *uart_given)
{
	fprintf(out, "\t\t%s {\n", p->name);
	if (p->kind == PARTITION_TENON) {
		fprintf(out, "\t\t\tkind = \"tenon\";\n\t\t\timage = \"%s.img\";\n", p->name);
	} else {
		fprintf(out, "\t\t\tkind = \"linux\";\n\t\t\timage = \"Image\";\n"
			     "\t\t\tinitrd = \"initramfs.cpio\";\n");
	}
	if (p->pool[0]) {
		fprintf(out, "\t\t\tpool = \"%s\";\n\t\t\tbudget-us = <%u>;\n\t\t\tperiod-us = <%u>;\n",
			p->pool, TEMPLATE_BUDGET_US, TEMPLATE_PERIOD_US);
		if (p->cpu_request > 1)
			fprintf(out, "\t\t\tvcpus = <%u>;\n", p->cpu_request);
	} else {
		fprintf(out, "\t\t\tcpus = ");
		cpu_list(out, p->cpus, p->cpu_count);
		fprintf(out, ";\n");
	}
	fprintf(out, "\t\t\tmemory-size = <0x%x>;\n", partition_mib(p) * MIB);
	if (p->kind == PARTITION_LINUX) {
		if (!*uart_given)
			fprintf(out, "\t\t\tdevices = \"/pl011@9000000\";\n");
		*uart_given = true;
		fprintf(out, "\t\t\tvmm = \"%s-vmm\";\n", p->name);
	} else {
		fprintf(out, "\t\t\tconsole;\n");
	}
	fprintf(out, "\t\t};\n\n");
}

/* Whether pool Q is the first to name its control partition (one channel per partition). */
static bool first_control(const struct objective *objective, size_t q)
{
	if (!objective->pools[q].control[0])
		return false;
	for (size_t earlier = 0; earlier < q; earlier++)
		if (strcmp(objective->pools[earlier].control, objective->pools[q].control) == 0)
			return false;
	return true;
}

static bool controlled(const struct objective *objective)
{
	for (size_t q = 0; q < objective->pool_count; q++)
		if (objective->pools[q].control[0])
			return true;
	return false;
}

/* A control channel to the scheduler: its requests (tenonctl's, from Linux) start and stop
 * instances of the templates. The first is "sched-control", the name tenonctl looks for unless
 * told another (--channel); a second controller's is "<partition>-sched". */
static void control_channels(FILE *out, const struct objective *objective)
{
	bool named = false;
	for (size_t q = 0; q < objective->pool_count; q++) {
		if (!first_control(objective, q))
			continue;
		if (named)
			fprintf(out, "\t\t%s-sched {\n", objective->pools[q].control);
		else
			fprintf(out, "\t\tsched-control {\n");
		named = true;
		fprintf(out, "\t\t\tbetween = \"%s\", \"sched\";\n\t\t\tsize = <0x1000>;\n"
			     "\t\t\tdoorbell;\n\t\t\tcontrol;\n\t\t};\n",
			objective->pools[q].control);
	}
}

void manifest_write(FILE *out, const struct objective *objective)
{
	bool uart_given = false;

	fprintf(out, "// Generated by tenon-orchestrate plan from %s\n/dts-v1/;\n\n/ {\n"
		     "\tcompatible = \"tenonos,policy-1\";\n\thypervisor-memory = <0x%x>;\n\n"
		     "\tpartitions {\n",
		objective->source, HYPERVISOR_MIB * MIB);
	component(out, "root", "root", "root.img", "cpus = <0>");
	fprintf(out, "\t\t};\n\n");
	for (size_t p = 0; p < objective->partition_count; p++)
		if (objective->partitions[p].kind == PARTITION_LINUX)
			vmm(out, &objective->partitions[p]);
	if (objective->pool_count)
		sched(out, objective);
	for (size_t p = 0; p < objective->partition_count; p++)
		partition(out, &objective->partitions[p], &uart_given);
	fprintf(out, "\t};\n");
	if (objective->pool_count) {
		fprintf(out, "\n\tpools {\n");
		for (size_t q = 0; q < objective->pool_count; q++) {
			fprintf(out, "\t\t%s {\n\t\t\tcpus = ", objective->pools[q].name);
			cpu_list(out, objective->pools[q].cpus, objective->pools[q].cpu_count);
			fprintf(out, ";\n\t\t\tscheduler = \"sched\";\n\t\t};\n");
		}
		fprintf(out, "\t};\n");
	}
	if (objective->channel_count || controlled(objective)) {
		fprintf(out, "\n\tchannels {\n");
		control_channels(out, objective);
		for (size_t c = 0; c < objective->channel_count; c++)
			fprintf(out, "\t\t%s-%s {\n\t\t\tbetween = \"%s\", \"%s\";\n"
				     "\t\t\tsize = <0x1000>;\n\t\t\tdoorbell;\n\t\t};\n",
				objective->channels[c][0], objective->channels[c][1],
				objective->channels[c][0], objective->channels[c][1]);
		fprintf(out, "\t};\n");
	}
	fprintf(out, "};\n");
}
