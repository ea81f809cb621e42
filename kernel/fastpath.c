/* SPDX-License-Identifier: Apache-2.0 */
#include "fastpath.h"
#include "hypercall.h"
#include "machine.h"
#include "vcpu.h"

/*
 * The calls guests and components make at run time: the round trip, a doorbell, the answer to an
 * exit and the wait for the next one, and a capability handed on (a VMM's memory for a mapping, a
 * scheduler's sched context). No id is treated apart from the others below.
 */
static bool is_fast(uint64_t id)
{
	switch (id) {
	case HC_ID(HC_GROUP_HYPERVISOR, HC_HYPERVISOR_NULL):
	case HC_ID(HC_GROUP_CHANNEL, HC_CHANNEL_NOTIFY):
	case HC_ID(HC_GROUP_VCPU, HC_VCPU_RESUME):
	case HC_ID(HC_GROUP_ENDPOINT, HC_ENDPOINT_WAIT):
	case HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE):
		return true;
	default:
		return false;
	}
}

/*
 * Whether the scheduler would go on with vcpu unchanged: nothing this call did asks for it (a
 * vCPU woken on this CPU marks its hazards, vcpu_notify_cpu), vcpu did not block (an
 * endpoint.wait that found no exit) nor has results another CPU left it meanwhile. What other
 * CPUs change comes with a kick, taken as soon as the guest runs.
 */
static bool keeps_running(const struct cpu *cpu, const struct vcpu *vcpu)
{
	return cpu->hazards == 0 &&
	       __atomic_load_n(&vcpu->state, __ATOMIC_ACQUIRE) == VCPU_RUNNABLE &&
	       !__atomic_load_n(&vcpu->has_message, __ATOMIC_ACQUIRE);
}

int fastpath_hypercall(struct hc_registers *registers)
{
	if (!is_fast(registers->x[0]))
		return FASTPATH_DECLINED;
	struct cpu *cpu = cpu_this();
	struct vcpu *vcpu = cpu->vcpu;

	if (vcpu == NULL)
		return FASTPATH_DECLINED;
	hypercall_dispatch(vcpu, registers);
	return keeps_running(cpu, vcpu) ? FASTPATH_DONE : FASTPATH_SCHEDULE;
}
