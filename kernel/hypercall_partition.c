/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypercalls that build partitions from memory capabilities: create, map, add vCPUs, copy
 * images in, set their console budget. The root component drives them from the compiled policy;
 * the kernel only checks capabilities and bounds.
 */
#include "array_length.h"
#include "channel.h"
#include "endpoint.h"
#include "frames.h"
#include "hypercall.h"
#include "irq.h"
#include "memory.h"
#include "partition.h"
#include "vcpu.h"
#include "virq.h"

#include <string.h>


/*
 * Names a new kernel object in the caller's space. Cannot fail once charge_caller found room,
 * provided no other CPU fills that space in between: the one capability lock hc_dispatch holds
 * across a handler (the capability system's concurrency rule, caps/README.md) is what rules that
 * out, so that a failed call never leaves a table entry no capability names.
 */
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

/* The partition making the call: what it creates is charged to it (caps.h, table quotas). */
static struct partition *caller_of(const struct hc_call *call)
{
	return partition_by_id(call->space);
}

/* Before anything is created: room for its capability, then count entries of the quota. */
static enum cap_status charge_caller(struct hc_call *call, enum table_kind table, unsigned count)
{
	if (!cap_space_has_room(call->system, call->space) ||
	    !partition_quota_take(caller_of(call), table, count))
		return CAP_NO_MEMORY;
	return CAP_OK;
}

/*
 * What partition.create hands on from the caller's quota: x5 vCPUs, x6 endpoints | channels, x7
 * partitions.
 */
static bool quota_arguments(const struct hc_call *call, unsigned given[TABLE_KINDS])
{
	uint64_t vcpus = call->registers->x[5];

	if (vcpus > UINT32_MAX)
		return false;
	given[TABLE_VCPUS] = (unsigned)vcpus;
	given[TABLE_ENDPOINTS] = (uint32_t)call->registers->x[6];
	given[TABLE_CHANNELS] = (uint32_t)(call->registers->x[6] >> 32);
	if (call->registers->x[7] >= UINT32_MAX)
		return false;
	given[TABLE_PARTITIONS] = (unsigned)call->registers->x[7];
	return true;
}

static void refund_caller(struct hc_call *call, const unsigned given[TABLE_KINDS], unsigned kinds)
{
	for (unsigned table = 0; table < kinds; table++)
		partition_quota_return(caller_of(call), (enum table_kind)table, given[table]);
}

static enum cap_status partition_create_call(struct hc_call *call)
{
	char name[PARTITION_NAME_LENGTH + 1] = {0};
	unsigned given[TABLE_KINDS], charged[TABLE_KINDS], taken = 0;

	const struct capability *kernel_memory = call->caps[0];
	struct partition *partition;

	if (call->registers->x[4] != 0)
		return CAP_INVALID_ARGUMENT;
	memcpy(name, &call->registers->x[2], PARTITION_NAME_LENGTH);
	/* More than 2^32 of anything is more than any quota: as exhausted as a smaller excess. */
	if (!quota_arguments(call, given) || !cap_space_has_room(call->system, call->space))
		return CAP_NO_MEMORY;
	/* The new partition is itself one of the caller's: one more entry of its partition quota. */
	memcpy(charged, given, sizeof(charged));
	charged[TABLE_PARTITIONS]++;
	while (taken < TABLE_KINDS &&
	       partition_quota_take(caller_of(call), (enum table_kind)taken, charged[taken]))
		taken++;
	enum cap_status created =
		taken == TABLE_KINDS ?
			partition_create(name, kernel_memory->object, kernel_memory->size, &partition) :
			CAP_NO_MEMORY;
	if (created != CAP_OK) {
		refund_caller(call, charged, taken);
		return created;
	}
	partition->charged = caller_of(call);
	/* Nobody can call on its behalf yet: it has no vCPU, and no capability names it. */
	for (unsigned table = 0; table < TABLE_KINDS; table++)
		__atomic_store_n(&partition->quota[table], given[table], __ATOMIC_RELEASE);
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

