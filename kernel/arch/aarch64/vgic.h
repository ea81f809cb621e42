/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The virtual GIC CPU interface (GICv3 ICH_* registers): interrupts reach a vCPU through list
 * registers, and a guest's ICC_* accesses go to its virtual CPU interface without trapping.
 */
#ifndef KERNEL_ARCH_AARCH64_VGIC_H
#define KERNEL_ARCH_AARCH64_VGIC_H

#include <stdbool.h>
#include <stdint.h>

#include "vgic_lr.h"

#define VGIC_MAX_LIST_REGISTERS 16

/* Saved list registers: lr[i] holds an interrupt where bit i of in_use is set, else nothing. */
struct vgic_state {
	uint64_t lr[VGIC_MAX_LIST_REGISTERS];
	uint64_t in_use;
	uint64_t vmcr, ap0r0, ap1r0;
};

/* Enables the virtual interface on this CPU, with EOI split so EL2 can hand interrupts over. */
void vgic_init_cpu(void);
/* Also turns the underflow interrupt off (vgic_set_underflow_interrupt). */
void vgic_save(struct vgic_state *state);
void vgic_restore(const struct vgic_state *state);
/*
 * Makes physical interrupt intid pending as the same virtual INTID in the running vCPU, linked to
 * the physical one (HW = 1): the guest's EOI deactivates the physical interrupt (IHI 0069,
 * 6.2.1). False when no list register is free.
 */
bool vgic_inject_hardware(uint32_t intid, uint8_t priority);
/* A purely virtual interrupt (an SGI between vCPUs): the guest's EOI ends it. */
bool vgic_inject_virtual(uint32_t intid, uint8_t priority);
/* True when a list register of the running vCPU holds a pending interrupt. */
bool vgic_has_pending(void);
/*
 * Whether the maintenance interrupt signals that the list registers are (nearly) empty, at most
 * one valid (ICH_HCR_EL2.UIE, IHI 0069 12.4.8): asked for while interrupts wait for one.
 */
void vgic_set_underflow_interrupt(bool enabled);
/*
 * For state just saved from this CPU on a switch away: a private interrupt (a timer's) handed
 * over but not taken yet is given back, its physical PPI deactivated and the list register
 * emptied, so that the PPI serves the CPU's other vCPUs meanwhile; the saved timer still fires
 * when the vCPU runs again. True when a list register still links a physical interrupt (one the
 * guest is handling).
 */
bool vgic_return_untaken_private_listed(struct vgic_state *state);
/* Inline: a switch's path, where usually no list register was in use. */
static inline bool vgic_return_untaken_private(struct vgic_state *state)
{
	return state->in_use != 0 && vgic_return_untaken_private_listed(state);
}
/*
 * For saved state that is being thrown away, on the CPU it ran on: deactivates the physical
 * interrupts its list registers still link (Mortise acknowledged them; the guest's EOI never
 * comes), or their INTIDs would stay blocked on this CPU for whoever runs next. Clears the LRs.
 */
void vgic_release_hardware(struct vgic_state *state);

#endif
