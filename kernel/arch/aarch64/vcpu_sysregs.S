/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A vCPU's EL1 system registers (vcpu_sysregs.h), moved in register pairs: each pair is two MRS
 * and one STP on the way out, one LDP and two MSR on the way in. The caller synchronises (ISB)
 * before anything at EL2 depends on the new values; the ERET into the guest does it for EL1.
 */
#include "vcpu_sysregs.h"

	.text
	.global vcpu_sysregs_save
vcpu_sysregs_save:
	mrs	x1, sctlr_el1
	mrs	x2, actlr_el1
	mrs	x3, cpacr_el1
	mrs	x4, ttbr0_el1
	mrs	x5, ttbr1_el1
	mrs	x6, tcr_el1
	mrs	x7, mair_el1
	mrs	x8, amair_el1
	stp	x1, x2, [x0, #SYSREGS_SCTLR_ACTLR]
	stp	x3, x4, [x0, #SYSREGS_CPACR_TTBR0]
	stp	x5, x6, [x0, #SYSREGS_TTBR1_TCR]
	stp	x7, x8, [x0, #SYSREGS_MAIR_AMAIR]
	mrs	x1, vbar_el1
	mrs	x2, contextidr_el1
	mrs	x3, tpidr_el0
	mrs	x4, tpidrro_el0
	mrs	x5, tpidr_el1
	mrs	x6, sp_el0
	mrs	x7, sp_el1
	mrs	x8, elr_el1
	stp	x1, x2, [x0, #SYSREGS_VBAR_CONTEXTIDR]
	stp	x3, x4, [x0, #SYSREGS_TPIDR_EL0_TPIDRRO]
	stp	x5, x6, [x0, #SYSREGS_TPIDR_EL1_SP_EL0]
	stp	x7, x8, [x0, #SYSREGS_SP_EL1_ELR]
	mrs	x1, spsr_el1
	mrs	x2, esr_el1
	mrs	x3, far_el1
	mrs	x4, afsr0_el1
	mrs	x5, afsr1_el1
	mrs	x6, par_el1
	mrs	x7, csselr_el1
	mrs	x8, cntkctl_el1
	stp	x1, x2, [x0, #SYSREGS_SPSR_ESR]
	stp	x3, x4, [x0, #SYSREGS_FAR_AFSR0]
	stp	x5, x6, [x0, #SYSREGS_AFSR1_PAR]
	stp	x7, x8, [x0, #SYSREGS_CSSELR_CNTKCTL]
	mrs	x1, cntv_ctl_el0
	mrs	x2, cntv_cval_el0
	mrs	x3, cntp_ctl_el0
	mrs	x4, cntp_cval_el0
	stp	x1, x2, [x0, #SYSREGS_CNTV]
	stp	x3, x4, [x0, #SYSREGS_CNTP]
	/* ENABLE is bit 0 (Arm ARM D11.2.4): a stopped timer needs no write. */
	tbz	x1, #0, 1f
	msr	cntv_ctl_el0, xzr
1:	tbz	x3, #0, 2f
	msr	cntp_ctl_el0, xzr
2:	ret

	.global vcpu_sysregs_restore
vcpu_sysregs_restore:
	ldp	x1, x2, [x0, #SYSREGS_SCTLR_ACTLR]
	ldp	x3, x4, [x0, #SYSREGS_CPACR_TTBR0]
	ldp	x5, x6, [x0, #SYSREGS_TTBR1_TCR]
	ldp	x7, x8, [x0, #SYSREGS_MAIR_AMAIR]
	msr	sctlr_el1, x1
	msr	actlr_el1, x2
	msr	cpacr_el1, x3
	msr	ttbr0_el1, x4
	msr	ttbr1_el1, x5
	msr	tcr_el1, x6
	msr	mair_el1, x7
	msr	amair_el1, x8
	ldp	x1, x2, [x0, #SYSREGS_VBAR_CONTEXTIDR]
	ldp	x3, x4, [x0, #SYSREGS_TPIDR_EL0_TPIDRRO]
	ldp	x5, x6, [x0, #SYSREGS_TPIDR_EL1_SP_EL0]
	ldp	x7, x8, [x0, #SYSREGS_SP_EL1_ELR]
	msr	vbar_el1, x1
	msr	contextidr_el1, x2
	msr	tpidr_el0, x3
	msr	tpidrro_el0, x4
	msr	tpidr_el1, x5
	msr	sp_el0, x6
	msr	sp_el1, x7
	msr	elr_el1, x8
	ldp	x1, x2, [x0, #SYSREGS_SPSR_ESR]
	ldp	x3, x4, [x0, #SYSREGS_FAR_AFSR0]
	ldp	x5, x6, [x0, #SYSREGS_AFSR1_PAR]
	ldp	x7, x8, [x0, #SYSREGS_CSSELR_CNTKCTL]
	msr	spsr_el1, x1
	msr	esr_el1, x2
	msr	far_el1, x3
	msr	afsr0_el1, x4
	msr	afsr1_el1, x5
	msr	par_el1, x6
	msr	csselr_el1, x7
	msr	cntkctl_el1, x8
	ldp	x1, x2, [x0, #SYSREGS_CNTV]
	ldp	x3, x4, [x0, #SYSREGS_CNTP]
	ldr	x5, [x0, #SYSREGS_VMPIDR]
	msr	cntv_cval_el0, x2
	msr	cntv_ctl_el0, x1
	msr	cntp_cval_el0, x4
	msr	cntp_ctl_el0, x3
	msr	vmpidr_el2, x5
	ret
