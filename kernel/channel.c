/* SPDX-License-Identifier: Apache-2.0 */
#include "array_length.h"
#include "channel.h"
#include "hypercall.h"
#include "partition.h"
#include "virq.h"

#include "sync.h"


/*
 * Made and freed under channel_table_lock, taken inside the capability lock (partition.create and
 * partition.destroy hold that too); read without either through channel_count's release and
 * acquire, by hypercalls whose capabilities (under the capability lock) name live entries.
 */
static struct channel channels[CONFIG_MORTISE_MAX_CHANNELS];
/*
 * channel_table_lock guards the table (entries below channel_count have been made; channels_live
 * of them are not free) and,
 * with it, each vCPU's channel_end and the moment it becomes dedicated: components on several
 * CPUs may create channels and dedicate vCPUs at once. Taken inside vcpu_table_lock, never
 * around it.
 */
static unsigned channel_count, channels_live;
static struct spinlock channel_table_lock;

static struct channel *free_channel_locked(void)
{
	for (unsigned i = 0; i < channel_count; i++) {
		if (channels[i].ends[0].vcpu == NULL)
			return &channels[i];
	}
	return channel_count < CONFIG_MORTISE_MAX_CHANNELS ? &channels[channel_count] : NULL;
}

__attribute__((cold))
enum cap_status channel_create(const struct channel_end ends[HC_CHANNEL_ENDS],
			       struct partition *charged, struct channel **created)
{
	enum cap_status status = CAP_OK;
	struct channel *channel;

	spin_lock(&channel_table_lock);
	for (unsigned end = 0; end < HC_CHANNEL_ENDS; end++) {
		/* Its interrupts come from the GIC alone: a virtual SPI would never reach it. */
		if (ends[end].vcpu->dedicated)
			status = CAP_INVALID_ARGUMENT;
	}
	if (status == CAP_OK && (channel = free_channel_locked()) == NULL)
		status = CAP_NO_MEMORY;
	if (status == CAP_OK) {
		channel->id = (uint16_t)(channel - channels);
		channel->charged = charged;
		for (unsigned end = 0; end < HC_CHANNEL_ENDS; end++) {
			channel->ends[end] = ends[end];
			ends[end].vcpu->channel_end = true;
		}
		if (channel->id == channel_count)
			__atomic_store_n(&channel_count, channel_count + 1, __ATOMIC_RELEASE);
		__atomic_store_n(&channels_live, channels_live + 1, __ATOMIC_RELAXED);
		*created = channel;
	}
	spin_unlock(&channel_table_lock);
	return status;
}

bool channel_dedicate_unless_end(struct vcpu *vcpu)
{
	spin_lock(&channel_table_lock);
	bool end = vcpu->channel_end;
	if (!end)
		__atomic_store_n(&vcpu->dedicated, true, __ATOMIC_RELEASE);
	spin_unlock(&channel_table_lock);
	return !end;
}

__attribute__((cold))
void channels_destroy(const struct partition *partition, struct partition *heir)
{
	spin_lock(&channel_table_lock);
	for (unsigned i = 0; i < channel_count; i++) {
		struct channel *channel = &channels[i];
		if (channel->ends[0].vcpu == NULL)
			continue;
		if (channel->charged == partition)
			channel->charged = heir;
		if (channel->ends[0].vcpu->partition != partition &&
		    channel->ends[1].vcpu->partition != partition)
			continue;
		cap_remove_naming(&kernel_caps, CAP_TYPE_CHANNEL, channel->id);
		partition_quota_return(channel->charged, TABLE_CHANNELS, 1);
		*channel = (struct channel){0};
		__atomic_store_n(&channels_live, channels_live - 1, __ATOMIC_RELAXED);
	}
	spin_unlock(&channel_table_lock);
}

unsigned channels_in_use(void)
{
	return __atomic_load_n(&channels_live, __ATOMIC_RELAXED);
}

struct channel *channel_by_id(uint64_t id)
{
	return id < __atomic_load_n(&channel_count, __ATOMIC_ACQUIRE) ? &channels[id] : NULL;
}

void channel_ring(const struct channel *channel, unsigned end)
{
	virq_raise_virtual_spi(channel->ends[end].vcpu, channel->ends[end].intid);
}

static enum cap_status channel_notify_call(struct hc_call *call)
{
	uint64_t end = call->registers->x[2];

	if (end >= HC_CHANNEL_ENDS)
		return CAP_INVALID_ARGUMENT;
	channel_ring(channel_by_id(call->caps[0]->object), (unsigned)end);
	return CAP_OK;
}

static const struct hc_function channel_functions[] = {
	HC_CHANNEL_FUNCTIONS(HC_KERNEL_FUNCTION)
};

const struct hc_group hypercall_channel_group = {
	"channel", HC_GROUP_CHANNEL, ARRAY_LENGTH(channel_functions), channel_functions};
