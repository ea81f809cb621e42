/* SPDX-License-Identifier: Apache-2.0 */
#include "guest_inject.h"

#include "cpu.h"

/* SPSR_EL2.M (Arm ARM C5.2.18): M[4] set for AArch32, M[3:0] the mode. */
#define SPSR_AARCH32 (1ULL << 4)
/* Entry to EL1 (D1.10.1): EL1h with D, A, I, F masked; DIT kept, PAN and SSBS as SCTLR_EL1 says. */
#define SPSR_EL1H_MASKED 0x3c5ULL
#define SPSR_DIT (1ULL << 24)
#define SPSR_PAN (1ULL << 22)
#define SPSR_SSBS (1ULL << 12)
#define SCTLR_SPAN (1ULL << 23)
#define SCTLR_DSSBS (1ULL << 44)
#define MMFR1_PAN(mmfr1) (((mmfr1) >> 20) & 0xf)
/* VBAR_EL1 offsets of a synchronous exception from a lower EL (D1.10.2). */
#define VECTOR_LOWER_AARCH64_SYNC 0x400
#define VECTOR_LOWER_AARCH32_SYNC 0x600
/* ESR_ELx.IL: the trapped instruction was 32 bits (not a 16-bit T32 one). */
#define ESR_IL (1ULL << 25)

void guest_inject_undefined(struct trap_frame *frame)
{
	uint64_t sctlr = sysreg_read(sctlr_el1);
	uint64_t spsr = SPSR_EL1H_MASKED | (frame->spsr & SPSR_DIT);

	if (MMFR1_PAN(sysreg_read(id_aa64mmfr1_el1)) != 0 && !(sctlr & SCTLR_SPAN))
		spsr |= SPSR_PAN;
	if (sctlr & SCTLR_DSSBS)
		spsr |= SPSR_SSBS;
	sysreg_write(esr_el1, ((uint64_t)ESR_EC_UNKNOWN << ESR_EC_SHIFT) | (frame->esr & ESR_IL));
	sysreg_write(elr_el1, frame->elr);
	sysreg_write(spsr_el1, frame->spsr);
	frame->elr = sysreg_read(vbar_el1) + ((frame->spsr & SPSR_AARCH32) ?
						      VECTOR_LOWER_AARCH32_SYNC :
						      VECTOR_LOWER_AARCH64_SYNC);
	frame->spsr = spsr;
}
