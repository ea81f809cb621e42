/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The devicetree a partition boots with: the frame every Tenon partition's has (its RAM, vCPUs,
 * GIC CPU interface, timer and the hypervisor console at capability selector 0 when the policy
 * gives it one; shared-libs/fdt-write, which the sched component writes its instances' with too),
 * and what only the root knows of it. The same Tenon image then boots here as it does on the
 * bare board.
 *
 * A VMM component also finds /tenonos,vmm: the selectors of its exit endpoint and its own memory,
 * and a guest@N node per partition it serves (N = policy index) with the selectors of what it
 * holds over it, where the root loaded its boot files, its kernel command line and its
 * passed-through devices (platform path, reg, SPIs).
 *
 * A partition with channels finds them under /tenonos,channels: where their memory is, the
 * channel capability that rings the peer and its own doorbell's INTID. A Linux partition's
 * channels are its VMM's to describe: they are under its guest@N/channels, with the capability in
 * the VMM's space. vmm/README.md documents the bindings.
 */
#include "root.h"

#include <libfdt.h>

#include "fdt_write.h"
#include "fmt.h"

static bool write_guest_devices(void *fdt, const struct vmm_view *vmm, uint32_t guest)
{
	const struct policy_blob *policy = &vmm->archive->policy;
	uint32_t devices = policy_blob_count(policy, POLICY_TABLE_DEVICES);
	uint32_t irqs = policy_blob_count(policy, POLICY_TABLE_IRQS);
	bool ok = true;

	for (uint32_t d = 0; ok && d < devices; d++) {
		struct policy_device device;
		uint32_t intids[8];
		unsigned intid_count = 0;
		char name[24];
		if (!policy_blob_device(policy, d, &device) || device.partition != guest)
			continue;
		for (uint32_t i = 0; i < irqs && intid_count < 8; i++) {
			struct policy_irq irq;
			if (policy_blob_irq(policy, i, &irq) && irq.device == d)
				intids[intid_count++] = irq.intid;
		}
		fmt_snprintf(name, sizeof(name), "device@%u", (unsigned)d);
		ok = fdt_begin_node(fdt, name) == 0 &&
		     fdt_property_string(fdt, "path", policy_blob_string(policy, device.path)) == 0 &&
		     fdt_write_u64_pair(fdt, "reg", device.base, device.size) &&
		     fdt_write_cells(fdt, "intids", intids, intid_count) && fdt_end_node(fdt) == 0;
	}
	return ok;
}

/* linux_end: the view of a Linux partition, written for its VMM, which also needs its linux-view. */
static bool write_channel(void *fdt, const struct boot_archive *archive,
			  const struct channel_view *view, bool linux_end)
{
	struct policy_channel channel;
	struct policy_partition peer;

	policy_blob_channel(&archive->policy, view->channel, &channel);
	bool ok = fdt_begin_node(fdt, policy_blob_string(&archive->policy, channel.name)) == 0 &&
		  fdt_property_string(fdt, "compatible", "tenonos,channel") == 0;
	if (ok && view->end) {
		policy_blob_partition(&archive->policy, view->peer, &peer);
		ok = fdt_write_u64_pair(fdt, "reg", view->ipa, view->size) &&
		     fdt_property_string(fdt, "peer",
					 policy_blob_string(&archive->policy, peer.name)) == 0 &&
		     fdt_property_u32(fdt, "peer-end", view->peer_end) == 0 &&
		     (view->doorbell_intid == 0 ||
		      fdt_property_u32(fdt, "doorbell-intid", view->doorbell_intid) == 0) &&
		     (!linux_end ||
		      fdt_property_string(fdt, "linux-view",
					  channel.flags & POLICY_CHANNEL_LINUX_PCI ? "pci" : "raw") == 0);
	}
	if (ok && view->has_capability)
		ok = fdt_property_u32(fdt, "capability", view->capability) == 0;
	if (ok && view->has_memory_capability)
		ok = fdt_property_u32(fdt, "memory-capability", view->memory_capability) == 0;
	return ok && fdt_end_node(fdt) == 0;
}

static bool write_channels(void *fdt, const struct boot_archive *archive,
			   const struct built_partition *partition)
{
	if (partition->channel_count == 0)
		return true;
	/* tenonos,channels in a partition's own devicetree, channels under a VMM's guest@N. */
	bool ok = fdt_begin_node(fdt, partition->kind == POLICY_KIND_LINUX ? "channels" :
									"tenonos,channels") == 0 &&
		  fdt_property_u32(fdt, "#address-cells", 2) == 0 &&
		  fdt_property_u32(fdt, "#size-cells", 2) == 0;
	for (unsigned i = 0; ok && i < partition->channel_count; i++)
		ok = write_channel(fdt, archive, &partition->channels[i],
				   partition->kind == POLICY_KIND_LINUX);
	return ok && fdt_end_node(fdt) == 0;
}

