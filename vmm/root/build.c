/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One partition of the policy: its memory carved from the root's RAM capability, its page
 * tables' kernel memory from the top of it (tables.c) donated to make an empty partition, the rest
 * (its RAM) mapped at the platform's RAM address, the image copied in, the console delegated
 * (with its budget) if the policy says so, and a vCPU created on each of its static CPUs with x0
 * pointing at where its devicetree goes, at the end of its RAM (written once grants are given;
 * main.c then starts them). A Linux partition also gets its initrd below the devicetree, its
 * devices mapped where the platform has them and its IRQs passed through to its first vCPU.
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

bool apply_console_budget(const char *name, cap_selector partition,
			  const struct policy_partition *entry)
{
	struct hc_registers r;

	if (entry->console_bytes == 0)
		return true;
	if (!report(name, "console budget",
		    hvc_call_with(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_SET_CONSOLE_BUDGET),
				  partition, entry->console_bytes, entry->console_period_us, 0, 0)))
		return false;
	console_printf("root: partition %s: console budget %u bytes per %u us\n", name,
		       entry->console_bytes, entry->console_period_us);
	return true;
}

bool partition_memory(const struct boot_archive *archive, uint32_t index,
			     struct policy_memory *memory)
{
	uint32_t count = policy_blob_count(&archive->policy, POLICY_TABLE_MEMORY);

	for (uint32_t i = 0; i < count; i++) {
		if (policy_blob_memory(&archive->policy, i, memory) && memory->partition == index)
			return true;
	}
	return false;
}

static bool copy_file(const char *name, cap_selector memory, const struct cpio_file *file,
		      uint64_t offset)
{
	struct hc_registers r;

	for (uint64_t done = 0; done < file->size; done += COPY_CHUNK) {
		uint64_t length = file->size - done < COPY_CHUNK ? file->size - done : COPY_CHUNK;
		if (!report(name, "copy a boot file",
			    hvc_call_with(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_COPY), memory,
					  SEL_ARCHIVE, offset + done, file->offset + done, length)))
			return false;
	}
	return true;
}

/* Where the root component sees the devicetree windows of the partitions it builds. */
#define DEVICETREE_WINDOWS_IPA 0x70000000ULL

/* The static CPUs of partition index, as a sched context's CPU set (bit n: CPU n). */
static uint64_t static_cpus(const struct boot_archive *archive, uint32_t index)
{
	uint32_t count = policy_blob_count(&archive->policy, POLICY_TABLE_CPUS);
	uint64_t cpus = 0;
	struct policy_cpu cpu;

	for (uint32_t i = 0; i < count; i++) {
		if (policy_blob_cpu(&archive->policy, i, &cpu) &&
		    cpu.owner_kind == POLICY_CPU_STATIC && cpu.owner == index &&
		    cpu.cpu < CAP_SCHED_CPUS)
			cpus |= 1ULL << cpu.cpu;
	}
	return cpus;
}

/* How many CPUs a set names (a loop: the root is built without FP/SIMD, which popcount uses). */
static unsigned cpus_in(uint64_t cpus)
{
	unsigned count = 0;

	for (; cpus != 0; cpus &= cpus - 1)
		count++;
	return count;
}

/*
 * The vCPUs partition index may create itself: one for each CPU of every partition whose CPUs
 * the policy grants it (a sched-context grant over a partition), from the root's own quota. It
 * gets no endpoint or channel quota: the root creates those of the policy.
 */
static unsigned granted_vcpu_quota(const struct boot_archive *archive, uint32_t index)
{
	uint32_t count = policy_blob_count(&archive->policy, POLICY_TABLE_GRANTS);
	struct policy_grant grant;
	unsigned vcpus = 0;

	for (uint32_t i = 0; i < count; i++) {
		if (policy_blob_grant(&archive->policy, i, &grant) && grant.holder == index &&
		    grant.type == CAP_TYPE_SCHED_CONTEXT &&
		    (grant.flags & POLICY_GRANT_PARTITION_CPUS))
			vcpus += cpus_in(static_cpus(archive, grant.object));
	}
	return vcpus;
}

