/* SPDX-License-Identifier: Apache-2.0 */
#include "fastpath.h"
#include "array_length.h"
#include "hypercall.h"
#include "machine.h"
#include "vcpu.h"

/*
 * The calls guests and components make at run time: the round trip, a doorbell, the answer to an
 * exit and the wait for the next one (apart, or at once from a VMM context), and a capability
 * handed on (a VMM's memory for a mapping, a scheduler's sched context). No id is treated apart
 * from the others below.
 */
#define FAST_CALLS(X)                                                                              \
	X(HC_GROUP_HYPERVISOR, HC_HYPERVISOR_NULL)                                                 \
	X(HC_GROUP_CHANNEL, HC_CHANNEL_NOTIFY)                                                     \
	X(HC_GROUP_VCPU, HC_VCPU_RESUME)                                                           \
	X(HC_GROUP_ENDPOINT, HC_ENDPOINT_WAIT)                                                     \
	X(HC_GROUP_ENDPOINT, HC_ENDPOINT_SERVE)                                                    \
	X(HC_GROUP_CAPS, HC_CAP_DERIVE)

/*
 * An id that may be a fast call differs from HC_ID_BASE in these bits only: groups 0..7 (bits
 * 10:8) and functions 0..7 (bits 2:0). Anything else, the upper half included, is one test of the
 * id xor HC_ID_BASE away from the general path (a xor, since HC_ID_BASE is one move where a
 * subtraction's negated constant takes two).
 */
#define FAST_GROUP_SHIFT 8
#define FAST_FUNCTION_BITS 3
#define FAST_NUMBER_MASK ((7u << FAST_GROUP_SHIFT) | ((1u << FAST_FUNCTION_BITS) - 1))
#define FAST_INDEX(number)                                                                         \
	((((number) >> FAST_GROUP_SHIFT) << FAST_FUNCTION_BITS) |                                 \
	 ((number) & ((1u << FAST_FUNCTION_BITS) - 1)))

#define ASSERT_FAST_NUMBER(group, function)                                                        \
	_Static_assert(((HC_ID(group, function) ^ HC_ID_BASE) & ~FAST_NUMBER_MASK) == 0,          \
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
		fast_functions[FAST_INDEX(fast_ids[i] ^ HC_ID_BASE)] =
			hc_find_function(&hypercall_table, fast_ids[i]);
}

/*
 * A relaxed load of a field another CPU may store to, in one instruction: GCC 12's
 * __atomic_load_n wants the address alone in a register, an add more for a field's offset. An
 * aligned load of at most 8 bytes is single-copy atomic (Arm ARM B2.2.1), which is all a relaxed
 * load is.
 */
#define LOAD_RELAXED(field) (*(const volatile __typeof__(field) *)&(field))

/*
 * Zero when the scheduler would go on with vcpu, running on cpu, unchanged: nothing this call did
 * asks for it (a vCPU woken on this CPU marks its hazards, vcpu_notify_cpu), vcpu did not block
 * (an endpoint.wait that found no exit) and nothing another CPU left it meanwhile waits to be
 * applied (has_pending, as the scheduler tests it: vcpu_apply_pending); else a positive value: the
 * scheduler runs. What other CPUs change comes with a kick, taken as soon as the guest runs.
 * Relaxed loads: they only choose the way back, and the scheduler, which reads what another CPU
 * published, reads it again with acquire (resume.c). One test of the three, not a branch each: on
 * the way back all three are usually so. Hazards are a few low bits; a VMM context that answered
 * an exit (VCPU_ANSWERED) sets FASTPATH_HAND_OFF.
 */
static int schedule_needed(const struct cpu *cpu, const struct vcpu *vcpu)
{
	return (int)(cpu->hazards | (LOAD_RELAXED(vcpu->state) ^ VCPU_RUNNABLE) |
		     LOAD_RELAXED(vcpu->has_pending));
}

int fastpath_hypercall(uint64_t id)
{
	uint64_t number = id ^ HC_ID_BASE;

	if ((number & ~(uint64_t)FAST_NUMBER_MASK) != 0)
		return FASTPATH_DECLINED;
	const struct hc_function *function = fast_functions[FAST_INDEX(number)];
	if (function == NULL)
		return FASTPATH_DECLINED;
	/* The vCPU's call, ready since its creation (vcpu.h): nothing of it to fill but function. */
	enum cap_status status = hc_run(&cpu_this()->vcpu->hypercall, function);
	/*
	 * The same vCPU, still running here (a handler leaves any switch to the scheduler), found
	 * again rather than kept across the handler in a register that would have to be saved.
	 */
	struct cpu *cpu = cpu_this();
	struct vcpu *vcpu = cpu->vcpu;

	/* SMCCC returns signed statuses sign-extended to the full register. */
	vcpu->registers.x[0] = (uint64_t)(int64_t)status;
	return schedule_needed(cpu, vcpu);
}