	if (kind != HC_MAP_NORMAL && kind != HC_MAP_DEVICE && kind != HC_MAP_NORMAL_NONCACHEABLE)
		return CAP_INVALID_ARGUMENT;
	/*
	 * Normal memory is RAM; devices touch none (donated memory is RAM, and RAM mapped as a
	 * device would escape frames_map's count), and the GIC is the kernel's alone.
	 */
	if (kind != HC_MAP_DEVICE ? !memory_is_ram(memory->object, memory->size) :
				    memory_touches_ram(memory->object, memory->size) ||
					    memory_touches_gic(memory->object, memory->size))
		return CAP_INVALID_ARGUMENT;
	return frames_map(&partition->stage2, call->registers->x[3], memory->object, memory->size,
			  kind == HC_MAP_DEVICE		     ? STAGE2_DEVICE :
			  kind == HC_MAP_NORMAL_NONCACHEABLE ? STAGE2_NORMAL_NONCACHEABLE :
							       STAGE2_NORMAL,
			  access);
}

/*
 * A vCPU of partition at priority on the CPU x2, which sched_context's CPU set must hold,
 * entering at x3 with x0 = x4, charged to the caller. The CPU is checked before anything changes.
 */
static enum cap_status create_vcpu(struct hc_call *call, struct partition *partition,
				   const struct capability *sched_context, uint8_t priority,
				   struct vcpu **created)
{
	uint64_t cpu = call->registers->x[2];

	if (cpu >= machine.platform.cpu_count || !machine.cpus[cpu].online)
		return CAP_INVALID_ARGUMENT;
	/* Its CPU set is the authority over CPUs. */
	if (cpu >= CAP_SCHED_CPUS || ((sched_context->object >> cpu) & 1) == 0)
		return CAP_DENIED;
	enum cap_status status = charge_caller(call, TABLE_VCPUS, 1);
	if (status != CAP_OK)
		return status;
	struct vcpu *vcpu = vcpu_create(partition, (unsigned)cpu, priority, call->registers->x[3],
					call->registers->x[4]);
	if (vcpu == NULL) {
		partition_quota_return(caller_of(call), TABLE_VCPUS, 1);
		return CAP_NO_MEMORY;
	}
	vcpu->charged = caller_of(call);
	*created = vcpu;
	return CAP_OK;
}

#define CREATED_VCPU_RIGHTS (CAP_RIGHT_READ | CAP_RIGHT_CONTROL | CAP_RIGHT_GRANT)

static enum cap_status partition_vcpu_create_call(struct hc_call *call)
{
	struct vcpu *vcpu;
	/* A guest vCPU is below any priority ceiling. */
	enum cap_status status = create_vcpu(call, partition_by_id(call->caps[0]->object),
					     call->caps[1], VCPU_PRIORITY_GUEST, &vcpu);

	if (status != CAP_OK)
		return status;
	return grant_to_caller(call, CAP_TYPE_VCPU, vcpu->id, CREATED_VCPU_RIGHTS);
}

/*
 * A VMM context (hand_off.h), in the receiver's own partition: a guest, which holds no endpoint
 * it receives, cannot make one. It runs on its guests' turns; on a turn of its own, at a guest's
 * priority as any vCPU a sched context places, only when a loan ends with its guest stopped, to
 * finish what it was doing.
 */
enum cap_status endpoint_context_create_call(struct hc_call *call)
{
	struct endpoint *endpoint = endpoint_by_id(call->caps[0]->object);
	struct partition *caller = caller_of(call);
	uint64_t cpu = call->registers->x[2];
	struct vcpu *vcpu;

