// SPDX-License-Identifier: Apache-2.0
#include "mortise.h"

#include "hvc.h"
#include "sched_proto.h"

/* sched.info's states travel to tenonctl as they are. */
_Static_assert(SCHED_STATE_RUNNING == HC_SCHED_STATE_RUNNABLE &&
		       SCHED_STATE_PAUSED == HC_SCHED_STATE_PAUSED &&
		       SCHED_STATE_THROTTLED == HC_SCHED_STATE_THROTTLED &&
		       SCHED_STATE_STOPPED == HC_SCHED_STATE_STOPPED,
	       "sched-proto's instance states mirror Mortise's");

enum cap_status mortise_stats(struct mortise_stats *stats)
{
	struct hc_registers r;
	enum cap_status status =
		hvc_call_with(&r, HC_ID(HC_GROUP_HYPERVISOR, HC_HYPERVISOR_STATS), 0, 0, 0, 0, 0);
	if (status == CAP_OK)
		for (unsigned i = 0; i < 7; i++)
			stats->counts[i] = r.x[1 + i];
	return status;
}

enum cap_status mortise_destroy(cap_selector partition)
{
	struct hc_registers r;
	enum cap_status status;

	do
		status = hvc_call_with(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_DESTROY), partition,
				       0, 0, 0, 0);
	while (status == CAP_PREEMPTED);
	return status;
}

enum cap_status mortise_configure(cap_selector vcpu, cap_selector sched_context, unsigned cpu,
				  unsigned priority, uint32_t budget_us, uint32_t period_us)
{
	struct hc_registers r = {.x = {HC_ID(HC_GROUP_SCHED, HC_SCHED_CONFIGURE), vcpu,
				       sched_context, cpu, priority, budget_us, period_us, 0}};
	return hvc_call(&r);
}

enum cap_status mortise_pause(cap_selector vcpu)
{
	struct hc_registers r;
	return hvc_call_with(&r, HC_ID(HC_GROUP_SCHED, HC_SCHED_PAUSE), vcpu, 0, 0, 0, 0);
}

enum cap_status mortise_resume(cap_selector vcpu)
{
	struct hc_registers r;
	return hvc_call_with(&r, HC_ID(HC_GROUP_SCHED, HC_SCHED_RESUME), vcpu, 0, 0, 0, 0);
}

enum cap_status mortise_info(cap_selector vcpu, struct mortise_vcpu_info *info)
{
	struct hc_registers r;
	enum cap_status status =
		hvc_call_with(&r, HC_ID(HC_GROUP_SCHED, HC_SCHED_INFO), vcpu, 0, 0, 0, 0);
	if (status == CAP_OK)
		*info = (struct mortise_vcpu_info){r.x[1], r.x[2], r.x[3], r.x[4],
						   r.x[5], r.x[6], r.x[7]};
	return status;
}
