/* SPDX-License-Identifier: Apache-2.0 */
#include "debug_pmu.h"
#include "machine.h"

#include <string.h>

#include "caps.h"
#include "cpu.h"

/*
 * MDCR_EL2 (Arm ARM D17.3, the debug System registers; its PMU fields are described with the
 * Performance Monitors Extension, D13). TPM traps every PMU register at EL0 and EL1, TPMCR
 * PMCR_EL0 as well; TDA the debug registers (MDSCR_EL1, DBGB*, DBGW*, claim tags, DCC), TDOSA
 * the OS lock and power-down registers (OSLAR, OSLSR, OSDLR, DBGPRCR), TDRA MDRAR_EL1. HPMN is
 * how many event counters EL1 sees: all of them, as PMCR_EL0.N at EL2 says. Left clear on
 * purpose: TDE (debug exceptions stay the guest's, at EL1), HPMD and HCCD (PMUv3p1/p5: counting
 * at EL2 stays allowed, which the benchmarks' PMCCFILTR_EL0.NSH asks for), HPME (no counter is
 * kept for EL2). QEMU's -cpu max has no SPE or self-hosted trace (ID_AA64DFR0_EL1 PMSVer and
 * TraceFilt are 0), so TPMS, E2PB and TTRF have nothing to trap.
 */
#define MDCR_HPMN_MASK 0x1fULL
#define MDCR_TPMCR (1ULL << 5)
#define MDCR_TPM (1ULL << 6)
#define MDCR_TDA (1ULL << 9)
#define MDCR_TDOSA (1ULL << 10)
#define MDCR_TDRA (1ULL << 11)
#define MDCR_TRAP_PMU (MDCR_TPM | MDCR_TPMCR)
#define MDCR_TRAP_DEBUG (MDCR_TDA | MDCR_TDOSA | MDCR_TDRA)

/* ID_AA64DFR0_EL1 (Arm ARM D17.2, the feature ID registers): breakpoints, watchpoints, PMU. */
#define DFR0_PMUVER(dfr0) (((dfr0) >> 8) & 0xf)
#define DFR0_BREAKPOINTS(dfr0) ((unsigned)(((dfr0) >> 12) & 0xf) + 1)
#define DFR0_WATCHPOINTS(dfr0) ((unsigned)(((dfr0) >> 20) & 0xf) + 1)
/* 0: FEAT_DoubleLock (OSDLR_EL1) implemented; 0xf: not. */
#define DFR0_DOUBLELOCK(dfr0) (((dfr0) >> 36) & 0xf)
#define PMUVER_IMPLEMENTATION_DEFINED 0xf

/* PMCR_EL0 (D13): E enables counting; P and C reset counters when written; N counts them. */
#define PMCR_E (1ULL << 0)
#define PMCR_P (1ULL << 1)
#define PMCR_C (1ULL << 2)
#define PMCR_N(pmcr) ((unsigned)((pmcr) >> 11) & 0x1f)
#define PMCNTEN_CYCLES (1ULL << 31)

/*
 * MDSCR_EL1 (D17.3): MDE arms breakpoints and watchpoints, KDE debug exceptions at EL1, SS
 * software step; with all three clear no debug exception but BRK can be taken (D2.x,
 * AArch64.CheckDebug). TDCC makes EL0's DCC accesses UNDEFINED at EL1, as Linux sets it.
 */
#define MDSCR_TDCC (1ULL << 12)
#define MDSCR_DISARMED MDSCR_TDCC
/* OSLSR_EL1: OSLM = 0b10 (OS lock implemented, bit 3), OSLK bit 1. */
#define OSLSR_OSLM_IMPLEMENTED (1ULL << 3)
#define OSLSR_OSLK (1ULL << 1)

