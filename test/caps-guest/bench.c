/* SPDX-License-Identifier: Apache-2.0 */
/* Hypercall costs in cycles, each a whole EL1 -> EL2 -> EL1 round trip. */
#include "guest.h"

#include "bench.h"
#include "console.h"

#define RUNS 501

static uint64_t samples[RUNS];

/*
 * The null call as an inline stub in registers makes it, the way seL4's benchmarks time a system
 * call: the round trip alone, without hvc_call's copying of a struct hc_registers in from memory
 * and out again, which the other rows keep (test/caps-guest/HYPERCALLS.md).
 */
static enum cap_status null_call(void)
{
	register uint64_t x0 __asm__("x0") = HC_ID(HC_GROUP_HYPERVISOR, HC_HYPERVISOR_NULL);

	/* x1..x7 carry results, x8..x17 are the caller's to lose, as hvc_call declares them. */
	__asm__ volatile("hvc #0"
			 : "+r"(x0)
			 :
			 : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			   "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (enum cap_status)(int64_t)x0;
}

void bench_run(void)
{
	struct hc_registers r;
	unsigned failed = 0;

	bench_counter_start();
	for (unsigned i = 0; i < RUNS; i++) {
		uint64_t start = bench_cycles();
		failed += null_call() != CAP_OK;
		samples[i] = bench_cycles() - start;
	}
	if (failed == 0)
		bench_report("null_hypercall", samples, RUNS);
	else
		console_printf("caps guest: FAIL: %u null calls of %u failed\n", failed, RUNS);

	for (unsigned i = 0; i < RUNS; i++) {
		uint64_t start = bench_cycles();
		guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), SEL_IRQ, CAP_RIGHT_READ, 0, 0, 0);
		samples[i] = bench_cycles() - start;
		guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DELETE), r.x[1], 0, 0, 0, 0);
	}
	bench_report("cap_derive", samples, RUNS);

	for (unsigned i = 0; i < RUNS; i++) {
		guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), SEL_IRQ, CAP_RIGHT_READ, 0, 0, 0);
		uint64_t start = bench_cycles();
		guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_REVOKE), SEL_IRQ, 0, 0, 0, 0);
		samples[i] = bench_cycles() - start;
	}
	bench_report("cap_revoke_1_child", samples, RUNS);

	for (unsigned i = 0; i < RUNS; i++) {
		for (unsigned child = 0; child < 16; child++)
			guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), SEL_IRQ, CAP_RIGHT_READ,
				   0, 0, 0);
		uint64_t start = bench_cycles();
		guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_REVOKE), SEL_IRQ, 0, 0, 0, 0);
		samples[i] = bench_cycles() - start;
	}
	bench_report("cap_revoke_16_children", samples, RUNS);
}
