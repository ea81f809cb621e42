/* SPDX-License-Identifier: Apache-2.0 */
#include "fastpath.h"
#include "array_length.h"
#include "hypercall.h"
#include "machine.h"
#include "vcpu.h"

/*
 * The calls guests and components make at run time: the round trip, a doorbell, the answer to an
 * exit and the wait for the next one, and a capability handed on (a VMM's memory for a mapping, a
 * scheduler's sched context). No id is treated apart from the others below.
 */
#define FAST_CALLS(X)                                                                              \
	X(HC_GROUP_HYPERVISOR, HC_HYPERVISOR_NULL)                                                 \
	X(HC_GROUP_CHANNEL, HC_CHANNEL_NOTIFY)                                                     \
	X(HC_GROUP_VCPU, HC_VCPU_RESUME)                                                           \
	X(HC_GROUP_ENDPOINT, HC_ENDPOINT_WAIT)                                                     \
	X(HC_GROUP_CAPS, HC_CAP_DERIVE)

/*
 * An id minus HC_ID_BASE that may be a fast call has only these bits: groups 0..7 (bits 10:8)
 * and functions 0..7 (bits 2:0). Anything else, the upper half and an id below HC_ID_BASE (which
 * wraps) included, is one test away from the general path.
 */
#define FAST_GROUP_SHIFT 8
#define FAST_FUNCTION_BITS 3
#define FAST_NUMBER_MASK ((7u << FAST_GROUP_SHIFT) | ((1u << FAST_FUNCTION_BITS) - 1))
#define FAST_INDEX(number)                                                                         \
	((((number) >> FAST_GROUP_SHIFT) << FAST_FUNCTION_BITS) |                                 \
	 ((number) & ((1u << FAST_FUNCTION_BITS) - 1)))

#define ASSERT_FAST_NUMBER(group, function)                                                        \
	_Static_assert(((HC_ID(group, function) - HC_ID_BASE) & ~FAST_NUMBER_MASK) == 0,          \
		       #group " " #function " does not fit the fast path's table");
FAST_CALLS(ASSERT_FAST_NUMBER)

#define FAST_ID(group, function) HC_ID(group, function),
static const uint32_t fast_ids[] = {FAST_CALLS(FAST_ID)};

/*
 * The fast calls' entries of the one routing table (hypercall_table), by FAST_INDEX: NULL for
 * every other id. What hc_dispatch checks of an entry on each call (it exists, has a handler, at
 * most HC_MAX_CAP_ARGUMENTS capabilities) is checked once here, by hc_find_function. Written by
 * fastpath_init on the boot CPU before any guest runs; read-only from then on.
 */
static const struct hc_function *fast_functions[FAST_INDEX(FAST_NUMBER_MASK) + 1];

void fastpath_init(void)
{
	for (size_t i = 0; i < ARRAY_LENGTH(fast_ids); i++)
		fast_functions[FAST_INDEX(fast_ids[i] - HC_ID_BASE)] =
			hc_find_function(&hypercall_table, fast_ids[i]);
}

/*
 * Zero when the scheduler would go on with vcpu unchanged: nothing this call did asks for it (a
 * vCPU woken on this CPU marks its hazards, vcpu_notify_cpu), vcpu did not block (an
 * endpoint.wait that found no exit) nor has results another CPU left it meanwhile; else a
 * positive value: the scheduler runs. What other CPUs change comes with a kick, taken as soon as
 * the guest runs. Relaxed loads: they only choose the way back, and the scheduler, which reads
 * what another CPU published, reads it again with acquire (sched.c). One test of the three, not a
 * branch each: on the way back all three are usually so. Hazards are a few low bits.
 */
static int schedule_needed(const struct cpu *cpu)
{
	const struct vcpu *vcpu = cpu->vcpu;

	return (int)(cpu->hazards | (__atomic_load_n(&vcpu->state, __ATOMIC_RELAXED) ^ VCPU_RUNNABLE) |
		     /* Its byte as it is: a bool's load would be normalised to 0 or 1 first. */
		     __atomic_load_n((const uint8_t *)&vcpu->has_message, __ATOMIC_RELAXED));
}

/* Kept apart so that a declined call returns before anything is saved on the stack. */
static __attribute__((noinline)) int run(const struct hc_function *function,
					 struct hc_registers *registers, struct cpu *cpu)
{
	struct vcpu *vcpu = cpu->vcpu;

	hc_run(function, &kernel_caps, vcpu->partition->id, registers, vcpu);
	return schedule_needed(cpu);
}

int fastpath_hypercall(uint64_t id, struct hc_registers *registers, struct cpu *cpu)
{
	uint64_t number = id - HC_ID_BASE;

	if ((number & ~(uint64_t)FAST_NUMBER_MASK) != 0)
		return FASTPATH_DECLINED;
	const struct hc_function *function = fast_functions[FAST_INDEX(number)];
	if (function == NULL)
		return FASTPATH_DECLINED;
	return run(function, registers, cpu);
}