struct debug_pmu_cpu {
	unsigned breakpoints, watchpoints, counters;
	bool pmu, double_lock;
	uint64_t mdcr; /* what MDCR_EL2 holds */
	uint64_t mdcr_unowned; /* what it holds for a vCPU that owns neither feature */
	/* Whose state the registers hold (NULL: nobody's): the last owner loaded here. */
	struct vcpu_debug_pmu *debug_owner, *pmu_owner;
	/* The owner's MDSCR_EL1 and PMCNTENSET_EL0 are in its context, disarmed and paused here. */
	bool debug_disarmed, pmu_paused;
};

/* Own CPU only: each CPU's entry is touched by that CPU alone. */
static struct debug_pmu_cpu debug_pmu_cpus[CONFIG_MAX_CPUS];

static struct debug_pmu_cpu *this_cpu(void)
{
	return &debug_pmu_cpus[cpu_this()->index];
}

static bool pmu_implemented(uint64_t dfr0)
{
	return DFR0_PMUVER(dfr0) != 0 && DFR0_PMUVER(dfr0) != PMUVER_IMPLEMENTATION_DEFINED;
}

bool debug_pmu_supported(uint32_t features)
{
	return !(features & HC_FEATURE_PMU) || pmu_implemented(sysreg_read(id_aa64dfr0_el1));
}

void debug_pmu_reset(struct vcpu_debug_pmu *state, uint32_t features)
{
	memset(state, 0, sizeof(*state));
	state->features = features;
	/* The OS lock is locked after a cold reset (OSLSR_EL1.OSLK); Linux unlocks it. */
	state->debug.os_locked = true;
}

/* ---- Banked registers by number: direct accesses, since PMSELR_EL0 indirection needs an ISB. */

#define FOR_EACH_OF_16(X)                                                                          \
	X(15) X(14) X(13) X(12) X(11) X(10) X(9) X(8) X(7) X(6) X(5) X(4) X(3) X(2) X(1) X(0)
#define FOR_EACH_OF_31(X)                                                                          \
	X(30) X(29) X(28) X(27) X(26) X(25) X(24) X(23) X(22) X(21) X(20) X(19) X(18) X(17) X(16) \
	FOR_EACH_OF_16(X)

