/* SPDX-License-Identifier: Apache-2.0 */
/* The AArch64 and GICv3 half of a CPU and of the machine (struct cpu, struct machine). */
#ifndef KERNEL_ARCH_AARCH64_CPU_ARCH_H
#define KERNEL_ARCH_AARCH64_CPU_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "gicv3.h"

struct cpu;
struct vcpu_fpsimd;

struct cpu_arch {
	uintptr_t redistributor;
	bool direct_interrupts; /* its vCPU takes its interrupts from the GIC (irq_direct_enter) */
	/* How many of its switched-out vCPUs link physical interrupts (vcpu_arch links_physical). */
	unsigned vcpus_linking_physical;
	/*
	 * Whose FP/SIMD state the registers hold (a vCPU's context; NULL: nobody's), and whether
	 * CPTR_EL2.TFP traps the loaded vCPU's first use of them (vcpu_context.h). Own CPU only,
	 * with interrupts masked.
	 */
	struct vcpu_fpsimd *fpsimd_owner;
	bool fpsimd_trapped;
	/* The last vCPU loaded owns neither debug nor PMU, and nothing of them is live (debug_pmu.h). */
	bool debug_pmu_quiet;
};

struct machine_arch {
	struct gicv3 gic;
};

/* Sets up the GIC from the platform's description; false, with a message, if it cannot. */
bool machine_arch_init(void);
/* This CPU's own registers: TPIDR_EL2 names cpu, the event stream runs. */
void cpu_arch_init_local(struct cpu *cpu);

#endif
