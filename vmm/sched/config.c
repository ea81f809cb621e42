// SPDX-License-Identifier: Apache-2.0
/*
 * What the root told the sched component in its devicetree (README.md has the binding): the
 * pool's scheduling context and CPUs, the boot archive, each template and the control channels.
 * Every value is checked before use, as sched-proto and admission would refuse later anyway.
 */
#include "sched.h"

#include <libfdt.h>
#include <string.h>

#include "console.h"
#include "dtb.h"

static bool read_template(const void *fdt, int node, struct sched_template *t)
{
	uint32_t vcpus, priority, budget, period;
	uint64_t max_instances;

	if (!dtb_read_string(fdt, node, "name", t->name, sizeof(t->name)) ||
	    !dtb_read_u32(fdt, node, "vcpus", &vcpus) ||
	    !dtb_read_u32(fdt, node, "priority", &priority) ||
	    !dtb_read_u32(fdt, node, "budget-us", &budget) ||
	    !dtb_read_u32(fdt, node, "period-us", &period) ||
	    !dtb_read_u32(fdt, node, "memory", &t->memory) ||
	    !dtb_read_pair(fdt, node, "instances", &t->instance_size, &max_instances) ||
	    !dtb_read_pair(fdt, node, "image", &t->image_offset, &t->image_size))
		return false;
	t->vcpus = vcpus;
	t->console = fdt_getprop(fdt, node, "console", NULL) != NULL;
	t->max_instances = (unsigned)max_instances;
	t->defaults = (struct admission_params){.budget_us = budget, .period_us = period,
						.priority = (uint8_t)priority};
	return vcpus >= 1 && vcpus <= SCHED_MAX_INSTANCE_VCPUS && max_instances >= 1 &&
	       max_instances <= SCHED_MAX_INSTANCES && priority >= 1 &&
	       priority <= SCHED_PRIORITY_MAX && budget >= 1 && budget <= period &&
	       period <= SCHED_PERIOD_MAX_US && t->instance_size % HC_STAGE2_TABLE_SIZE == 0 &&
	       t->instance_size != 0;
}

/* A control@K node: the channel (by name, among those mapped) and whether it may change things. */
static bool read_control(const void *fdt, int node, const struct dtb_channels *mapped,
			 struct control_channel *channel)
{
	char name[SCHED_NAME_SIZE * 4];
	uint32_t may_control;

	if (!dtb_read_string(fdt, node, "channel", name, sizeof(name)) ||
	    !dtb_read_u32(fdt, node, "may-control", &may_control) || may_control > 1)
		return false;
	for (unsigned i = 0; i < mapped->count; i++) {
		const struct dtb_channel *c = &mapped->channel[i];
		if (strcmp(c->name, name) == 0 && c->memory.size >= SCHED_MAILBOX_SIZE) {
			channel->mailbox = (void *)(uintptr_t)c->memory.base;
			channel->size = c->memory.size;
			channel->may_control = may_control;
			return true;
		}
	}
	return false;
}

bool sched_config_read(const void *dtb, struct sched_config *config)
{
	static struct dtb_channels mapped;
	struct dtb_diagnostic diagnostic;
	int node;

	memset(config, 0, sizeof(*config));
	if (dtb_read_channels(dtb, &mapped, &diagnostic) != DTB_OK ||
	    (node = fdt_path_offset(dtb, "/tenonos,sched")) < 0) {
		console_printf("sched: my devicetree has no /tenonos,sched (or bad channels)\n");
		return false;
	}
	if (!dtb_read_u32(dtb, node, "sched-context", &config->sched_context) ||
	    !dtb_read_u32(dtb, node, "archive", &config->archive) ||
	    !dtb_read_u32(dtb, node, "self-memory", &config->self_memory) ||
	    !dtb_read_cells(dtb, node, "cpus", config->cpus, ADMISSION_MAX_CPUS,
			    &config->cpu_count) ||
	    config->cpu_count == 0) {
		console_printf("sched: /tenonos,sched: sched-context, archive, self-memory or cpus "
			       "missing\n");
		return false;
	}
	int child;
	fdt_for_each_subnode(child, dtb, node) {
		const char *name = fdt_get_name(dtb, child, NULL);
		bool ok;
		if (strncmp(name, "template@", 9) == 0)
			ok = config->template_count < SCHED_MAX_TEMPLATES &&
			     read_template(dtb, child, &config->templates[config->template_count++]);
		else if (strncmp(name, "control@", 8) == 0)
			ok = config->channel_count < SCHED_MAX_CONTROL_CHANNELS &&
			     read_control(dtb, child, &mapped,
					  &config->channels[config->channel_count++]);
		else
			ok = false;
		if (!ok) {
			console_printf("sched: /tenonos,sched/%s: malformed\n", name);
			return false;
		}
	}
	for (unsigned i = 0; i < config->channel_count; i++)
		sched_mailbox_serve(config->channels[i].mailbox, config->channels[i].size);
	return true;
}
