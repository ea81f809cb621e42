/* SPDX-License-Identifier: Apache-2.0 */
/* Hypercall costs in cycles, each a whole EL1 -> EL2 -> EL1 round trip. */
#include "guest.h"

#include "bench.h"

#define RUNS 501

static uint64_t samples[RUNS];

void bench_run(void)
{
	struct hc_registers r;

	bench_counter_start();
	for (unsigned i = 0; i < RUNS; i++) {
		uint64_t start = bench_cycles();
		guest_call(&r, HC_ID(HC_GROUP_HYPERVISOR, HC_HYPERVISOR_NULL), 0, 0, 0, 0, 0);
		samples[i] = bench_cycles() - start;
	}
	bench_report("null_hypercall", samples, RUNS);

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