/* Writes the devicetree into the partition's RAM through a window mapped into the root. */
static bool write_devicetree(const struct boot_archive *archive, const char *name, uint32_t index,
			     const struct built_partition *built, const struct vmm_view *vmm)
{
	const struct partition_layout *layout = &built->layout;
	struct hc_registers r;
	uint64_t window_ipa = DEVICETREE_WINDOWS_IPA + index * DEVICETREE_SIZE;

	if (!report(name, "derive its devicetree window",
		    hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), built->memory,
				  CAP_RIGHT_READ | CAP_RIGHT_WRITE, layout->ram_size - DEVICETREE_SIZE,
				  DEVICETREE_SIZE, 0)) ||
	    !report(name, "map its devicetree window",
		    hvc_call_with(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_MAP), SEL_SELF, r.x[1],
				  window_ipa, HC_MAP_NORMAL, 0)))
		return false;
	if (partition_devicetree((void *)(uintptr_t)window_ipa, DEVICETREE_SIZE, archive, built,
				 vmm) == 0) {
		console_printf("root: partition %s: its devicetree does not fit\n", name);
		return false;
	}
	return true;
}

/* The initramfs the policy names, just below the devicetree, page-aligned. */
static bool load_initrd(const struct boot_archive *archive, const struct policy_partition *partition,
			const char *name, cap_selector ram, uint64_t ram_size, struct boot_files *files)
{
	struct cpio_file initrd;

	if (partition->initrd == 0)
		return true;
	const char *initrd_name = policy_blob_string(&archive->policy, partition->initrd);
	enum cpio_status found = cpio_find(archive->data, archive->size, initrd_name, &initrd);
	if (found != CPIO_OK) {
		console_printf("root: partition %s: initrd %s: %s\n", name, initrd_name,
			       cpio_status_name(found));
		return false;
	}
	uint64_t room = ram_size - DEVICETREE_SIZE - files->image_offset - files->image_size;
	if (initrd.size > room) {
		console_printf("root: partition %s: initrd %s (%zu bytes) does not fit\n", name,
			       initrd_name, initrd.size);
		return false;
	}
	files->initrd_offset = (ram_size - DEVICETREE_SIZE - initrd.size) & ~0xfffULL;
	files->initrd_size = initrd.size;
	return copy_file(name, ram, &initrd, files->initrd_offset);
}

/* Each device of the partition, mapped at its physical address from the root's device space. */
static bool map_devices(const struct boot_archive *archive, uint32_t index, const char *name,
			const struct built_partition *built)
{
	uint32_t count = policy_blob_count(&archive->policy, POLICY_TABLE_DEVICES);
	struct policy_device device;
	struct hc_registers r;

	for (uint32_t i = 0; i < count; i++) {
		if (!policy_blob_device(&archive->policy, i, &device) || device.partition != index)
			continue;
		if (!report(name, "derive a device's memory",
			    hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), SEL_DEVICES,
					  CAP_RIGHT_READ | CAP_RIGHT_WRITE, device.base, device.size, 0)) ||
		    !report(name, "map a device",
			    hvc_call_with(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_MAP),
					  built->partition, r.x[1], device.base, HC_MAP_DEVICE, 0)))
			return false;
		console_printf("root: partition %s: device %s at 0x%llx\n", name,
			       policy_blob_string(&archive->policy, device.path),
			       (unsigned long long)device.base);
	}
	return true;
}

/* Each SPI of the partition, passed through to its first vCPU (which its OS boots on). */
static bool pass_irqs(const struct boot_archive *archive, uint32_t index, const char *name,
		      const struct built_partition *built)
{
	uint32_t count = policy_blob_count(&archive->policy, POLICY_TABLE_IRQS);
	struct policy_irq irq;
	struct hc_registers r;

	for (uint32_t i = 0; i < count; i++) {
		if (!policy_blob_irq(&archive->policy, i, &irq) || irq.partition != index)
			continue;
		if (!report(name, "derive an IRQ",
			    hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), SEL_IRQS,
					  CAP_RIGHT_CONTROL, irq.intid - 32, 1, 0)) ||
		    !report(name, "pass an IRQ through",
			    hvc_call_with(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_PASS_IRQ),
					  built->vcpus[0], r.x[1], 0, 0, 0)))
			return false;
		console_printf("root: partition %s: IRQ %u\n", name, irq.intid);
	}
	return true;
}

/*
 * A Tenon partition with no VMM and no doorbell to take gets its CPUs for good: its vCPUs take
 * their interrupts from the GIC directly (Mode 1, kernel/README.md). Doorbells are virtual SPIs,
 * and a VMM may want to emulate an interrupt controller: both need interrupts to pass through
 * Mortise.
 */
static bool dedicates_cpus(const struct boot_archive *archive, uint32_t index)
{
	uint32_t channels = policy_blob_count(&archive->policy, POLICY_TABLE_CHANNELS);
	struct policy_partition partition;
	struct policy_channel channel;

	if (!policy_blob_partition(&archive->policy, index, &partition) ||
	    partition.kind != POLICY_KIND_TENON || partition.vmm != POLICY_NONE)
		return false;
	for (uint32_t i = 0; i < channels; i++) {
		if (policy_blob_channel(&archive->policy, i, &channel) &&
		    (channel.flags & POLICY_CHANNEL_DOORBELL) &&
		    (channel.first == index || channel.second == index))
			return false;
	}
	return true;
}

