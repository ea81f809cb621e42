/* SPDX-License-Identifier: Apache-2.0 */
/*
 * From the syndrome registers to what core code acts on: an abort's access (exit.h) and the
 * targets of an SGI a guest wrote (virq.h). Pure functions of register values, inline in the
 * exit path, and tested on the host (kernel/test/test_exit_decode.c).
 */
#ifndef KERNEL_ARCH_AARCH64_EXIT_DECODE_H
#define KERNEL_ARCH_AARCH64_EXIT_DECODE_H

#include <stdint.h>

#include "exception.h"
#include "exit.h"
#include "virq.h"

/* HPFAR_EL2.FIPA holds IPA bits 47:12 at bits 43:4 (Arm ARM D17.2.50). */
#define HPFAR_FIPA_MASK 0x00000fffffffff0ULL
/* An A64 instruction, which is what traps from AArch64 (ESR_ELx.IL = 1). */
#define A64_INSTRUCTION_LENGTH 4

/*
 * A stage-2 abort into *exit: the faulting IPA from HPFAR_EL2 and the page offset of FAR_EL2; for
 * a data abort whose syndrome is valid (ISV, Arm ARM D17.2.37.8), the access. x: the guest's
 * registers, whose stored value a write reports. Written in place, as the exit path copies no
 * record twice.
 */
static inline void exit_decode_abort(struct vcpu_exit *exit, uint64_t esr, uint64_t hpfar,
				     uint64_t far, uint64_t pc, const uint64_t x[31])
{
	unsigned source = ESR_DABT_REGISTER(esr);
	bool data = esr_class(esr) == ESR_EC_DABT_LOWER;
	bool write = data && ESR_DABT_IS_WRITE(esr);

	*exit = (struct vcpu_exit){
		.kind = data ? VCPU_EXIT_DATA_ABORT : VCPU_EXIT_INSTRUCTION_ABORT,
		.syndrome = esr,
		.ipa = ((hpfar & HPFAR_FIPA_MASK) << 8) | (far & 0xfff),
		.value = write && source != 31 ? x[source] : 0,
		.pc = pc,
		.far = far,
		.instruction_length = A64_INSTRUCTION_LENGTH,
		.access = {.reg = VCPU_EXIT_NO_REGISTER, .write = write},
	};
	if (data && ESR_DABT_VALID(esr)) {
		exit->access.width = (uint8_t)(1u << ESR_DABT_SIZE_LOG2(esr));
		exit->access.reg = source != 31 ? (uint8_t)source : VCPU_EXIT_NO_REGISTER;
		exit->access.sign_extend = ESR_DABT_SIGN_EXTEND(esr);
		exit->access.wide_register = ESR_DABT_64BIT_REGISTER(esr);
	}
}

/* A firmware call (SMCCC) into *exit: function x0, arguments x1..x3; its PC is already past it. */
static inline void exit_decode_firmware_call(struct vcpu_exit *exit, uint64_t esr, uint64_t pc,
					     const uint64_t x[31])
{
	*exit = (struct vcpu_exit){.kind = VCPU_EXIT_FIRMWARE_CALL,
				  .syndrome = esr,
				  .ipa = x[0],
				  .value = x[1],
				  .pc = pc,
				  .arguments = {x[2], x[3]},
				  .access = {.reg = VCPU_EXIT_NO_REGISTER}};
}

/* ICC_SGI1R_EL1 fields (GICv3 12.2.8). */
#define SGI1R_TARGET_LIST(value) ((uint16_t)((value) & 0xffffu))
#define SGI1R_AFFINITY_ABOVE_0(value) ((value) & 0x00ff00ff00ff0000ULL) /* Aff3, Aff2, Aff1 */
#define SGI1R_INTID(value) ((unsigned)((value) >> 24) & 0xf)
#define SGI1R_ALL_BUT_SELF(value) (((value) >> 40) & 1)
#define SGI1R_RANGE(value) ((unsigned)((value) >> 44) & 0xf)

/*
 * ICC_SGI1R_EL1 as a vCPU wrote it. A partition's vCPUs are Aff0 values 0, 1, ... of Aff1..Aff3
 * zero (vcpu_arch_reset): a list naming other Aff1..Aff3 names none of them.
 */
static inline struct virq_sgi exit_decode_sgi(uint64_t sgi1r)
{
	bool all = SGI1R_ALL_BUT_SELF(sgi1r);

	return (struct virq_sgi){
		.intid = SGI1R_INTID(sgi1r),
		.all_but_self = all,
		.first_index = 16 * SGI1R_RANGE(sgi1r),
		.targets = all || SGI1R_AFFINITY_ABOVE_0(sgi1r) != 0 ? 0 : SGI1R_TARGET_LIST(sgi1r)};
}

#endif
