/* SPDX-License-Identifier: Apache-2.0 */
#include "vcpu_context.h"

#include <stddef.h>
#include <string.h>

#include "cpu.h"
#include "machine.h"
#include "stage2.h"

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

__attribute__((cold))
void vcpu_context_init_cpu(void)
{
	sysreg_write(cptr_el2, CPTR_EL2_GUEST);
	cpu_this()->arch.fpsimd_trapped = false;
	sysreg_write(cnthctl_el2, sysreg_read(cnthctl_el2) | CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
	sysreg_write(cntvoff_el2, 0);
	sysreg_write(vpidr_el2, sysreg_read(midr_el1));
	sysreg_write(hcr_el2, HCR_GUEST);
	stage2_init_cpu();
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
	context->sysregs.sctlr_el1 = SCTLR_EL1_RESET;
	context->sysregs.vmpidr_el2 = vmpidr;
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

	debug_pmu_leave_cpu(&context->debug_pmu, keep);
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

/* The assembly's offsets (vcpu_sysregs.h) are the struct's. */
#define SYSREGS_AT(offset, field)                                                                \
	_Static_assert(offsetof(struct vcpu_sysregs, field) == (offset), #field " moved")
SYSREGS_AT(SYSREGS_SCTLR_ACTLR, sctlr_el1);
SYSREGS_AT(SYSREGS_SCTLR_ACTLR + 8, actlr_el1);
SYSREGS_AT(SYSREGS_CPACR_TTBR0, cpacr_el1);
SYSREGS_AT(SYSREGS_CPACR_TTBR0 + 8, ttbr0_el1);
SYSREGS_AT(SYSREGS_TTBR1_TCR, ttbr1_el1);
SYSREGS_AT(SYSREGS_TTBR1_TCR + 8, tcr_el1);
SYSREGS_AT(SYSREGS_MAIR_AMAIR, mair_el1);
SYSREGS_AT(SYSREGS_MAIR_AMAIR + 8, amair_el1);
SYSREGS_AT(SYSREGS_VBAR_CONTEXTIDR, vbar_el1);
SYSREGS_AT(SYSREGS_VBAR_CONTEXTIDR + 8, contextidr_el1);
SYSREGS_AT(SYSREGS_TPIDR_EL0_TPIDRRO, tpidr_el0);
SYSREGS_AT(SYSREGS_TPIDR_EL0_TPIDRRO + 8, tpidrro_el0);
SYSREGS_AT(SYSREGS_TPIDR_EL1_SP_EL0, tpidr_el1);
SYSREGS_AT(SYSREGS_TPIDR_EL1_SP_EL0 + 8, sp_el0);
SYSREGS_AT(SYSREGS_SP_EL1_ELR, sp_el1);
SYSREGS_AT(SYSREGS_SP_EL1_ELR + 8, elr_el1);
SYSREGS_AT(SYSREGS_SPSR_ESR, spsr_el1);
SYSREGS_AT(SYSREGS_SPSR_ESR + 8, esr_el1);
SYSREGS_AT(SYSREGS_FAR_AFSR0, far_el1);
SYSREGS_AT(SYSREGS_FAR_AFSR0 + 8, afsr0_el1);
SYSREGS_AT(SYSREGS_AFSR1_PAR, afsr1_el1);
SYSREGS_AT(SYSREGS_AFSR1_PAR + 8, par_el1);
SYSREGS_AT(SYSREGS_CSSELR_CNTKCTL, csselr_el1);
SYSREGS_AT(SYSREGS_CSSELR_CNTKCTL + 8, cntkctl_el1);
SYSREGS_AT(SYSREGS_CNTV, cntv_ctl_el0);
SYSREGS_AT(SYSREGS_CNTV + 8, cntv_cval_el0);
SYSREGS_AT(SYSREGS_CNTP, cntp_ctl_el0);
SYSREGS_AT(SYSREGS_CNTP + 8, cntp_cval_el0);
SYSREGS_AT(SYSREGS_VMPIDR, vmpidr_el2);
_Static_assert(sizeof(struct vcpu_sysregs) == SYSREGS_SIZE, "struct vcpu_sysregs grew");
/* vcpu_context_save, in vcpu_sysregs.S, finds the one and then the other. */
_Static_assert(offsetof(struct vcpu_context, sysregs) == 0, "sysregs moved");
_Static_assert(offsetof(struct vcpu_context, vgic) == VCPU_CONTEXT_VGIC, "vgic moved");

static uint64_t timer_deadline(uint64_t control, uint64_t compare)
{
	return (control & (TIMER_CTL_ENABLE | TIMER_CTL_IMASK)) == TIMER_CTL_ENABLE ? compare :
										     UINT64_MAX;
}

uint64_t vcpu_context_timer_deadline(const struct vcpu_context *context)
{
	const struct vcpu_sysregs *sysregs = &context->sysregs;
	uint64_t virtual_deadline = timer_deadline(sysregs->cntv_ctl_el0, sysregs->cntv_cval_el0);
	uint64_t physical_deadline = timer_deadline(sysregs->cntp_ctl_el0, sysregs->cntp_cval_el0);

	return virtual_deadline < physical_deadline ? virtual_deadline : physical_deadline;
}

/* Nothing to save on the way out: the next vCPU's entry decides (debug_pmu.h). */
static bool debug_pmu_to_enter(const struct cpu *cpu, const struct vcpu_context *context)
{
	return context->debug_pmu.features != 0 || !cpu->arch.debug_pmu_quiet;
}

/*
 * The rest of a load that has list registers or debug and PMU state to move: calls of its own,
 * out of line, so that the usual load needs no frame.
 */
static __attribute__((noinline)) void restore_with_calls(struct cpu *cpu,
							 struct vcpu_context *context)
{
	vgic_restore(&context->vgic);
	if (debug_pmu_to_enter(cpu, context))
		debug_pmu_enter(&context->debug_pmu);
	vcpu_sysregs_restore_sync(&context->sysregs);
}

void vcpu_context_restore(struct cpu *cpu, struct vcpu_context *context)
{
	trap_fpsimd(&cpu->arch, cpu->arch.fpsimd_owner != &context->fpsimd);
	if (context->vgic.in_use != 0 || debug_pmu_to_enter(cpu, context)) {
		restore_with_calls(cpu, context);
		return;
	}
	/*
	 * The usual switch, between vCPUs with neither: no call but the last, so no frame. Its
	 * ISB makes the whole load hold.
	 */
	vgic_restore(&context->vgic);
	vcpu_sysregs_restore_sync(&context->sysregs);
}
