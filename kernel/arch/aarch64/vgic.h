/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The virtual GIC CPU interface (GICv3 ICH_* registers): interrupts reach a vCPU through list
 * registers, and a guest's ICC_* accesses go to its virtual CPU interface without trapping.
 */
#ifndef KERNEL_ARCH_AARCH64_VGIC_H
#define KERNEL_ARCH_AARCH64_VGIC_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "vgic_lr.h"

#define VGIC_MAX_LIST_REGISTERS 16

/*
 * Saved list registers: lr[i] holds an interrupt where bit i of in_use is set, else nothing.
 * private_active (bit = INTID), only while its vCPU is off its CPU: the private interrupts its
 * list registers hold active, linked to the physical ones, whose physical active state
 * vgic_return_private took off the CPU, to be set again where it is next loaded.
 */
struct vgic_state {
	uint64_t lr[VGIC_MAX_LIST_REGISTERS];
	uint64_t in_use;
	uint64_t vmcr, ap0r0, ap1r0;
	uint32_t private_active;
};

/* Enables the virtual interface on this CPU, with EOI split so EL2 can hand interrupts over. */
void vgic_init_cpu(void);
/* Also turns the underflow interrupt off (vgic_set_underflow_interrupt). */
void vgic_save(struct vgic_state *state);
/*
 * With the list registers, the physical active state of the private interrupts they hold active
 * (private_active) goes back onto this CPU, before the guest can end them. Inline: every switch's
 * path, where usually no list register is in use, and then nothing is active either.
 */
void vgic_restore_listed(struct vgic_state *state);
static inline void vgic_restore(struct vgic_state *state)
{
	sysreg_write(ich_vmcr_el2, state->vmcr);
	sysreg_write(ich_ap0r0_el2, state->ap0r0);
	sysreg_write(ich_ap1r0_el2, state->ap1r0);
	if (state->in_use != 0)
		vgic_restore_listed(state);
}
/*
 * Makes physical interrupt intid pending as the same virtual INTID in the running vCPU, linked to
 * the physical one (HW = 1): the guest's EOI deactivates the physical interrupt (IHI 0069,
 * 6.2.1). False when no list register is free.
 */
bool vgic_inject_hardware(uint32_t intid, uint8_t priority);
/* A pending Group 1 list register for physical intid, linked (HW = 1) as the same virtual INTID. */
static inline uint64_t vgic_hardware_lr(uint32_t intid, uint8_t priority)
{
	return 1ULL << LR_STATE_PENDING_SHIFT | 1ULL << LR_HW_SHIFT | 1ULL << LR_GROUP1_SHIFT |
	       (uint64_t)priority << LR_PRIORITY_SHIFT | (uint64_t)intid << LR_PHYSICAL_SHIFT | intid;
}
/*
 * At a load, after vgic_restore: lists lr, a private interrupt's pending list register (a timer
 * found asserted), unless a list register holds its INTID already (active: a level the guest's
 * handler may have stopped since must not be made pending again) or none is free. True when it
 * did: the caller makes the physical one active.
 */
bool vgic_list_loaded(const struct vgic_state *state, uint64_t lr);
/* The same where no list register is in use (state->in_use == 0): the first is free. */
static inline void vgic_list_loaded_first(uint64_t lr)
{
	sysreg_write(ich_lr0_el2, lr);
}
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
 * For state just saved from this CPU (a switch away, a restart): the physical private interrupts
 * (timers) its list registers link are given back to the CPU, so that they serve its other vCPUs
 * meanwhile. One handed over but not taken yet is deactivated and its list register emptied: the
 * saved timer asserts it again when the vCPU runs. One the guest is handling (active) is
 * deactivated too, its list register kept and its INTID noted in private_active; the load makes
 * it active again (virq_load_private), so that the guest's EOI still ends it, on whichever CPU.
 * True when a list register still links a physical interrupt: an SPI the guest is handling.
 */
bool vgic_return_private_listed(struct vgic_state *state);
/* Inline: a switch's path, where usually no list register was in use. */
static inline bool vgic_return_private(struct vgic_state *state)
{
	return state->in_use != 0 && vgic_return_private_listed(state);
}
/*
 * For saved state that is being thrown away, after vgic_return_private, on the CPU it ran on:
 * deactivates the physical SPIs its list registers still link (Mortise acknowledged them; the
 * guest's EOI never comes), or their INTIDs would stay blocked for whoever runs next. Clears the
 * LRs and private_active.
 */
void vgic_release_hardware(struct vgic_state *state);

#endif