/* The first count registers of each bank, highest first: a switch falling through. */
#define SAVE_BREAKPOINT(n)                                                                         \
	case n + 1:                                                                                \
		debug->bvr[n] = sysreg_read(dbgbvr##n##_el1);                                      \
		debug->bcr[n] = sysreg_read(dbgbcr##n##_el1);                                      \
		__attribute__((fallthrough));
#define RESTORE_BREAKPOINT(n)                                                                      \
	case n + 1:                                                                                \
		sysreg_write(dbgbvr##n##_el1, debug->bvr[n]);                                      \
		sysreg_write(dbgbcr##n##_el1, debug->bcr[n]);                                      \
		__attribute__((fallthrough));
#define SAVE_WATCHPOINT(n)                                                                         \
	case n + 1:                                                                                \
		debug->wvr[n] = sysreg_read(dbgwvr##n##_el1);                                      \
		debug->wcr[n] = sysreg_read(dbgwcr##n##_el1);                                      \
		__attribute__((fallthrough));
#define RESTORE_WATCHPOINT(n)                                                                      \
	case n + 1:                                                                                \
		sysreg_write(dbgwvr##n##_el1, debug->wvr[n]);                                      \
		sysreg_write(dbgwcr##n##_el1, debug->wcr[n]);                                      \
		__attribute__((fallthrough));
#define SAVE_COUNTER(n)                                                                            \
	case n + 1:                                                                                \
		pmu->evtyper[n] = sysreg_read(pmevtyper##n##_el0);                                 \
		pmu->evcntr[n] = sysreg_read(pmevcntr##n##_el0);                                   \
		__attribute__((fallthrough));
#define RESTORE_COUNTER(n)                                                                         \
	case n + 1:                                                                                \
		sysreg_write(pmevtyper##n##_el0, pmu->evtyper[n]);                                 \
		sysreg_write(pmevcntr##n##_el0, pmu->evcntr[n]);                                   \
		__attribute__((fallthrough));

static void save_watchpoints(struct vcpu_debug *debug, unsigned count)
{
	switch (count) {
		FOR_EACH_OF_16(SAVE_WATCHPOINT)
	default:
		break;
	}
}

static void restore_watchpoints(const struct vcpu_debug *debug, unsigned count)
{
	switch (count) {
		FOR_EACH_OF_16(RESTORE_WATCHPOINT)
	default:
		break;
	}
}

static void save_breakpoints(struct vcpu_debug *debug, unsigned count)
{
	switch (count) {
		FOR_EACH_OF_16(SAVE_BREAKPOINT)
	default:
		break;
	}
}

static void restore_breakpoints(const struct vcpu_debug *debug, unsigned count)
{
	switch (count) {
		FOR_EACH_OF_16(RESTORE_BREAKPOINT)
	default:
		break;
	}
}

static void save_counters(struct vcpu_pmu *pmu, unsigned count)
{
	switch (count) {
		FOR_EACH_OF_31(SAVE_COUNTER)
	default:
		break;
	}
}

static void restore_counters(const struct vcpu_pmu *pmu, unsigned count)
{
	switch (count) {
		FOR_EACH_OF_31(RESTORE_COUNTER)
	default:
		break;
	}
}

/* ---- Whole states ---------------------------------------------------------------------------- */

static void debug_save(const struct debug_pmu_cpu *cpu, struct vcpu_debug *debug)
{
	save_breakpoints(debug, cpu->breakpoints);
	save_watchpoints(debug, cpu->watchpoints);
	if (!cpu->debug_disarmed)
		debug->mdscr = sysreg_read(mdscr_el1);
	debug->mdccint = sysreg_read(mdccint_el1);
	debug->os_locked = (sysreg_read(oslsr_el1) & OSLSR_OSLK) != 0;
	if (cpu->double_lock)
		debug->double_locked = sysreg_read(osdlr_el1) & 1;
}

static void debug_restore(const struct debug_pmu_cpu *cpu, const struct vcpu_debug *debug)
{
	restore_breakpoints(debug, cpu->breakpoints);
	restore_watchpoints(debug, cpu->watchpoints);
	sysreg_write(mdccint_el1, debug->mdccint);
	sysreg_write(oslar_el1, debug->os_locked ? 1 : 0);
	if (cpu->double_lock)
		sysreg_write(osdlr_el1, debug->double_locked ? 1 : 0);
	sysreg_write(mdscr_el1, debug->mdscr);
}

static void pmu_save(const struct debug_pmu_cpu *cpu, struct vcpu_pmu *pmu)
{
	pmu->pmcr = sysreg_read(pmcr_el0) & ~(PMCR_P | PMCR_C);
	/* Stopped first, so that the values saved belong together. */
	sysreg_write(pmcr_el0, pmu->pmcr & ~PMCR_E);
	__asm__ volatile("isb" ::: "memory");
	if (!cpu->pmu_paused)
		pmu->cntenset = sysreg_read(pmcntenset_el0);
	pmu->selr = sysreg_read(pmselr_el0);
	pmu->userenr = sysreg_read(pmuserenr_el0);
	pmu->ccfiltr = sysreg_read(pmccfiltr_el0);
	pmu->ccntr = sysreg_read(pmccntr_el0);
	pmu->intenset = sysreg_read(pmintenset_el1);
	pmu->ovsset = sysreg_read(pmovsset_el0);
	save_counters(pmu, cpu->counters);
}

static void pmu_restore(const struct debug_pmu_cpu *cpu, const struct vcpu_pmu *pmu)
{
	sysreg_write(pmcr_el0, 0);
	sysreg_write(pmcntenclr_el0, ~0ULL);
	sysreg_write(pmintenclr_el1, ~0ULL);
	sysreg_write(pmovsclr_el0, ~0ULL);
	restore_counters(pmu, cpu->counters);
	sysreg_write(pmccfiltr_el0, pmu->ccfiltr);
	sysreg_write(pmccntr_el0, pmu->ccntr);
	sysreg_write(pmselr_el0, pmu->selr);
	sysreg_write(pmuserenr_el0, pmu->userenr);
	sysreg_write(pmintenset_el1, pmu->intenset);
	sysreg_write(pmovsset_el0, pmu->ovsset);
	sysreg_write(pmcntenset_el0, pmu->cntenset);
	sysreg_write(pmcr_el0, pmu->pmcr);
}

/* ---- Per CPU ------------------------------------------------------------------------------- */

void debug_pmu_init_cpu(void)
{
	struct debug_pmu_cpu *cpu = this_cpu();
	uint64_t dfr0 = sysreg_read(id_aa64dfr0_el1);

	*cpu = (struct debug_pmu_cpu){.breakpoints = DFR0_BREAKPOINTS(dfr0),
				      .watchpoints = DFR0_WATCHPOINTS(dfr0),
				      .pmu = pmu_implemented(dfr0),
				      .double_lock = DFR0_DOUBLELOCK(dfr0) == 0,
				      .debug_disarmed = true,
				      .pmu_paused = true};
	cpu_this()->arch.debug_pmu_quiet = true;
	if (cpu->pmu) {
		/* At EL2 PMCR_EL0.N is what the PE implements, not HPMN. */
		cpu->counters = PMCR_N(sysreg_read(pmcr_el0));
		sysreg_write(pmcr_el0, 0);
		sysreg_write(pmcntenclr_el0, ~0ULL);
		sysreg_write(pmintenclr_el1, ~0ULL);
		sysreg_write(pmovsclr_el0, ~0ULL);
		sysreg_write(pmuserenr_el0, 0);
	}
	cpu->mdcr = (cpu->counters & MDCR_HPMN_MASK) | MDCR_TRAP_DEBUG |
		    (cpu->pmu ? MDCR_TRAP_PMU : 0);
	cpu->mdcr_unowned = cpu->mdcr;
	sysreg_write(mdcr_el2, cpu->mdcr);
	sysreg_write(mdscr_el1, MDSCR_DISARMED);
	__asm__ volatile("isb" ::: "memory");
}

static void enter_debug(struct debug_pmu_cpu *cpu, struct vcpu_debug_pmu *state)
{
	struct vcpu_debug_pmu *owner = cpu->debug_owner;

	if (!(state->features & HC_FEATURE_DEBUG)) {
		/* Nothing of the owner's may fire while another partition runs. */
		if (!cpu->debug_disarmed) {
			if (owner != NULL && owner->debug_live)
				owner->debug.mdscr = sysreg_read(mdscr_el1);
			sysreg_write(mdscr_el1, MDSCR_DISARMED);
			cpu->debug_disarmed = true;
		}
		return;
	}
	if (owner == state && state->debug_live) {
		if (cpu->debug_disarmed)
			sysreg_write(mdscr_el1, state->debug.mdscr);
	} else {
		if (owner != NULL && owner->debug_live) {
			debug_save(cpu, &owner->debug);
			owner->debug_live = false;
		}
		debug_restore(cpu, &state->debug);
		cpu->debug_owner = state;
		state->debug_live = true;
	}
	cpu->debug_disarmed = false;
}

static void enter_pmu(struct debug_pmu_cpu *cpu, struct vcpu_debug_pmu *state)
{
	struct vcpu_debug_pmu *owner = cpu->pmu_owner;

	if (!cpu->pmu)
		return;
	if (!(state->features & HC_FEATURE_PMU)) {
		/* The owner's event counters would count another partition's events: paused. */
		if (!cpu->pmu_paused) {
			if (owner != NULL && owner->pmu_live) {
				owner->pmu.cntenset = sysreg_read(pmcntenset_el0);
				sysreg_write(pmcntenclr_el0, owner->pmu.cntenset & ~PMCNTEN_CYCLES);
			}
			cpu->pmu_paused = true;
		}
		return;
	}
	if (owner == state && state->pmu_live) {
		if (cpu->pmu_paused)
			sysreg_write(pmcntenset_el0, state->pmu.cntenset);
	} else {
		if (owner != NULL && owner->pmu_live) {
			pmu_save(cpu, &owner->pmu);
			owner->pmu_live = false;
		}
		pmu_restore(cpu, &state->pmu);
		cpu->pmu_owner = state;
		state->pmu_live = true;
	}
	cpu->pmu_paused = false;
}

/*
 * The usual pair on a CPU: an owner of both features and a vCPU that owns neither, such as a
 * guest and the VMM context serving its exits there (hand_off.h), which takes both each exit.
 * What enter_debug and enter_pmu do for them, in straight lines: every field read before any is
 * written, as a write through an owner could otherwise change cpu's (the compiler cannot tell).
 */
static void enter_unowned(struct debug_pmu_cpu *cpu)
{
	struct vcpu_debug_pmu *debug_owner = cpu->debug_owner, *pmu_owner = cpu->pmu_owner;
	uint64_t mdcr = cpu->mdcr_unowned;
	bool trap = cpu->mdcr != mdcr, disarm = !cpu->debug_disarmed, pause = !cpu->pmu_paused;

	cpu->mdcr = mdcr;
	/* Without a PMU, pmu_paused stays as debug_pmu_init_cpu set it. */
	cpu->debug_disarmed = cpu->pmu_paused = true;
	if (trap)
		sysreg_write(mdcr_el2, mdcr);
	if (disarm) {
		if (debug_owner != NULL && debug_owner->debug_live)
			debug_owner->debug.mdscr = sysreg_read(mdscr_el1);
		sysreg_write(mdscr_el1, MDSCR_DISARMED);
	}
	if (pause && pmu_owner != NULL && pmu_owner->pmu_live) {
		uint64_t enabled = sysreg_read(pmcntenset_el0);
		pmu_owner->pmu.cntenset = enabled;
		sysreg_write(pmcntenclr_el0, enabled & ~PMCNTEN_CYCLES);
	}
}

/* The owner of both comes back to the state it left in the registers: armed again, counting. */
static bool take_up_again(struct debug_pmu_cpu *cpu, struct vcpu_debug_pmu *state)
{
	uint64_t mdcr = cpu->mdcr & MDCR_HPMN_MASK;
	bool disarmed = cpu->debug_disarmed, paused = cpu->pmu_paused;

	if (state->features != (HC_FEATURE_DEBUG | HC_FEATURE_PMU) || !cpu->pmu ||
	    cpu->debug_owner != state || cpu->pmu_owner != state || !state->debug_live ||
	    !state->pmu_live)
		return false;
	cpu->mdcr = mdcr;
	cpu->debug_disarmed = cpu->pmu_paused = false;
	sysreg_write(mdcr_el2, mdcr);
	if (disarmed)
		sysreg_write(mdscr_el1, state->debug.mdscr);
	if (paused)
		sysreg_write(pmcntenset_el0, state->pmu.cntenset);
	return true;
}

void debug_pmu_leave_cpu(struct vcpu_debug_pmu *state, bool keep)
{
	struct debug_pmu_cpu *cpu = this_cpu();

	if (cpu->debug_owner == state) {
		if (keep && state->debug_live)
			debug_save(cpu, &state->debug);
		state->debug_live = false;
		cpu->debug_owner = NULL;
	}
	if (cpu->pmu_owner == state) {
		if (keep && state->pmu_live)
			pmu_save(cpu, &state->pmu);
		state->pmu_live = false;
		cpu->pmu_owner = NULL;
	}
}

void debug_pmu_enter(struct vcpu_debug_pmu *state)
{
	struct debug_pmu_cpu *cpu = this_cpu();

	if (state->features == 0) {
		enter_unowned(cpu);
		cpu_this()->arch.debug_pmu_quiet = true;
		return;
	}
	if (take_up_again(cpu, state)) {
		cpu_this()->arch.debug_pmu_quiet = false;
		return;
	}
	uint64_t mdcr = (cpu->mdcr & MDCR_HPMN_MASK) |
			((state->features & HC_FEATURE_DEBUG) ? 0 : MDCR_TRAP_DEBUG) |
			((state->features & HC_FEATURE_PMU) || !cpu->pmu ? 0 : MDCR_TRAP_PMU);

	if (mdcr != cpu->mdcr) {
		sysreg_write(mdcr_el2, mdcr);
		cpu->mdcr = mdcr;
	}
	enter_debug(cpu, state);
	enter_pmu(cpu, state);
	cpu_this()->arch.debug_pmu_quiet = !(state->features & (HC_FEATURE_DEBUG | HC_FEATURE_PMU));
}

/* ---- Trapped accesses of vCPUs without the feature ---------------------------------------- */

/* ESR ISS of a trapped MSR/MRS (D17.2.37.4): Op0 21:20, Op2 19:17, Op1 16:14, CRn 13:10, CRm 4:1. */
#define ISS_OP0(esr) ((unsigned)((esr) >> 20) & 3)
#define ISS_OP2(esr) ((unsigned)((esr) >> 17) & 7)
#define ISS_OP1(esr) ((unsigned)((esr) >> 14) & 7)
#define ISS_CRN(esr) ((unsigned)((esr) >> 10) & 0xf)
#define ISS_CRM(esr) ((unsigned)((esr) >> 1) & 0xf)

/*
 * The PMU's System registers: Op0 3, Op1 3 with CRn 9 (CRm 12..14: PMCR, PMCNTEN*, PMOVS*,
 * PMSWINC, PMSELR, PMCEID*, PMCCNTR, PMXEV*, PMUSERENR) or CRn 14 (CRm 8..15: PMEVCNTRn,
 * PMEVTYPERn, PMCCFILTR); and Op0 3, Op1 0, CRn 9, CRm 14 (PMINTENSET/CLR_EL1, PMMIR_EL1).
 */
bool debug_pmu_is_pmu_register(uint64_t esr)
{
	if (ISS_OP0(esr) != 3)
		return false;
	if (ISS_OP1(esr) == 3)
		return (ISS_CRN(esr) == 9 && ISS_CRM(esr) >= 12 && ISS_CRM(esr) <= 14) ||
		       (ISS_CRN(esr) == 14 && ISS_CRM(esr) >= 8);
	return ISS_OP1(esr) == 0 && ISS_CRN(esr) == 9 && ISS_CRM(esr) == 14;
}

/* The debug System registers are Op0 2 with Op1 0 (EL1) or 3 (EL0's DCC); Op1 1 is trace. */
static bool is_debug_register(uint64_t esr)
{
	return ISS_OP0(esr) == 2 && (ISS_OP1(esr) == 0 || ISS_OP1(esr) == 3);
}

/* OSLSR_EL1: Op0 2, Op1 0, CRn 1, CRm 1, Op2 4. */
static bool is_oslsr(uint64_t esr)
{
	return is_debug_register(esr) && ISS_OP1(esr) == 0 && ISS_CRN(esr) == 1 &&
	       ISS_CRM(esr) == 1 && ISS_OP2(esr) == 4;
}

bool debug_pmu_emulated(uint64_t esr, uint64_t *value)
{
	if (!is_debug_register(esr) && !debug_pmu_is_pmu_register(esr))
		return false;
	/*
	 * Reads as zero: a PMU with no event counter whose cycle counter never counts, and no
	 * breakpoint, watchpoint or step armed. The OS lock reads as implemented and unlocked, as
	 * the architecture requires OSLSR_EL1.OSLM to say.
	 */
	*value = is_oslsr(esr) ? OSLSR_OSLM_IMPLEMENTED : 0;
	return true;
}
