/* SPDX-License-Identifier: Apache-2.0 */
#include "vcpu_context.h"

#include <string.h>

#include "cpu.h"
#include "machine.h"

/* HCR_EL2 (Arm ARM D17.2.48). */
#define HCR_VM (1ULL << 0)   /* stage-2 translation on */
#define HCR_SWIO (1ULL << 1) /* set/way invalidation by the guest becomes clean+invalidate */
#define HCR_FMO (1ULL << 3)  /* physical FIQ, IRQ and SError go to EL2 ... */
#define HCR_IMO (1ULL << 4)
#define HCR_AMO (1ULL << 5)
#define HCR_FB (1ULL << 9)	   /* ... guest TLB and cache maintenance broadcast ... */
#define HCR_TWI (1ULL << 13)	   /* guest WFI traps: a vCPU with nothing to do frees its CPU */
#define HCR_BSU_INNER (1ULL << 10) /* ... in the inner shareable domain */
#define HCR_TSC (1ULL << 19)	   /* guest SMC traps to us: firmware calls are ours to decide */
#define HCR_RW (1ULL << 31)	   /* EL1 is AArch64 */
#define HCR_GUEST (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_INNER | \
		   HCR_TWI | HCR_TSC | HCR_RW)

/*
 * CNTHCTL_EL2 without E2H: EL1 may read the physical counter and use the physical timer, which
 * is switched with the vCPU like the virtual one.
 */
#define CNTHCTL_EL1PCTEN (1ULL << 0)
#define CNTHCTL_EL1PCEN (1ULL << 1)
/*
 * CPTR_EL2 without E2H: the RES1 bits with TZ (bit 8) and TSM (bit 12) set and TFP (bit 10)
 * clear: FP/SIMD runs untrapped, SVE and SME trap, since their state is not switched.
 */
#define CPTR_EL2_GUEST 0x33ffULL
#define CPTR_EL2_TFP (1ULL << 10)
/* The reset state a guest expects: MMU and caches off, RES1 bits set (Arm ARM D17.2.118). */
#define SCTLR_EL1_RESET 0x30d00800ULL

