/* SPDX-License-Identifier: Apache-2.0 */
#include "fdt_write.h"

#include <libfdt.h>

#include "fmt.h"

/* GIC interrupt specifier cells (the arm,gic-v3 binding): type, number, flags. */
#define GIC_PPI 1
#define GIC_LEVEL_HIGH 4

bool fdt_write_cells(void *fdt, const char *name, const uint32_t *values, unsigned count)
{
	fdt32_t big_endian[FDT_WRITE_MAX_CELLS];

	if (count > FDT_WRITE_MAX_CELLS)
		return false;
	for (unsigned i = 0; i < count; i++)
		big_endian[i] = cpu_to_fdt32(values[i]);
	return fdt_property(fdt, name, big_endian, (int)(count * sizeof(fdt32_t))) == 0;
}

bool fdt_write_u64_pair(void *fdt, const char *name, uint64_t first, uint64_t second)
{
	const uint32_t values[4] = {(uint32_t)(first >> 32), (uint32_t)first,
				    (uint32_t)(second >> 32), (uint32_t)second};
	return fdt_write_cells(fdt, name, values, 4);
}

bool fdt_write_cpus(void *fdt, unsigned count)
{
	bool ok = fdt_begin_node(fdt, "cpus") == 0 && fdt_property_u32(fdt, "#address-cells", 1) == 0 &&
		  fdt_property_u32(fdt, "#size-cells", 0) == 0;

	for (unsigned i = 0; ok && i < count; i++) {
		char name[16];
		fmt_snprintf(name, sizeof(name), "cpu@%u", i);
		ok = fdt_begin_node(fdt, name) == 0 &&
		     fdt_property_string(fdt, "device_type", "cpu") == 0 &&
		     fdt_property_string(fdt, "compatible", "arm,armv8") == 0 &&
		     fdt_property_u32(fdt, "reg", i) == 0 &&
		     fdt_property_string(fdt, "enable-method", "psci") == 0 && fdt_end_node(fdt) == 0;
	}
	return ok && fdt_end_node(fdt) == 0;
}

bool fdt_write_timer(void *fdt, const uint32_t ppis[4])
{
	uint32_t interrupts[12];

	for (unsigned i = 0; i < 4; i++) {
		interrupts[3 * i] = GIC_PPI;
		interrupts[3 * i + 1] = ppis[i];
		interrupts[3 * i + 2] = GIC_LEVEL_HIGH;
	}
	return fdt_begin_node(fdt, "timer") == 0 &&
	       fdt_property_string(fdt, "compatible", "arm,armv8-timer") == 0 &&
	       fdt_write_cells(fdt, "interrupts", interrupts, 12) && fdt_end_node(fdt) == 0;
}
