/* SPDX-License-Identifier: Apache-2.0 */
/* Exceptions from guests (trap.c): what each CPU's vectors do once boot is done. */
#ifndef KERNEL_ARCH_AARCH64_TRAP_H
#define KERNEL_ARCH_AARCH64_TRAP_H

#include <stdint.h>

#include "exception.h"

void trap_init(void);
#ifdef CONFIG_MORTISE_FASTPATH
void trap_irq_acknowledged(struct trap_frame *frame, uint64_t intid);
extern uint32_t fastpath_virtual_timer_intid;
#endif

#endif