/*
 * A vCPU on each static CPU of the partition, under a sched context for just those CPUs, derived
 * from the root's (control and grant, so that the policy can pass it on; ceiling 0, the guests'
 * priority, which is all vCPU creation gives).
 */
static unsigned create_vcpus(const struct boot_archive *archive, uint32_t index, const char *name,
			     uint64_t devicetree_ipa, cap_selector root_cpus,
			     struct built_partition *built)
{
	bool dedicate = dedicates_cpus(archive, index);
	uint32_t count = policy_blob_count(&archive->policy, POLICY_TABLE_CPUS);
	unsigned started = 0;
	struct hc_registers r;

	if (!report(name, "derive its sched context",
		    hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), root_cpus,
				  CAP_RIGHT_CONTROL | CAP_RIGHT_GRANT, static_cpus(archive, index), 0,
				  0)))
		return 0;
	built->sched_context = (cap_selector)r.x[1];

	for (uint32_t i = 0; i < count; i++) {
		struct policy_cpu cpu;
		if (!policy_blob_cpu(&archive->policy, i, &cpu) ||
		    cpu.owner_kind != POLICY_CPU_STATIC || cpu.owner != index)
			continue;
		if (built->vcpu_count == ROOT_MAX_VCPUS_PER_PARTITION ||
		    !report(name, "create vCPU",
			    hvc_call_with(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_VCPU_CREATE),
					  built->partition, cpu.cpu, PARTITION_ENTRY_IPA, devicetree_ipa,
					  built->sched_context)))
			break;
		cap_selector vcpu = (cap_selector)r.x[1];
		built->vcpus[built->vcpu_count++] = vcpu;
		enum cap_status dedicated =
			dedicate ? hvc_call_with(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_DEDICATE), vcpu, 0, 0,
						 0, 0) :
				   CAP_NOT_SUPPORTED;
		/* Not supported: the GIC keeps every interrupt virtual, which works as well. */
		if (dedicated != CAP_NOT_SUPPORTED && !report(name, "dedicate its CPU", dedicated))
			break;
		console_printf("root: partition %s: vCPU on CPU %u%s\n", name, cpu.cpu,
			       dedicated == CAP_OK ? ", interrupts direct" : "");
		started++;
	}
	return started;
}

