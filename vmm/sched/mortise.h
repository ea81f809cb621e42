/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Mode 2 mechanism the sched component uses in Mortise: destruction, scheduling contexts and
 * object counts. The hypercall numbers are those of the Mode 2 ABI (issue 16); they move to
 * caps/caps.h when the kernel side lands, and until then Mortise answers CAP_NOT_SUPPORTED,
 * which every caller reports as such. Only mortise.c makes these calls.
 */
#ifndef SCHED_MORTISE_H
#define SCHED_MORTISE_H

#include <stdint.h>

#include "caps.h"

#define HC_HYPERVISOR_STATS 2   /* HC_GROUP_HYPERVISOR: -> x1..x7 object counts */
#define HC_PARTITION_DESTROY 9  /* HC_GROUP_PARTITION: x1 partition sel (CONTROL) */
#define HC_GROUP_SCHED 7
enum hc_sched_function {
	/* x1 vCPU (CONTROL), x2 sc (CONTROL), x3 CPU, x4 priority, x5 budget us, x6 period us */
	HC_SCHED_CONFIGURE = 0,
	HC_SCHED_PAUSE = 1,  /* x1 vCPU (CONTROL) */
	HC_SCHED_RESUME = 2, /* x1 vCPU (CONTROL) */
	/* x1 vCPU (READ) -> x1 state, x2 CPU, x3 priority, x4 budget, x5 period, x6 overruns,
	 * x7 consumed us */
	HC_SCHED_INFO = 3,
};

/* hypervisor.stats, in its order. */
struct mortise_stats {
	uint64_t counts[7]; /* partitions, vCPUs, endpoints, channels, cap entries, VMIDs, pages */
};

/* sched.info; state as sched-proto's enum sched_instance_state. */
struct mortise_vcpu_info {
	uint64_t state, cpu, priority, budget_us, period_us, overruns, consumed_us;
};

enum cap_status mortise_stats(struct mortise_stats *stats);
enum cap_status mortise_destroy(cap_selector partition);
enum cap_status mortise_configure(cap_selector vcpu, cap_selector sched_context, unsigned cpu,
				  unsigned priority, uint32_t budget_us, uint32_t period_us);
enum cap_status mortise_pause(cap_selector vcpu);
enum cap_status mortise_resume(cap_selector vcpu);
enum cap_status mortise_info(cap_selector vcpu, struct mortise_vcpu_info *info);

#endif
