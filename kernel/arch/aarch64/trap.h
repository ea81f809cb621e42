/* SPDX-License-Identifier: Apache-2.0 */
/* Exceptions from guests (trap.c): what each CPU's vectors do once boot is done. */
#ifndef KERNEL_ARCH_AARCH64_TRAP_H
#define KERNEL_ARCH_AARCH64_TRAP_H

#include <stdint.h>

#include "exception.h"

void trap_init(void);
#ifdef CONFIG_MORTISE_FASTPATH
void trap_irq_acknowledged(struct trap_frame *frame, uint64_t intid);
void trap_el2_timer(struct trap_frame *frame, uint64_t intid);
void trap_wfx(struct trap_frame *frame, uint64_t esr);
/*
 * The timers' INTIDs for fastpath_entry.S, which has no view of struct machine, in the order it
 * reads them: one page, the EL1 virtual timer's first.
 */
struct fastpath_timer_intids {
	uint32_t el1_virtual;
	uint32_t el2_physical;
};
extern struct fastpath_timer_intids fastpath_timer_intids;
#endif

#endif
