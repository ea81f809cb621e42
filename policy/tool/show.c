/* SPDX-License-Identifier: Apache-2.0 */
/* A blob back as text, through the same reader the root component uses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

static const char *partition_name(const struct policy_blob *blob, uint32_t index)
{
	struct policy_partition p;

	if (index == POLICY_NONE || !policy_blob_partition(blob, index, &p))
		return "-";
	return policy_blob_string(blob, p.name);
}

static const char *pool_name(const struct policy_blob *blob, uint32_t index)
{
	struct policy_pool pool;

	if (index == POLICY_NONE || !policy_blob_pool(blob, index, &pool))
		return "-";
	return policy_blob_string(blob, pool.name);
}

static const char *device_path(const struct policy_blob *blob, uint32_t index)
{
	struct policy_device device;

	if (index == POLICY_NONE || !policy_blob_device(blob, index, &device))
		return "-";
	return policy_blob_string(blob, device.path);
}

static const char *object_name(const struct policy_blob *blob, const struct policy_grant *g)
{
	struct policy_channel c;
	struct policy_irq irq;

	switch (g->type) {
	case CAP_TYPE_CHANNEL:
		return policy_blob_channel(blob, g->object, &c) ? policy_blob_string(blob, c.name)
								: "-";
	case CAP_TYPE_SCHED_CONTEXT:
		if (g->flags & POLICY_GRANT_PARTITION_CPUS)
			return text("the CPUs of %s", partition_name(blob, g->object));
		return pool_name(blob, g->object);
	case CAP_TYPE_IRQ:
		return policy_blob_irq(blob, g->object, &irq) ? text("%u", irq.intid) : "-";
	case CAP_TYPE_CONSOLE:
		return "console";
	default:
		return partition_name(blob, g->object);
	}
}

int show_blob(const char *file)
{
	FILE *f = fopen(file, "rb");
	static uint8_t data[POLICY_BLOB_MAX_SIZE + 1];
	struct policy_blob blob;
	struct policy_diagnostic d;

	if (!f) {
		fprintf(stderr, "%s: cannot read\n", file);
		return 1;
	}
	size_t size = fread(data, 1, sizeof(data), f);
	fclose(f);
	if (policy_blob_open(&blob, data, size, &d) != POLICY_OK) {
		fprintf(stderr, "%s: not a valid policy blob: %s at byte %u (%s", file,
			policy_status_name(d.status), d.offset, policy_table_name(d.table));
		if (d.table != POLICY_TABLE_HEADER)
			fprintf(stderr, " entry %u", d.index);
		fprintf(stderr, "): %s\n", d.what);
		return 1;
	}
	printf("policy blob version %u, %u bytes, crc32 0x%08x\n", POLICY_BLOB_VERSION, blob.size,
	       blob.crc32);
	struct policy_partition p;
	for (uint32_t i = 0; policy_blob_partition(&blob, i, &p); i++) {
		printf("partition %u %s: ", i, policy_blob_string(&blob, p.name));
		if (p.kind == POLICY_KIND_COMPONENT)
			printf("component %s", policy_role_name(p.role));
		else
			printf("%s", policy_kind_name(p.kind));
		printf(", image \"%s\", %u vCPU%s", policy_blob_string(&blob, p.image), p.vcpus,
		       p.vcpus == 1 ? "" : "s");
		if (p.pool != POLICY_NONE)
			printf(", pool %s", pool_name(&blob, p.pool));
		if (p.vmm != POLICY_NONE)
			printf(", vmm %s", partition_name(&blob, p.vmm));
		if (p.flags & POLICY_PARTITION_CONSOLE)
			printf(", console");
		if (p.console_bytes)
			printf(", console budget %u bytes per %u us", p.console_bytes,
			       p.console_period_us);
		if (p.flags & POLICY_PARTITION_PMU)
			printf(", pmu");
		if (p.flags & POLICY_PARTITION_DEBUG)
			printf(", debug");
		if (p.initrd)
			printf(", initrd \"%s\"", policy_blob_string(&blob, p.initrd));
		if (p.bootargs)
			printf(", bootargs \"%s\"", policy_blob_string(&blob, p.bootargs));
		if (p.max_instances)
			printf(", template: priority %u, budget %u us per %u us, at most %u at once",
			       p.priority, p.budget_us, p.period_us, p.max_instances);
		printf("\n");
	}
	struct policy_pool pool;
	for (uint32_t i = 0; policy_blob_pool(&blob, i, &pool); i++)
		printf("pool %u %s: scheduler %s\n", i, policy_blob_string(&blob, pool.name),
		       partition_name(&blob, pool.scheduler));
	struct policy_cpu cpu;
	for (uint32_t i = 0; policy_blob_cpu(&blob, i, &cpu); i++)
		printf("cpu %u: %s %s\n", cpu.cpu,
		       cpu.owner_kind == POLICY_CPU_STATIC ? "partition" : "pool",
		       cpu.owner_kind == POLICY_CPU_STATIC ? partition_name(&blob, cpu.owner)
							   : pool_name(&blob, cpu.owner));
	struct policy_memory mem;
	for (uint32_t i = 0; policy_blob_memory(&blob, i, &mem); i++)
		printf("memory [0x%llx, 0x%llx) %s%s\n", (unsigned long long)mem.base,
		       (unsigned long long)(mem.base + mem.size), partition_name(&blob, mem.partition),
		       mem.flags & POLICY_MEMORY_FIXED ? " (fixed)" : "");
	struct policy_device dev;
	for (uint32_t i = 0; policy_blob_device(&blob, i, &dev); i++)
		printf("device %s [0x%llx, 0x%llx) %s\n", policy_blob_string(&blob, dev.path),
		       (unsigned long long)dev.base, (unsigned long long)(dev.base + dev.size),
		       partition_name(&blob, dev.partition));
	struct policy_irq irq;
	for (uint32_t i = 0; policy_blob_irq(&blob, i, &irq); i++)
		printf("irq %u %s%s%s\n", irq.intid, partition_name(&blob, irq.partition),
		       irq.device == POLICY_NONE ? "" : ", of device ",
		       device_path(&blob, irq.device) + (irq.device == POLICY_NONE ? 1 : 0));
	struct policy_channel c;
	for (uint32_t i = 0; policy_blob_channel(&blob, i, &c); i++)
		printf("channel %u %s: %s <-> %s, [0x%llx, 0x%llx)%s%s%s\n", i,
		       policy_blob_string(&blob, c.name), partition_name(&blob, c.first),
		       partition_name(&blob, c.second), (unsigned long long)c.base,
		       (unsigned long long)(c.base + c.size),
		       c.flags & POLICY_CHANNEL_DOORBELL ? ", doorbell" : "",
		       c.flags & POLICY_CHANNEL_CONTROL ?
			       (c.flags & POLICY_CHANNEL_READ_ONLY ? ", control (read-only)" : ", control") :
			       "",
		       c.flags & POLICY_CHANNEL_LINUX_PCI ? ", linux-view pci" : "");
	struct policy_grant g;
	for (uint32_t i = 0; policy_blob_grant(&blob, i, &g); i++)
		printf("grant %s holds %s %s {%s} from %s\n", partition_name(&blob, g.holder),
		       cap_type_manifest_name(g.type), object_name(&blob, &g), rights_text(g.rights),
		       partition_name(&blob, g.grantor));
	return 0;
}
