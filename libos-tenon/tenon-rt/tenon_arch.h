/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What tenon-rt needs from the architecture and the platform: interrupt masking, the thread
 * context switch, a free-running clock and a one-shot timer. libos-tenon/arch/aarch64/ implements
 * it for AArch64 EL1 (DAIF, the virtual generic timer); the host unit tests need none of it.
 */
#ifndef TENON_ARCH_H
#define TENON_ARCH_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A switched-out thread: the AAPCS64 callee-saved registers x19-x28, the frame pointer x29, the
 * return address x30 and sp (layout shared with arch/aarch64/context.S). Caller-saved registers
 * are dead across the call to the switch, and an interrupted thread's full register set is the
 * trap frame on its own stack, so nothing else is needed.
 */
struct tenon_arch_context {
	uint64_t callee_saved[12];
	uint64_t sp;
	uint64_t reserved;
};

/*
 * Interrupt masking, the clock read and the CPU index are inline, in the architecture's header
 * (they are on every kernel call's path): tenon_arch_irq_save masks and returns the previous state
 * for tenon_arch_irq_restore; tenon_arch_irq_was_enabled says whether such a state had interrupts
 * unmasked; tenon_arch_clock_now reads the free-running clock; tenon_arch_cpu_index (SMP) is this
 * CPU's index, 0 being the boot CPU, which the platform records per CPU before tenon-rt runs
 * there. The host unit tests call none of it and get the declarations only.
 */
#if defined(__aarch64__)
#include "../arch/aarch64/tenon_arch_inline.h"
#else
uint64_t tenon_arch_irq_save(void);
void tenon_arch_irq_restore(uint64_t saved);
void tenon_arch_irq_enable(void);
bool tenon_arch_irq_was_enabled(uint64_t saved);
uint64_t tenon_arch_clock_now(void);
unsigned tenon_arch_cpu_index(void);
#endif

/*
 * Interrupt entry. The architecture takes an interrupt in a thread or a handler and, on the
 * per-CPU state at the offsets of tenon_irq_layout.h:
 * 1. saves what the handler's C code may clobber, acknowledges the interrupt and finds its
 *    handler;
 * 2. adds one to irq_nesting, unmasks interrupts if the new depth is below
 *    TENON_IRQ_MAX_NESTING, and runs the handler;
 * 3. masks interrupts, ends the interrupt at the controller (priority drop and deactivation, in
 *    the reverse order of acknowledgement) and puts the old depth back;
 * 4. if that depth is 0 and need_resched is set, calls tenon_interrupt_exit_work with this CPU's
 *    struct tenon_cpu (the one it counted in) and interrupts masked; it may switch threads and
 *    return much later;
 * 5. returns into what it interrupted.
 */
struct tenon_cpu;
void tenon_interrupt_exit_work(struct tenon_cpu *cpu);

/* Saves the running thread into save and resumes load; returns when save is resumed. */
void tenon_arch_context_switch(struct tenon_arch_context *save,
			       const struct tenon_arch_context *load);
/* A context that, when first switched to, calls start (which never returns) on stack_top. */
void tenon_arch_context_init(struct tenon_arch_context *context, void *stack_top,
			     void (*start)(void));
/* Waits for an interrupt (WFI): what the idle thread does. */
void tenon_arch_idle(void);

/* The free-running clock's rate in Hz. */
uint64_t tenon_arch_clock_frequency(void);
/* Interrupts once the clock reaches deadline (at once if it has); UINT64_MAX disarms. */
void tenon_arch_clock_program(uint64_t deadline);

/*
 * SMP (TENON_SMP_CPUS > 1) only. A reschedule interrupt to the CPU with this index (as
 * tenon_arch_cpu_index numbers them), sent after the caller's memory writes are visible to it;
 * its handler calls tenon_reschedule_interrupt as interrupt context.
 */
void tenon_arch_cpu_kick(unsigned index);

#endif
