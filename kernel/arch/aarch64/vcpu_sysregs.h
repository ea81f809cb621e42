/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The EL1 system registers a vCPU owns, in the order vcpu_sysregs.S moves them: two at a time,
 * each pair one stp or ldp. Shared by the assembly (the offsets) and C (the struct, checked
 * against them in vcpu_context.c).
 */
#ifndef KERNEL_ARCH_AARCH64_VCPU_SYSREGS_H
#define KERNEL_ARCH_AARCH64_VCPU_SYSREGS_H

/* Byte offsets in struct vcpu_sysregs: pair n at n * 16. */
#define SYSREGS_SCTLR_ACTLR (0 * 16)
#define SYSREGS_CPACR_TTBR0 (1 * 16)
#define SYSREGS_TTBR1_TCR (2 * 16)
#define SYSREGS_MAIR_AMAIR (3 * 16)
#define SYSREGS_VBAR_CONTEXTIDR (4 * 16)
#define SYSREGS_TPIDR_EL0_TPIDRRO (5 * 16)
#define SYSREGS_TPIDR_EL1_SP_EL0 (6 * 16)
#define SYSREGS_SP_EL1_ELR (7 * 16)
#define SYSREGS_SPSR_ESR (8 * 16)
#define SYSREGS_FAR_AFSR0 (9 * 16)
#define SYSREGS_AFSR1_PAR (10 * 16)
#define SYSREGS_CSSELR_CNTKCTL (11 * 16)
#define SYSREGS_CNTV (12 * 16) /* CTL, then CVAL */
#define SYSREGS_CNTP (13 * 16) /* CTL, then CVAL */
#define SYSREGS_VMPIDR (14 * 16)
#define SYSREGS_SIZE (15 * 16)
/* Where struct vcpu_context keeps its VGIC state (vcpu_context.h), after sysregs and FP/SIMD. */
#define VCPU_CONTEXT_VGIC (SYSREGS_SIZE + 33 * 16)

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * vmpidr_el2 is the vCPU's MPIDR as its guest reads it: Mortise sets it at reset and the guest
 * cannot change it, so it is restored and never saved.
 */
struct vcpu_sysregs {
	uint64_t sctlr_el1, actlr_el1, cpacr_el1, ttbr0_el1, ttbr1_el1, tcr_el1, mair_el1, amair_el1;
	uint64_t vbar_el1, contextidr_el1, tpidr_el0, tpidrro_el0, tpidr_el1, sp_el0, sp_el1;
	uint64_t elr_el1, spsr_el1, esr_el1, far_el1, afsr0_el1, afsr1_el1, par_el1, csselr_el1;
	uint64_t cntkctl_el1, cntv_ctl_el0, cntv_cval_el0, cntp_ctl_el0, cntp_cval_el0;
	uint64_t vmpidr_el2, unused;
} __attribute__((aligned(16)));

/*
 * vcpu_sysregs.S. The save is vcpu_context_save's (vcpu_context.h): it also stops the saved
 * timers that are enabled, so that nothing of this vCPU's fires while another runs or the CPU
 * waits. Restore writes each timer's compare value before its control, so that enabling it never
 * fires on the last vCPU's deadline, and ends with an ISB: vcpu_context_restore's last step.
 */
void vcpu_sysregs_restore_sync(const struct vcpu_sysregs *sysregs);
#endif

#endif
