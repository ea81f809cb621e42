/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The policy's channels. The shared memory is carved from the root's RAM capability where the
 * policy compiler placed it and mapped into both ends, after each end's earlier channels in its
 * channel window. A doorbell is a kernel channel object whose ends are the two partitions' first
 * vCPUs, each with a virtual SPI of its own; each end gets the channel capability to ring the
 * other (read, write: what the policy audit counts as implied by being an end). A Linux end rings
 * through its VMM, which holds the capability for it and emulates a doorbell page.
 */
#include "root.h"

#include "console.h"

#define END_RIGHTS (CAP_RIGHT_READ | CAP_RIGHT_WRITE)

struct channel_ends {
	const char *name;
	struct policy_channel entry;
	uint32_t partitions[HC_CHANNEL_ENDS];
	struct channel_view *views[HC_CHANNEL_ENDS];
	/* Who holds each end's channel capability: the end, or a Linux end's VMM. */
	const struct built_partition *holders[HC_CHANNEL_ENDS];
	/*
	 * Linux user space can map the channel only non-cacheable (sysfs resource2_wc: Normal
	 * Non-cacheable; /dev/mem: Device). Both ends then get it Normal Non-cacheable at stage 2,
	 * which overrides any cacheable stage-1 mapping (Arm ARM D8.5.5), so no end ever holds a
	 * cacheable alias of memory the other writes uncached (Arm ARM B2.8, mismatched memory
	 * attributes: a cached copy could hide the other end's writes, or overwrite them on
	 * eviction). Tenon ends need no cache maintenance for it.
	 */
	bool linux_end;
};

static bool channel_report(const char *channel, const char *step, enum cap_status status)
{
	if (status != CAP_OK)
		console_printf("root: channel %s: %s: %s\n", channel, step, cap_status_name(status));
	return status == CAP_OK;
}

static bool is_passed_through(const struct boot_archive *archive, uint32_t partition,
			      uint32_t intid)
{
	uint32_t count = policy_blob_count(&archive->policy, POLICY_TABLE_IRQS);
	struct policy_irq irq;

	for (uint32_t i = 0; i < count; i++) {
		if (policy_blob_irq(&archive->policy, i, &irq) && irq.partition == partition &&
		    irq.intid == intid)
			return true;
	}
	return false;
}

/* The partition's next doorbell INTID, or 0 when it has used them all. */
static uint32_t next_doorbell(const struct boot_archive *archive, uint32_t index,
			      struct built_partition *partition)
{
	uint32_t intid = partition->next_doorbell_intid;

	if (intid == 0)
		intid = CHANNEL_FIRST_DOORBELL_INTID;
	while (intid <= CHANNEL_LAST_DOORBELL_INTID && is_passed_through(archive, index, intid))
		intid++;
	if (intid > CHANNEL_LAST_DOORBELL_INTID)
		return 0;
	partition->next_doorbell_intid = intid + 1;
	return intid;
}

/* Maps the channel's memory into one end at its next channel IPA. */
static bool map_end(struct channel_ends *ends, unsigned end, struct built_partition *partition,
		    cap_selector memory)
{
	struct hc_registers r;
	uint64_t ipa = partition->next_channel_ipa != 0 ? partition->next_channel_ipa :
							    CHANNEL_WINDOW_IPA;

	/* A Linux end sees a "pci" channel as a memory BAR: aligned to its size (a power of two). */
	if (partition->kind == POLICY_KIND_LINUX && (ends->entry.flags & POLICY_CHANNEL_LINUX_PCI))
		ipa = (ipa + ends->entry.size - 1) & ~(ends->entry.size - 1);

	if (ipa > CHANNEL_WINDOW_END || ends->entry.size > CHANNEL_WINDOW_END - ipa) {
		console_printf("root: channel %s: no room left in its end's channel window\n",
			       ends->name);
		return false;
	}
	if (!channel_report(ends->name, "map its memory",
			    hvc_call_with(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_MAP),
					  partition->partition, memory, ipa,
					  ends->linux_end ? HC_MAP_NORMAL_NONCACHEABLE : HC_MAP_NORMAL,
					  0)))
		return false;
	partition->next_channel_ipa = ipa + ends->entry.size;
	*ends->views[end] = (struct channel_view){
		.channel = ends->views[end]->channel,
		.end = true,
		.ipa = ipa,
		.size = ends->entry.size,
		.peer = ends->partitions[1 - end],
		.peer_end = 1 - end,
	};
	return true;
}

static bool create_doorbell(const struct boot_archive *archive, struct channel_ends *ends,
			    struct built_partition *built, struct built_channel *channel)
{
	uint32_t intids[HC_CHANNEL_ENDS];
	struct hc_registers r;

