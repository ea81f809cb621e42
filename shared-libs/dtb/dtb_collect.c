/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The platform collected in the pass that checks the blob (dtb_check_collect): each node's
 * properties are kept as they go by, and when they are over (a child begins or the node ends,
 * since properties come first) the node is read for what it is: memory, a CPU, /chosen, a boot
 * module, the GIC, a console, PSCI, the timer. What a node needs of its ancestors (reg layout,
 * bus mapping, interrupt parent) is kept per open node, so no lookup ever walks the tree again.
 */
#include <string.h>

#include "array_length.h"
#include "dtb_internal.h"

_Static_assert(DTB_PROPERTIES <= 32, "values_present has a bit for each");

/* A string with its size, NUL included: most strings compared differ in size. */
struct sized_string {
	const char *string;
	size_t size;
};
#define NAME(literal) {literal, sizeof(literal)}

static const struct sized_string property_names[DTB_PROPERTIES] = {
	[DTB_PROPERTY_COMPATIBLE] = NAME("compatible"),
	[DTB_PROPERTY_STATUS] = NAME("status"),
	[DTB_PROPERTY_DEVICE_TYPE] = NAME("device_type"),
	[DTB_PROPERTY_REG] = NAME("reg"),
	[DTB_PROPERTY_RANGES] = NAME("ranges"),
	[DTB_PROPERTY_ADDRESS_CELLS] = NAME("#address-cells"),
	[DTB_PROPERTY_SIZE_CELLS] = NAME("#size-cells"),
	[DTB_PROPERTY_INTERRUPTS] = NAME("interrupts"),
	[DTB_PROPERTY_INTERRUPT_PARENT] = NAME("interrupt-parent"),
	[DTB_PROPERTY_INTERRUPT_CELLS] = NAME("#interrupt-cells"),
	[DTB_PROPERTY_PHANDLE] = NAME("phandle"),
	[DTB_PROPERTY_LINUX_PHANDLE] = NAME("linux,phandle"),
	[DTB_PROPERTY_REDISTRIBUTOR_REGIONS] = NAME("#redistributor-regions"),
	[DTB_PROPERTY_CPU_INTERFACE_ONLY] = NAME("tenonos,cpu-interface-only"),
	[DTB_PROPERTY_METHOD] = NAME("method"),
	[DTB_PROPERTY_CONSOLE_CAPABILITY] = NAME("tenonos,console-capability"),
	[DTB_PROPERTY_MODULE_CPU] = NAME("tenonos,cpu"),
	[DTB_PROPERTY_MODULE_FEATURES] = NAME("tenonos,features"),
	[DTB_PROPERTY_BOOTARGS] = NAME("bootargs"),
	[DTB_PROPERTY_INITRD_START] = NAME("linux,initrd-start"),
	[DTB_PROPERTY_INITRD_END] = NAME("linux,initrd-end"),
	[DTB_PROPERTY_STDOUT_PATH] = NAME("stdout-path"),
};

static const struct {
	struct sized_string compatible;
	unsigned kind;
} known_compatibles[] = {
	{NAME("arm,psci-1.0"), DTB_KIND_PSCI_1_0},
	{NAME("arm,psci-0.2"), DTB_KIND_PSCI_0_2},
	{NAME("arm,psci"), DTB_KIND_PSCI},
	{NAME("arm,gic-v3"), DTB_KIND_GIC_V3},
	{NAME("arm,cortex-a15-gic"), DTB_KIND_GIC_V2},
	{NAME("arm,gic-400"), DTB_KIND_GIC_V2},
	{NAME("arm,armv8-timer"), DTB_KIND_TIMER},
	{NAME("arm,pl011"), DTB_KIND_PL011},
	{NAME("tenonos,hypervisor-console"), DTB_KIND_HYPERVISOR_CONSOLE},
	{NAME("multiboot,module"), DTB_KIND_MODULE},
	{NAME("tenonos,root-component"), DTB_KIND_ROOT_COMPONENT},
};

