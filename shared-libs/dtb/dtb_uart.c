/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>

#include "dtb_internal.h"

#define UART_NODE "arm,pl011 node"
#define UART_BUS "parent of the arm,pl011 node"
#define HYPERVISOR_CONSOLE_NODE "tenonos,hypervisor-console node"

static bool is_enabled_pl011(const void *fdt, int node)
{
	return node >= 0 && dtb_compatible(fdt, node, "arm,pl011") &&
	       dtb_node_enabled(fdt, node);
}

/*
 * The node an alias names. An alias's value is a path, never another alias: libfdt 1.6.1 follows
 * such chains recursively, and a self-naming alias overflowed its stack.
 */
static int alias_target(const struct dtb_tree *tree, const char *name, int name_length)
{
	const void *fdt = tree->fdt;
	int aliases = tree->aliases;
	const char *path;
	int length;

	if (aliases < 0)
		return aliases;
	path = dtb_property_namelen(fdt, aliases, name, (size_t)name_length, &length);
	/* Alias values are absolute paths (Devicetree Specification 3.3). */
	if (!path || length < 2 || path[0] != '/' ||
	    memchr(path, '\0', (size_t)length) != path + length - 1)
		return DTB_NO_NODE;
	return dtb_tree_path_node(tree, path, (size_t)length - 1);
}

/*
 * stdout-path is a path or an alias, optionally followed by ':' and console options such as
 * "115200n8" (Devicetree Specification 3.6). A path that does not lead to a usable console is not
 * an error: the caller falls back to the first enabled PL011.
 */
static enum dtb_status stdout_node(const struct dtb_tree *tree, int *console,
				   struct dtb_diagnostic *diagnostic)
{
	const void *fdt = tree->fdt;
	int chosen = tree->chosen;
	const char *path;
	const char *options;
	int node, length;

	*console = DTB_NO_NODE;
	if (chosen < 0)
		return dtb_succeed(diagnostic);
	switch (dtb_string_property(fdt, chosen, "stdout-path", &path)) {
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
	length = options ? (int)(options - path) : (int)strlen(path);
	if (length == 0)
		return dtb_succeed(diagnostic);
	node = path[0] == '/' ? dtb_tree_path_node(tree, path, (size_t)length)
			      : alias_target(tree, path, length);
	if (node >= 0 && dtb_node_enabled(fdt, node))
		*console = node;
	return dtb_succeed(diagnostic);
}

/* A console reached through a hypervisor capability rather than a device (Mortise guests). */
static enum dtb_status read_hypervisor_console(const void *fdt, int node,
					       struct dtb_platform *platform,
					       struct dtb_diagnostic *diagnostic)
{
	int length;
	const dtb_cell *selector = dtb_property(fdt, node, "tenonos,console-capability", &length);

	if (selector == NULL || length != (int)sizeof(dtb_cell))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, HYPERVISOR_CONSOLE_NODE,
				"tenonos,console-capability",
				"one cell: the selector of the console capability");
	platform->uart_base = 0;
	platform->uart_intid = 0;
	platform->hypervisor_console = true;
	platform->console_capability = dtb_load_cell(selector);
	return dtb_succeed(diagnostic);
}

static enum dtb_status read_uart_node(const struct dtb_tree *tree, int uart, struct dtb_platform *platform,
				      struct dtb_diagnostic *diagnostic)
{
	struct dtb_reg_layout layout;
	struct dtb_range registers;
	const dtb_cell *reg, *interrupts;
	unsigned entries, interrupt_count;
	enum dtb_status status = dtb_device_reg(tree, uart, UART_NODE, UART_BUS, &reg, &entries,
					       &layout, diagnostic);

	if (status == DTB_OK)
		status = dtb_reg_entry(reg, &layout, 0, UART_NODE, &registers, diagnostic);
	if (status != DTB_OK)
		return status;
	if (registers.size == 0)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, UART_NODE, "reg",
				"a non-empty register window");
	status = dtb_interrupts(tree, uart, UART_NODE, &interrupts, &interrupt_count, diagnostic);
	if (status != DTB_OK)
		return status;
	platform->uart_base = registers.base;
	platform->uart_intid = 0;
	if (interrupt_count > 0 && !dtb_interrupt_intid(interrupts, 0, &platform->uart_intid))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, UART_NODE, "interrupts",
				"an SPI (type 0, number < 988) or PPI (type 1, number < 16)");
	return dtb_succeed(diagnostic);
}

enum dtb_status dtb_query_uart(const struct dtb_tree *tree, struct dtb_platform *platform,
			       struct dtb_diagnostic *diagnostic)
{
	const void *fdt = tree->fdt;
	int console, uart = DTB_NO_NODE;
	enum dtb_status status = stdout_node(tree, &console, diagnostic);

	if (status != DTB_OK)
		return status;
	platform->hypervisor_console = false;
	if (console >= 0 &&
	    dtb_compatible(fdt, console, "tenonos,hypervisor-console"))
		return read_hypervisor_console(fdt, console, platform, diagnostic);
	if (is_enabled_pl011(fdt, console))
		uart = console;
	if (uart < 0)
		uart = dtb_tree_first(tree, DTB_COMPATIBLE_PL011);
	if (uart < 0)
		return dtb_fail(diagnostic, DTB_ERR_NO_UART, "/chosen", "stdout-path",
				"a path or alias of an enabled node compatible with \"arm,pl011\", "
				"or any such node");
	return read_uart_node(tree, uart, platform, diagnostic);
}
