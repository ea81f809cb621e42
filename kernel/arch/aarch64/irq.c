/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Physical interrupts taken while a guest runs (HCR_EL2.IMO routes them all to EL2). The running
 * vCPU's EL1 timers and the SPIs passed through to a vCPU are handed to it through list
 * registers with HW = 1, so the guest's own EOI deactivates them; anything else is deactivated and
 * reported.
 *
 * A dedicated vCPU (vcpu.h) takes its Group 1 interrupts straight from the GIC instead: its CPU
 * runs with HCR_EL2.IMO = 0 and EOImode 0, so its timers, its SGIs and its SPIs never enter EL2.
 * Mortise keeps what it needs there as Group 0, signalled as FIQ (HCR_EL2.FMO = 1): the kick.
 * The guest then owns its CPU's Group 1 interface; nothing traps a write of ICC_AP1R0_EL1, so a
 * hostile dedicated guest can mark priority 0 active and hold off kicks: it cannot reach another
 * CPU or partition, but whoever controls it may be unable to stop it. Dedicate only partitions
 * whose controllers accept that (the root dedicates Tenon partitions without a VMM).
 */
#include "kernel.h"
#include "vcpu.h"

#include "console.h"
#include "cpu.h"
#include "exception.h"
#include "gicv3.h"
#include "gtimer.h"

/*
 * The SGI one CPU sends another to make it look at its vCPU's waiting virtual SGIs. Group 0 and
 * the highest priority where the GIC has a single security state: it then reaches Mortise on a
 * CPU whose vCPU takes its interrupts directly, whatever the guest's own interrupts are doing.
 */
#define KICK_SGI 8
#define KICK_PRIORITY 0x00
#define GUEST_SGI_PRIORITY 0xa0
#define GUEST_TIMER_PRIORITY 0xa0
#define PASSTHROUGH_PRIORITY 0xa0
#define MAINTENANCE_PRIORITY 0xa0
#define IDLE_TIMER_PRIORITY 0xa0

/* The vCPU each passed-through SPI goes to; NULL: the SPI is nobody's and stays disabled. */
static struct vcpu *spi_owners[CAP_IRQ_LIMIT];
/* Kicks are Group 0 FIQs (every CPU finds the same GIC): vCPUs may take interrupts directly. */
static bool kicks_are_fiqs;

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

/* Hands one acknowledged interrupt on; true when another vCPU may have to run here now. */
static bool dispatch(uint32_t intid)
{
	struct vcpu *running = cpu_this()->vcpu;

	/* The priority drop only: with HW = 1, the guest's EOI deactivates the physical interrupt. */
	gicv3_end_of_interrupt(intid);
	if (intid == KICK_SGI) {
		gicv3_deactivate(intid);
		if (running != NULL)
			vcpu_deliver_pending(running);
		return true;
	}
	struct vcpu *owner = intid < CAP_IRQ_LIMIT ?
				     __atomic_load_n(&spi_owners[intid], __ATOMIC_ACQUIRE) :
				     NULL;
	if (owner != NULL) {
		vcpu_raise_spi(owner, intid);
		/* For a vCPU switched out here, idle perhaps: it may have to run now. */
		return owner != running;
	}
	/*
	 * A timer of a vCPU switched out just before its interrupt arrived is not this vCPU's: its
	 * state was saved with the interrupt condition, and fires again when it runs.
	 */
	enum gtimer_kind timer;
	bool is_timer = guest_timer(intid, &timer);
	if (is_timer && running != NULL && gtimer_pending(timer)) {
		vcpu_raise_private(running, intid);
		return false;
	}
	/* Mortise's own timer: idle vCPUs' deadlines. It drops its line before the deactivation. */
	if (intid == machine.platform.timer.el2_physical_intid) {
		vcpu_wake_idle_due();
		gicv3_deactivate(intid);
		return true;
	}
	gicv3_deactivate(intid);
	/* The guest emptied its list registers: what waited for one goes in now. */
	if (intid == machine.platform.gic.maintenance_intid) {
		if (running != NULL)
			vcpu_deliver_pending(running);
		return false;
	}
	if (!is_timer)
		console_printf("Mortise: CPU %u: interrupt %u has no owner\n", cpu_this()->index,
			       intid);
	return false;
}