void dtb_collect_start(struct dtb_collector *collector, const void *fdt, const char *strings)
{
	memset(collector, 0, offsetof(struct dtb_collector, frames));
	collector->fdt = fdt;
	collector->strings = strings;
	collector->platform.bootargs = "";
	collector->platform.root_module = -1;
	collector->chosen = collector->cpus = collector->aliases = DTB_NO_NODE;
	collector->gic.node = collector->timer = DTB_NO_NODE;
	for (unsigned slot = 0; slot < DTB_NAME_SLOTS; slot++)
		collector->name_offset[slot] = UINT32_MAX;
}

unsigned dtb_collect_name(struct dtb_collector *collector, uint32_t name_offset)
{
	unsigned slot = name_offset % DTB_NAME_SLOTS;
	const char *name = collector->strings + name_offset;
	size_t size = strlen(name) + 1;
	unsigned id;

	for (id = 0; id < DTB_PROPERTIES; id++)
		if (size == property_names[id].size &&
		    memcmp(name, property_names[id].string, size) == 0)
			break;
	collector->name_offset[slot] = name_offset;
	collector->name_id[slot] = (uint8_t)id;
	return id;
}

/* The kinds a compatible list names; a list whose last string has no NUL names none. */
static unsigned kinds_of(const struct dtb_value *compatible)
{
	const char *list = compatible->data;
	int length = compatible->length;
	unsigned kinds = 0;

	if (!list || length <= 0 || list[length - 1] != '\0')
		return 0;
	for (size_t at = 0, size; at < (size_t)length; at += size) {
		size = strlen(list + at) + 1;
		/* Most compatibles are other vendors': "arm,", "tenonos," and "multiboot," only. */
		if (list[at] != 'a' && list[at] != 't' && list[at] != 'm')
			continue;
		for (size_t i = 0; i < ARRAY_LENGTH(known_compatibles); i++)
			if (size == known_compatibles[i].compatible.size &&
			    memcmp(list + at, known_compatibles[i].compatible.string, size) == 0)
				kinds |= known_compatibles[i].kind;
	}
	return kinds;
}

/* What the node's children inherit: reg layout, bus mapping, interrupt parent. */
static void keep_frame(struct dtb_frame *frame, const struct dtb_frame *parent,
		       const struct dtb_value *values)
{
	const struct dtb_value *ranges = &values[DTB_PROPERTY_RANGES];
	const struct dtb_value *interrupt_parent = &values[DTB_PROPERTY_INTERRUPT_PARENT];

	frame->layout_error = dtb_reg_layout_of(&values[DTB_PROPERTY_ADDRESS_CELLS],
						&values[DTB_PROPERTY_SIZE_CELLS], &frame->layout);
	frame->maps_identically =
		!parent || (parent->maps_identically && ranges->data && ranges->length == 0);
	if (interrupt_parent->data)
		frame->interrupt_parent = dtb_cell_value(interrupt_parent, 0);
	else
		frame->interrupt_parent = parent ? parent->interrupt_parent : 0;
}

/* /chosen, /cpus and /aliases: the first child of the root of each name. */
static void collect_well_known(struct dtb_collector *collector, const struct dtb_node_seen *seen,
			       const char *name)
{
	/* Most of the root's children are devices, whose names begin otherwise. */
	if (name[0] != 'c' && name[0] != 'a')
		return;
	if (collector->chosen < 0 && dtb_name_matches(name, "chosen", 6)) {
		collector->chosen = seen->node;
		dtb_collect_chosen(collector, seen);
	} else if (collector->cpus < 0 && dtb_name_matches(name, "cpus", 4)) {
		collector->cpus = seen->node;
		dtb_collect_cpus(collector, seen);
	} else if (collector->aliases < 0 && dtb_name_matches(name, "aliases", 7)) {
		collector->aliases = seen->node;
	}
}

static void collect_root_child(struct dtb_collector *collector, const struct dtb_node_seen *seen,
			       const char *name)
{
	collect_well_known(collector, seen, name);
	if (seen->enabled && dtb_value_is(&seen->values[DTB_PROPERTY_DEVICE_TYPE], "memory"))
		dtb_collect_memory(collector, seen);
}

