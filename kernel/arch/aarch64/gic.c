/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Mortise's use of the physical GICv3: the private interrupts of every CPU, the kick between CPUs,
 * SPIs passed through to vCPUs, and direct delivery for dedicated vCPUs. HCR_EL2.IMO routes every
 * physical IRQ to EL2 while a guest runs (irq.c hands them on).
 *
 * A dedicated vCPU (vcpu.h) takes its Group 1 interrupts straight from the GIC instead: its CPU
 * runs with HCR_EL2.IMO = 0 and EOImode 0, so its timers, its SGIs and its SPIs never enter EL2.
 * Mortise keeps what it needs there as Group 0, signalled as FIQ (HCR_EL2.FMO = 1): the kick.
 * The guest then owns its CPU's Group 1 interface; nothing traps a write of ICC_AP1R0_EL1, so a
 * hostile dedicated guest can mark priority 0 active and hold off kicks: it cannot reach another
 * CPU or partition, but whoever controls it may be unable to stop it. Dedicate only partitions
 * whose controllers accept that (the root dedicates Tenon partitions without a VMM).
 */
#include "gic.h"
#include "irq.h"
#include "partition.h"
#include "vcpu.h"

#include "console.h"
#include "cpu.h"

/*
 * Priorities at the physical GIC (lower is more urgent). The kick is Group 0 and the highest where
 * the GIC has a single security state: it then reaches Mortise on a CPU whose vCPU takes its
 * interrupts directly, whatever the guest's own interrupts are doing. A guest's own interrupts
 * (its timers, its SGIs when dedicated, its passed-through SPIs) and Mortise's housekeeping (the
 * maintenance interrupt, the EL2 timer of idle vCPUs) share one level below it: neither preempts
 * the other, since EL2 runs with interrupts masked.
 */
#define KICK_PRIORITY 0x00
#define GUEST_INTERRUPT_PRIORITY 0xa0
#define HOUSEKEEPING_PRIORITY 0xa0

struct vcpu *spi_owners[CAP_IRQ_LIMIT];
/* Kicks are Group 0 FIQs (every CPU finds the same GIC): vCPUs may take interrupts directly. */
static bool kicks_are_fiqs;

__attribute__((cold))
static void enable_local(struct cpu *cpu, uint32_t intid, uint8_t priority, const char *what)
{
	enum gicv3_status status = gicv3_irq_configure(&machine.arch.gic, cpu->arch.redistributor,
						       intid, priority, false);

	if (status == GICV3_OK)
		status = gicv3_irq_enable(&machine.arch.gic, cpu->arch.redistributor, intid);
	if (status != GICV3_OK)
		console_printf("Mortise: CPU %u: %s interrupt %u: %s\n", cpu->index, what, intid,
			       gicv3_status_name(status));
}

__attribute__((cold))
bool irq_init_cpu(struct cpu *cpu)
{
	enum gicv3_status status = gicv3_cpu_init(&machine.arch.gic, &cpu->arch.redistributor);

	if (status != GICV3_OK) {
		console_printf("Mortise: CPU %u (MPIDR 0x%llx): GIC CPU interface: %s\n", cpu->index,
			       (unsigned long long)cpu->mpidr, gicv3_status_name(status));
		return false;
	}
	enable_local(cpu, machine.platform.timer.el1_virtual_intid, GUEST_INTERRUPT_PRIORITY,
		     "virtual timer");
	enable_local(cpu, machine.platform.timer.el1_physical_intid, GUEST_INTERRUPT_PRIORITY,
		     "physical timer");
	enable_local(cpu, machine.platform.timer.el2_physical_intid, HOUSEKEEPING_PRIORITY,
		     "EL2 timer");
	if (machine.platform.gic.maintenance_intid != 0)
		enable_local(cpu, machine.platform.gic.maintenance_intid, HOUSEKEEPING_PRIORITY,
			     "maintenance");
	enum gicv3_status group0 = gicv3_group0_enable(&machine.arch.gic);
	if (group0 == GICV3_OK)
		group0 = gicv3_irq_set_group0(&machine.arch.gic, cpu->arch.redistributor, KICK_SGI);
	/* Without Group 0 kicks stay Group 1 IRQs and no vCPU takes its interrupts directly. */
	__atomic_store_n(&kicks_are_fiqs, group0 == GICV3_OK, __ATOMIC_RELEASE);
	enable_local(cpu, KICK_SGI, KICK_PRIORITY, "kick");
	return true;
}

