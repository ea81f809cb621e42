/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "fdt_builder.h"

static void must(int error, const char *what)
{
	if (error < 0) {
		fprintf(stderr, "fdt_builder: %s: %s\n", what, fdt_strerror(error));
		abort();
	}
}

static void cells(void *fdt, const char *name, unsigned count, const uint32_t *values)
{
	fdt32_t big_endian[16];

	if (count > 16)
		abort();
	for (unsigned i = 0; i < count; i++)
		big_endian[i] = cpu_to_fdt32(values[i]);
	must(fdt_property(fdt, name, big_endian, count * sizeof(fdt32_t)), name);
}

#define CELLS(fdt, name, ...)                                                                     \
	cells(fdt, name, sizeof((uint32_t[]){__VA_ARGS__}) / sizeof(uint32_t),                     \
	      (uint32_t[]){__VA_ARGS__})

/* String lists such as compatible: "a\0b" with the final NUL added here. */
static void strings(void *fdt, const char *name, const char *list, size_t length_without_nul)
{
	must(fdt_property(fdt, name, list, length_without_nul + 1), name);
}

#define STRINGS(fdt, name, literal) strings(fdt, name, literal, sizeof(literal) - 1)

static void begin(void *fdt, const char *name)
{
	must(fdt_begin_node(fdt, name), name);
}

static void end(void *fdt)
{
	must(fdt_end_node(fdt), "end node");
}

static void build_cpus(void *fdt, unsigned count)
{
	char name[32];

	begin(fdt, "cpus");
	CELLS(fdt, "#address-cells", 1);
	CELLS(fdt, "#size-cells", 0);
	/* A child without device_type, as QEMU emits: must be ignored. */
	begin(fdt, "cpu-map");
	end(fdt);
	for (unsigned i = 0; i < count; i++) {
		snprintf(name, sizeof(name), "cpu@%x", i);
		begin(fdt, name);
		must(fdt_property_string(fdt, "device_type", "cpu"), "device_type");
		CELLS(fdt, "reg", i);
		must(fdt_property_string(fdt, "enable-method", "psci"), "enable-method");
		must(fdt_property_string(fdt, "compatible", "arm,cortex-a57"), "compatible");
		end(fdt);
	}
	end(fdt);
}

static void build_devices(void *fdt)
{
	begin(fdt, "psci");
	STRINGS(fdt, "compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci");
	must(fdt_property_string(fdt, "method", "smc"), "method");
	end(fdt);

	begin(fdt, "memory@40000000");
	CELLS(fdt, "reg", 0, 0x40000000, 0, 0x40000000);
	must(fdt_property_string(fdt, "device_type", "memory"), "device_type");
	end(fdt);

	begin(fdt, "pl011@9000000");
	CELLS(fdt, "interrupts", 0, 1, 4);
	CELLS(fdt, "reg", 0, 0x09000000, 0, 0x1000);
	STRINGS(fdt, "compatible", "arm,pl011\0arm,primecell");
	end(fdt);

	begin(fdt, "intc@8000000");
	CELLS(fdt, "phandle", VIRT_GIC_PHANDLE);
	CELLS(fdt, "interrupts", 1, 9, 4);
	CELLS(fdt, "reg", 0, 0x08000000, 0, 0x10000, 0, 0x080a0000, 0, 0xf60000);
	CELLS(fdt, "#redistributor-regions", 1);
	must(fdt_property_string(fdt, "compatible", "arm,gic-v3"), "compatible");
	CELLS(fdt, "#size-cells", 2);
	CELLS(fdt, "#address-cells", 2);
	must(fdt_property(fdt, "interrupt-controller", NULL, 0), "interrupt-controller");
	CELLS(fdt, "#interrupt-cells", 3);
	end(fdt);

	begin(fdt, "timer");
	CELLS(fdt, "interrupts", 1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4);
	must(fdt_property(fdt, "always-on", NULL, 0), "always-on");
	STRINGS(fdt, "compatible", "arm,armv8-timer\0arm,armv7-timer");
	end(fdt);
}

void *fdt_build_virt(unsigned cpus)
{
	void *fdt = aligned_alloc(8, FDT_BUILDER_BUFFER_SIZE);

	if (!fdt)
		abort();
	must(fdt_create(fdt, FDT_BUILDER_BUFFER_SIZE), "create");
	must(fdt_finish_reservemap(fdt), "reservemap");
	begin(fdt, "");
	CELLS(fdt, "interrupt-parent", VIRT_GIC_PHANDLE);
	must(fdt_property_string(fdt, "model", "linux,dummy-virt"), "model");
	CELLS(fdt, "#size-cells", 2);
	CELLS(fdt, "#address-cells", 2);
	must(fdt_property_string(fdt, "compatible", "linux,dummy-virt"), "compatible");
	build_devices(fdt);
	build_cpus(fdt, cpus);
	begin(fdt, "aliases");
	must(fdt_property_string(fdt, "serial0", "/pl011@9000000"), "serial0");
	end(fdt);
	begin(fdt, "chosen");
	must(fdt_property_string(fdt, "stdout-path", "/pl011@9000000"), "stdout-path");
	must(fdt_property_string(fdt, "bootargs", VIRT_BOOTARGS), "bootargs");
	end(fdt);
	end(fdt);
	must(fdt_finish(fdt), "finish");
	must(fdt_open_into(fdt, fdt, FDT_BUILDER_BUFFER_SIZE), "open_into");
	return fdt;
}

int fdt_node(const void *fdt, const char *path)
{
	int node = fdt_path_offset(fdt, path);

	must(node, path);
	return node;
}

void fdt_set_cells(void *fdt, const char *path, const char *property, unsigned count, ...)
{
	fdt32_t values[32];
	va_list arguments;

	if (count > 32)
		abort();
	va_start(arguments, count);
	for (unsigned i = 0; i < count; i++)
		values[i] = cpu_to_fdt32(va_arg(arguments, uint32_t));
	va_end(arguments);
	must(fdt_setprop(fdt, fdt_node(fdt, path), property, values, count * sizeof(fdt32_t)),
	     property);
}

void fdt_set_string(void *fdt, const char *path, const char *property, const char *value)
{
	must(fdt_setprop_string(fdt, fdt_node(fdt, path), property, value), property);
}

void fdt_set_bytes(void *fdt, const char *path, const char *property, const void *value,
		   size_t length)
{
	must(fdt_setprop(fdt, fdt_node(fdt, path), property, value, (int)length), property);
}

void fdt_remove_property(void *fdt, const char *path, const char *property)
{
	must(fdt_delprop(fdt, fdt_node(fdt, path), property), property);
}

void fdt_remove_node(void *fdt, const char *path)
{
	must(fdt_del_node(fdt, fdt_node(fdt, path)), path);
}

void fdt_add_node(void *fdt, const char *parent_path, const char *name)
{
	must(fdt_add_subnode(fdt, fdt_node(fdt, parent_path), name), name);
}

void *fdt_packed_copy(const void *fdt, size_t *size)
{
	void *scratch = aligned_alloc(8, FDT_BUILDER_BUFFER_SIZE);
	void *copy;

	if (!scratch)
		abort();
	must(fdt_open_into(fdt, scratch, FDT_BUILDER_BUFFER_SIZE), "open_into");
	must(fdt_pack(scratch), "pack");
	*size = fdt_totalsize(scratch);
	copy = malloc(*size); /* glibc aligns to 16 */
	if (!copy)
		abort();
	memcpy(copy, scratch, *size);
	free(scratch);
	return copy;
}
