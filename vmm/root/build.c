/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One partition of the policy: its memory carved from the root's RAM capability, an empty
 * partition made from it, the memory mapped at the platform's RAM address, the image copied in,
 * the console delegated if the policy says so, its devicetree written at the end of its RAM, and a
 * vCPU created on each of its static CPUs with x0 pointing at the devicetree (main.c starts them).
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

/* Where the root component sees the devicetree windows of the partitions it builds. */
#define DEVICETREE_WINDOWS_IPA 0x70000000ULL

static unsigned count_vcpus(const struct boot_archive *archive, uint32_t index)
{
	uint32_t count = policy_blob_count(&archive->policy, POLICY_TABLE_CPUS);
	unsigned vcpus = 0;
	struct policy_cpu cpu;

	for (uint32_t i = 0; i < count; i++) {
		if (policy_blob_cpu(&archive->policy, i, &cpu) &&
		    cpu.owner_kind == POLICY_CPU_STATIC && cpu.owner == index)
			vcpus++;
	}
	return vcpus;
}

/* Writes the devicetree into the partition's RAM through a window mapped into the root. */
static bool write_devicetree(const char *name, uint32_t index, cap_selector ram,
			     const struct partition_layout *layout)
{
	struct hc_registers r;
	uint64_t window_ipa = DEVICETREE_WINDOWS_IPA + index * DEVICETREE_SIZE;

	if (!report(name, "derive its devicetree window",
		    root_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), ram,
			      CAP_RIGHT_READ | CAP_RIGHT_WRITE, layout->ram_size - DEVICETREE_SIZE,
			      DEVICETREE_SIZE, 0)) ||
	    !report(name, "map its devicetree window",
		    root_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_MAP), SEL_SELF, r.x[1],
			      window_ipa, HC_MAP_NORMAL, 0)))
		return false;
	if (partition_devicetree((void *)(uintptr_t)window_ipa, DEVICETREE_SIZE, layout) == 0) {
		console_printf("root: partition %s: its devicetree does not fit\n", name);
		return false;
	}
	return true;
}

static unsigned create_vcpus(const struct boot_archive *archive, uint32_t index, const char *name,
			     uint64_t devicetree_ipa, struct built_partition *built)
{
	uint32_t count = policy_blob_count(&archive->policy, POLICY_TABLE_CPUS);
	unsigned started = 0;
	struct hc_registers r;

	for (uint32_t i = 0; i < count; i++) {
		struct policy_cpu cpu;
		if (!policy_blob_cpu(&archive->policy, i, &cpu) ||
		    cpu.owner_kind != POLICY_CPU_STATIC || cpu.owner != index)
			continue;
		if (built->vcpu_count == ROOT_MAX_VCPUS_PER_PARTITION ||
		    !report(name, "create vCPU",
			    root_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_VCPU_CREATE),
				      built->partition, cpu.cpu, PARTITION_ENTRY_IPA, devicetree_ipa,
				      0)))
			break;
		built->vcpus[built->vcpu_count++] = (cap_selector)r.x[1];
		console_printf("root: partition %s: vCPU on CPU %u\n", name, cpu.cpu);
		started++;
	}
	return started;
}

bool build_partition(const struct boot_archive *archive, uint32_t index,
		     struct built_partition *built)
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
	if (memory.base < ram_base || memory.size < 2 * DEVICETREE_SIZE ||
	    image.size > memory.size - DEVICETREE_SIZE ||
	    PARTITION_ENTRY_IPA - PARTITION_RAM_IPA > memory.size - DEVICETREE_SIZE - image.size) {
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
	struct partition_layout layout = {
		.ram_ipa = PARTITION_RAM_IPA,
		.ram_size = memory.size,
		.devicetree_ipa = PARTITION_RAM_IPA + memory.size - DEVICETREE_SIZE,
		.vcpus = count_vcpus(archive, index),
		.console = (partition.flags & POLICY_PARTITION_CONSOLE) != 0,
	};
	if (!write_devicetree(name, index, ram, &layout))
		return false;
	console_printf("root: partition %s: %llu MiB at 0x%llx, image %s (%zu bytes)\n", name,
		       (unsigned long long)(memory.size >> 20), (unsigned long long)memory.base,
		       image_name, image.size);
	built->partition = created;
	built->memory = ram;
	built->built = create_vcpus(archive, index, name, layout.devicetree_ipa, built) > 0;
	return built->built;
}
