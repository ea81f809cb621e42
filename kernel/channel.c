/* SPDX-License-Identifier: Apache-2.0 */
#include "array_length.h"
#include "channel.h"
#include "hypercall.h"
#include "virq.h"

#include "sync.h"


/*
 * Appended under channel_table_lock, taken inside the capability lock (partition.channel_create
 * holds that too); read without either through channel_count's release and acquire.
 */
static struct channel channels[CONFIG_MORTISE_MAX_CHANNELS];
/*
 * channel_table_lock guards adding to the table (entries below channel_count never change) and,
 * with it, each vCPU's channel_end and the moment it becomes dedicated: components on several
 * CPUs may create channels and dedicate vCPUs at once. Taken inside vcpu_table_lock, never
 * around it.
 */
static unsigned channel_count;
static struct spinlock channel_table_lock;

enum cap_status channel_create(const struct channel_end ends[HC_CHANNEL_ENDS],
			       struct channel **created)
{
	enum cap_status status = CAP_OK;

	spin_lock(&channel_table_lock);
	for (unsigned end = 0; end < HC_CHANNEL_ENDS; end++) {
		/* Its interrupts come from the GIC alone: a virtual SPI would never reach it. */
		if (ends[end].vcpu->dedicated)
			status = CAP_INVALID_ARGUMENT;
	}
	if (status == CAP_OK && channel_count == CONFIG_MORTISE_MAX_CHANNELS)
		status = CAP_NO_MEMORY;
	if (status == CAP_OK) {
		struct channel *channel = &channels[channel_count];
		channel->id = (uint16_t)channel_count;
		for (unsigned end = 0; end < HC_CHANNEL_ENDS; end++) {
			channel->ends[end] = ends[end];
			ends[end].vcpu->channel_end = true;
		}
		__atomic_store_n(&channel_count, channel_count + 1, __ATOMIC_RELEASE);
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

unsigned channels_in_use(void)
{
	return __atomic_load_n(&channel_count, __ATOMIC_ACQUIRE);
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
