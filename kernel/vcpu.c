/* SPDX-License-Identifier: Apache-2.0 */
/* The vCPU calls a running guest waits on; creating and retiring them is vcpu_lifecycle.c's. */
#include "vcpu.h"
#include "partition.h"
#include "vcpu_table.h"

bool vcpu_start(struct vcpu *vcpu)
{
	struct partition *partition = vcpu->partition;

	/* Against partition_stop, which sets stopped and then clears running (partition.c). */
	if (__atomic_load_n(&partition->stopped, __ATOMIC_SEQ_CST))
		return false;
	__atomic_store_n(&partition->running, true, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&partition->stopped, __ATOMIC_SEQ_CST)) {
		__atomic_store_n(&partition->running, false, __ATOMIC_SEQ_CST);
		/* A run queue that saw it running meanwhile hears that it is not (run_queue.h). */
		for_each_vcpu_of(partition, other)
			vcpu_notify_cpu(other);
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
	return __atomic_load_n(&vcpus_live, __ATOMIC_RELAXED);
}

/* A capability names only a live vCPU (freeing one removes those naming it): never NULL then. */
struct vcpu *vcpu_by_id(uint64_t id)
{
	struct vcpu *vcpu =
		id < CONFIG_MORTISE_MAX_VCPUS ? __atomic_load_n(&vcpus[id], __ATOMIC_ACQUIRE) : NULL;

	if (vcpu == NULL || __atomic_load_n(&vcpu->partition, __ATOMIC_ACQUIRE) == NULL)
		return NULL;
	return vcpu;
}

