/* SPDX-License-Identifier: Apache-2.0 */
#include "guest_psci.h"
#include "partition.h"
#include "resume.h"
#include "vcpu.h"

#include "cpu.h"
#include "psci.h"

/*
 * CPU_ON: starts the partition's vCPU whose virtual MPIDR affinity is target, created and never
 * started, at entry_ipa with x0 = context. ALREADY_ON once it was started, INVALID_PARAMETERS
 * when the partition has no such vCPU.
 */
static int32_t power_on(struct partition *partition, uint64_t target, uint64_t entry_ipa,
			uint64_t context)
{
	for_each_vcpu_of(partition, vcpu) {
		if ((vcpu->arch.context.sysregs.vmpidr_el2 & MPIDR_AFFINITY_MASK) !=
		    (target & MPIDR_AFFINITY_MASK))
			continue;
		bool started;
		if (!vcpu_restart_once(vcpu, entry_ipa, context, &started))
			return PSCI_ALREADY_ON;
		/* Its partition stopped meanwhile (the caller with it): nothing to start any more. */
		return started ? PSCI_SUCCESS : PSCI_DENIED;
	}
	return PSCI_INVALID_PARAMETERS;
}

void guest_psci_call(struct vcpu *vcpu, struct trap_frame *frame)
{
	uint64_t function = frame->x[0];

	if (function == PSCI_FN_SYSTEM_OFF)
		partition_stop(vcpu, "powered off (PSCI SYSTEM_OFF)");
	else if (function == PSCI_FN_CPU_OFF)
		partition_stop(vcpu, "turned its CPU off (PSCI CPU_OFF)");
	else if (function == PSCI_FN_SYSTEM_RESET)
		partition_stop(vcpu, "asked for a reset (PSCI SYSTEM_RESET)");
	else if (function == PSCI_FN_CPU_ON)
		frame->x[0] = (uint64_t)(int64_t)power_on(vcpu->partition, frame->x[1], frame->x[2],
							  frame->x[3]);
	else
		frame->x[0] = function == PSCI_FN_VERSION ? PSCI_VERSION_1_0 :
							      (uint64_t)PSCI_NOT_SUPPORTED;
}