bool build_partition(const struct boot_archive *archive, uint32_t index, cap_selector cpus,
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
		console_printf("root: partition %s: a scheduler in its own pool is not supported yet\n",
			       name);
		return false;
	}
	enum cpio_status found = cpio_find(archive->data, archive->size, image_name, &image);
	if (found != CPIO_OK || !partition_memory(archive, index, &memory)) {
		console_printf("root: partition %s: image %s: %s\n", name, image_name,
			       found != CPIO_OK ? cpio_status_name(found) : "no memory in the policy");
		return false;
	}
	if (!report(name, "info of the RAM capability",
		    hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), SEL_RAM, 0, 0, 0, 0)))
		return false;
	uint64_t ram_base = r.x[3];
	/* Its page tables, from the top of its memory; its RAM is the rest. */
	uint64_t tables = partition_table_bytes(archive, index, memory.base, memory.size);
	uint64_t ram_size = memory.size - (tables < memory.size ? tables : memory.size);
	if (memory.base < ram_base || ram_size < 2 * DEVICETREE_SIZE ||
	    image.size > ram_size - DEVICETREE_SIZE ||
	    PARTITION_ENTRY_IPA - PARTITION_RAM_IPA > ram_size - DEVICETREE_SIZE - image.size) {
		console_printf("root: partition %s: memory 0x%llx+0x%llx is not in my RAM from 0x%llx "
			       "or too small for its %zu-byte image and %llu KiB of page tables\n",
			       name, (unsigned long long)memory.base, (unsigned long long)memory.size,
			       (unsigned long long)ram_base, image.size,
			       (unsigned long long)(tables >> 10));
		return false;
	}

	uint64_t packed_name[2] = {0, 0};
	memcpy(packed_name, name, strnlen(name, sizeof(packed_name)));
	if (!report(name, "derive its page-table memory",
		    hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), SEL_RAM, CAP_RIGHT_CONTROL,
				  memory.base - ram_base + ram_size, tables, 0)))
		return false;
	cap_selector kernel_memory = (cap_selector)r.x[1];
	if (!report(name, "derive its memory",
		    hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), SEL_RAM, CAP_RIGHTS_ALL,
				  memory.base - ram_base, ram_size, 0)))
		return false;
	cap_selector ram = (cap_selector)r.x[1];
	/*
	 * Its table quota: x5 vCPUs for the CPUs it was granted, x6 (0 here) no endpoint or channel:
	 * the root itself creates every vCPU, endpoint and channel of the policy.
	 */
	unsigned vcpu_quota = granted_vcpu_quota(archive, index), partition_quota = 0;
	pool_quotas(archive, index, &vcpu_quota, &partition_quota);
	r = (struct hc_registers){.x = {HC_ID(HC_GROUP_PARTITION, HC_PARTITION_CREATE),
					kernel_memory, packed_name[0], packed_name[1], 0, vcpu_quota,
					0, partition_quota}};
	if (!report(name, "create", hvc_call(&r)))
		return false;
	cap_selector created = (cap_selector)r.x[1];
	/* Before its first vCPU: from then on its CPUs hold the state the features name. */
	uint64_t features = ((partition.flags & POLICY_PARTITION_PMU) ? HC_FEATURE_PMU : 0) |
			    ((partition.flags & POLICY_PARTITION_DEBUG) ? HC_FEATURE_DEBUG : 0);
	if (features != 0 &&
	    !report(name, "give it the PMU or debug registers",
		    hvc_call_with(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_SET_FEATURES), created,
				  features, 0, 0, 0)))
		return false;
	built->files = (struct boot_files){PARTITION_ENTRY_IPA - PARTITION_RAM_IPA, image.size, 0, 0};
	if (!report(name, "map its memory",
		    hvc_call_with(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_MAP), created, ram,
				  PARTITION_RAM_IPA, HC_MAP_NORMAL, 0)) ||
	    !copy_file(name, ram, &image, built->files.image_offset) ||
	    (partition.kind == POLICY_KIND_LINUX &&
	     !load_initrd(archive, &partition, name, ram, ram_size, &built->files)))
		return false;
	/*
	 * First, so that the partition finds its console at selector 0. A pool's scheduler may pass
	 * it on to the instances it starts (partition_quota counts them).
	 */
	cap_rights console_rights = CAP_RIGHT_WRITE | (partition_quota > 0 ? CAP_RIGHT_GRANT : 0);
	if ((partition.flags & POLICY_PARTITION_CONSOLE) &&
	    !report(name, "delegate the console",
		    hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DELEGATE), SEL_CONSOLE, created,
				  console_rights, 0, 0)))
		return false;
	if (!apply_console_budget(name, created, &partition))
		return false;
	built->layout = (struct partition_layout){
		.ram_ipa = PARTITION_RAM_IPA,
		.ram_size = ram_size,
		.devicetree_ipa = PARTITION_RAM_IPA + ram_size - DEVICETREE_SIZE,
		.vcpus = cpus_in(static_cpus(archive, index)),
		.console = (partition.flags & POLICY_PARTITION_CONSOLE) != 0,
	};
	console_printf("root: partition %s: %llu MiB at 0x%llx (%llu KiB of it page tables), "
		       "image %s (%zu bytes)\n",
		       name, (unsigned long long)(memory.size >> 20), (unsigned long long)memory.base,
		       (unsigned long long)(tables >> 10), image_name, image.size);
	if (partition_quota > 0)
		console_printf("root: partition %s: vCPU quota %u, partition quota %u, for its pools' "
			       "instances\n", name, vcpu_quota, partition_quota);
	else if (vcpu_quota > 0)
		console_printf("root: partition %s: vCPU quota %u, for the CPUs it was given\n",
			       name, vcpu_quota);
	built->kind = partition.kind;
	built->partition = created;
	built->memory = ram;
	built->built = create_vcpus(archive, index, name, built->layout.devicetree_ipa, cpus,
				    built) > 0 &&
		       map_devices(archive, index, name, built) && pass_irqs(archive, index, name, built);
	return built->built;
}

unsigned write_devicetrees(const struct boot_archive *archive, struct built_partition *built,
			   uint32_t count)
{
	unsigned failed = 0;

	for (uint32_t i = 0; i < count; i++) {
		struct policy_partition partition;
		if (!built[i].built || built[i].kind == POLICY_KIND_LINUX ||
		    !policy_blob_partition(&archive->policy, i, &partition))
			continue;
		const struct vmm_view view = {archive, built[i].endpoint_given,
					      built[i].self_memory_given, built, count, i};
		const char *name = policy_blob_string(&archive->policy, partition.name);
		if (!write_devicetree(archive, name, i, &built[i],
				      built[i].has_exit_endpoint ? &view : NULL)) {
			built[i].built = false;
			failed++;
		}
	}
	return failed;
}
