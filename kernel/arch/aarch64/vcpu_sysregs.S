/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A vCPU's EL1 system registers (vcpu_sysregs.h), moved in register pairs: each pair is two MRS
 * and one STP on the way out, one LDP and two MSR on the way in. The restore ends with the ISB
 * that makes all of a load hold, for EL2 as well (vcpu_context_restore).
 */
#include "vcpu_sysregs.h"

	/* x0: the struct; x1/x2 and x3/x4 alternate, so that one pair's store waits on no other. */
	.macro	save_pair first, second, offset, low=x1, high=x2
	mrs	\low, \first
	mrs	\high, \second
	stp	\low, \high, [x0, #\offset]
	.endm

	.macro	restore_pair first, second, offset, low=x1, high=x2
	ldp	\low, \high, [x0, #\offset]
	msr	\first, \low
	msr	\second, \high
	.endm

	/* Every pair but the timers', whose order matters (vcpu_sysregs.h), in one list. */
	.macro	for_each_pair op
	\op sctlr_el1, actlr_el1, SYSREGS_SCTLR_ACTLR
	\op cpacr_el1, ttbr0_el1, SYSREGS_CPACR_TTBR0, x3, x4
	\op ttbr1_el1, tcr_el1, SYSREGS_TTBR1_TCR
	\op mair_el1, amair_el1, SYSREGS_MAIR_AMAIR, x3, x4
	\op vbar_el1, contextidr_el1, SYSREGS_VBAR_CONTEXTIDR
	\op tpidr_el0, tpidrro_el0, SYSREGS_TPIDR_EL0_TPIDRRO, x3, x4
	\op tpidr_el1, sp_el0, SYSREGS_TPIDR_EL1_SP_EL0
	\op sp_el1, elr_el1, SYSREGS_SP_EL1_ELR, x3, x4
	\op spsr_el1, esr_el1, SYSREGS_SPSR_ESR
	\op far_el1, afsr0_el1, SYSREGS_FAR_AFSR0, x3, x4
	\op afsr1_el1, par_el1, SYSREGS_AFSR1_PAR
	\op csselr_el1, cntkctl_el1, SYSREGS_CSSELR_CNTKCTL, x3, x4
	.endm

	.text
	/*
	 * vcpu_context_save (vcpu_context.h), x0 the struct vcpu_context, whose sysregs come first:
	 * the registers here, then its VGIC state by a tail call, so that the switch pays one call.
	 */
	.global vcpu_context_save
vcpu_context_save:
	for_each_pair save_pair
	save_pair cntv_ctl_el0, cntv_cval_el0, SYSREGS_CNTV
	save_pair cntp_ctl_el0, cntp_cval_el0, SYSREGS_CNTP, x3, x4
	/* ENABLE is bit 0 (Arm ARM D11.2.4): a stopped timer needs no write. */
	tbz	x1, #0, 1f
	msr	cntv_ctl_el0, xzr
1:	tbz	x3, #0, 2f
	msr	cntp_ctl_el0, xzr
2:	add	x0, x0, #VCPU_CONTEXT_VGIC
	b	vgic_save

	.global vcpu_sysregs_restore_sync
vcpu_sysregs_restore_sync:
	for_each_pair restore_pair
	/* Each timer's compare value before its control (vcpu_sysregs.h). */
	ldp	x1, x2, [x0, #SYSREGS_CNTV]
	msr	cntv_cval_el0, x2
	msr	cntv_ctl_el0, x1
	ldp	x3, x4, [x0, #SYSREGS_CNTP]
	msr	cntp_cval_el0, x4
	msr	cntp_ctl_el0, x3
	ldr	x1, [x0, #SYSREGS_VMPIDR]
	msr	vmpidr_el2, x1
	isb
	ret