	if (endpoint->receiver != caller)
		return CAP_DENIED;
	if (cpu < machine.platform.cpu_count && endpoint_has_context(endpoint, (unsigned)cpu))
		return CAP_INVALID_ARGUMENT;
	enum cap_status status =
		create_vcpu(call, caller, call->caps[1], VCPU_PRIORITY_GUEST, &vcpu);
	if (status != CAP_OK)
		return status;
	endpoint_add_context(endpoint, vcpu);
	return grant_to_caller(call, CAP_TYPE_VCPU, vcpu->id, CREATED_VCPU_RIGHTS);
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
	uint64_t target = destination_object + destination_offset;
	uint64_t origin = source_object + source_offset;
	bool backwards = target > origin;
	/* Whole ranges first, so that a copy touching donated memory copies nothing. */
	enum cap_status status = frames_copy_allowed(target, origin, length);

	for (uint64_t done = 0; done < length && status == CAP_OK;) {
		if (done > 0) {
			hc_call_unlock(call);
			status = hc_call_relock(call);
			if (status != CAP_OK)
				return status;
			if (!names_range(call->caps[0], destination_object, destination_size) ||
			    !names_range(call->caps[1], source_object, source_size))
				return CAP_INVALID_CAP;
		}
		uint64_t step = length - done < HC_COPY_STEP ? length - done : HC_COPY_STEP;
		uint64_t offset = backwards ? length - done - step : done;
		status = frames_copy(target + offset, origin + offset, step);
		done += step;
	}
	return status;
}

static enum cap_status partition_endpoint_create_call(struct hc_call *call)
{
	enum cap_status status = charge_caller(call, TABLE_ENDPOINTS, 1);

	if (status != CAP_OK)
		return status;
	struct endpoint *endpoint = endpoint_create(partition_by_id(call->caps[0]->object),
						    caller_of(call));
	if (endpoint == NULL) {
		partition_quota_return(caller_of(call), TABLE_ENDPOINTS, 1);
		return CAP_NO_MEMORY;
	}
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

static enum cap_status partition_channel_create_call(struct hc_call *call)
{
	struct channel_end ends[HC_CHANNEL_ENDS];
	struct channel *channel;

	for (unsigned end = 0; end < HC_CHANNEL_ENDS; end++) {
		uint64_t intid = call->registers->x[3 + end];
		/* SPIs only: a vCPU's SGIs and PPIs belong to its own partition's CPUs and devices. */
		if (!virq_is_spi(intid))
			return CAP_INVALID_ARGUMENT;
		ends[end].vcpu = vcpu_by_id(call->caps[end]->object);
		ends[end].intid = (uint32_t)intid;
	}
	enum cap_status status = charge_caller(call, TABLE_CHANNELS, 1);
	if (status != CAP_OK)
		return status;
	status = channel_create(ends, caller_of(call), &channel);
	if (status != CAP_OK) {
		partition_quota_return(caller_of(call), TABLE_CHANNELS, 1);
		return status;
	}
	return grant_to_caller(call, CAP_TYPE_CHANNEL, channel->id,
			       CAP_RIGHT_READ | CAP_RIGHT_WRITE | CAP_RIGHT_GRANT | CAP_RIGHT_CONTROL);
}

static enum cap_status partition_set_console_budget_call(struct hc_call *call)
{
	struct partition *partition = partition_by_id(call->caps[0]->object);

	if (!partition_console_set_budget(partition, call->registers->x[2], call->registers->x[3]))
		return CAP_INVALID_ARGUMENT;
	return CAP_OK;
}

static enum cap_status partition_set_features_call(struct hc_call *call)
{
	uint64_t features = call->registers->x[2];

	if (features > UINT32_MAX)
		return CAP_INVALID_ARGUMENT;
	return vcpu_set_partition_features(partition_by_id(call->caps[0]->object),
					   (uint32_t)features);
}

static enum cap_status partition_destroy_call(struct hc_call *call)
{
	const struct vcpu *caller = call->context;

	return partition_destroy(partition_by_id(call->caps[0]->object), caller->partition);
}

static const struct hc_function partition_functions[] = {
	HC_PARTITION_FUNCTIONS(HC_KERNEL_FUNCTION)
};

const struct hc_group hypercall_partition_group = {
	"partition", HC_GROUP_PARTITION, ARRAY_LENGTH(partition_functions), partition_functions};