void irq_spi_range(uint32_t *first, uint32_t *limit)
{
	*first = GICV3_FIRST_SPI;
	*limit = machine.arch.gic.interrupt_lines < CAP_IRQ_LIMIT ? machine.arch.gic.interrupt_lines :
								    CAP_IRQ_LIMIT;
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
void irq_direct_sgis(struct cpu *cpu, bool enabled)
{
	for (uint32_t intid = 0; intid < GICV3_FIRST_PPI; intid++) {
		if (!irq_sgi_is_guests(intid))
			continue;
		if (enabled)
			enable_local(cpu, intid, GUEST_INTERRUPT_PRIORITY, "guest SGI");
		else
			gicv3_irq_disable(&machine.arch.gic, cpu->arch.redistributor, intid);
	}
}

void irq_direct_enter(struct cpu *cpu)
{
	gicv3_split_priority_drop(false);
	cpu->arch.direct_interrupts = true;
}

/*
 * The guest is gone for good (a dedicated vCPU leaves its CPU only when it stops): whatever of
 * its interrupts it left active or masked on this CPU interface must not hold Mortise's own.
 */
void irq_direct_leave(struct cpu *cpu)
{
	for (uint32_t intid = 0; intid < GICV3_FIRST_SPI; intid++) {
		if (intid != KICK_SGI)
			gicv3_irq_clear_active(&machine.arch.gic, cpu->arch.redistributor, intid);
	}
	irq_direct_sgis(cpu, false);
	sysreg_write(icc_ap1r0_el1, 0);
	sysreg_write(icc_bpr1_el1, 0);
	sysreg_write(icc_igrpen1_el1, 1);
	gicv3_split_priority_drop(true);
	cpu->arch.direct_interrupts = false;
}

__attribute__((cold))
enum cap_status irq_pass_through(uint32_t intid, struct vcpu *vcpu)
{
	struct vcpu *none = NULL;

	if (intid < GICV3_FIRST_SPI || intid >= CAP_IRQ_LIMIT ||
	    intid >= machine.arch.gic.interrupt_lines)
		return CAP_INVALID_ARGUMENT;
	if (!__atomic_compare_exchange_n(&spi_owners[intid], &none, vcpu, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		return CAP_DENIED;
	/* Level-triggered, as devices on this platform signal; to the CPU its vCPU is bound to. */
	enum gicv3_status status =
		gicv3_irq_configure(&machine.arch.gic, 0, intid, GUEST_INTERRUPT_PRIORITY, false);
	if (status == GICV3_OK)
		status = gicv3_spi_route(&machine.arch.gic, intid, machine.cpus[vcpu->cpu].mpidr);
	if (status == GICV3_OK)
		status = gicv3_irq_enable(&machine.arch.gic, 0, intid);
	if (status != GICV3_OK) {
		__atomic_store_n(&spi_owners[intid], NULL, __ATOMIC_RELEASE);
		return CAP_INVALID_ARGUMENT;
	}
	return CAP_OK;
}

enum cap_status irq_set_enabled(uint32_t intid, const struct partition *partition, bool enabled)
{
	struct vcpu *owner = gic_spi_owner(intid);

	if (owner == NULL || owner->partition != partition)
		return CAP_INVALID_ARGUMENT;
	enum gicv3_status status = enabled ? gicv3_irq_enable(&machine.arch.gic, 0, intid) :
					     gicv3_irq_disable(&machine.arch.gic, 0, intid);
	return status == GICV3_OK ? CAP_OK : CAP_INVALID_ARGUMENT;
}

__attribute__((cold))
void irq_release_partition(const struct partition *partition)
{
	for (uint32_t intid = GICV3_FIRST_SPI; intid < CAP_IRQ_LIMIT; intid++) {
		struct vcpu *owner = __atomic_load_n(&spi_owners[intid], __ATOMIC_ACQUIRE);
		if (owner == NULL || owner->partition != partition)
			continue;
		gicv3_irq_disable(&machine.arch.gic, 0, intid);
		/* A vCPU that took it directly may have stopped in its handler. */
		gicv3_irq_clear_active(&machine.arch.gic, 0, intid);
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
