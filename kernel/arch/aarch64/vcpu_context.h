/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The EL1 state a vCPU owns beyond its general registers, saved and restored on a switch. Its
 * FP/SIMD registers are switched lazily: a CPU's registers keep the state of the last vCPU that
 * used them there (struct cpu_arch fpsimd_owner), and any other vCPU it loads traps its first use
 * (CPTR_EL2.TFP), which moves them over (vcpu_context_claim_fpsimd). A switch between vCPUs that
 * do not use them saves and restores none.
 */
#ifndef KERNEL_ARCH_AARCH64_VCPU_CONTEXT_H
#define KERNEL_ARCH_AARCH64_VCPU_CONTEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "debug_pmu.h"
#include "vcpu_sysregs.h"
#include "vgic.h"

struct cpu;

struct vcpu_fpsimd {
	__uint128_t q[32];
	uint64_t fpsr, fpcr;
};

struct vcpu_context {
	struct vcpu_sysregs sysregs;
	struct vcpu_fpsimd fpsimd;
	struct vgic_state vgic;
	struct vcpu_debug_pmu debug_pmu;
};

/*
 * The state of a vCPU that has never run: MMU off, as the arm64 boot protocol wants; features
 * (HC_FEATURE_*) are the debug and PMU registers it owns.
 */
void vcpu_context_reset(struct vcpu_context *context, uint64_t vmpidr, uint32_t features);
/*
 * Off and onto cpu, this CPU (the one the vCPU runs on); restore ends with an ISB, so that
 * what it set holds for EL2 as well.
 */
void vcpu_context_save(struct vcpu_context *context);
/*
 * When the saved EL1 timers assert their interrupt, as a physical counter value (CNTVOFF_EL2 is
 * 0): the earliest enabled and unmasked deadline, UINT64_MAX if none.
 */
uint64_t vcpu_context_timer_deadline(const struct vcpu_context *context);
void vcpu_context_restore(struct cpu *cpu, struct vcpu_context *context);

/* CNTV_CTL_EL0 and CNTP_CTL_EL0 (Arm ARM D11.2.4): the timer asserts when enabled, unmasked. */
#define TIMER_CTL_ENABLE (1u << 0)
#define TIMER_CTL_IMASK (1u << 1)
#define TIMER_CTL_ISTATUS (1u << 2)
/*
 * After vcpu_context_restore, whose ISB makes the restored timer hold: the loaded vCPU's virtual
 * timer asserts its interrupt now (its condition met, ISTATUS, and neither disabled nor masked).
 */
static inline bool vcpu_context_virtual_timer_asserts(void)
{
	uint64_t control = sysreg_read(cntv_ctl_el0);

	/* ISTATUS first: usually clear, and then the one test. */
	if (__builtin_expect(!(control & TIMER_CTL_ISTATUS), 1))
		return false;
	return (control & (TIMER_CTL_ENABLE | TIMER_CTL_IMASK)) == TIMER_CTL_ENABLE;
}

/*
 * The loaded vCPU, whose context this is, used FP/SIMD (trapped): this CPU's registers are saved
 * into their owner and loaded from context, its from now on, untrapped.
 */
void vcpu_context_claim_fpsimd(struct vcpu_context *context);
/*
 * The vCPU whose context this is leaves this CPU (moved, destroyed or reset), switched out or
 * being reset: if this CPU's registers hold its FP/SIMD state, they are its no longer, saved into
 * it first when keep (a move) and dropped otherwise; so is its debug and PMU state
 * (debug_pmu_leave_cpu).
 */
void vcpu_context_leave_cpu(struct vcpu_context *context, bool keep);

/* arch/aarch64/fpsimd.S: EL2 code never uses FP/SIMD, so these registers are the guest's. */
void fpsimd_save(struct vcpu_fpsimd *state);
void fpsimd_restore(const struct vcpu_fpsimd *state);

/* Sets the EL2 controls every vCPU of this CPU runs under. */
void vcpu_context_init_cpu(void);
/* direct: the loaded vCPU takes physical IRQs itself (HCR_EL2.IMO = 0) and WFI is not trapped. */
void vcpu_context_set_direct(bool direct);

#endif
