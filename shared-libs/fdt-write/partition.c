/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A Tenon partition's own devicetree: the root writes one for each partition of the policy, the
 * sched component one for each instance it starts. Both go through here, so an image cannot tell
 * which of them built its partition.
 */
#include "fdt_write.h"

#include <libfdt.h>

#include "fmt.h"

#define GIC_PHANDLE 1
/* Architected timer PPIs of the platform (secure, non-secure physical, virtual, hypervisor). */
#define TIMER_PPIS {13, 14, 11, 10}

static bool write_devices(void *fdt, const struct fdt_partition *partition)
{
	const uint32_t ppis[4] = TIMER_PPIS;
	bool ok = fdt_begin_node(fdt, "psci") == 0 &&
		  fdt_property_string(fdt, "compatible", "arm,psci-1.0") == 0 &&
		  fdt_property_string(fdt, "method", "hvc") == 0 && fdt_end_node(fdt) == 0 &&
		  fdt_begin_node(fdt, "intc") == 0 &&
		  fdt_property_string(fdt, "compatible", "arm,gic-v3") == 0 &&
		  fdt_property_u32(fdt, "#interrupt-cells", 3) == 0 &&
		  fdt_property(fdt, "interrupt-controller", NULL, 0) == 0 &&
		  fdt_property(fdt, "tenonos,cpu-interface-only", NULL, 0) == 0 &&
		  fdt_property_u32(fdt, "phandle", GIC_PHANDLE) == 0 && fdt_end_node(fdt) == 0 &&
		  fdt_write_timer(fdt, ppis);
	if (ok && partition->console)
		ok = fdt_begin_node(fdt, "hypervisor-console") == 0 &&
		     fdt_property_string(fdt, "compatible", "tenonos,hypervisor-console") == 0 &&
		     fdt_property_u32(fdt, "tenonos,console-capability",
				      partition->console_capability) == 0 &&
		     fdt_end_node(fdt) == 0;
	return ok;
}

bool fdt_write_partition_begin(void *buffer, size_t size, const struct fdt_partition *partition)
{
	void *fdt = buffer;
	char memory[32];

	fmt_snprintf(memory, sizeof(memory), "memory@%llx", (unsigned long long)partition->ram_ipa);
	return size <= INT32_MAX && fdt_create(fdt, (int)size) == 0 &&
	       fdt_add_reservemap_entry(fdt, partition->devicetree_ipa,
					partition->devicetree_size) == 0 &&
	       fdt_finish_reservemap(fdt) == 0 && fdt_begin_node(fdt, "") == 0 &&
	       fdt_property_u32(fdt, "#address-cells", 2) == 0 &&
	       fdt_property_u32(fdt, "#size-cells", 2) == 0 &&
	       fdt_property_string(fdt, "compatible", "tenonos,partition") == 0 &&
	       fdt_property_u32(fdt, "interrupt-parent", GIC_PHANDLE) == 0 &&
	       fdt_begin_node(fdt, memory) == 0 &&
	       fdt_property_string(fdt, "device_type", "memory") == 0 &&
	       fdt_write_u64_pair(fdt, "reg", partition->ram_ipa, partition->ram_size) &&
	       fdt_end_node(fdt) == 0 && fdt_write_cpus(fdt, partition->vcpus) &&
	       write_devices(fdt, partition);
}

bool fdt_write_partition_chosen(void *fdt, const struct fdt_partition *partition)
{
	return fdt_begin_node(fdt, "chosen") == 0 &&
	       (!partition->console ||
		fdt_property_string(fdt, "stdout-path", "/hypervisor-console") == 0);
}

size_t fdt_write_partition_finish(void *fdt)
{
	bool ok = fdt_end_node(fdt) == 0 && fdt_end_node(fdt) == 0 && fdt_finish(fdt) == 0;
	return ok ? fdt_totalsize(fdt) : 0;
}
