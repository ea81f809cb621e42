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

uint32_t dtb_cell_value(const struct dtb_value *value, uint32_t fallback)
{
	if (!value->data || value->length != (int)sizeof(dtb_cell))
		return fallback;
	return dtb_load_cell(value->data);
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

bool dtb_value_is(const struct dtb_value *value, const char *expected)
{
	size_t size = strlen(expected) + 1;

	/* The expected string and its NUL, nothing before or after. */
	return value->data && (size_t)value->length == size &&
	       memcmp(value->data, expected, size) == 0;
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

static bool read_cell_count(const struct dtb_value *value, unsigned fallback, unsigned *count)
{
	*count = value->data ? dtb_cell_value(value, 0) : fallback;
	return *count == 1 || *count == 2;
}

const char *dtb_reg_layout_of(const struct dtb_value *address_cells,
			      const struct dtb_value *size_cells, struct dtb_reg_layout *layout)
{
	if (!read_cell_count(address_cells, 2, &layout->address_cells))
		return "#address-cells";
	if (!read_cell_count(size_cells, 1, &layout->size_cells))
		return "#size-cells";
	return NULL;
}

enum dtb_status dtb_reg_entries(const struct dtb_value *value, const char *node_label,
				const struct dtb_reg_layout *layout, const dtb_cell **reg,
				unsigned *entries, struct dtb_diagnostic *diagnostic)
{
	size_t entry_bytes = (layout->address_cells + layout->size_cells) * sizeof(dtb_cell);

	*reg = value->data;
	if (!*reg || value->length <= 0 || (size_t)value->length % entry_bytes != 0)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, node_label, "reg",
				"one or more (address, size) entries of the parent's "
				"#address-cells + #size-cells cells");
	*entries = (unsigned)((size_t)value->length / entry_bytes);
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

enum dtb_status dtb_device_reg(const struct dtb_node_seen *seen, const char *node_label,
			       const char *bus_label, const dtb_cell **reg, unsigned *entries,
			       struct dtb_reg_layout *layout, struct dtb_diagnostic *diagnostic)
{
	const struct dtb_frame *bus = seen->parent;

	if (!bus)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, node_label, "reg",
				"a node below the root, whose parent gives the reg layout");
	if (!bus->maps_identically)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, bus_label, "ranges",
				"empty (1:1 addresses) on every bus between the node and the root");
	if (bus->layout_error)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, bus_label, bus->layout_error,
				DTB_CELL_COUNT_EXPECTED);
	*layout = bus->layout;
	return dtb_reg_entries(&seen->values[DTB_PROPERTY_REG], node_label, layout, reg, entries,
			       diagnostic);
}
