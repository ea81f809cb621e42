/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypercalls that build partitions from memory capabilities: create, map, add vCPUs, copy
 * images in. The root component drives them from the compiled policy; the kernel only checks
 * capabilities and bounds.
 */
#include "kernel.h"
#include "partition.h"
#include "vcpu.h"
#include "endpoint.h"
#include "channel.h"

#include <string.h>

#include "cpu.h"

#define ARRAY_LENGTH(array) (sizeof(array) / sizeof((array)[0]))

static enum cap_status grant_to_caller(struct hc_call *call, enum cap_type type, uint64_t object,
				       cap_rights rights)
{
	cap_selector selector;
	enum cap_status status =
		cap_create(call->system, call->space, type, object, 0, rights, &selector);

	if (status == CAP_OK)
		call->registers->x[1] = selector;
	return status;
}

static enum cap_status partition_create_call(struct hc_call *call)
{
	char name[PARTITION_NAME_LENGTH + 1] = {0};

	memcpy(name, &call->registers->x[2], PARTITION_NAME_LENGTH);
	struct partition *partition = partition_create(name);
	if (partition == NULL)
		return CAP_NO_MEMORY;
	return grant_to_caller(call, CAP_TYPE_PARTITION, partition->id,
			       CAP_RIGHT_CONTROL | CAP_RIGHT_GRANT);
}

static enum cap_status partition_map_call(struct hc_call *call)
{
	struct partition *partition = partition_by_id(call->caps[0]->object);
	const struct capability *memory = call->caps[1];
	uint64_t kind = call->registers->x[4];
	unsigned access = ((memory->rights & CAP_RIGHT_READ) ? STAGE2_READ : 0) |
			  ((memory->rights & CAP_RIGHT_WRITE) ? STAGE2_WRITE : 0) |
			  ((memory->rights & CAP_RIGHT_EXECUTE) ? STAGE2_EXECUTE : 0);

	if (kind != HC_MAP_NORMAL && kind != HC_MAP_DEVICE)
		return CAP_INVALID_ARGUMENT;
	/* Normal memory is RAM; devices are not, and the GIC is the kernel's alone. */
	bool ram = memory_is_ram(memory->object, memory->size);
	if ((kind == HC_MAP_NORMAL) != ram ||
	    (kind == HC_MAP_DEVICE && memory_touches_gic(memory->object, memory->size)))
		return CAP_INVALID_ARGUMENT;
	if (!stage2_map(&partition->stage2, call->registers->x[3], memory->object, memory->size,
			kind == HC_MAP_DEVICE ? STAGE2_DEVICE : STAGE2_NORMAL, access))
		return CAP_INVALID_ARGUMENT;
	return CAP_OK;
}

static enum cap_status partition_vcpu_create_call(struct hc_call *call)
{
	struct partition *partition = partition_by_id(call->caps[0]->object);
	uint64_t cpu = call->registers->x[2];

	if (cpu >= machine.platform.cpu_count || !machine.cpus[cpu].online)
		return CAP_INVALID_ARGUMENT;
	struct vcpu *vcpu = vcpu_create(partition, (unsigned)cpu, VCPU_PRIORITY_GUEST,
					call->registers->x[3], call->registers->x[4]);
	if (vcpu == NULL)
		return CAP_NO_MEMORY;
	return grant_to_caller(call, CAP_TYPE_VCPU, vcpu->id, CAP_RIGHT_CONTROL | CAP_RIGHT_GRANT);
}

/* offset + length inside a capability of size, without overflow. */
static bool within(uint64_t offset, uint64_t length, uint64_t size)
{
	return offset <= size && length <= size - offset;
}

/* The capability still names the range it named when the copy began. */
static bool names_range(const struct capability *capability, uint64_t object, uint64_t size)
{
	return capability->object == object && capability->size == size;
}

/*
 * In steps of HC_COPY_STEP bytes, each under the capability lock with both capabilities checked
 * again, so that no CPU waits for the lock longer than one step takes. Overlapping ranges are
 * copied as memmove would: backwards when the destination lies above the source.
 */
