/* SPDX-License-Identifier: Apache-2.0 */
#include "virq.h"
#include "irq.h"
#include "partition.h"

struct virq_timer_listing virq_virtual_timer;

void virq_init_virtual_timer(uint32_t intid)
{
	virq_virtual_timer = (struct virq_timer_listing){vgic_hardware_lr(intid, VIRQ_PRIORITY),
							 1u << intid};
}

static void deliver_held_private(struct vcpu *vcpu)
{
	for (uint32_t held = vcpu->arch.held_private, intid = 0; held != 0; intid++, held >>= 1) {
		if ((held & 1) && vgic_inject_hardware(intid, VIRQ_PRIORITY))
			vcpu->arch.held_private &= ~(1u << intid);
	}
}

/* Stopped, or its partition was: it will not run again unless restarted afresh. */
static bool finished(const struct vcpu *vcpu)
{
	return __atomic_load_n(&vcpu->state, __ATOMIC_ACQUIRE) == VCPU_STOPPED ||
	       !__atomic_load_n(&vcpu->partition->running, __ATOMIC_ACQUIRE);
}

__attribute__((noinline)) void virq_release_finished_links(struct cpu *cpu)
{
	for_each_vcpu_on(cpu->index, vcpu) {
		if (vcpu->arch.links_physical && vcpu != cpu->vcpu && finished(vcpu)) {
			vgic_release_hardware(&vcpu->arch.context.vgic);
			virq_set_links_physical(cpu, vcpu, false);
		}
	}
}

static bool virtual_spi_enabled(const struct vcpu *vcpu, uint32_t intid)
{
	return vcpu->exit_endpoint == NULL ||
	       (__atomic_load_n(&vcpu->arch.virtual_spis_enabled[intid / 64], __ATOMIC_ACQUIRE) >>
		(intid % 64)) & 1;
}

/* Moves the SPIs pending in bitmap into list registers; those that find none stay pending. */
static void deliver_spi_bitmap(struct vcpu *vcpu, uint64_t *bitmap, bool hardware)
{
	for (unsigned word = 0; word < VIRQ_SPI_WORDS; word++) {
		if (__atomic_load_n(&bitmap[word], __ATOMIC_RELAXED) == 0)
			continue;
		uint64_t pending = __atomic_exchange_n(&bitmap[word], 0, __ATOMIC_ACQ_REL);
		for (unsigned bit = 0; pending != 0; bit++, pending >>= 1) {
			uint32_t intid = word * 64 + bit;
			if (!(pending & 1))
				continue;
			/* Its guest's distributor keeps it disabled: pending, and no reason to look again. */
			if (!hardware && !virtual_spi_enabled(vcpu, intid)) {
				__atomic_fetch_or(&bitmap[word], 1ULL << bit, __ATOMIC_RELEASE);
				continue;
			}
			/* Inactive again, its level interrupts a dedicated vCPU directly. */
			if (hardware && vcpu->dedicated) {
				gicv3_irq_clear_active(&machine.arch.gic, 0, intid);
				continue;
			}
			if (hardware ? vgic_inject_hardware(intid, VIRQ_PRIORITY) :
				       vgic_inject_virtual(intid, VIRQ_PRIORITY))
				continue;
			__atomic_fetch_or(&bitmap[word], 1ULL << bit, __ATOMIC_RELEASE);
			__atomic_store_n(&vcpu->arch.spis_waiting, true, __ATOMIC_RELEASE);
		}
	}
}

/*
 * The plain loads first: usually nothing waits, and an exchange costs more. What a sender adds
 * after them comes with a kick or a wake-up (keep_spi, virq_send_sgi_to_partition), and so with
 * another delivery.
 */
static void deliver_spis(struct vcpu *vcpu)
{
	if (!__atomic_load_n(&vcpu->arch.spis_waiting, __ATOMIC_RELAXED) ||
	    !__atomic_exchange_n(&vcpu->arch.spis_waiting, false, __ATOMIC_ACQ_REL))
		return;
	deliver_spi_bitmap(vcpu, vcpu->arch.pending_spis, true);
	deliver_spi_bitmap(vcpu, vcpu->arch.pending_virtual_spis, false);
}

