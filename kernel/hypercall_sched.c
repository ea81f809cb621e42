/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The sched hypercalls (caps.h, HC_GROUP_SCHED): a scheduler component's authority over where,
 * at what priority and with what budget vCPUs run, checked against its sched context
 * capabilities. The mechanism is sched.c's; every choice is the component's.
 */
#include "array_length.h"
#include "hypercall.h"
#include "partition.h"
#include "sched.h"
#include "vcpu.h"

#include "gtimer.h"

static uint64_t ticks_from_us(uint64_t microseconds)
{
	return gtimer_ticks_from_ns(gtimer_frequency(), microseconds * 1000u);
}

/* Budget and period as sched.configure takes them (both already bounded by the period's). */
static bool budget_fits(uint64_t budget_us, uint64_t period_us)
{
	return period_us != 0 && period_us <= HC_SCHED_PERIOD_MAX_US &&
	       budget_us >= HC_SCHED_BUDGET_MIN_US && budget_us <= period_us;
}

static enum cap_status sched_configure_call(struct hc_call *call)
{
	struct vcpu *vcpu = vcpu_by_id(call->caps[0]->object);
	const struct capability *context = call->caps[1];
	const uint64_t *x = call->registers->x;
	uint64_t cpu = x[3], priority = x[4];

	if (cpu >= machine.platform.cpu_count || !machine.cpus[cpu].online ||
	    priority > CAP_SCHED_PRIORITY_MAX || !budget_fits(x[5], x[6]))
		return CAP_INVALID_ARGUMENT;
	if (cpu >= CAP_SCHED_CPUS || ((context->object >> cpu) & 1) == 0 ||
	    priority > (context->size & CAP_SCHED_PRIORITY_MAX))
		return CAP_DENIED;
	enum cap_status status = vcpu_move(vcpu, (unsigned)cpu);
	if (status != CAP_OK)
		return status;
	const struct sched_request request = {
		.priority = (uint8_t)priority,
		.budget = ticks_from_us(x[5]),
		.period = ticks_from_us(x[6]),
		.budget_us = (uint32_t)x[5],
		.period_us = (uint32_t)x[6],
	};
	sched_configure(vcpu, &request);
	return CAP_OK;
}

static enum cap_status sched_pause_call(struct hc_call *call)
{
	sched_set_paused(vcpu_by_id(call->caps[0]->object), true);
	return CAP_OK;
}

static enum cap_status sched_resume_call(struct hc_call *call)
{
	sched_set_paused(vcpu_by_id(call->caps[0]->object), false);
	return CAP_OK;
}

static uint64_t state_of(const struct vcpu *vcpu)
{
	if (__atomic_load_n(&vcpu->state, __ATOMIC_ACQUIRE) == VCPU_STOPPED ||
	    __atomic_load_n(&vcpu->partition->stopped, __ATOMIC_ACQUIRE))
		return HC_SCHED_STATE_STOPPED;
	if (__atomic_load_n(&vcpu->held, __ATOMIC_ACQUIRE) & VCPU_HELD_PAUSED)
		return HC_SCHED_STATE_PAUSED;
	if (__atomic_load_n(&vcpu->sched.throttled, __ATOMIC_RELAXED))
		return HC_SCHED_STATE_THROTTLED;
	return HC_SCHED_STATE_RUNNABLE;
}

static enum cap_status sched_info_call(struct hc_call *call)
{
	const struct vcpu *vcpu = vcpu_by_id(call->caps[0]->object);
	uint64_t *x = call->registers->x;

	x[1] = state_of(vcpu);
	x[2] = __atomic_load_n(&vcpu->cpu, __ATOMIC_RELAXED);
	x[3] = __atomic_load_n(&vcpu->priority, __ATOMIC_RELAXED);
	x[4] = __atomic_load_n(&vcpu->sched.budget_us, __ATOMIC_RELAXED);
	x[5] = __atomic_load_n(&vcpu->sched.period_us, __ATOMIC_RELAXED);
	x[6] = __atomic_load_n(&vcpu->sched.overruns, __ATOMIC_RELAXED);
	x[7] = gtimer_ns_from_ticks(gtimer_frequency(),
				    __atomic_load_n(&vcpu->sched.consumed, __ATOMIC_RELAXED)) /
	       1000u;
	return CAP_OK;
}

static const struct hc_function sched_functions[] = {HC_SCHED_FUNCTIONS(HC_KERNEL_FUNCTION)};

const struct hc_group hypercall_sched_group = {"sched", HC_GROUP_SCHED,
					       ARRAY_LENGTH(sched_functions), sched_functions};