static enum cap_status partition_copy_call(struct hc_call *call)
{
	const struct capability *destination = call->caps[0], *source = call->caps[1];
	uint64_t destination_offset = call->registers->x[3];
	uint64_t source_offset = call->registers->x[4];
	uint64_t length = call->registers->x[5];

	if (length > HC_COPY_MAX || !within(destination_offset, length, destination->size) ||
	    !within(source_offset, length, source->size) ||
	    !memory_is_ram(destination->object, destination->size) ||
	    !memory_is_ram(source->object, source->size))
		return CAP_INVALID_ARGUMENT;
	const uint64_t destination_object = destination->object, destination_size = destination->size;
	const uint64_t source_object = source->object, source_size = source->size;
	/* RAM is identity-mapped at EL2. */
	uintptr_t target = (uintptr_t)(destination_object + destination_offset);
	uintptr_t origin = (uintptr_t)(source_object + source_offset);
	bool backwards = target > origin;

	for (uint64_t done = 0; done < length;) {
		if (done > 0) {
			hc_call_unlock(call);
			enum cap_status status = hc_call_relock(call);
			if (status != CAP_OK)
				return status;
			if (!names_range(call->caps[0], destination_object, destination_size) ||
			    !names_range(call->caps[1], source_object, source_size))
				return CAP_INVALID_CAP;
		}
		uint64_t step = length - done < HC_COPY_STEP ? length - done : HC_COPY_STEP;
		uint64_t offset = backwards ? length - done - step : done;
		memmove((void *)(target + offset), (const void *)(origin + offset), step);
		cpu_sync_caches_for_execution(target + offset, step);
		done += step;
	}
	return CAP_OK;
}

static enum cap_status partition_endpoint_create_call(struct hc_call *call)
{
	struct endpoint *endpoint = endpoint_create(partition_by_id(call->caps[0]->object));

	if (endpoint == NULL)
		return CAP_NO_MEMORY;
	return grant_to_caller(call, CAP_TYPE_ENDPOINT, endpoint->id,
			       CAP_RIGHT_READ | CAP_RIGHT_GRANT | CAP_RIGHT_CONTROL);
}

static enum cap_status partition_pass_irq_call(struct hc_call *call)
{
	const struct capability *irq = call->caps[1];

	if (irq->size > 1)
		return CAP_INVALID_ARGUMENT;
	return irq_pass_through((uint32_t)irq->object, vcpu_by_id(call->caps[0]->object));
}

/* SPIs only: SGIs and PPIs of a vCPU belong to its own partition's devices and CPUs. */
#define SPI_FIRST 32u
#define SPI_LAST 1019u

static enum cap_status partition_channel_create_call(struct hc_call *call)
{
	struct channel_end ends[HC_CHANNEL_ENDS];

	for (unsigned end = 0; end < HC_CHANNEL_ENDS; end++) {
		uint64_t intid = call->registers->x[3 + end];
		if (intid < SPI_FIRST || intid > SPI_LAST)
			return CAP_INVALID_ARGUMENT;
		ends[end].vcpu = vcpu_by_id(call->caps[end]->object);
		ends[end].intid = (uint32_t)intid;
		/* Its interrupts come from the GIC alone: a virtual SPI would never reach it. */
		if (ends[end].vcpu->dedicated)
			return CAP_INVALID_ARGUMENT;
	}
	struct channel *channel = channel_create(ends);
	if (channel == NULL)
		return CAP_NO_MEMORY;
	return grant_to_caller(call, CAP_TYPE_CHANNEL, channel->id,
			       CAP_RIGHT_READ | CAP_RIGHT_WRITE | CAP_RIGHT_GRANT | CAP_RIGHT_CONTROL);
}

static const struct hc_function partition_functions[] = {
	HC_PARTITION_FUNCTIONS(HC_KERNEL_FUNCTION)
};

const struct hc_group hypercall_partition_group = {
	"partition", HC_GROUP_PARTITION, ARRAY_LENGTH(partition_functions), partition_functions};
