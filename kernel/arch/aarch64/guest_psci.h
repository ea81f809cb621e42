/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSCI for a partition that has no VMM to serve its firmware calls (Arm DEN0022): turning CPUs on,
 * and off, which stops the partition. A partition with a VMM has them served there (trap.c).
 */
#ifndef KERNEL_ARCH_AARCH64_GUEST_PSCI_H
#define KERNEL_ARCH_AARCH64_GUEST_PSCI_H

#include "exception.h"

struct vcpu;

/* The call in frame->x[0..3] of the running vcpu; the PSCI status goes to frame->x[0]. */
void guest_psci_call(struct vcpu *vcpu, struct trap_frame *frame);

#endif
