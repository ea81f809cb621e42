/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An exit as the architecture decoded it (arch/aarch64/trap.c): what core code acts on and what
 * the VMM component is told (endpoint.h). Core code reads the decoded fields, never the syndrome.
 */
#ifndef KERNEL_EXIT_H
#define KERNEL_EXIT_H

#include <stdbool.h>
#include <stdint.h>

enum vcpu_exit_kind {
	VCPU_EXIT_NONE,
	VCPU_EXIT_FIRMWARE_CALL, /* PSCI and the like (HVC or SMC): its result goes to x0 */
	VCPU_EXIT_DATA_ABORT,	 /* a load or store at an IPA stage 2 does not map */
	VCPU_EXIT_INSTRUCTION_ABORT,
};

/* The register of an access that names none: the zero register, or no syndrome to say. */
#define VCPU_EXIT_NO_REGISTER 0xffu

/* A data abort's access, when the syndrome describes it. */
struct vcpu_exit_access {
	uint8_t width; /* bytes */
	uint8_t reg;   /* the general register loaded or stored, or VCPU_EXIT_NO_REGISTER */
	bool write;
	bool sign_extend; /* a load sign-extends to its register's width */
	bool wide_register; /* the register is 64-bit (X), else 32-bit (W) */
};

/* The value an emulated load leaves in its register: sized, sign-extended if asked. */
static inline uint64_t vcpu_exit_load_result(const struct vcpu_exit_access *access,
					     uint64_t value)
{
	unsigned bits = 8u * access->width;

	if (bits < 64) {
		value &= (1ULL << bits) - 1;
		if (access->sign_extend && (value >> (bits - 1)) != 0)
			value |= ~0ULL << bits;
	}
	return access->wide_register ? value : value & 0xffffffffULL;
}

/*
 * What an exit tells the VMM component (the endpoint_wait results, x1..x7): syndrome, the
 * architecture's description it alone interprets; for an abort, the IPA and the value written;
 * for a firmware call, the guest's x0 and x1, then x2 and x3 in arguments. far, an abort's
 * virtual address, is Mortise's own: what an abort it injects for that exit reports
 * (HC_VCPU_RESUME_ABORT).
 */
struct vcpu_exit {
	enum vcpu_exit_kind kind;
	uint64_t syndrome;
	uint64_t ipa;
	uint64_t value;
	uint64_t pc;
	uint64_t arguments[2];
	uint64_t far;
	struct vcpu_exit_access access;
	uint8_t instruction_length; /* how far a completed access moves the PC on */
};

#endif