void virq_deliver_waiting(struct vcpu *vcpu)
{
	uint16_t pending = __atomic_load_n(&vcpu->arch.pending_sgis, __ATOMIC_RELAXED) == 0 ?
				   0 :
				   __atomic_exchange_n(&vcpu->arch.pending_sgis, 0, __ATOMIC_ACQ_REL);

	if (vcpu->arch.held_private != 0)
		deliver_held_private(vcpu);

	for (unsigned intid = 0; pending != 0; intid++, pending >>= 1) {
		/* No free list register: keep it waiting for the next entry. */
		if ((pending & 1) && !vgic_inject_virtual(intid, VIRQ_PRIORITY))
			__atomic_fetch_or(&vcpu->arch.pending_sgis, (uint16_t)(1u << intid),
					  __ATOMIC_RELEASE);
	}
	deliver_spis(vcpu);
	/* A dedicated vCPU would take the maintenance interrupt itself (HCR_EL2.IMO = 0). */
	vgic_set_underflow_interrupt(!vcpu->dedicated && virq_has_pending(vcpu));
}

/* Keeps intid pending in bitmap until vcpu next enters, on its own CPU. */
static void keep_spi(struct vcpu *vcpu, uint64_t *bitmap, uint32_t intid)
{
	__atomic_fetch_or(&bitmap[intid / 64], 1ULL << (intid % 64), __ATOMIC_RELEASE);
	__atomic_store_n(&vcpu->arch.spis_waiting, true, __ATOMIC_RELEASE);
	vcpu_wake_if_idle(vcpu);
	vcpu_notify_cpu(vcpu);
}

void virq_raise_spi(struct vcpu *vcpu, uint32_t intid)
{
	if (cpu_this()->vcpu == vcpu && !vcpu->dedicated &&
	    vgic_inject_hardware(intid, VIRQ_PRIORITY))
		return;
	keep_spi(vcpu, vcpu->arch.pending_spis, intid);
}

void virq_raise_virtual_spi(struct vcpu *vcpu, uint32_t intid)
{
	if (cpu_this()->vcpu == vcpu && virtual_spi_enabled(vcpu, intid) &&
	    vgic_inject_virtual(intid, VIRQ_PRIORITY))
		return;
	keep_spi(vcpu, vcpu->arch.pending_virtual_spis, intid);
}

enum cap_status virq_set_spi_enabled(struct vcpu *vcpu, uint64_t intid, uint64_t enabled,
				     bool *pending)
{
	*pending = false;
	if (!virq_is_spi(intid) || enabled > 1)
		return CAP_INVALID_ARGUMENT;
	/* One of its partition's physical SPIs, or a virtual one gated for this vCPU alone. */
	if (irq_set_enabled((uint32_t)intid, vcpu->partition, enabled) == CAP_OK)
		return CAP_OK;
	uint64_t bit = 1ULL << (intid % 64), *gate = &vcpu->arch.virtual_spis_enabled[intid / 64];
	*pending = (__atomic_load_n(&vcpu->arch.pending_virtual_spis[intid / 64],
				    __ATOMIC_ACQUIRE) & bit) != 0;
	if (!enabled) {
		__atomic_fetch_and(gate, ~bit, __ATOMIC_ACQ_REL);
		return CAP_OK;
	}
	__atomic_fetch_or(gate, bit, __ATOMIC_ACQ_REL);
	if (*pending) {
		__atomic_store_n(&vcpu->arch.spis_waiting, true, __ATOMIC_RELEASE);
		vcpu_notify_cpu(vcpu);
	}
	return CAP_OK;
}

static bool sgi_names(struct virq_sgi sgi, const struct vcpu *sender,
		      const struct vcpu *target)
{
	if (sgi.all_but_self)
		return target != sender;
	return target->index >= sgi.first_index && target->index - sgi.first_index < 16 &&
	       (sgi.targets >> (target->index - sgi.first_index)) & 1;
}

void virq_send_sgi_to_partition(struct vcpu *sender, struct virq_sgi sgi)
{
	uint16_t bit = (uint16_t)(1u << sgi.intid);

	for_each_vcpu_of(sender->partition, target) {
		if (!sgi_names(sgi, sender, target))
			continue;
		/* Physical, taken directly; the kick is Mortise's and never a guest's. */
		if (target->dedicated) {
			if (irq_sgi_is_guests(sgi.intid))
				gicv3_send_sgi(sgi.intid, machine.cpus[target->cpu].mpidr);
			continue;
		}
		__atomic_fetch_or(&target->arch.pending_sgis, bit, __ATOMIC_RELEASE);
		if (target == sender) {
			virq_deliver_pending(target);
			continue;
		}
		vcpu_wake_if_idle(target);
		cpu_kick(target->cpu);
	}
}
