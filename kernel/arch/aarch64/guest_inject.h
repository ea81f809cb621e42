/* SPDX-License-Identifier: Apache-2.0 */
/* Exceptions Mortise makes a loaded vCPU take at its own EL1, as the hardware would. */
#ifndef KERNEL_ARCH_AARCH64_GUEST_INJECT_H
#define KERNEL_ARCH_AARCH64_GUEST_INJECT_H

#include "exception.h"

/*
 * The instruction at frame->elr, trapped from the guest's EL0, is UNDEFINED: frame is changed
 * so that the exception return enters the guest's EL1 vector for it (ESR_EL1.EC 0x00).
 */
void guest_inject_undefined(struct trap_frame *frame);

#endif
