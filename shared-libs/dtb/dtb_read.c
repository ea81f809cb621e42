// SPDX-License-Identifier: Apache-2.0
/* Property readers for a component's own devicetree, which the root writes (vmm/README.md). */
#include <string.h>

#include "dtb_walk.h"

bool dtb_read_u32(const void *fdt, int node, const char *name, uint32_t *value)
{
	int length;
	const dtb_cell *cell = dtb_property(fdt, node, name, &length);

	if (cell == NULL || length != (int)sizeof(*cell))
		return false;
	*value = dtb_load_cell(cell);
	return true;
}

bool dtb_read_pair(const void *fdt, int node, const char *name, uint64_t *first,
		      uint64_t *second)
{
	int length;
	const dtb_cell *cells = dtb_property(fdt, node, name, &length);

	if (cells == NULL || length != 4 * (int)sizeof(*cells))
		return false;
	*first = (uint64_t)dtb_load_cell(&cells[0]) << 32 | dtb_load_cell(&cells[1]);
	*second = (uint64_t)dtb_load_cell(&cells[2]) << 32 | dtb_load_cell(&cells[3]);
	return true;
}

bool dtb_read_string(const void *fdt, int node, const char *name, char *out, size_t size)
{
	int length;
	const char *text = dtb_property(fdt, node, name, &length);

	if (text == NULL || length < 1 || (size_t)length > size || text[length - 1] != '\0')
		return false;
	memcpy(out, text, (size_t)length);
	return true;
}

bool dtb_read_cells(const void *fdt, int node, const char *name, uint32_t *out,
		       unsigned capacity, unsigned *count)
{
	int length;
	const dtb_cell *cells = dtb_property(fdt, node, name, &length);

	if (cells == NULL || length % (int)sizeof(*cells) != 0 ||
	    (unsigned)length / sizeof(*cells) > capacity)
		return false;
	*count = (unsigned)length / sizeof(*cells);
	for (unsigned i = 0; i < *count; i++)
		out[i] = dtb_load_cell(&cells[i]);
	return true;
}
