/* SPDX-License-Identifier: Apache-2.0 */
#include "guest_exception.h"

#include <stddef.h>

#include "cpu.h"

/* PSTATE as SPSR_EL2/SPSR_EL1 hold it (Arm ARM C5.2.18, SPSR_EL1). */
#define PSTATE_M_AARCH32 (1ULL << 4)
#define PSTATE_M_EL(pstate) (((pstate) >> 2) & 3)
#define PSTATE_M_SP_ELX (1ULL << 0)
#define PSTATE_M_EL1H 0x5ULL
#define PSTATE_DAIF (0xfULL << 6)
#define PSTATE_SSBS (1ULL << 12)
#define PSTATE_PAN (1ULL << 22)
#define PSTATE_DIT (1ULL << 24)
#define PSTATE_TCO (1ULL << 25)
#define PSTATE_NZCV (0xfULL << 28)

/* SCTLR_EL1 (Arm ARM D17.2.118): what exception entry reads. */
#define SCTLR_SPAN (1ULL << 23)
#define SCTLR_DSSBS (1ULL << 44)
/* ID_AA64PFR1_EL1.MTE (Arm ARM D17.2.65): nonzero with FEAT_MTE, which adds PSTATE.TCO. */
#define ID_AA64PFR1_MTE(value) (((value) >> 8) & 0xf)

/*
 * ESR_ELx of a data abort (Arm ARM D17.2.37, ISS encoding D17.2.37.8 "ISS encoding for an
 * exception from a Data Abort"): IL, then CM (a cache maintenance instruction) and WnR, which
 * say what the access was and are kept from the stage-2 syndrome. DFSC 0b010000 is a
 * synchronous external abort not on a translation table walk; ISV, EA, FnV, SET and the rest
 * are 0: no instruction syndrome (ISV is 0 for an external abort that gives none), FAR valid.
 * An access whose stage-1 walk met nothing (S1PTW) is reported the same way, as KVM and Xen do:
 * the level a walk abort would name is the guest's walk's, which the stage-2 syndrome lacks.
 */
#define ESR_IL (1ULL << 25)
#define ESR_DABT_CM (1ULL << 8)
#define ESR_DABT_WNR (1ULL << 6)
#define ESR_DFSC_SYNC_EXTERNAL 0x10ULL

/* Each vector takes 0x80 bytes from VBAR_EL1, in exception_vector's order (Arm ARM D1.10.2). */
#define VECTOR_ENTRY_SIZE 0x80ULL

/* The vector a synchronous exception to EL1 from pstate enters (Arm ARM D1.10.2). */
static enum exception_vector sync_vector(uint64_t pstate)
{
	if (pstate & PSTATE_M_AARCH32)
		return EXCEPTION_LOWER_A32_SYNC;
	if (PSTATE_M_EL(pstate) == 0)
		return EXCEPTION_LOWER_A64_SYNC;
	return pstate & PSTATE_M_SP_ELX ? EXCEPTION_CURRENT_SPX_SYNC : EXCEPTION_CURRENT_SP0_SYNC;
}

/*
 * PSTATE on taking an exception to EL1 (Arm ARM D1.10, "Exception entry", the pseudocode's
 * AArch64.TakeException): EL1 with SP_EL1, D, A, I and F masked, SS, IL, UAO and BTYPE clear;
 * NZCV and DIT kept; PAN set unless SCTLR_EL1.SPAN (RES1 without FEAT_PAN) says to keep it;
 * SSBS from SCTLR_EL1.DSSBS (RES0 without FEAT_SSBS); TCO set with FEAT_MTE.
 */
static uint64_t entry_pstate(uint64_t pstate, uint64_t sctlr)
{
	uint64_t entry = (pstate & (PSTATE_NZCV | PSTATE_DIT)) | PSTATE_DAIF | PSTATE_M_EL1H;

	if (!(sctlr & SCTLR_SPAN))
		entry |= PSTATE_PAN;
	else
		entry |= pstate & PSTATE_PAN;
	if (sctlr & SCTLR_DSSBS)
		entry |= PSTATE_SSBS;
	if (ID_AA64PFR1_MTE(sysreg_read(id_aa64pfr1_el1)) != 0)
		entry |= PSTATE_TCO;
	return entry;
}

/*
 * Takes a synchronous exception with syndrome esr to the vCPU's EL1 (far: its FAR_EL1, or NULL
 * when the exception sets none). The preferred return address of a synchronous exception is the
 * instruction that caused it (D1.11), which registers->elr holds.
 */
static void enter_el1(struct vcpu_context *context, bool loaded, struct trap_frame *registers,
		      uint64_t esr, const uint64_t *far)
{
	uint64_t pstate = registers->spsr;
	uint64_t sctlr = loaded ? sysreg_read(sctlr_el1) : context->sysregs.sctlr_el1;
	uint64_t vbar = loaded ? sysreg_read(vbar_el1) : context->sysregs.vbar_el1;

	if (loaded) {
		sysreg_write(esr_el1, esr);
		if (far != NULL)
			sysreg_write(far_el1, *far);
		sysreg_write(elr_el1, registers->elr);
		sysreg_write(spsr_el1, pstate);
	} else {
		context->sysregs.esr_el1 = esr;
		if (far != NULL)
			context->sysregs.far_el1 = *far;
		context->sysregs.elr_el1 = registers->elr;
		context->sysregs.spsr_el1 = pstate;
	}
	registers->spsr = entry_pstate(pstate, sctlr);
	registers->elr = vbar + sync_vector(pstate) * VECTOR_ENTRY_SIZE;
}

void guest_inject_data_abort(struct vcpu_context *context, bool loaded,
			     struct trap_frame *registers, uint64_t exit_esr, uint64_t far)
{
	uint64_t pstate = registers->spsr;
	bool from_el1 = !(pstate & PSTATE_M_AARCH32) && PSTATE_M_EL(pstate) == 1;
	uint64_t esr = (uint64_t)(from_el1 ? ESR_EC_DABT_SAME : ESR_EC_DABT_LOWER) << ESR_EC_SHIFT |
		       (exit_esr & (ESR_IL | ESR_DABT_CM | ESR_DABT_WNR)) | ESR_DFSC_SYNC_EXTERNAL;

	enter_el1(context, loaded, registers, esr, &far);
}

/* IL says whether the trapped instruction was 32 bits (not a 16-bit T32 one); the ISS is 0. */
void guest_inject_undefined(struct trap_frame *frame)
{
	uint64_t esr = ((uint64_t)ESR_EC_UNKNOWN << ESR_EC_SHIFT) | (frame->esr & ESR_IL);

	enter_el1(NULL, true, frame, esr, NULL);
}
