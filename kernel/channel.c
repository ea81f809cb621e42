/* SPDX-License-Identifier: Apache-2.0 */
#include "channel.h"

#include "kernel.h"
#include "sync.h"

#define ARRAY_LENGTH(array) (sizeof(array) / sizeof((array)[0]))

/*
 * Appended under channel_table_lock, taken inside the capability lock (partition.channel_create
 * holds that too); read without either through channel_count's release and acquire.
 */
static struct channel channels[CONFIG_MORTISE_MAX_CHANNELS];
static unsigned channel_count;
static struct spinlock channel_table_lock;

struct channel *channel_create(const struct channel_end ends[HC_CHANNEL_ENDS])
{
	struct channel *channel = NULL;

	/* Components on several CPUs may create channels at once. */
	spin_lock(&channel_table_lock);
	if (channel_count < CONFIG_MORTISE_MAX_CHANNELS) {
		channel = &channels[channel_count];
		channel->id = (uint16_t)channel_count;
		for (unsigned end = 0; end < HC_CHANNEL_ENDS; end++)
			channel->ends[end] = ends[end];
		__atomic_store_n(&channel_count, channel_count + 1, __ATOMIC_RELEASE);
	}
	spin_unlock(&channel_table_lock);
	return channel;
}

struct channel *channel_by_id(uint64_t id)
{
	return id < __atomic_load_n(&channel_count, __ATOMIC_ACQUIRE) ? &channels[id] : NULL;
}

void channel_ring(const struct channel *channel, unsigned end)
{
	vcpu_raise_virtual_spi(channel->ends[end].vcpu, channel->ends[end].intid);
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