static void collect_psci(struct dtb_collector *collector, const struct dtb_node_seen *seen)
{
	for (unsigned i = 0; i < DTB_PSCI_KINDS; i++) {
		if (!(seen->kinds & (1u << i)) || collector->psci_found[i])
			continue;
		collector->psci_found[i] = true;
		collector->psci_method[i] = seen->values[DTB_PROPERTY_METHOD];
	}
}

static void collect_enabled_device(struct dtb_collector *collector,
				   const struct dtb_node_seen *seen)
{
	collect_psci(collector, seen);
	if ((seen->kinds & DTB_KIND_GIC_V3) && collector->gic.node < 0)
		dtb_collect_gic(collector, seen);
	if (seen->kinds & DTB_KIND_GIC_V2)
		collector->gicv2 = true;
	if ((seen->kinds & DTB_KIND_TIMER) && collector->timer < 0) {
		collector->timer = seen->node;
		collector->timer_interrupts = dtb_interrupt_source(seen);
	}
	if (seen->kinds & (DTB_KIND_PL011 | DTB_KIND_HYPERVISOR_CONSOLE))
		dtb_collect_console(collector, seen);
}

/* The properties of the innermost open node are over: read it for what it is. */
static void properties_end(struct dtb_collector *collector)
{
	unsigned depth = collector->depth - 1;
	struct dtb_frame *frame = &collector->frames[depth];
	const struct dtb_frame *parent = depth > 0 ? frame - 1 : NULL;
	const struct dtb_value *values = collector->values;
	const struct dtb_value *status = &values[DTB_PROPERTY_STATUS];
	struct dtb_node_seen seen = {
		.node = frame->node,
		.depth = depth,
		.kinds = kinds_of(&values[DTB_PROPERTY_COMPATIBLE]),
		.enabled = dtb_status_enabled(status->data, status->length),
		.values = values,
		.parent = parent,
		.frames = collector->frames,
	};

	collector->properties_open = false;
	keep_frame(frame, parent, values);
	if (depth == 0)
		dtb_collect_root(collector, &seen);
	else if (depth == 1)
		collect_root_child(collector, &seen, frame->name);
	else if (depth == 2 && parent->node == collector->cpus)
		dtb_collect_cpu(collector, &seen);
	else if (depth == 2 && parent->node == collector->chosen && (seen.kinds & DTB_KIND_MODULE))
		dtb_collect_module(collector, &seen);
	if (seen.enabled && seen.kinds)
		collect_enabled_device(collector, &seen);
	/* Back to all absent for the next node, clearing only what this one had. */
	for (uint32_t present = collector->values_present; present; present &= present - 1)
		collector->values[__builtin_ctz(present)].data = NULL;
	collector->values_present = 0;
}

void dtb_collect_node(struct dtb_collector *collector, int node, const char *name)
{
	if (collector->properties_open)
		properties_end(collector);
	collector->frames[collector->depth++] = (struct dtb_frame){.node = node, .name = name};
	collector->properties_open = true;
}

void dtb_collect_node_end(struct dtb_collector *collector)
{
	if (collector->properties_open)
		properties_end(collector);
	collector->depth--;
}

enum dtb_status dtb_finish(struct dtb_collector *collector, enum dtb_fact fact,
			   struct dtb_diagnostic *diagnostic)
{
	static enum dtb_status (*const finish[DTB_FACTS])(struct dtb_collector *,
							   struct dtb_diagnostic *) = {
		[DTB_FACT_PSCI] = dtb_finish_psci,     [DTB_FACT_CHOSEN] = dtb_finish_chosen,
		[DTB_FACT_MEMORY] = dtb_finish_memory, [DTB_FACT_CPUS] = dtb_finish_cpus,
		[DTB_FACT_UART] = dtb_finish_uart,     [DTB_FACT_GIC] = dtb_finish_gic,
		[DTB_FACT_TIMER] = dtb_finish_timer,
	};

	return finish[fact](collector, diagnostic);
}
