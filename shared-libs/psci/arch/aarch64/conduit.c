/* SPDX-License-Identifier: Apache-2.0 */
#include "psci.h"

/*
 * SMCCC 1.1+ lets the callee clobber x0-x17 (DEN0028 2.6); list them so the compiler keeps
 * nothing live there across the call.
 */
#define SMCCC_CLOBBERS                                                                            \
	"x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16",      \
		"x17", "memory"

uint64_t psci_conduit_call(enum psci_conduit conduit, uint32_t function, uint64_t arg0,
			   uint64_t arg1, uint64_t arg2)
{
	register uint64_t x0 __asm__("x0") = function;
	register uint64_t x1 __asm__("x1") = arg0;
	register uint64_t x2 __asm__("x2") = arg1;
	register uint64_t x3 __asm__("x3") = arg2;

	if (conduit == PSCI_CONDUIT_SMC)
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : SMCCC_CLOBBERS);
	else
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : SMCCC_CLOBBERS);
	return x0;
}
