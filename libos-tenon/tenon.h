/* SPDX-License-Identifier: Apache-2.0 */
/* Tenon's platform glue between its parts: boot, interrupts, the clock, power. The kernel proper
 * (threads, synchronisation, timers) is tenon-rt/tenon_rt.h. */
#ifndef TENON_H
#define TENON_H

#include <stdint.h>

#include "dtb.h"
#include "gicv3.h"
#include "irq_table.h"
#include "tenon_rt.h"

#define TENON_VERSION "0.2.0"

typedef void (*irq_handler)(uint32_t intid);

/* irq.c: one handler per INTID, run as tenon-rt interrupt context by the IRQ entry
 * (arch/aarch64/vectors.S), so a handler that wakes a more urgent thread preempts on the way out. */
/* gic NULL: a guest whose hypervisor routes interrupts; registering then only sets the handler. */
void irq_init(const struct gicv3 *gic, uintptr_t redistributor);
/* An SGI or PPI (intid < 32) is enabled on every CPU running Tenon, in its own redistributor. */
void irq_register(uint32_t intid, irq_handler handler, uint8_t priority);
/* SMP: a secondary CPU with this index and redistributor (0: none of its own) takes the SGIs and
 * PPIs registered so far. */
void irq_init_cpu(unsigned index, uintptr_t redistributor);
/* The handlers by INTID, below IRQ_HANDLER_SLOTS (irq_table.h), irq_unhandled where none is
 * registered and a no-op for the special INTIDs (from irq_init on): the IRQ entry reads them
 * itself. */
extern irq_handler irq_handlers[IRQ_HANDLER_SLOTS];
/* What the IRQ entry runs for an INTID without a handler: a report. */
void irq_unhandled(uint32_t intid);
/* arch/aarch64/vectors.S: the IRQ entry as a C function: acknowledge, the handler as interrupt
 * context, the exit. Tenon's own vector runs the same code inline for threads at EL1. */
void irq_entry(void);
/* irq_entry for an IRQ the shared exception table took, with a full trap frame (from EL0,
 * process/); tenon_arch_cpu_register_load first. */
struct trap_frame;
void irq_dispatch(struct trap_frame *frame);

/* arch/aarch64/vectors.S: x18 := this CPU's tenon-rt state, which the IRQ entry finds there.
 * Every CPU runs it before it first unmasks interrupts (platform.c, smp.c), and every entry from
 * EL0 before anything it runs may be interrupted (process/): EL0 uses x18 as it likes. */
void tenon_arch_cpu_register_load(void);

/* arch/aarch64/vectors.S: points this CPU's VBAR_EL1 at Tenon's vector table, the shared
 * exception library's with a short IRQ path for threads at EL1. */
void tenon_vectors_install(void);

/* arch/aarch64/clock.c: routes the virtual timer to tenon-rt and starts time. */
void clock_start(uint32_t timer_intid);

/* arch/aarch64/smp.c (TENON_SMP_CPUS > 1): records this CPU's index for tenon_arch_cpu_index();
 * starts the devicetree's other CPUs (at most TENON_SMP_CPUS in all) with PSCI CPU_ON and waits
 * until they run their idle threads or fail; gic NULL: the hypervisor keeps the distributor. */
void smp_set_cpu_index(unsigned index);
void smp_start(const struct dtb_platform *platform, const struct gicv3 *gic);

/* platform.c: devicetree, console, GIC, tenon-rt with the caller (the boot context) as thread
 * main at main_priority, the clock; returns in main with interrupts unmasked. */
void platform_start(const void *dtb, struct tenon_thread *main, unsigned main_priority);
/* The machine as platform_start read it from the devicetree. */
const struct dtb_platform *platform_description(void);

/* power.c */
_Noreturn void tenon_power_off(void);

#endif
