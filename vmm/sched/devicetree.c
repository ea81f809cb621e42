// SPDX-License-Identifier: Apache-2.0
/*
 * An instance's devicetree: what a Tenon partition the root builds at boot gets (the frame in
 * shared-libs/fdt-write, with the console at selector 0 when its template has one), and in
 * /chosen its instance id and template name, which an image may print or act on.
 */
#include "sched.h"

#include <libfdt.h>

#include "fdt_write.h"

size_t instance_devicetree(void *buffer, size_t size, const struct sched_template *t,
			   const struct sched_instance *instance, uint64_t ram_size)
{
	const struct fdt_partition frame = {
		.ram_ipa = INSTANCE_RAM_IPA,
		.ram_size = ram_size,
		.devicetree_ipa = INSTANCE_RAM_IPA + ram_size - INSTANCE_DEVICETREE_SIZE,
		.devicetree_size = INSTANCE_DEVICETREE_SIZE,
		.vcpus = t->vcpus,
		.console = t->console,
		.console_capability = INSTANCE_CONSOLE_SELECTOR,
	};
	void *fdt = buffer;
	bool ok = fdt_write_partition_begin(fdt, size, &frame) &&
		  fdt_write_partition_chosen(fdt, &frame) &&
		  fdt_property_u32(fdt, "tenonos,instance", instance->id) == 0 &&
		  fdt_property_string(fdt, "tenonos,template", t->name) == 0;

	return ok ? fdt_write_partition_finish(fdt) : 0;
}
