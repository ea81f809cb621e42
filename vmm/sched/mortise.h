/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Mode 2 mechanism the sched component uses in Mortise (caps/caps.h): destruction,
 * scheduling contexts and object counts. A Mortise without them answers CAP_NOT_SUPPORTED, which
 * every caller reports as such. Only mortise.c makes these calls.
 */
#ifndef SCHED_MORTISE_H
#define SCHED_MORTISE_H

#include <stdint.h>

#include "caps.h"

/* hypervisor.stats, in its order. */
struct mortise_stats {
	uint64_t counts[7]; /* partitions, vCPUs, endpoints, channels, cap entries, VMIDs, pages */
};

/* sched.info; state is HC_SCHED_STATE_*, which sched-proto's enum sched_instance_state mirrors. */
struct mortise_vcpu_info {
	uint64_t state, cpu, priority, budget_us, period_us, overruns, consumed_us;
};

enum cap_status mortise_stats(struct mortise_stats *stats);
/* partition.destroy, called again while Mortise answers CAP_PREEMPTED (vCPUs still on CPUs). */
enum cap_status mortise_destroy(cap_selector partition);
enum cap_status mortise_configure(cap_selector vcpu, cap_selector sched_context, unsigned cpu,
				  unsigned priority, uint32_t budget_us, uint32_t period_us);
enum cap_status mortise_pause(cap_selector vcpu);
enum cap_status mortise_resume(cap_selector vcpu);
enum cap_status mortise_info(cap_selector vcpu, struct mortise_vcpu_info *info);

#endif
