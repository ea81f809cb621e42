/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Physical interrupts taken at EL2 (HCR_EL2.IMO routes them all there while a guest runs). The
 * running vCPU's EL1 timers and the SPIs passed through to a vCPU are handed to it through list
 * registers with HW = 1, so the guest's own EOI deactivates them (virq.h); anything else is
 * deactivated and reported. What should happen next is left in this CPU's hazards.
 */
#include "irq.h"
#include "gic.h"
#include "virq.h"

#include "console.h"
#include "gicv3.h"
#include "gtimer.h"

/* Which of the EL1 timers (a vCPU's own, vcpu_context.c) raises this PPI, if one does. */
static bool guest_timer(uint32_t intid, enum gtimer_kind *kind)
{
	if (intid == machine.platform.timer.el1_virtual_intid)
		*kind = GTIMER_EL1_VIRTUAL;
	else if (intid == machine.platform.timer.el1_physical_intid)
		*kind = GTIMER_EL1_PHYSICAL;
	else
		return false;
	return true;
}

/* Hands one acknowledged interrupt on. */
static void dispatch(struct cpu *cpu, uint32_t intid)
{
	struct vcpu *running = cpu->vcpu;

	/* The priority drop only: with HW = 1, the guest's EOI deactivates the physical interrupt. */
	gicv3_end_of_interrupt(intid);
	/* Mortise's own timer first, the one every budget and wake-up switch takes. */
	if (intid == machine.platform.timer.el2_physical_intid) {
		irq_handle_el2_timer(cpu, intid);
		return;
	}
	if (intid == KICK_SGI) {
		gicv3_deactivate(intid);
		if (running != NULL)
			virq_deliver_pending(running);
		cpu->hazards |= CPU_HAZARD_SCHEDULE | CPU_HAZARD_REQUEUE;
		return;
	}
	/*
	 * A timer of a vCPU switched out just before its interrupt arrived is not this vCPU's: its
	 * state was saved with the interrupt condition, and fires again when it runs.
	 */
	enum gtimer_kind timer;
	bool is_timer = guest_timer(intid, &timer);
	if (is_timer && running != NULL && gtimer_pending(timer)) {
		virq_raise_private(running, intid);
		return;
	}
	struct vcpu *owner = gic_spi_owner(intid);
	if (owner != NULL) {
		virq_raise_spi(owner, intid);
		/* For a vCPU switched out here, idle perhaps: it may have to run now. */
		if (owner != running)
			cpu->hazards |= CPU_HAZARD_SCHEDULE;
		return;
	}
	gicv3_deactivate(intid);
	/* The guest emptied its list registers: what waited for one goes in now. */
	if (intid == machine.platform.gic.maintenance_intid) {
		if (running != NULL)
			virq_deliver_pending(running);
		return;
	}
	if (!is_timer)
		console_printf("Mortise: CPU %u: interrupt %u has no owner\n", cpu->index, intid);
}

/* EOImode 1 leaves the deactivation to ICC_DIR; a CPU in direct mode runs EOImode 0. */
static void kick_end(struct cpu *cpu, uint32_t intid)
{
	gicv3_end_of_interrupt_group0(intid);
	if (!cpu->arch.direct_interrupts)
		gicv3_deactivate(intid);
}

void irq_handle_fiq(struct cpu *cpu)
{
	uint32_t intid = gicv3_acknowledge_group0();

	if (intid == GICV3_INTID_SPURIOUS)
		return;
	kick_end(cpu, intid);
	if (cpu->vcpu != NULL)
		virq_deliver_pending(cpu->vcpu);
	cpu->hazards |= CPU_HAZARD_SCHEDULE | CPU_HAZARD_REQUEUE;
}

void irq_handle_acknowledged(struct cpu *cpu, uint32_t intid)
{
	if (intid != GICV3_INTID_SPURIOUS)
		dispatch(cpu, intid);
}

void irq_handle(struct cpu *cpu)
{
	irq_handle_acknowledged(cpu, gicv3_acknowledge());
}

void irq_wait_idle(void)
{
	struct cpu *cpu = cpu_this();
	uint32_t intid;

	/* WFI wakes on a pending interrupt even while EL2 masks IRQs (Arm ARM D1.16.2). */
	__asm__ volatile("dsb sy\n\twfi" ::: "memory");
	while ((intid = gicv3_acknowledge_group0()) != GICV3_INTID_SPURIOUS) {
		kick_end(cpu, intid);
		cpu->hazards |= CPU_HAZARD_SCHEDULE | CPU_HAZARD_REQUEUE;
	}
	while ((intid = gicv3_acknowledge()) != GICV3_INTID_SPURIOUS)
		dispatch(cpu, intid);
}