static bool write_guest(void *fdt, const struct vmm_view *vmm, uint32_t guest)
{
	const struct built_partition *built = &vmm->partitions[guest];
	const struct granted_objects *held = &vmm->partitions[vmm->self].granted[guest];
	struct policy_partition partition;
	char name[24];

	if (!policy_blob_partition(&vmm->archive->policy, guest, &partition) || !built->built ||
	    partition.vmm != vmm->self)
		return true;
	fmt_snprintf(name, sizeof(name), "guest@%u", (unsigned)guest);
	const char *kinds[POLICY_KIND_COUNT] = {"tenon", "linux", "component"};
	return fdt_begin_node(fdt, name) == 0 &&
	       fdt_property_string(fdt, "name",
				   policy_blob_string(&vmm->archive->policy, partition.name)) == 0 &&
	       fdt_property_string(fdt, "kind", kinds[partition.kind]) == 0 &&
	       fdt_write_cells(fdt, "vcpus", held->vcpus, held->vcpu_count) &&
	       (!held->has_memory || fdt_property_u32(fdt, "memory", held->memory) == 0) &&
	       fdt_write_u64_pair(fdt, "ram", built->layout.ram_ipa, built->layout.ram_size) &&
	       fdt_write_u64_pair(fdt, "image", built->files.image_offset, built->files.image_size) &&
	       fdt_write_u64_pair(fdt, "initrd", built->files.initrd_offset, built->files.initrd_size) &&
	       fdt_property_string(fdt, "bootargs",
				   policy_blob_string(&vmm->archive->policy, partition.bootargs)) == 0 &&
	       write_guest_devices(fdt, vmm, guest) && write_channels(fdt, vmm->archive, built) &&
	       fdt_end_node(fdt) == 0;
}

static bool write_vmm(void *fdt, const struct vmm_view *vmm)
{
	bool ok = fdt_begin_node(fdt, "tenonos,vmm") == 0 &&
		  fdt_property_string(fdt, "compatible", "tenonos,vmm") == 0 &&
		  fdt_property_u32(fdt, "#address-cells", 1) == 0 &&
		  fdt_property_u32(fdt, "#size-cells", 0) == 0 &&
		  fdt_property_u32(fdt, "endpoint", vmm->endpoint) == 0 &&
		  fdt_property_u32(fdt, "self-memory", vmm->self_memory) == 0;

	for (uint32_t guest = 0; ok && guest < vmm->count; guest++)
		ok = write_guest(fdt, vmm, guest);
	return ok && fdt_end_node(fdt) == 0;
}

/* A pool's scheduler: /tenonos,sched (vmm/sched/README.md has the binding). */
static bool write_sched(void *fdt, const struct boot_archive *archive,
			const struct built_partition *partition)
{
	const struct sched_view *sched = &partition->sched;
	bool ok = fdt_begin_node(fdt, "tenonos,sched") == 0 &&
		  fdt_property_string(fdt, "compatible", "tenonos,sched") == 0 &&
		  fdt_property_u32(fdt, "sched-context", sched->sched_context) == 0 &&
		  fdt_property_u32(fdt, "archive", sched->archive) == 0 &&
		  fdt_property_u32(fdt, "self-memory", sched->self_memory) == 0 &&
		  fdt_write_cells(fdt, "cpus", sched->cpus, sched->cpu_count);
	char name[24];

	for (unsigned i = 0; ok && i < sched->template_count; i++) {
		const struct template_view *t = &sched->templates[i];
		struct policy_partition entry;
		policy_blob_partition(&archive->policy, t->partition, &entry);
		fmt_snprintf(name, sizeof(name), "template@%u", i);
		ok = fdt_begin_node(fdt, name) == 0 &&
		     fdt_property_string(fdt, "name",
					 policy_blob_string(&archive->policy, entry.name)) == 0 &&
		     fdt_property_u32(fdt, "vcpus", entry.vcpus) == 0 &&
		     fdt_property_u32(fdt, "priority", entry.priority) == 0 &&
		     fdt_property_u32(fdt, "budget-us", entry.budget_us) == 0 &&
		     fdt_property_u32(fdt, "period-us", entry.period_us) == 0 &&
		     fdt_property_u32(fdt, "memory", t->memory) == 0 &&
		     fdt_write_u64_pair(fdt, "instances", t->instance_size, t->max_instances) &&
		     fdt_write_u64_pair(fdt, "image", t->image_offset, t->image_size) &&
		     (!t->console || fdt_property(fdt, "console", NULL, 0) == 0) &&
		     fdt_end_node(fdt) == 0;
	}
	for (unsigned i = 0; ok && i < partition->channel_count; i++) {
		struct policy_channel channel;
		if (!policy_blob_channel(&archive->policy, partition->channels[i].channel, &channel) ||
		    !(channel.flags & POLICY_CHANNEL_CONTROL))
			continue;
		fmt_snprintf(name, sizeof(name), "control@%u", i);
		ok = fdt_begin_node(fdt, name) == 0 &&
		     fdt_property_string(fdt, "channel",
					 policy_blob_string(&archive->policy, channel.name)) == 0 &&
		     fdt_property_u32(fdt, "may-control",
				      !(channel.flags & POLICY_CHANNEL_READ_ONLY)) == 0 &&
		     fdt_end_node(fdt) == 0;
	}
	return ok && fdt_end_node(fdt) == 0;
}

size_t partition_devicetree(void *buffer, size_t size, const struct boot_archive *archive,
			    const struct built_partition *partition, const struct vmm_view *vmm)
{
	const struct partition_layout *layout = &partition->layout;
	const struct fdt_partition frame = {
		.ram_ipa = layout->ram_ipa,
		.ram_size = layout->ram_size,
		.devicetree_ipa = layout->devicetree_ipa,
		.devicetree_size = size,
		.vcpus = layout->vcpus,
		.console = layout->console,
		.console_capability = SEL_CONSOLE,
	};
	void *fdt = buffer;
	bool ok = fdt_write_partition_begin(fdt, size, &frame) &&
		  (vmm == NULL || write_vmm(fdt, vmm)) && write_channels(fdt, archive, partition) &&
		  (!partition->sched.present || write_sched(fdt, archive, partition)) &&
		  fdt_write_partition_chosen(fdt, &frame);

	return ok ? fdt_write_partition_finish(fdt) : 0;
}
