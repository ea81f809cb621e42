/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The per-CPU state an architecture's interrupt entry keeps itself (tenon_arch.h, "Interrupt
 * entry"), at fixed offsets into struct tenon_cpu so that its assembly can reach them;
 * rt_internal.h checks them against the structure. Plain defines: assembly includes this file.
 */
#ifndef TENON_IRQ_LAYOUT_H
#define TENON_IRQ_LAYOUT_H

/*
 * A 32-bit word: uint16_t irq_nesting (handlers stacked on this CPU, deferred work counting as
 * one), then bool need_resched and bool rotate. The exit puts the depth back by writing the whole
 * word less one and tests what it wrote: zero means it has nothing to do; otherwise, at depth 0,
 * it calls tenon_interrupt_exit_work (rotate set alone leaves that call nothing to do). That write
 * may lose another CPU's need_resched, which tenon_reschedule_interrupt sets again.
 */
#define TENON_CPU_IRQ_NESTING 8

#endif
