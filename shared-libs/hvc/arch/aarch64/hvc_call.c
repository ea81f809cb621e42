/* SPDX-License-Identifier: Apache-2.0 */
#include "hvc.h"

enum cap_status hvc_call(struct hc_registers *registers)
{
	register uint64_t x0 __asm__("x0") = registers->x[0];
	register uint64_t x1 __asm__("x1") = registers->x[1];
	register uint64_t x2 __asm__("x2") = registers->x[2];
	register uint64_t x3 __asm__("x3") = registers->x[3];
	register uint64_t x4 __asm__("x4") = registers->x[4];
	register uint64_t x5 __asm__("x5") = registers->x[5];
	register uint64_t x6 __asm__("x6") = registers->x[6];
	register uint64_t x7 __asm__("x7") = registers->x[7];

	/* SMCCC 1.1: x8-x17 may be clobbered too (DEN0028 2.6). */
	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5), "+r"(x6),
			   "+r"(x7)
			 :
			 : "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17",
			   "memory");
	registers->x[0] = x0;
	registers->x[1] = x1;
	registers->x[2] = x2;
	registers->x[3] = x3;
	registers->x[4] = x4;
	registers->x[5] = x5;
	registers->x[6] = x6;
	registers->x[7] = x7;
	return (enum cap_status)(int64_t)x0;
}
