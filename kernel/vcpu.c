/* SPDX-License-Identifier: Apache-2.0 */
#include "vcpu.h"
#include "channel.h"
#include "irq.h"
#include "partition.h"

#include "sync.h"

static struct vcpu vcpus[CONFIG_MORTISE_MAX_VCPUS];
static unsigned vcpu_count;
/*
 * Creating and dedicating: components on several CPUs may do either at once. Taken inside the
 * capability lock (partition.vcpu_create, vcpu.dedicate and boot code hold it), never the other
 * way round.
 */
static struct spinlock vcpu_table_lock;

static bool cpu_dedicated_locked(unsigned cpu)
{
	for_each_vcpu_on(cpu, vcpu) {
		if (vcpu->dedicated)
			return true;
	}
	return false;
}

/* Appends vcpu to its CPU's and its partition's lists, which are read without the lock. */
static void link_locked(struct vcpu *vcpu)
{
	struct vcpu **on_cpu = &machine.cpus[vcpu->cpu].bound;
	struct vcpu **of_partition = &vcpu->partition->vcpus;

	while (*on_cpu != NULL)
		on_cpu = &(*on_cpu)->next_on_cpu;
	while (*of_partition != NULL)
		of_partition = &(*of_partition)->next_in_partition;
	__atomic_store_n(on_cpu, vcpu, __ATOMIC_RELEASE);
	__atomic_store_n(of_partition, vcpu, __ATOMIC_RELEASE);
}

static struct vcpu *create_locked(struct partition *partition, unsigned cpu, uint8_t priority,
				  uint64_t entry_ipa, uint64_t argument)
{
	if (vcpu_count == CONFIG_MORTISE_MAX_VCPUS || cpu >= machine.platform.cpu_count ||
	    cpu_dedicated_locked(cpu))
		return NULL;
	struct vcpu *vcpu = &vcpus[vcpu_count];

	*vcpu = (struct vcpu){.id = (uint16_t)vcpu_count,
			      .priority = priority,
			      .cpu = cpu,
			      .state = VCPU_CREATED,
			      .partition = partition};
	/* Each partition sees its vCPUs as CPUs 0, 1, ... of its own machine. */
	vcpu->index = partition->vcpu_count++;
	vcpu_arch_reset(vcpu, &vcpu->registers, entry_ipa, argument);
	__atomic_store_n(&vcpu_count, vcpu_count + 1, __ATOMIC_RELEASE);
	link_locked(vcpu);
	return vcpu;
}

struct vcpu *vcpu_create(struct partition *partition, unsigned cpu, uint8_t priority,
			 uint64_t entry_ipa, uint64_t argument)
{
	spin_lock(&vcpu_table_lock);
	struct vcpu *vcpu = create_locked(partition, cpu, priority, entry_ipa, argument);
	spin_unlock(&vcpu_table_lock);
	return vcpu;
}

enum cap_status vcpu_set_partition_features(struct partition *partition, uint32_t features)
{
	enum cap_status status = CAP_INVALID_ARGUMENT;

	if ((features & ~HC_FEATURES_ALL) != 0)
		return CAP_INVALID_ARGUMENT;
	if (!debug_pmu_supported(features))
		return CAP_NOT_SUPPORTED;
	spin_lock(&vcpu_table_lock);
	if (partition->vcpus == NULL) {
		partition->features = features;
		status = CAP_OK;
	}
	spin_unlock(&vcpu_table_lock);
	return status;
}

enum cap_status vcpu_dedicate(struct vcpu *vcpu)
{
	enum cap_status status = CAP_OK;

	if (!irq_direct_supported())
		return CAP_NOT_SUPPORTED;
	spin_lock(&vcpu_table_lock);
	if (vcpu->state != VCPU_CREATED || vcpu->exit_endpoint != NULL)
		status = CAP_INVALID_ARGUMENT;
	for_each_vcpu_on(vcpu->cpu, other) {
		if (other != vcpu)
			status = CAP_INVALID_ARGUMENT;
	}
	/* Not started, so nothing runs it before its SGIs are enabled just after. */
	if (status == CAP_OK && !channel_dedicate_unless_end(vcpu))
		status = CAP_INVALID_ARGUMENT;
	if (status == CAP_OK)
		irq_direct_sgis(&machine.cpus[vcpu->cpu], true);
	spin_unlock(&vcpu_table_lock);
	return status;
}

bool vcpu_start(struct vcpu *vcpu)
{
	struct partition *partition = vcpu->partition;

	/* Against partition_stop, which sets stopped and then clears running (partition.c). */
	if (__atomic_load_n(&partition->stopped, __ATOMIC_SEQ_CST))
		return false;
	__atomic_store_n(&partition->running, true, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&partition->stopped, __ATOMIC_SEQ_CST)) {
		__atomic_store_n(&partition->running, false, __ATOMIC_SEQ_CST);
		return false;
	}
	__atomic_store_n(&vcpu->state, VCPU_RUNNABLE, __ATOMIC_RELEASE);
	vcpu_notify_cpu(vcpu);
	return true;
}

void vcpu_mark_stopped(struct vcpu *vcpu)
{
	if (vcpu->state != VCPU_RUNNABLE || cpu_this()->vcpu == vcpu)
		__atomic_store_n(&vcpu->state, VCPU_STOPPED, __ATOMIC_RELEASE);
}

unsigned vcpus_in_use(void)
{
	return __atomic_load_n(&vcpu_count, __ATOMIC_ACQUIRE);
}

struct vcpu *vcpu_by_id(uint64_t id)
{
	return id < __atomic_load_n(&vcpu_count, __ATOMIC_ACQUIRE) ? &vcpus[id] : NULL;
}