/* EOImode 1 leaves the deactivation to ICC_DIR; a CPU in direct mode runs EOImode 0. */
static void kick_end(uint32_t intid)
{
	gicv3_end_of_interrupt_group0(intid);
	if (!cpu_this()->direct_interrupts)
		gicv3_deactivate(intid);
}

/* The only Group 0 interrupt is the kick. */
static void guest_fiq(struct trap_frame *frame)
{
	uint32_t intid = gicv3_acknowledge_group0();
	struct vcpu *vcpu = cpu_this()->vcpu;

	if (intid == GICV3_INTID_SPURIOUS)
		return;
	kick_end(intid);
	if (vcpu != NULL)
		vcpu_deliver_pending(vcpu);
	vcpu_schedule(frame);
}

static void guest_irq(struct trap_frame *frame)
{
	uint32_t intid = gicv3_acknowledge();
	struct vcpu *vcpu = cpu_this()->vcpu;

	/* Another CPU woke or stopped a vCPU here: perhaps another one should run now. */
	if (intid != GICV3_INTID_SPURIOUS && dispatch(intid)) {
		vcpu_schedule(frame);
		return;
	}
	/* What found no free list register before may find one now that the guest ran. */
	if (vcpu != NULL && vcpu_has_pending(vcpu))
		vcpu_deliver_pending(vcpu);
}

void irq_wait_idle(void)
{
	uint32_t intid;

	/* WFI wakes on a pending interrupt even while EL2 masks IRQs (Arm ARM D1.16.2). */
	__asm__ volatile("dsb sy\n\twfi" ::: "memory");
	while ((intid = gicv3_acknowledge_group0()) != GICV3_INTID_SPURIOUS)
		kick_end(intid);
	while ((intid = gicv3_acknowledge()) != GICV3_INTID_SPURIOUS)
		dispatch(intid);
}

void irq_init(void)
{
	exception_set_handler(EXCEPTION_LOWER_A64_IRQ, guest_irq);
	exception_set_handler(EXCEPTION_LOWER_A64_FIQ, guest_fiq);
}

static void enable_local(struct cpu *cpu, uint32_t intid, uint8_t priority, const char *what)
{
	enum gicv3_status status =
		gicv3_irq_configure(&machine.gic, cpu->redistributor, intid, priority, false);

	if (status == GICV3_OK)
		status = gicv3_irq_enable(&machine.gic, cpu->redistributor, intid);
	if (status != GICV3_OK)
		console_printf("Mortise: CPU %u: %s interrupt %u: %s\n", cpu->index, what, intid,
			       gicv3_status_name(status));
}

void irq_init_cpu(struct cpu *cpu)
{
	enable_local(cpu, machine.platform.timer.el1_virtual_intid, GUEST_TIMER_PRIORITY,
		     "virtual timer");
	enable_local(cpu, machine.platform.timer.el1_physical_intid, GUEST_TIMER_PRIORITY,
		     "physical timer");
	enable_local(cpu, machine.platform.timer.el2_physical_intid, IDLE_TIMER_PRIORITY,
		     "EL2 timer");
	if (machine.platform.gic.maintenance_intid != 0)
		enable_local(cpu, machine.platform.gic.maintenance_intid, MAINTENANCE_PRIORITY,
			     "maintenance");
	enum gicv3_status group0 = gicv3_group0_enable(&machine.gic);
	if (group0 == GICV3_OK)
		group0 = gicv3_irq_set_group0(&machine.gic, cpu->redistributor, KICK_SGI);
	/* Without Group 0 kicks stay Group 1 IRQs and no vCPU takes its interrupts directly. */
	__atomic_store_n(&kicks_are_fiqs, group0 == GICV3_OK, __ATOMIC_RELEASE);
	enable_local(cpu, KICK_SGI, KICK_PRIORITY, "kick");
}

bool irq_direct_supported(void)
{
	return __atomic_load_n(&kicks_are_fiqs, __ATOMIC_ACQUIRE);
}

bool irq_sgi_is_guests(uint32_t intid)
{
	return intid < GICV3_FIRST_PPI && intid != KICK_SGI;
}

