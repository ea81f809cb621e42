/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Which hypercalls a partition can get past the dispatcher's capability checks. Each function is
 * probed with hc_dispatch itself on the replayed capability system: a handler that only records
 * that it was reached stands in for the real one, and every combination of the partition's
 * selectors is tried in the function's capability arguments. A function is reachable when one
 * combination passes hc_dispatch's type and rights checks.
 *
 * The capability group is caps/'s own hc_caps_group (its requirement table, our handler). The
 * kernel's groups live in kernel/, EL2 code a host tool cannot link; their functions and
 * requirements come from the same caps.h HC_*_FUNCTIONS lists the kernel builds its tables from.
 */
#include <string.h>

#include "array_length.h"
#include "audit.h"

static enum cap_status probe_reached(struct hc_call *call)
{
	*(bool *)call->context = true;
	return CAP_OK;
}

/* Every kernel function of caps.h's lists, each with the handler that records the probe. */
#define PROBE_FUNCTION(group, number, name, requirement)                                          \
	[number] = {#name, probe_reached, HC_REQUIRES_##requirement},
static const struct hc_function hypervisor_functions[] = {HC_HYPERVISOR_FUNCTIONS(PROBE_FUNCTION)};
static const struct hc_function console_functions[] = {HC_CONSOLE_FUNCTIONS(PROBE_FUNCTION)};
static const struct hc_function vcpu_functions[] = {HC_VCPU_FUNCTIONS(PROBE_FUNCTION)};
static const struct hc_function endpoint_functions[] = {HC_ENDPOINT_FUNCTIONS(PROBE_FUNCTION)};
static const struct hc_function partition_functions[] = {HC_PARTITION_FUNCTIONS(PROBE_FUNCTION)};
static const struct hc_function channel_functions[] = {HC_CHANNEL_FUNCTIONS(PROBE_FUNCTION)};
static const struct hc_function sched_functions[] = {HC_SCHED_FUNCTIONS(PROBE_FUNCTION)};

#define MAX_CAPS_FUNCTIONS 16

static struct hc_function caps_functions[MAX_CAPS_FUNCTIONS];
static struct hc_group probe_groups[8];
static const struct hc_group *probe_group_list[8];

static void build_probe_table(struct hc_table *table)
{
	unsigned caps_count = hc_caps_group.function_count < MAX_CAPS_FUNCTIONS
				      ? hc_caps_group.function_count
				      : MAX_CAPS_FUNCTIONS;
	for (unsigned i = 0; i < caps_count; i++) {
		caps_functions[i] = hc_caps_group.functions[i];
		caps_functions[i].handler = probe_reached;
	}
	probe_groups[0] = (struct hc_group){"hypervisor", HC_GROUP_HYPERVISOR,
					    ARRAY_LENGTH(hypervisor_functions), hypervisor_functions};
	probe_groups[1] = (struct hc_group){hc_caps_group.name, hc_caps_group.number,
					    (uint8_t)caps_count, caps_functions};
	probe_groups[2] = (struct hc_group){"console", HC_GROUP_CONSOLE, ARRAY_LENGTH(console_functions),
					    console_functions};
	probe_groups[3] =
		(struct hc_group){"vcpu", HC_GROUP_VCPU, ARRAY_LENGTH(vcpu_functions), vcpu_functions};
	probe_groups[4] = (struct hc_group){"endpoint", HC_GROUP_ENDPOINT,
					    ARRAY_LENGTH(endpoint_functions), endpoint_functions};
	probe_groups[5] = (struct hc_group){"partition", HC_GROUP_PARTITION,
					    ARRAY_LENGTH(partition_functions), partition_functions};
	probe_groups[6] = (struct hc_group){"channel", HC_GROUP_CHANNEL, ARRAY_LENGTH(channel_functions),
					    channel_functions};
	probe_groups[7] = (struct hc_group){"sched", HC_GROUP_SCHED, ARRAY_LENGTH(sched_functions),
					    sched_functions};
	for (unsigned i = 0; i < ARRAY_LENGTH(probe_groups); i++)
		probe_group_list[i] = &probe_groups[i];
	*table = (struct hc_table){probe_group_list, ARRAY_LENGTH(probe_group_list)};
}

/* Tries selector combinations for requirements [argument, count); true when one got through. */
static bool probe(const struct hc_table *table, struct cap_system *system, uint16_t space,
		  const struct hc_function *function, uint32_t id, unsigned argument,
		  const struct partition_authority *holder, cap_selector *via)
{
	if (argument == function->cap_count) {
		struct hc_registers registers = {{id}};
		bool reached = false;
		for (unsigned i = 0; i < function->cap_count; i++)
			registers.x[function->caps[i].argument] = via[i];
		return hc_dispatch(table, system, space, &registers, &reached) == CAP_OK && reached;
	}
	for (size_t i = 0; i < holder->cap_count; i++) {
		via[argument] = holder->caps[i].selector;
		if (probe(table, system, space, function, id, argument + 1, holder, via))
			return true;
	}
	return false;
}

void reach_compute(struct authority *authority)
{
	struct hc_table table;

	if (authority->system == NULL)
		return;
	build_probe_table(&table);
	for (uint16_t space = 0; space < authority->partition_count; space++) {
		struct partition_authority *holder = &authority->partitions[space];
		holder->call_count = 0;
		for (size_t g = 0; g < table.group_count; g++) {
			const struct hc_group *group = table.groups[g];
			for (unsigned f = 0; f < group->function_count; f++) {
				const struct hc_function *function = &group->functions[f];
				uint32_t id = HC_ID(group->number, f);
				cap_selector via[HC_MAX_CAP_ARGUMENTS] = {0};
				if (function->handler == NULL || holder->call_count == AUDIT_MAX_CALLS ||
				    function->cap_count > HC_MAX_CAP_ARGUMENTS ||
				    !probe(&table, authority->system, space, function, id, 0, holder,
					   via))
					continue;
				struct reachable_call *call = &holder->calls[holder->call_count++];
				*call = (struct reachable_call){group->name, function->name, id, {0},
								function->cap_count};
				memcpy(call->via, via, sizeof(via));
			}
		}
	}
}
