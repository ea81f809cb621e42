/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The devicetree a partition boots with, written by libfdt's sequential-write API: its RAM, its
 * vCPUs (PSCI over HVC), a GICv3 of which only the virtual CPU interface is the guest's, the
 * architected timer, and the hypervisor console at capability selector 0 when the policy gives it
 * one. The same Tenon image then boots here as it does on the bare board.
 */
#include "root.h"

#include <libfdt.h>

#define GIC_PHANDLE 1
/* Architected timer PPIs of the platform (secure, non-secure physical, virtual, hypervisor). */
#define TIMER_PPIS {13, 14, 11, 10}
#define PPI 1
#define LEVEL_HIGH 4

static bool cells(void *fdt, const char *name, const uint32_t *values, unsigned count)
{
	fdt32_t big_endian[12];

	for (unsigned i = 0; i < count; i++)
		big_endian[i] = cpu_to_fdt32(values[i]);
	return fdt_property(fdt, name, big_endian, (int)(count * sizeof(fdt32_t))) == 0;
}

static bool write_cpus(void *fdt, unsigned vcpus)
{
	bool ok = fdt_begin_node(fdt, "cpus") == 0 && fdt_property_u32(fdt, "#address-cells", 1) == 0 &&
		  fdt_property_u32(fdt, "#size-cells", 0) == 0;

	for (unsigned i = 0; ok && i < vcpus; i++) {
		char name[16] = "cpu@0";
		name[4] = (char)('0' + i % 10);
		ok = fdt_begin_node(fdt, name) == 0 &&
		     fdt_property_string(fdt, "device_type", "cpu") == 0 &&
		     fdt_property_string(fdt, "compatible", "arm,armv8") == 0 &&
		     fdt_property_u32(fdt, "reg", i) == 0 &&
		     fdt_property_string(fdt, "enable-method", "psci") == 0 && fdt_end_node(fdt) == 0;
	}
	return ok && fdt_end_node(fdt) == 0;
}

static bool write_devices(void *fdt, bool console)
{
	const uint32_t ppis[] = TIMER_PPIS;
	uint32_t timer[12];

	for (unsigned i = 0; i < 4; i++) {
		timer[3 * i] = PPI;
		timer[3 * i + 1] = ppis[i];
		timer[3 * i + 2] = LEVEL_HIGH;
	}
	bool ok = fdt_begin_node(fdt, "psci") == 0 &&
		  fdt_property_string(fdt, "compatible", "arm,psci-1.0") == 0 &&
		  fdt_property_string(fdt, "method", "hvc") == 0 && fdt_end_node(fdt) == 0 &&
		  fdt_begin_node(fdt, "intc") == 0 &&
		  fdt_property_string(fdt, "compatible", "arm,gic-v3") == 0 &&
		  fdt_property_u32(fdt, "#interrupt-cells", 3) == 0 &&
		  fdt_property(fdt, "interrupt-controller", NULL, 0) == 0 &&
		  fdt_property(fdt, "tenonos,cpu-interface-only", NULL, 0) == 0 &&
		  fdt_property_u32(fdt, "phandle", GIC_PHANDLE) == 0 && fdt_end_node(fdt) == 0 &&
		  fdt_begin_node(fdt, "timer") == 0 &&
		  fdt_property_string(fdt, "compatible", "arm,armv8-timer") == 0 &&
		  cells(fdt, "interrupts", timer, 12) && fdt_end_node(fdt) == 0;
	if (ok && console)
		ok = fdt_begin_node(fdt, "hypervisor-console") == 0 &&
		     fdt_property_string(fdt, "compatible", "tenonos,hypervisor-console") == 0 &&
		     fdt_property_u32(fdt, "tenonos,console-capability", SEL_CONSOLE) == 0 &&
		     fdt_end_node(fdt) == 0;
	return ok;
}

size_t partition_devicetree(void *buffer, size_t size, const struct partition_layout *layout)
{
	uint32_t memory[4] = {(uint32_t)(layout->ram_ipa >> 32), (uint32_t)layout->ram_ipa,
			      (uint32_t)(layout->ram_size >> 32), (uint32_t)layout->ram_size};
	void *fdt = buffer;
	bool ok = fdt_create(fdt, (int)size) == 0 &&
		  fdt_add_reservemap_entry(fdt, layout->devicetree_ipa, size) == 0 &&
		  fdt_finish_reservemap(fdt) == 0 && fdt_begin_node(fdt, "") == 0 &&
		  fdt_property_u32(fdt, "#address-cells", 2) == 0 &&
		  fdt_property_u32(fdt, "#size-cells", 2) == 0 &&
		  fdt_property_string(fdt, "compatible", "tenonos,partition") == 0 &&
		  fdt_property_u32(fdt, "interrupt-parent", GIC_PHANDLE) == 0 &&
		  fdt_begin_node(fdt, "memory@40000000") == 0 &&
		  fdt_property_string(fdt, "device_type", "memory") == 0 &&
		  cells(fdt, "reg", memory, 4) && fdt_end_node(fdt) == 0 &&
		  write_cpus(fdt, layout->vcpus) && write_devices(fdt, layout->console) &&
		  fdt_begin_node(fdt, "chosen") == 0 &&
		  (!layout->console ||
		   fdt_property_string(fdt, "stdout-path", "/hypervisor-console") == 0) &&
		  fdt_end_node(fdt) == 0 && fdt_end_node(fdt) == 0 && fdt_finish(fdt) == 0;

	return ok ? fdt_totalsize(fdt) : 0;
}
