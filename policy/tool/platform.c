/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Platform facts come from the platform's own devicetree (what firmware or QEMU hands Mortise),
 * never from constants: RAM and CPUs through the dtb library Mortise itself uses, devices through
 * libfdt.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

bool platform_load(struct platform *platform, const char *file)
{
	size_t size;
	struct dtb_diagnostic d;

	memset(platform, 0, sizeof(*platform));
	snprintf(platform->file, sizeof(platform->file), "%s", file);
	platform->fdt = load_devicetree(file, &size);
	if (!platform->fdt)
		return false;
	if (dtb_read_memory(platform->fdt, &platform->facts, &d) != DTB_OK ||
	    dtb_read_cpus(platform->fdt, &platform->facts, &d) != DTB_OK) {
		fprintf(stderr, "%s: platform devicetree: %s: %s %s: expected %s\n", file,
			dtb_status_name(d.status), d.node, d.property, d.expected);
		return false;
	}
	for (unsigned i = 0; i < platform->facts.memory_count; i++)
		platform->ram_total += platform->facts.memory[i].size;
	return true;
}

static uint64_t read_cells(const fdt32_t *cells, int count)
{
	uint64_t value = 0;

	for (int i = 0; i < count; i++)
		value = (value << 32) | fdt32_to_cpu(cells[i]);
	return value;
}

void platform_resolve_device(const struct platform *platform, struct manifest *m,
			     const char *node, struct m_device *device)
{
	const void *fdt = platform->fdt;
	int offset = device->path[0] == '/' ? fdt_path_offset(fdt, device->path) : -1;
	const char *expected = "a node path in the platform devicetree (--platform)";

	if (offset < 0) {
		report(m, node, "devices", expected, "\"%s\", which it does not have", device->path);
		return;
	}
	int length;
	const char *status = fdt_getprop(fdt, offset, "status", &length);
	if (status && strcmp(status, "okay") != 0 && strcmp(status, "ok") != 0) {
		report(m, node, "devices", "an enabled device", "\"%s\" with status \"%s\"",
		       device->path, status);
		return;
	}
	if (fdt_getprop(fdt, offset, "interrupt-controller", &length)) {
		report(m, node, "devices",
		       "a device a partition may own (the interrupt controller stays with Mortise)",
		       "\"%s\"", device->path);
		return;
	}
	int parent = fdt_parent_offset(fdt, offset);
	int address_cells = fdt_address_cells(fdt, parent);
	int size_cells = fdt_size_cells(fdt, parent);
	const fdt32_t *reg = fdt_getprop(fdt, offset, "reg", &length);
	/* The first reg entry: the register frame. Devices beyond a translating bus are refused. */
	if (!reg || address_cells < 1 || address_cells > 2 || size_cells < 1 || size_cells > 2 ||
	    length < 4 * (address_cells + size_cells) || fdt_getprop(fdt, parent, "ranges", &length)) {
		report(m, node, "devices", "a device with a reg property directly under /", "\"%s\"",
		       device->path);
		return;
	}
	device->base = read_cells(reg, address_cells);
	device->size = read_cells(reg + address_cells, size_cells);
	if (device->size == 0 || device->base + device->size < device->base) {
		report(m, node, "devices", "a device with a non-empty register range", "\"%s\"",
		       device->path);
		return;
	}
	/* RAM is partition memory, placed and owned through memory-size and memory-range. */
	for (unsigned r = 0; r < platform->facts.memory_count; r++) {
		const struct dtb_range *ram = &platform->facts.memory[r];
		if (device->base < ram->base + ram->size && ram->base < device->base + device->size) {
			report(m, node, "devices",
			       "a device outside RAM (a partition's RAM is its memory-size or "
			       "memory-range)",
			       "\"%s\", whose registers %s overlap RAM", device->path,
			       text("[%s, %s)", hex(device->base), hex(device->base + device->size)));
			return;
		}
	}
	/* GIC interrupt specifiers are 3 cells: type (0 SPI, 1 PPI), number, flags. */
	const fdt32_t *interrupts = fdt_getprop(fdt, offset, "interrupts", &length);
	if (interrupts) {
		if (length % 12 != 0 || length / 12 > MAX_LIST) {
			report(m, node, "devices", "a device with 3-cell GIC interrupt specifiers",
			       "\"%s\"", device->path);
			return;
		}
		for (int i = 0; i < length / 12; i++) {
			uint32_t type = fdt32_to_cpu(interrupts[3 * i]);
			uint32_t number = fdt32_to_cpu(interrupts[3 * i + 1]);
			if (type != 0 || number > 987) {
				report(m, node, "devices",
				       "a device with SPIs only (PPIs are per CPU, not assignable)",
				       "\"%s\"", device->path);
				return;
			}
			device->intids[device->intid_count++] = 32 + number;
		}
	}
	device->resolved = true;
}
