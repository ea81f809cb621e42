/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>

#include "dtb_internal.h"

uint64_t dtb_cells_value(const dtb_cell *cells, unsigned count)
{
	uint64_t value = 0;

	for (unsigned i = 0; i < count; i++)
		value = (value << 32) | dtb_load_cell(&cells[i]);
	return value;
}

enum dtb_string_result dtb_string_value(const char *bytes, int length, const char **value)
{
	if (!bytes)
		return DTB_STRING_ABSENT;
	/* An embedded NUL would make C string handling see less than the property holds. */
	if (length < 1 || memchr(bytes, '\0', (size_t)length) != bytes + length - 1)
		return DTB_STRING_MALFORMED;
	*value = bytes;
	return DTB_STRING_PRESENT;
}

enum dtb_string_result dtb_string_property(const void *fdt, int node, const char *name,
					   const char **value)
{
	int length;
	const char *bytes = dtb_property(fdt, node, name, &length);

	return dtb_string_value(bytes, length, value);
}

bool dtb_string_property_is(const void *fdt, int node, const char *name, const char *expected)
{
	const char *value;

	return dtb_string_property(fdt, node, name, &value) == DTB_STRING_PRESENT &&
	       strcmp(value, expected) == 0;
}

bool dtb_status_enabled(const char *status, int length)
{
	switch (dtb_string_value(status, length, &status)) {
	case DTB_STRING_ABSENT:
		return true;
	case DTB_STRING_PRESENT:
		return strcmp(status, "okay") == 0 || strcmp(status, "ok") == 0;
	case DTB_STRING_MALFORMED:
	default:
		return false;
	}
}

bool dtb_node_enabled(const void *fdt, int node)
{
	int length;
	const char *status = dtb_property(fdt, node, "status", &length);

	return dtb_status_enabled(status, length);
}

static bool read_cell_count(const void *fdt, int bus, const char *name, unsigned fallback,
			    unsigned *count)
{
	int length;
	const dtb_cell *value = dtb_property(fdt, bus, name, &length);

	if (!value) {
		*count = fallback;
		return true;
	}
	if (length != (int)sizeof(dtb_cell))
		return false;
	*count = dtb_load_cell(value);
	return *count == 1 || *count == 2;
}

enum dtb_status dtb_bus_reg_layout(const void *fdt, int bus, const char *bus_label,
				   struct dtb_reg_layout *layout, struct dtb_diagnostic *diagnostic)
{
	if (!read_cell_count(fdt, bus, "#address-cells", 2, &layout->address_cells))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, bus_label, "#address-cells",
				"one cell holding 1 or 2");
	if (!read_cell_count(fdt, bus, "#size-cells", 1, &layout->size_cells))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, bus_label, "#size-cells",
				"one cell holding 1 or 2");
	return dtb_succeed(diagnostic);
}

enum dtb_status dtb_reg_entries(const void *fdt, int node, const char *node_label,
				const struct dtb_reg_layout *layout, const dtb_cell **reg,
				unsigned *entries, struct dtb_diagnostic *diagnostic)
{
	int length;
	size_t entry_bytes = (layout->address_cells + layout->size_cells) * sizeof(dtb_cell);

	*reg = dtb_property(fdt, node, "reg", &length);
	if (!*reg || length <= 0 || (size_t)length % entry_bytes != 0)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, node_label, "reg",
				"one or more (address, size) entries of the parent's "
				"#address-cells + #size-cells cells");
	*entries = (unsigned)((size_t)length / entry_bytes);
	return dtb_succeed(diagnostic);
}

enum dtb_status dtb_reg_entry(const dtb_cell *reg, const struct dtb_reg_layout *layout,
			      unsigned index, const char *node_label, struct dtb_range *range,
			      struct dtb_diagnostic *diagnostic)
{
	const dtb_cell *entry = reg + (size_t)index * (layout->address_cells + layout->size_cells);

	range->base = dtb_cells_value(entry, layout->address_cells);
	range->size = dtb_cells_value(entry + layout->address_cells, layout->size_cells);
	if (range->size != 0 && range->base + range->size - 1 < range->base)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, node_label, "reg",
				"ranges that end below 2^64");
	return dtb_succeed(diagnostic);
}

/*
 * Every bus between the node and the root must map its addresses 1:1 (an empty ranges), or reg
 * holds bus addresses this library does not translate (Devicetree Specification 2.3.8).
 */
static bool buses_map_identically(const struct dtb_tree *tree, int bus)
{
	/* Each step goes one level up, so a hostile blob cannot loop. */
	while (bus > 0) {
		int length;

		if (!dtb_property(tree->fdt, bus, "ranges", &length) || length != 0)
			return false;
		bus = dtb_tree_parent(tree, bus);
	}
	return bus == 0;
}

enum dtb_status dtb_device_reg(const struct dtb_tree *tree, int node, const char *node_label,
			       const char *bus_label, const dtb_cell **reg, unsigned *entries,
			       struct dtb_reg_layout *layout, struct dtb_diagnostic *diagnostic)
{
	const void *fdt = tree->fdt;
	int bus = dtb_tree_parent(tree, node);
	enum dtb_status status;

	if (bus < 0)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, node_label, "reg",
				"a node below the root, whose parent gives the reg layout");
	if (!buses_map_identically(tree, bus))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, bus_label, "ranges",
				"empty (1:1 addresses) on every bus between the node and the root");
	status = dtb_bus_reg_layout(fdt, bus, bus_label, layout, diagnostic);
	if (status != DTB_OK)
		return status;
	return dtb_reg_entries(fdt, node, node_label, layout, reg, entries, diagnostic);
}