/* The SGIs of a dedicated vCPU, on its CPU: enabled while it may run there, disabled after. */
static void direct_sgis(struct cpu *cpu, bool enabled)
{
	for (uint32_t intid = 0; intid < GICV3_FIRST_PPI; intid++) {
		if (!irq_sgi_is_guests(intid))
			continue;
		if (enabled)
			enable_local(cpu, intid, GUEST_SGI_PRIORITY, "guest SGI");
		else
			gicv3_irq_disable(&machine.gic, cpu->redistributor, intid);
	}
}

void irq_direct_prepare(struct cpu *cpu)
{
	direct_sgis(cpu, true);
}

void irq_direct_enter(struct cpu *cpu)
{
	gicv3_split_priority_drop(false);
	cpu->direct_interrupts = true;
}

/*
 * The guest is gone for good (a dedicated vCPU leaves its CPU only when it stops): whatever of
 * its interrupts it left active or masked on this CPU interface must not hold Mortise's own.
 */
void irq_direct_leave(struct cpu *cpu)
{
	for (uint32_t intid = 0; intid < GICV3_FIRST_SPI; intid++) {
		if (intid != KICK_SGI)
			gicv3_irq_clear_active(&machine.gic, cpu->redistributor, intid);
	}
	direct_sgis(cpu, false);
	sysreg_write(icc_ap1r0_el1, 0);
	sysreg_write(icc_bpr1_el1, 0);
	sysreg_write(icc_igrpen1_el1, 1);
	gicv3_split_priority_drop(true);
	cpu->direct_interrupts = false;
}

void irq_clear_active(uint32_t intid)
{
	gicv3_irq_clear_active(&machine.gic, 0, intid);
}

enum cap_status irq_pass_through(uint32_t intid, struct vcpu *vcpu)
{
	struct vcpu *none = NULL;

	if (intid < GICV3_FIRST_SPI || intid >= CAP_IRQ_LIMIT || intid >= machine.gic.interrupt_lines)
		return CAP_INVALID_ARGUMENT;
	if (!__atomic_compare_exchange_n(&spi_owners[intid], &none, vcpu, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		return CAP_DENIED;
	/* Level-triggered, as devices on this platform signal; to the CPU its vCPU is bound to. */
	enum gicv3_status status =
		gicv3_irq_configure(&machine.gic, 0, intid, PASSTHROUGH_PRIORITY, false);
	if (status == GICV3_OK)
		status = gicv3_spi_route(&machine.gic, intid, machine.cpus[vcpu->cpu].mpidr);
	if (status == GICV3_OK)
		status = gicv3_irq_enable(&machine.gic, 0, intid);
	if (status != GICV3_OK) {
		__atomic_store_n(&spi_owners[intid], NULL, __ATOMIC_RELEASE);
		return CAP_INVALID_ARGUMENT;
	}
	return CAP_OK;
}

enum cap_status irq_set_enabled(uint32_t intid, const struct partition *partition, bool enabled)
{
	struct vcpu *owner = intid < CAP_IRQ_LIMIT ?
				     __atomic_load_n(&spi_owners[intid], __ATOMIC_ACQUIRE) :
				     NULL;

	if (owner == NULL || owner->partition != partition)
		return CAP_INVALID_ARGUMENT;
	enum gicv3_status status = enabled ? gicv3_irq_enable(&machine.gic, 0, intid) :
					     gicv3_irq_disable(&machine.gic, 0, intid);
	return status == GICV3_OK ? CAP_OK : CAP_INVALID_ARGUMENT;
}

void irq_release_partition(const struct partition *partition)
{
	for (uint32_t intid = GICV3_FIRST_SPI; intid < CAP_IRQ_LIMIT; intid++) {
		struct vcpu *owner = __atomic_load_n(&spi_owners[intid], __ATOMIC_ACQUIRE);
		if (owner == NULL || owner->partition != partition)
			continue;
		gicv3_irq_disable(&machine.gic, 0, intid);
		/* A vCPU that took it directly may have stopped in its handler. */
		gicv3_irq_clear_active(&machine.gic, 0, intid);
		__atomic_store_n(&spi_owners[intid], NULL, __ATOMIC_RELEASE);
	}
}

void cpu_kick(unsigned cpu)
{
	if (__atomic_load_n(&kicks_are_fiqs, __ATOMIC_ACQUIRE))
		gicv3_send_sgi_group0(KICK_SGI, machine.cpus[cpu].mpidr);
	else
		gicv3_send_sgi(KICK_SGI, machine.cpus[cpu].mpidr);
}
