/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Physical interrupts as Mortise uses them (arch/aarch64/gic.c, arch/aarch64/irq.c): kicks between
 * CPUs, SPIs passed through to vCPUs, direct delivery to dedicated vCPUs, and the handling of
 * what a CPU takes at EL2.
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#include "caps.h"
#include "machine.h"

#include "gicv3.h"
#include "gtimer.h"

struct partition;
struct vcpu;

/* gic.c */
/* Sets up this CPU's private interrupts; false, with a message, if its GIC interface fails. */
bool irq_init_cpu(struct cpu *cpu);
/* The SPIs this GIC has and Mortise tracks: INTIDs first to limit - 1. */
void irq_spi_range(uint32_t *first, uint32_t *limit);
/*
 * Passes physical SPI intid through to vcpu: routed to its CPU, enabled, injected with HW = 1.
 * CAP_INVALID_ARGUMENT for no SPI of this GIC, CAP_DENIED if it is someone's already.
 */
enum cap_status irq_pass_through(uint32_t intid, struct vcpu *vcpu);
/*
 * Enables or disables at the GIC an SPI passed through to partition; CAP_INVALID_ARGUMENT if it
 * is not one of partition's.
 */
enum cap_status irq_set_enabled(uint32_t intid, const struct partition *partition, bool enabled);
/* The partition has stopped: its SPIs are disabled and nobody's again. */
void irq_release_partition(const struct partition *partition);
/* Interrupts CPU cpu so that it delivers what other CPUs left for its vCPU (vcpu.h). */
void cpu_kick(unsigned cpu);
/*
 * Direct interrupts for a dedicated vCPU (vcpu.h). Supported when the GIC lets kicks be Group 0.
 * sgis: the guest's SGIs on cpu, enabled once when it is dedicated, disabled when it leaves;
 * enter: when the vCPU is loaded there, EOImode 0; leave: when it has stopped, clears what it left
 * active, masked or enabled, EOImode 1 again.
 */
bool irq_direct_supported(void);
void irq_direct_sgis(struct cpu *cpu, bool enabled);
void irq_direct_enter(struct cpu *cpu);
void irq_direct_leave(struct cpu *cpu);
/* Every SGI but the kick is a guest's to send. */
bool irq_sgi_is_guests(uint32_t intid);

/*
 * irq.c: what this CPU takes at EL2, handed on (virq.h); the work that leaves for the way back
 * into a guest is marked in this CPU's hazards (machine.h). The FIQ is the kick, the only Group 0
 * interrupt.
 */
void irq_handle(struct cpu *cpu);
void irq_handle_fiq(struct cpu *cpu);
/* irq_handle for an interrupt already acknowledged (the fast path's, which looked at it first). */
void irq_handle_acknowledged(struct cpu *cpu, uint32_t intid);
/*
 * Mortise's own timer, intid, acknowledged and its priority dropped: this CPU's timed events are
 * due, and the scheduler sets the timer again. Inline in the fast path's entry for it (trap.c)
 * and in dispatch: every budget and wake-up switch takes it.
 */
static inline void irq_handle_el2_timer(struct cpu *cpu, uint32_t intid)
{
	/* Its line drops before the deactivation, or the interrupt would be pending again at once. */
	gtimer_disable(GTIMER_EL2_PHYSICAL);
	gicv3_deactivate(intid);
	cpu->hazards |= CPU_HAZARD_TIMED_DUE | CPU_HAZARD_SCHEDULE;
}
/*
 * An idle CPU's wait: WFI, then whatever interrupts came are handed on. WFI rather than WFE: an
 * emulator halts the CPU in WFI, where WFE spins, and a kick SGI wakes it.
 */
void irq_wait_idle(void);

#endif
