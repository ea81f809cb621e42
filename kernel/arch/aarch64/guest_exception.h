/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Exceptions Mortise makes a vCPU take at its own EL1, entered as the hardware would enter them:
 * - the synchronous external data abort a VMM asks for when its guest touched an address nothing
 *   answers, as a bus would report it. The guest's OS then handles it as on a board (Linux:
 *   SIGBUS for a process, an oops for its own kernel) instead of its whole partition being
 *   stopped;
 * - an undefined instruction, for what the guest's EL0 may not use (a trapped PMU access).
 */
#ifndef KERNEL_ARCH_AARCH64_GUEST_EXCEPTION_H
#define KERNEL_ARCH_AARCH64_GUEST_EXCEPTION_H

#include <stdbool.h>
#include <stdint.h>

#include "exception.h"
#include "vcpu_context.h"

/*
 * Enters the vCPU's EL1 data abort vector for the access it exited on: exit_esr is the stage-2
 * data abort syndrome Mortise saved for that exit and far its FAR_EL2 (the guest's virtual
 * address); registers hold the vCPU at that exit. The EL1 system registers are written where
 * they live: the CPU's own when loaded (the vCPU is this CPU's current one), else context.
 */
void guest_inject_data_abort(struct vcpu_context *context, bool loaded,
			     struct trap_frame *registers, uint64_t exit_esr, uint64_t far);

/*
 * The instruction at frame->elr, trapped from the loaded vCPU's EL0, is UNDEFINED: frame is
 * changed so that the exception return enters the guest's EL1 vector for it (ESR_EL1.EC 0x00).
 */
void guest_inject_undefined(struct trap_frame *frame);

#endif
