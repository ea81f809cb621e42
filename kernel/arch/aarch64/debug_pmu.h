/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The self-hosted debug registers and the Performance Monitors of a vCPU. A vCPU whose partition
 * has them (HC_FEATURE_DEBUG, HC_FEATURE_PMU) owns them: their state is switched with it. For
 * any other vCPU MDCR_EL2 traps them and Mortise emulates them as reads-as-zero, writes-ignored.
 *
 * Switching is lazy: a CPU's registers keep the state of the last vCPU that owned them, which
 * vCPUs without the feature cannot see (trapped). Only loading another owner saves and restores
 * it. While a vCPU without the feature runs, the owner's breakpoints and watchpoints are disarmed
 * (MDSCR_EL1.MDE, KDE and SS clear) and its event counters paused, so that nothing fires in, and
 * nothing counts the events of, a partition that did not set it up. The owner's cycle counter
 * runs on, as a clock does: with PMCCFILTR_EL0.NSH it counts the whole round trip of an exit to
 * another partition, as the benchmarks want. A dedicated vCPU is alone on its CPU for good (no
 * other vCPU may be bound there, vcpu_dedicate): its state is restored once, at its first entry,
 * and never saved, and Mortise's own EL2 code is out of its reach, since debug exceptions are not
 * taken at EL2 while their target is EL1 (MDCR_EL2.TDE clear, Arm ARM D2).
 *
 * Not switched: the DCC (an external debugger's channel) and the PMU overflow interrupt, PPI 7,
 * which Mortise leaves disabled at the redistributor: an owner polls PMOVSSET_EL0. A vCPU without
 * the debug feature cannot step or break in hardware (writes ignored); BRK still works.
 */
#ifndef KERNEL_ARCH_AARCH64_DEBUG_PMU_H
#define KERNEL_ARCH_AARCH64_DEBUG_PMU_H

#include <stdbool.h>
#include <stdint.h>

/* Architectural limits: 16 breakpoints, 16 watchpoints (ID_AA64DFR0_EL1), 31 event counters. */
#define DEBUG_PMU_MAX_BREAKPOINTS 16
#define DEBUG_PMU_MAX_WATCHPOINTS 16
#define DEBUG_PMU_MAX_COUNTERS 31

struct vcpu_debug {
	uint64_t bvr[DEBUG_PMU_MAX_BREAKPOINTS], bcr[DEBUG_PMU_MAX_BREAKPOINTS];
	uint64_t wvr[DEBUG_PMU_MAX_WATCHPOINTS], wcr[DEBUG_PMU_MAX_WATCHPOINTS];
	/*
	 * Not the claim tags (DBGCLAIM*_EL1): QEMU does not implement them (UNDEFINED), and they
	 * only tell an external debugger and the OS who uses which debug resource.
	 */
	uint64_t mdscr, mdccint;
	bool os_locked, double_locked;
};

struct vcpu_pmu {
	uint64_t pmcr, selr, userenr, ccfiltr, ccntr, cntenset, intenset, ovsset;
	uint64_t evtyper[DEBUG_PMU_MAX_COUNTERS], evcntr[DEBUG_PMU_MAX_COUNTERS];
};

struct vcpu_debug_pmu {
	uint32_t features; /* HC_FEATURE_*: what this vCPU owns */
	/* Its state is in its CPU's registers, not here (own CPU only: a move saves it first). */
	bool debug_live, pmu_live;
	struct vcpu_debug debug;
	struct vcpu_pmu pmu;
};

/* The state of a vCPU that has never run: everything off, the OS lock locked (cold reset). */
void debug_pmu_reset(struct vcpu_debug_pmu *state, uint32_t features);
/* This CPU: every register trapped, breakpoints disarmed, counters stopped. */
void debug_pmu_init_cpu(void);
/*
 * Loads what the vCPU about to run on this CPU owns, and traps what it does not. Not needed
 * (the caller's one test) when the vCPU owns neither feature and the CPU is quiet: MDCR_EL2
 * traps both, breakpoints disarmed and counters paused, as loading such a vCPU leaves it
 * (struct cpu_arch debug_pmu_quiet).
 */
void debug_pmu_enter(struct vcpu_debug_pmu *state);
/*
 * The vCPU whose state this is leaves this CPU, not loaded: moved (keep: what the registers hold
 * of it is saved into it, for its new CPU to load) or destroyed or reset (dropped). Either way the
 * registers are nobody's now, so that no later load here saves into it.
 */
void debug_pmu_leave_cpu(struct vcpu_debug_pmu *state, bool keep);
/* Whether this machine has what features names (a PMUv3 for HC_FEATURE_PMU). */
bool debug_pmu_supported(uint32_t features);

/*
 * A trapped MSR/MRS (ESR ISS, Arm ARM D17.2.37.4) of a vCPU without the feature: true when it is
 * a debug or PMU register, with *value what a read returns.
 */
bool debug_pmu_emulated(uint64_t esr, uint64_t *value);
/* The register class of a trapped access: PMU registers are not accessible at EL0 then. */
bool debug_pmu_is_pmu_register(uint64_t esr);

#endif