	for (unsigned end = 0; end < HC_CHANNEL_ENDS; end++) {
		intids[end] = next_doorbell(archive, ends->partitions[end],
					    &built[ends->partitions[end]]);
		if (intids[end] == 0) {
			console_printf("root: channel %s: an end has no doorbell INTID left\n",
				       ends->name);
			return false;
		}
	}
	if (!channel_report(ends->name, "create its doorbell",
			    hvc_call_with(&r,
					  HC_ID(HC_GROUP_PARTITION, HC_PARTITION_CHANNEL_CREATE),
					  built[ends->partitions[0]].vcpus[0],
					  built[ends->partitions[1]].vcpus[0], intids[0], intids[1],
					  0)))
		return false;
	channel->doorbell = (cap_selector)r.x[1];
	channel->has_doorbell = true;
	for (unsigned end = 0; end < HC_CHANNEL_ENDS; end++) {
		struct channel_view *view = ends->views[end];
		view->doorbell_intid = intids[end];
		view->has_capability = delegate(channel->doorbell, ends->holders[end]->partition,
						END_RIGHTS, ends->name, "channel", &view->capability);
		if (!view->has_capability)
			return false;
	}
	return true;
}

static bool build_channel(const struct boot_archive *archive, uint32_t index,
			  struct built_partition *built, uint32_t count,
			  struct built_channel *channel)
{
	struct channel_ends ends;
	struct hc_registers r;

	policy_blob_channel(&archive->policy, index, &ends.entry);
	ends.name = policy_blob_string(&archive->policy, ends.entry.name);
	ends.partitions[0] = ends.entry.first;
	ends.partitions[1] = ends.entry.second;
	ends.linux_end = false;
	for (unsigned end = 0; end < HC_CHANNEL_ENDS; end++) {
		struct policy_partition entry;
		if (ends.partitions[end] >= count || !built[ends.partitions[end]].built ||
		    !policy_blob_partition(&archive->policy, ends.partitions[end], &entry))
			return false; /* that partition's failure is reported already */
		ends.holders[end] = &built[ends.partitions[end]];
		if (built[ends.partitions[end]].kind != POLICY_KIND_LINUX)
			continue;
		ends.linux_end = true;
		if (entry.vmm >= count || !built[entry.vmm].built) {
			console_printf("root: channel %s: its Linux end has no VMM running\n",
				       ends.name);
			return false;
		}
		ends.holders[end] = &built[entry.vmm];
	}
	if (!channel_report(ends.name, "info of the RAM capability",
			    hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), SEL_RAM, 0, 0, 0,
					  0)))
		return false;
	uint64_t ram_base = r.x[3], ram_size = r.x[4];
	if (ends.entry.base < ram_base || ends.entry.size > ram_size ||
	    ends.entry.base - ram_base > ram_size - ends.entry.size) {
		console_printf("root: channel %s: memory 0x%llx+0x%llx is not in my RAM\n", ends.name,
			       (unsigned long long)ends.entry.base,
			       (unsigned long long)ends.entry.size);
		return false;
	}
	if (!channel_report(ends.name, "derive its memory",
			    hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), SEL_RAM,
					  END_RIGHTS | CAP_RIGHT_GRANT, ends.entry.base - ram_base,
					  ends.entry.size, 0)))
		return false;
	channel->memory = (cap_selector)r.x[1];
	for (unsigned end = 0; end < HC_CHANNEL_ENDS; end++) {
		struct built_partition *partition = &built[ends.partitions[end]];
		struct policy_partition entry;
		policy_blob_partition(&archive->policy, ends.partitions[end], &entry);
		ends.views[end] = add_channel_view(
			partition, policy_blob_string(&archive->policy, entry.name), index);
		if (ends.views[end] == NULL || !map_end(&ends, end, partition, channel->memory))
			return false;
	}
	if ((ends.entry.flags & POLICY_CHANNEL_DOORBELL) &&
	    !create_doorbell(archive, &ends, built, channel))
		return false;
	console_printf("root: channel %s: %llu KiB%s%s\n", ends.name,
		       (unsigned long long)(ends.entry.size >> 10),
		       channel->has_doorbell ? " with a doorbell" : "",
		       ends.linux_end ? ", non-cacheable for its Linux end" : "");
	return true;
}

unsigned build_channels(const struct boot_archive *archive, struct built_partition *built,
			uint32_t count, struct built_channel *channels)
{
	uint32_t total = policy_blob_count(&archive->policy, POLICY_TABLE_CHANNELS);
	unsigned failed = 0;

	for (uint32_t i = 0; i < total; i++) {
		if (i >= ROOT_MAX_CHANNELS) {
			console_printf("root: %u channels, this build sets up %u\n", total,
				       ROOT_MAX_CHANNELS);
			return failed + (total - i);
		}
		channels[i].built = build_channel(archive, i, built, count, &channels[i]);
		failed += channels[i].built ? 0 : 1;
	}
	return failed;
}
