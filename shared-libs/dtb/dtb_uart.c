/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>

#include "dtb_internal.h"

#define UART_NODE "arm,pl011 node"
#define UART_BUS "parent of the arm,pl011 node"
#define HYPERVISOR_CONSOLE_NODE "tenonos,hypervisor-console node"

static void read_pl011(const struct dtb_node_seen *seen, struct dtb_console *console)
{
	struct dtb_reg_layout layout;
	struct dtb_range registers;
	const dtb_cell *reg;
	unsigned entries;

	console->interrupts = dtb_interrupt_source(seen);
	if (dtb_device_reg(seen, UART_NODE, UART_BUS, &reg, &entries, &layout, &console->error) !=
		    DTB_OK ||
	    dtb_reg_entry(reg, &layout, 0, UART_NODE, &registers, &console->error) != DTB_OK)
		return;
	if (registers.size == 0)
		dtb_fail(&console->error, DTB_ERR_BAD_PROPERTY, UART_NODE, "reg",
			 "a non-empty register window");
	console->base = registers.base;
}

/*
 * An enabled PL011 or hypervisor console, kept with the names on its path for stdout-path (which
 * /chosen may give after it): the first DTB_MAX_CONSOLES of them.
 */
void dtb_collect_console(struct dtb_collector *collector, const struct dtb_node_seen *seen)
{
	struct dtb_console *console = &collector->consoles[collector->console_count];

	if (collector->console_count == DTB_MAX_CONSOLES)
		return;
	collector->console_count++;
	console->hypervisor = (seen->kinds & DTB_KIND_HYPERVISOR_CONSOLE) != 0;
	console->depth = seen->depth;
	for (unsigned level = 1; level <= seen->depth && level <= DTB_CONSOLE_PATH_DEPTH; level++)
		console->path[level - 1] = seen->frames[level].name;
	if (console->hypervisor)
		console->capability = seen->values[DTB_PROPERTY_CONSOLE_CAPABILITY];
	else
		read_pl011(seen, console);
}

/* Whether the absolute path [path, path + length) names the console, by dtb_name_matches. */
static bool path_names(const struct dtb_console *console, const char *path, size_t length)
{
	unsigned level = 0;

	if (console->depth > DTB_CONSOLE_PATH_DEPTH)
		return false;
	for (size_t at = 0;;) {
		while (at < length && path[at] == '/')
			at++;
		if (at == length)
			return level == console->depth;
		const char *component = path + at;
		const char *slash = memchr(component, '/', length - at);
		size_t component_length = slash ? (size_t)(slash - component) : length - at;

		if (level == console->depth ||
		    !dtb_name_matches(console->path[level], component, component_length))
			return false;
		level++;
		at += component_length;
	}
}

static const struct dtb_console *console_at(const struct dtb_collector *collector,
					    const char *path, size_t length)
{
	for (unsigned i = 0; i < collector->console_count; i++)
		if (path_names(&collector->consoles[i], path, length))
			return &collector->consoles[i];
	return NULL;
}

/*
 * The console an alias names. An alias's value is a path, never another alias: libfdt 1.6.1
 * follows such chains recursively, and a self-naming alias overflowed its stack.
 */
static const struct dtb_console *alias_console(const struct dtb_collector *collector,
					       const char *name, size_t name_length)
{
	const char *path;
	int length;

	if (collector->aliases < 0)
		return NULL;
	path = dtb_property_namelen(collector->fdt, collector->aliases, name, name_length, &length);
	/* Alias values are absolute paths (Devicetree Specification 3.3). */
	if (!path || length < 2 || path[0] != '/' ||
	    memchr(path, '\0', (size_t)length) != path + length - 1)
		return NULL;
	return console_at(collector, path, (size_t)length - 1);
}

/*
 * stdout-path is a path or an alias, optionally followed by ':' and console options such as
 * "115200n8" (Devicetree Specification 3.6). A path that does not lead to a usable console is not
 * an error: the caller falls back to the first enabled PL011.
 */
static enum dtb_status stdout_console(const struct dtb_collector *collector,
				      const struct dtb_console **console,
				      struct dtb_diagnostic *diagnostic)
{
	const struct dtb_value *value = &collector->stdout_path;
	const char *path, *options;
	size_t length;

	*console = NULL;
	switch (dtb_string_value(value->data, value->length, &path)) {
	case DTB_STRING_ABSENT:
		return dtb_succeed(diagnostic);
	case DTB_STRING_MALFORMED:
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, "/chosen", "stdout-path",
				"one NUL-terminated string: a path or alias, optionally "
				"\":options\"");
	case DTB_STRING_PRESENT:
	default:
		break;
	}
	options = strchr(path, ':');
	length = options ? (size_t)(options - path) : strlen(path);
	if (length > 0)
		*console = path[0] == '/' ? console_at(collector, path, length)
					  : alias_console(collector, path, length);
	return dtb_succeed(diagnostic);
}

/* A console reached through a hypervisor capability rather than a device (Mortise guests). */
static enum dtb_status read_hypervisor_console(const struct dtb_console *console,
					       struct dtb_platform *platform,
					       struct dtb_diagnostic *diagnostic)
{
	const struct dtb_value *selector = &console->capability;

	if (!selector->data || selector->length != (int)sizeof(dtb_cell))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, HYPERVISOR_CONSOLE_NODE,
				"tenonos,console-capability",
				"one cell: the selector of the console capability");
	platform->uart_base = 0;
	platform->uart_intid = 0;
	platform->hypervisor_console = true;
	platform->console_capability = dtb_cell_value(selector, 0);
	return dtb_succeed(diagnostic);
}

static enum dtb_status read_uart(const struct dtb_collector *collector,
				 const struct dtb_console *uart, struct dtb_platform *platform,
				 struct dtb_diagnostic *diagnostic)
{
	const dtb_cell *specifiers = uart->interrupts.specifiers.data;
	unsigned count;
	enum dtb_status status;

	if (uart->error.status != DTB_OK)
		return dtb_report(diagnostic, &uart->error);
	status = dtb_interrupts(collector, &uart->interrupts, UART_NODE, &count, diagnostic);
	if (status != DTB_OK)
		return status;
	platform->uart_base = uart->base;
	platform->uart_intid = 0;
	if (count > 0 && !dtb_interrupt_intid(specifiers, 0, &platform->uart_intid))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, UART_NODE, "interrupts",
				"an SPI (type 0, number < 988) or PPI (type 1, number < 16)");
	return dtb_succeed(diagnostic);
}

enum dtb_status dtb_finish_uart(struct dtb_collector *collector, struct dtb_diagnostic *diagnostic)
{
	struct dtb_platform *platform = &collector->platform;
	const struct dtb_console *console;
	enum dtb_status status = stdout_console(collector, &console, diagnostic);

	if (status != DTB_OK)
		return status;
	platform->hypervisor_console = false;
	if (console && console->hypervisor)
		return read_hypervisor_console(console, platform, diagnostic);
	for (unsigned i = 0; !console && i < collector->console_count; i++)
		if (!collector->consoles[i].hypervisor)
			console = &collector->consoles[i];
	if (!console)
		return dtb_fail(diagnostic, DTB_ERR_NO_UART, "/chosen", "stdout-path",
				"a path or alias of an enabled node compatible with \"arm,pl011\", "
				"or any such node");
	return read_uart(collector, console, platform, diagnostic);
}
