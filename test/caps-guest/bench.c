/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hypercall costs in cycles, read from PMCCNTR_EL0 around each call. Counting at EL2 too
 * (PMCCFILTR_EL0.NSH) makes a figure the whole round trip. Under QEMU with -icount shift=0 a cycle
 * is one instruction and the figures repeat exactly from run to run.
 */
#include "guest.h"

#include "console.h"
#include "cpu.h"

#define RUNS 501
#define PMCR_ENABLE (1u << 0)
#define PMCR_CYCLE_RESET (1u << 2)
#define PMCNTEN_CYCLES (1u << 31)
#define PMCCFILTR_COUNT_EL2 (1u << 27)

static uint64_t samples[RUNS];

static inline uint64_t cycles(void)
{
	uint64_t value;

	__asm__ volatile("isb\n\tmrs %0, pmccntr_el0" : "=r"(value)::"memory");
	return value;
}

static void sort(uint64_t *values, unsigned count)
{
	for (unsigned i = 1; i < count; i++) {
		uint64_t value = values[i];
		unsigned j = i;
		for (; j > 0 && values[j - 1] > value; j--)
			values[j] = values[j - 1];
		values[j] = value;
	}
}

static void report(const char *name)
{
	sort(samples, RUNS);
	console_printf("bench: %s cycles min %llu median %llu max %llu runs %u\n", name,
		       (unsigned long long)samples[0], (unsigned long long)samples[RUNS / 2],
		       (unsigned long long)samples[RUNS - 1], RUNS);
}

void bench_run(void)
{
	struct hc_registers r;

	sysreg_write(pmccfiltr_el0, PMCCFILTR_COUNT_EL2);
	sysreg_write(pmcntenset_el0, PMCNTEN_CYCLES);
	sysreg_write(pmcr_el0, sysreg_read(pmcr_el0) | PMCR_ENABLE | PMCR_CYCLE_RESET);

	for (unsigned i = 0; i < RUNS; i++) {
		uint64_t start = cycles();
		guest_call(&r, HC_ID(HC_GROUP_HYPERVISOR, HC_HYPERVISOR_NULL), 0, 0, 0, 0, 0);
		samples[i] = cycles() - start;
	}
	report("null_hypercall");

	for (unsigned i = 0; i < RUNS; i++) {
		uint64_t start = cycles();
		guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), SEL_IRQ, CAP_RIGHT_READ, 0, 0, 0);
		samples[i] = cycles() - start;
		guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DELETE), r.x[1], 0, 0, 0, 0);
	}
	report("cap_derive");

	for (unsigned i = 0; i < RUNS; i++) {
		guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), SEL_IRQ, CAP_RIGHT_READ, 0, 0, 0);
		uint64_t start = cycles();
		guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_REVOKE), SEL_IRQ, 0, 0, 0, 0);
		samples[i] = cycles() - start;
	}
	report("cap_revoke_1_child");

	for (unsigned i = 0; i < RUNS; i++) {
		for (unsigned child = 0; child < 16; child++)
			guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), SEL_IRQ, CAP_RIGHT_READ,
				   0, 0, 0);
		uint64_t start = cycles();
		guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_REVOKE), SEL_IRQ, 0, 0, 0, 0);
		samples[i] = cycles() - start;
	}
	report("cap_revoke_16_children");
}
