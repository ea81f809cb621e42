/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An exception Mortise takes on a vCPU's behalf into its own EL1: the synchronous external data
 * abort a VMM asks for when its guest touched an address nothing answers, as a bus would report
 * it. The guest's OS then handles it as on a board (Linux: SIGBUS for a process, an oops for its
 * own kernel) instead of its whole partition being stopped.
 */
#ifndef KERNEL_ARCH_AARCH64_GUEST_ABORT_H
#define KERNEL_ARCH_AARCH64_GUEST_ABORT_H

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
void guest_abort_inject(struct vcpu_context *context, bool loaded, struct trap_frame *registers,
			uint64_t exit_esr, uint64_t far);

#endif
