/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Virtual interrupts: what reaches a vCPU through its list registers (vgic.h), and what waits for
 * one. Physical ones passed through (its timers, its SPIs, injected with HW = 1) and purely
 * virtual ones (SGIs between vCPUs of a partition, channel doorbells) are kept pending per vCPU,
 * from any CPU, and put into list registers by the vCPU's own CPU when it next enters it.
 */
#ifndef KERNEL_ARCH_AARCH64_VIRQ_H
#define KERNEL_ARCH_AARCH64_VIRQ_H

#include <stdbool.h>
#include <stdint.h>

#include "caps.h"
#include "gicv3.h"
#include "vcpu.h"
#include "vgic.h"

/* An SGI a vCPU sent, decoded (arch/aarch64/exit_decode.h): whom of its partition it names. */
struct virq_sgi {
	uint32_t intid;
	bool all_but_self; /* every other vCPU of the partition, targets unused */
	unsigned first_index; /* targets bit n names the vCPU of index first_index + n */
	uint16_t targets;
};

/* True when interrupts wait for a list register of vcpu. */
static inline bool virq_has_pending(const struct vcpu *vcpu)
{
	return __atomic_load_n(&vcpu->arch.virqs_waiting, __ATOMIC_ACQUIRE) != 0;
}

/* True when an interrupt waits for the running vCPU, in a list register or for one. */
static inline bool virq_any_pending(const struct vcpu *vcpu)
{
	return virq_has_pending(vcpu) || vgic_has_pending();
}

/*
 * Puts the running vCPU's waiting interrupts into its list registers; if some still find none,
 * asks for the maintenance interrupt that says the guest has emptied them. With nothing waiting
 * it has nothing to do, not even that request to withdraw: only a delivery that left something
 * waiting asks for it, and what waits is taken only by a delivery, or after vgic_save withdrew it
 * (virq_return_held_private). Inline, as that one test: every switch and entry asks it.
 */
void virq_deliver_waiting(struct vcpu *vcpu);
static inline void virq_deliver_pending(struct vcpu *vcpu)
{
	/* Relaxed: a sender's later bits come with a kick, and so with another delivery. */
	if (__atomic_load_n(&vcpu->arch.virqs_waiting, __ATOMIC_RELAXED) != 0)
		virq_deliver_waiting(vcpu);
}
/*
 * Private interrupt intid of the running vCPU (its timer) has fired on this CPU (acknowledged,
 * priority dropped, still active): into a list register, or held until one frees. Inline: it is
 * every timer interrupt's path.
 */
static inline void virq_raise_private(struct vcpu *vcpu, uint32_t intid)
{
	if (!vgic_inject_hardware(intid, VIRQ_PRIORITY))
		vcpu->arch.held_private |= 1u << intid;
}
/* Whether intid names an SPI a vCPU may be given, physical or virtual (a doorbell). */
static inline bool virq_is_spi(uint64_t intid)
{
	return intid >= GICV3_FIRST_SPI && intid < CAP_IRQ_LIMIT;
}
/*
 * Physical SPI intid, passed through to vcpu, has fired on this CPU (acknowledged, priority
 * dropped, still active): into a list register if vcpu runs here, else kept until it does.
 */
void virq_raise_spi(struct vcpu *vcpu, uint32_t intid);
/* Virtual SPI intid (no physical interrupt behind it) for vcpu, from any CPU. */
void virq_raise_virtual_spi(struct vcpu *vcpu, uint32_t intid);
/*
 * HC_VCPU_SET_SPI_ENABLED: one of its partition's passed-through SPIs is enabled or disabled at
 * the GIC; any other SPI is virtual, gated for this vCPU alone (its VMM's emulated distributor),
 * and a pending one is delivered once enabled; *pending says whether it was pending (rung, not yet
 * in a list register) when called. CAP_INVALID_ARGUMENT for no SPI, or enabled not 0 or 1.
 */
