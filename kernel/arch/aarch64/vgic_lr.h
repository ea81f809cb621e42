/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ICH_LR<n>_EL2, a list register's fields (IHI 0069, 12.4.14), and the priority Mortise gives
 * what it puts there: for vgic.c and for the interrupt fast path's assembly (fastpath_entry.S).
 */
#ifndef KERNEL_ARCH_AARCH64_VGIC_LR_H
#define KERNEL_ARCH_AARCH64_VGIC_LR_H

#define LR_STATE_PENDING_SHIFT 62 /* State, bits 63:62: 1 pending, 2 active, 3 both */
#define LR_HW_SHIFT 61
#define LR_GROUP1_SHIFT 60
#define LR_PRIORITY_SHIFT 48
#define LR_PHYSICAL_SHIFT 32

/*
 * The priority of every interrupt in a list register: one level, so a guest orders its
 * interrupts by its own distributor's view, as without Mortise.
 */
#define VIRQ_PRIORITY 0xa0

#endif