void vcpu_context_init_cpu(void)
{
	sysreg_write(cptr_el2, CPTR_EL2_GUEST);
	cpu_this()->arch.fpsimd_trapped = false;
	sysreg_write(cnthctl_el2, sysreg_read(cnthctl_el2) | CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
	sysreg_write(cntvoff_el2, 0);
	sysreg_write(vpidr_el2, sysreg_read(midr_el1));
	sysreg_write(hcr_el2, HCR_GUEST);
	debug_pmu_init_cpu();
	__asm__ volatile("isb" ::: "memory");
	vgic_init_cpu();
}

void vcpu_context_set_direct(bool direct)
{
	/* Physical IRQs to the guest and its WFI untrapped: the CPU is its own (FIQs stay ours). */
	sysreg_write(hcr_el2, direct ? HCR_GUEST & ~(HCR_IMO | HCR_TWI) : HCR_GUEST);
	__asm__ volatile("isb" ::: "memory");
}

void vcpu_context_reset(struct vcpu_context *context, uint64_t vmpidr, uint32_t features)
{
	memset(context, 0, sizeof(*context));
	context->sctlr_el1 = SCTLR_EL1_RESET;
	context->vmpidr_el2 = vmpidr;
	debug_pmu_reset(&context->debug_pmu, features);
}

/* The caller's isb makes the change take effect. */
static void trap_fpsimd(struct cpu_arch *arch, bool trap)
{
	if (arch->fpsimd_trapped == trap)
		return;
	sysreg_write(cptr_el2, trap ? CPTR_EL2_GUEST | CPTR_EL2_TFP : CPTR_EL2_GUEST);
	arch->fpsimd_trapped = trap;
}

void vcpu_context_claim_fpsimd(struct vcpu_context *context)
{
	struct cpu_arch *arch = &cpu_this()->arch;

	trap_fpsimd(arch, false);
	__asm__ volatile("isb" ::: "memory");
	if (arch->fpsimd_owner == &context->fpsimd)
		return;
	if (arch->fpsimd_owner != NULL)
		fpsimd_save(arch->fpsimd_owner);
	fpsimd_restore(&context->fpsimd);
	arch->fpsimd_owner = &context->fpsimd;
}

void vcpu_context_leave_cpu(struct vcpu_context *context, bool keep)
{
	struct cpu_arch *arch = &cpu_this()->arch;

	if (arch->fpsimd_owner != &context->fpsimd)
		return;
	arch->fpsimd_owner = NULL;
	if (!keep)
		return;
	/* EL2's own accesses trap too while TFP is set; whoever is loaded next traps again. */
	trap_fpsimd(arch, false);
	__asm__ volatile("isb" ::: "memory");
	fpsimd_save(&context->fpsimd);
	trap_fpsimd(arch, true);
	__asm__ volatile("isb" ::: "memory");
}

#define SAVE(reg) context->reg = sysreg_read(reg)
#define RESTORE(reg) sysreg_write(reg, context->reg)

void vcpu_context_save(struct vcpu_context *context)
{
	SAVE(sctlr_el1);
	SAVE(actlr_el1);
	SAVE(cpacr_el1);
	SAVE(ttbr0_el1);
	SAVE(ttbr1_el1);
	SAVE(tcr_el1);
	SAVE(mair_el1);
	SAVE(amair_el1);
	SAVE(vbar_el1);
	SAVE(contextidr_el1);
	SAVE(tpidr_el0);
	SAVE(tpidrro_el0);
	SAVE(tpidr_el1);
	SAVE(sp_el0);
	SAVE(sp_el1);
	SAVE(elr_el1);
	SAVE(spsr_el1);
	SAVE(esr_el1);
	SAVE(far_el1);
	SAVE(afsr0_el1);
	SAVE(afsr1_el1);
	SAVE(par_el1);
	SAVE(csselr_el1);
	SAVE(cntkctl_el1);
	SAVE(vmpidr_el2);
	SAVE(cntv_ctl_el0);
	SAVE(cntv_cval_el0);
	SAVE(cntp_ctl_el0);
	SAVE(cntp_cval_el0);
	/* The timers of a vCPU that is not running must not interrupt the one that is. */
	sysreg_write(cntv_ctl_el0, 0);
	sysreg_write(cntp_ctl_el0, 0);
	vgic_save(&context->vgic);
}

/* CNTV_CTL_EL0 and CNTP_CTL_EL0 (Arm ARM D11.2.4): the timer asserts when enabled, unmasked. */
#define TIMER_CTL_ENABLE (1u << 0)
#define TIMER_CTL_IMASK (1u << 1)

static uint64_t timer_deadline(uint64_t control, uint64_t compare)
{
	return (control & (TIMER_CTL_ENABLE | TIMER_CTL_IMASK)) == TIMER_CTL_ENABLE ? compare :
										     UINT64_MAX;
}

uint64_t vcpu_context_timer_deadline(const struct vcpu_context *context)
{
	uint64_t virtual_deadline = timer_deadline(context->cntv_ctl_el0, context->cntv_cval_el0);
	uint64_t physical_deadline = timer_deadline(context->cntp_ctl_el0, context->cntp_cval_el0);

	return virtual_deadline < physical_deadline ? virtual_deadline : physical_deadline;
}

void vcpu_context_restore(struct vcpu_context *context)
{
	RESTORE(sctlr_el1);
	RESTORE(actlr_el1);
	RESTORE(cpacr_el1);
	RESTORE(ttbr0_el1);
	RESTORE(ttbr1_el1);
	RESTORE(tcr_el1);
	RESTORE(mair_el1);
	RESTORE(amair_el1);
	RESTORE(vbar_el1);
	RESTORE(contextidr_el1);
	RESTORE(tpidr_el0);
	RESTORE(tpidrro_el0);
	RESTORE(tpidr_el1);
	RESTORE(sp_el0);
	RESTORE(sp_el1);
	RESTORE(elr_el1);
	RESTORE(spsr_el1);
	RESTORE(esr_el1);
	RESTORE(far_el1);
	RESTORE(afsr0_el1);
	RESTORE(afsr1_el1);
	RESTORE(par_el1);
	RESTORE(csselr_el1);
	RESTORE(cntkctl_el1);
	RESTORE(vmpidr_el2);
	RESTORE(cntv_cval_el0);
	RESTORE(cntv_ctl_el0);
	RESTORE(cntp_cval_el0);
	RESTORE(cntp_ctl_el0);
	struct cpu_arch *arch = &cpu_this()->arch;
	trap_fpsimd(arch, arch->fpsimd_owner != &context->fpsimd);
	vgic_restore(&context->vgic);
	/* Nothing to save on the way out: the next vCPU's entry decides (debug_pmu.h). */
	debug_pmu_enter(&context->debug_pmu);
	__asm__ volatile("isb" ::: "memory");
}