enum cap_status virq_set_spi_enabled(struct vcpu *vcpu, uint64_t intid, uint64_t enabled,
				     bool *pending);
/* The SGI sender wrote: to the vCPUs of its own partition it names, never further. */
void virq_send_sgi_to_partition(struct vcpu *sender, struct virq_sgi sgi);
static inline void virq_send_sgi(struct vcpu *sender, struct virq_sgi sgi)
{
	/* A dedicated vCPU interrupting itself, a real-time guest's software interrupt: no scan. */
	if (sender->dedicated && !sgi.all_but_self && sgi.first_index == sender->index / 16 * 16 &&
	    sgi.targets == 1u << (sender->index % 16)) {
		if (irq_sgi_is_guests(sgi.intid))
			gicv3_send_sgi(sgi.intid, machine.cpus[sender->cpu].mpidr);
		return;
	}
	virq_send_sgi_to_partition(sender, sgi);
}
/*
 * Off its CPU, a held timer interrupt is given back (deactivated) like an untaken one in a list
 * register: the saved timer fires again when the vCPU runs, and meanwhile the PPI is the CPU's.
 * Inline, as the next two: every switch's path.
 */
static inline void virq_return_held_private(struct vcpu *vcpu)
{
	uint32_t held = vcpu->arch.held_private;

	if (held == 0)
		return;
	for (uint32_t intid = 0; held != 0; intid++, held >>= 1) {
		if (held & 1)
			gicv3_deactivate(intid);
	}
	vcpu->arch.held_private = 0;
}

/*
 * What hands the virtual timer's PPI to a vCPU at its load: its list register (pending, linked,
 * as the same virtual INTID) and its bit in GICR_ISACTIVER0, made once (virq_init_virtual_timer,
 * the same on every CPU) so that a load only copies them.
 */
struct virq_timer_listing {
	uint64_t lr;
	uint32_t active;
};
extern struct virq_timer_listing virq_virtual_timer;
void virq_init_virtual_timer(uint32_t intid);

/*
 * vcpu, not dedicated, has just been loaded on cpu (vcpu_context_restore): a virtual timer that
 * asserts already goes straight into a list register, its physical PPI made active as if Mortise
 * had taken it. Otherwise that PPI would be taken at EL2 right after the entry, only to be put
 * there; now it stays quiet until the guest's EOI deactivates it (HW = 1), as on the usual path
 * (virq_raise_private). Inline, as the one test of the timer: every switch's path.
 */
static inline void virq_load_private(struct cpu *cpu, struct vcpu *vcpu)
{
	struct vgic_state *vgic = &vcpu->arch.context.vgic;

	if (!vcpu_context_virtual_timer_asserts())
		return;
	if (vgic->in_use == 0)
		vgic_list_loaded_first(virq_virtual_timer.lr);
	else if (!vgic_list_loaded(vgic, virq_virtual_timer.lr))
		return;
	gicv3_private_set_active(cpu->arch.redistributor, virq_virtual_timer.active);
}

/* Only on the vCPU's own CPU: the PPIs its list registers link are that CPU's. */
/* Its list registers, switched out, still hold physical interrupts to deactivate. */
static inline bool virq_links_physical(const struct vcpu *vcpu)
{
	return vcpu->arch.links_physical;
}

static inline void virq_set_links_physical(struct cpu *cpu, struct vcpu *vcpu, bool links)
{
	if (vcpu->arch.links_physical != links)
		cpu->arch.vcpus_linking_physical += links ? 1u : -1u;
	vcpu->arch.links_physical = links;
}
/*
 * Ends the links of this CPU's vCPUs that were stopped while switched out in a handler; before
 * each pick, the rarely needed part out of line.
 */
void virq_release_finished_links(struct cpu *cpu);
static inline void virq_release_finished(struct cpu *cpu)
{
	if (cpu->arch.vcpus_linking_physical != 0)
		virq_release_finished_links(cpu);
}

#endif
