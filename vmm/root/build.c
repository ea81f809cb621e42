/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One partition of the policy: its memory carved from the root's RAM capability, an empty
 * partition made from it, the memory mapped at the platform's RAM address, the image copied in,
 * the console delegated if the policy says so, and a vCPU started on each of its static CPUs.
 */
#include "root.h"

#include <string.h>

#include "console.h"

/* The policy compiler's own bound on a copy per call would also do; this one is the kernel's. */
#define COPY_CHUNK HC_COPY_MAX

static bool report(const char *name, const char *step, enum cap_status status)
{
	if (status != CAP_OK)
		console_printf("root: partition %s: %s: %s\n", name, step, cap_status_name(status));
	return status == CAP_OK;
}

/* The policy's first memory range for the partition, as an offset into the root's RAM. */
static bool partition_memory(const struct boot_archive *archive, uint32_t index,
			     struct policy_memory *memory)
{
	uint32_t count = policy_blob_count(&archive->policy, POLICY_TABLE_MEMORY);

	for (uint32_t i = 0; i < count; i++) {
		if (policy_blob_memory(&archive->policy, i, memory) && memory->partition == index)
			return true;
	}
	return false;
}

static bool copy_image(const char *name, cap_selector memory, const struct cpio_file *image)
{
	struct hc_registers r;

	for (uint64_t done = 0; done < image->size; done += COPY_CHUNK) {
		uint64_t length = image->size - done < COPY_CHUNK ? image->size - done : COPY_CHUNK;
		if (!report(name, "copy image",
			    root_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_COPY), memory,
				      SEL_ARCHIVE, PARTITION_ENTRY_IPA - PARTITION_RAM_IPA + done,
				      image->offset + done, length)))
			return false;
	}
	return true;
}

static unsigned start_vcpus(const struct boot_archive *archive, uint32_t index, const char *name,
			    cap_selector partition)
{
	uint32_t count = policy_blob_count(&archive->policy, POLICY_TABLE_CPUS);
	unsigned started = 0;
	struct hc_registers r;

	for (uint32_t i = 0; i < count; i++) {
		struct policy_cpu cpu;
		if (!policy_blob_cpu(&archive->policy, i, &cpu) ||
		    cpu.owner_kind != POLICY_CPU_STATIC || cpu.owner != index)
			continue;
		if (!report(name, "create vCPU",
			    root_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_VCPU_CREATE),
				      partition, cpu.cpu, PARTITION_ENTRY_IPA, 0, 0)) ||
		    !report(name, "start vCPU",
			    root_call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_START), r.x[1], 0, 0, 0, 0)))
			break;
		console_printf("root: partition %s: vCPU on CPU %u started\n", name, cpu.cpu);
		started++;
	}
	return started;
}

bool build_partition(const struct boot_archive *archive, uint32_t index)
{
	struct policy_partition partition;
	struct policy_memory memory;
	struct cpio_file image;
	struct hc_registers r;

	policy_blob_partition(&archive->policy, index, &partition);
	const char *name = policy_blob_string(&archive->policy, partition.name);
	const char *image_name = policy_blob_string(&archive->policy, partition.image);
	if (partition.pool != POLICY_NONE) {
		console_printf("root: partition %s: dynamic pools are not supported yet\n", name);
		return false;
	}
	enum cpio_status found = cpio_find(archive->data, archive->size, image_name, &image);
	if (found != CPIO_OK || !partition_memory(archive, index, &memory)) {
		console_printf("root: partition %s: image %s: %s\n", name, image_name,
			       found != CPIO_OK ? cpio_status_name(found) : "no memory in the policy");
		return false;
	}
	if (!report(name, "info of the RAM capability",
		    root_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), SEL_RAM, 0, 0, 0, 0)))
		return false;
	uint64_t ram_base = r.x[3];
	if (memory.base < ram_base || image.size > memory.size ||
	    PARTITION_ENTRY_IPA - PARTITION_RAM_IPA > memory.size - image.size) {
		console_printf("root: partition %s: memory 0x%llx+0x%llx is not in my RAM from 0x%llx "
			       "or too small for its %zu-byte image\n",
			       name, (unsigned long long)memory.base, (unsigned long long)memory.size,
			       (unsigned long long)ram_base, image.size);
		return false;
	}

	uint64_t packed_name[2] = {0, 0};
	memcpy(packed_name, name, strnlen(name, sizeof(packed_name)));
	if (!report(name, "derive its memory",
		    root_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), SEL_RAM, CAP_RIGHTS_ALL,
			      memory.base - ram_base, memory.size, 0)))
		return false;
	cap_selector ram = (cap_selector)r.x[1];
	if (!report(name, "create",
		    root_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_CREATE), ram,
			      packed_name[0], packed_name[1], 0, 0)))
		return false;
	cap_selector created = (cap_selector)r.x[1];
	if (!report(name, "map its memory",
		    root_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_MAP), created, ram,
			      PARTITION_RAM_IPA, HC_MAP_NORMAL, 0)) ||
	    !copy_image(name, ram, &image))
		return false;
	/* First, so that the partition finds its console at selector 0. */
	if ((partition.flags & POLICY_PARTITION_CONSOLE) &&
	    !report(name, "delegate the console",
		    root_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DELEGATE), SEL_CONSOLE, created,
			      CAP_RIGHT_WRITE, 0, 0)))
		return false;
	console_printf("root: partition %s: %llu MiB at 0x%llx, image %s (%zu bytes)\n", name,
		       (unsigned long long)(memory.size >> 20), (unsigned long long)memory.base,
		       image_name, image.size);
	return start_vcpus(archive, index, name, created) > 0;
}
