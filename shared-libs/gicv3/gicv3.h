/* SPDX-License-Identifier: Apache-2.0 */
/*
 * gicv3: Arm GICv3/GICv4 interrupt controller (GIC architecture specification, IHI 0069):
 * distributor, redistributors and the system-register CPU interface, Group 1 Non-secure only.
 *
 * Runs at EL2 (Mortise, -DTARGET_EL=2) and at EL1 (Tenon, -DTARGET_EL=1). Affinity-routed mode
 * (ARE) is always used, so SGIs and PPIs live in each CPU's redistributor and SPIs in the
 * distributor. Every wait on the GIC is bounded by GICV3_POLL_ITERATIONS: a wedged GIC gives an
 * error status instead of hanging the boot.
 *
 * Configuration registers hold several interrupts each and are updated read-modify-write, so two
 * CPUs must not configure SPIs concurrently (configure them on one CPU, or under the caller's
 * lock). Enabling and disabling are single writes and need no lock.
 */
#ifndef GICV3_H
#define GICV3_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu.h"
#include "sync.h"

enum gicv3_status {
	GICV3_OK,
	GICV3_ERR_NOT_GICV3, /* GICD_PIDR2.ArchRev is neither 3 nor 4 */
	GICV3_ERR_NO_REDISTRIBUTOR, /* no frame in the region has this CPU's affinity */
	GICV3_ERR_BAD_INTID, /* beyond interrupt_lines, 1020..1023, or wrong class */
	GICV3_ERR_RWP_TIMEOUT, /* GICD_CTLR.RWP or GICR_CTLR.RWP never cleared */
	GICV3_ERR_WAKE_TIMEOUT, /* GICR_WAKER.ChildrenAsleep never cleared */
	GICV3_ERR_SYSREG_DISABLED, /* ICC_SRE_ELx.SRE reads 0: a higher EL forbids it */
	GICV3_ERR_BAD_TARGET, /* SGI target Aff0 > 15 without range selector support */
	GICV3_ERR_SECURE_GROUP0, /* Group 0 asked for, but the GIC has two security states */
	GICV3_STATUS_COUNT
};

const char *gicv3_status_name(enum gicv3_status status);

struct gicv3 {
	uintptr_t distributor;
	uintptr_t redistributor_region;
	size_t redistributor_region_size;
	/* INTIDs 0..interrupt_lines-1 exist (SGIs, PPIs, SPIs); from GICD_TYPER.ITLinesNumber. */
	unsigned interrupt_lines;
};

/* INTID ranges (GIC architecture specification 2.2): SGIs 0..15, PPIs 16..31, SPIs 32..1019. */
#define GICV3_INTID_SPURIOUS 1023
#define GICV3_FIRST_PPI 16
#define GICV3_FIRST_SPI 32
#define GICV3_LAST_SPI 1019
/* Lower is more urgent. 0xa0 leaves room above for urgent interrupts and passes PMR 0xff. */
#define GICV3_DEFAULT_PRIORITY 0xa0

/*
 * Bound on every poll of a GIC status bit, in register reads. Register-write propagation takes
 * microseconds on real GICs; a million reads is far beyond that and still well under a second.
 */
#ifndef GICV3_POLL_ITERATIONS
#define GICV3_POLL_ITERATIONS 1000000u
#endif

/*
 * Once, on the boot CPU: checks GICD_PIDR2, disables the distributor, turns on affinity routing,
 * makes every SPI Group 1 Non-secure, default priority, disabled, inactive, level-sensitive and
 * routed to the calling CPU, then enables Group 1 Non-secure. Fills *gic.
 */
enum gicv3_status gicv3_distributor_init(struct gicv3 *gic, uintptr_t distributor,
					 uintptr_t redistributor_region, size_t region_size);

/* The redistributor frame (RD_base) of the CPU with this MPIDR affinity (cpu_mpidr_affinity()). */
enum gicv3_status gicv3_redistributor_find(const struct gicv3 *gic, uint64_t mpidr_affinity,
					   uintptr_t *redistributor_out);

/*
 * On every CPU, after gicv3_distributor_init: finds and wakes this CPU's redistributor, makes its
 * SGIs and PPIs Group 1 Non-secure, default priority, disabled, then enables the system-register
 * CPU interface (all priorities unmasked, Group 1 on, EOI both drops priority and deactivates).
 * *redistributor_out (if not NULL) receives RD_base for the calls below.
 */
enum gicv3_status gicv3_cpu_init(const struct gicv3 *gic, uintptr_t *redistributor_out);

/*
 * SGIs and PPIs (intid < 32) are set in the given redistributor, SPIs in the distributor (the
 * redistributor argument is then unused). An invalid intid changes nothing. SGIs are always
 * edge-triggered: edge_triggered is ignored for them. An enabled interrupt is disabled while its
 * trigger changes (GIC spec: changing GICD_ICFGR of an enabled interrupt is UNPREDICTABLE) and
 * enabled again afterwards.
 */
enum gicv3_status gicv3_irq_configure(const struct gicv3 *gic, uintptr_t redistributor,
				      uint32_t intid, uint8_t priority, bool edge_triggered);
enum gicv3_status gicv3_irq_enable(const struct gicv3 *gic, uintptr_t redistributor,
				   uint32_t intid);
/* Returns once the GIC guarantees the interrupt is no longer signalled (RWP cleared). */
enum gicv3_status gicv3_irq_disable(const struct gicv3 *gic, uintptr_t redistributor,
				    uint32_t intid);
/* Routes an SPI to the CPU with this MPIDR affinity (Aff3:Aff2:Aff1:Aff0 as MPIDR_EL1 holds it). */
enum gicv3_status gicv3_spi_route(const struct gicv3 *gic, uint32_t intid, uint64_t mpidr_affinity);

/*
 * The CPU interface alone (system-register enable, priority mask, group 1 on), which
 * gicv3_cpu_init also does: for a vCPU whose distributor and redistributor the hypervisor keeps.
 */
enum gicv3_status gicv3_cpu_interface_enable(void);

/* The INTID field of ICC_IAR1_EL1 / ICC_EOIR1_EL1 and their Group 0 twins (24 bits). */
#define GICV3_ICC_INTID_MASK 0xffffffu

/*
 * Acknowledges the highest-priority pending Group 1 interrupt; GICV3_INTID_SPURIOUS if none.
 * Inline, with the end-of-interrupt: both are on every interrupt's path. The acknowledge's
 * effect on the interrupt's state (pending -> active) is guaranteed visible only after a DSB
 * (IHI 0069, 4.1.1 "Physical CPU interface"); without it a level interrupt the handler clears at
 * the device could be signalled again.
 */
static inline uint32_t gicv3_acknowledge(void)
{
	uint32_t intid = (uint32_t)(sysreg_read(icc_iar1_el1) & GICV3_ICC_INTID_MASK);

	barrier_full();
	return intid;
}

/*
 * Drops priority and deactivates intid (EOImode 0); pass what gicv3_acknowledge returned. The
 * drop is a system-register write; an isb makes it take effect before the caller goes on (e.g.
 * unmasks to take the next interrupt), as for any System register write (Arm ARM,
 * "Synchronization requirements for AArch64 System registers").
 */
static inline void gicv3_end_of_interrupt(uint32_t intid)
{
	sysreg_write(icc_eoir1_el1, intid & GICV3_ICC_INTID_MASK);
	barrier_instruction();
}
/*
 * EOImode 1 (split = true): ICC_EOIR1 only drops the running priority and ICC_DIR (or a guest's
 * EOI of a hardware-mapped virtual interrupt) deactivates. A hypervisor needs it to forward a
 * physical interrupt to a vCPU (IHI 0069, 4.1.1 and 6.2.1). Default after gicv3_cpu_init: false.
 */
void gicv3_split_priority_drop(bool split);
/* ICC_DIR_EL1: deactivates intid (only meaningful with the split). */
void gicv3_deactivate(uint32_t intid);
/*
 * Group 0 for a hypervisor's own interrupts. With a single security state (GICD_CTLR.DS = 1, as on
 * QEMU virt without secure=on) Group 0 is signalled as FIQ at the non-secure ELs, so a hypervisor
 * that takes FIQs itself (HCR_EL2.FMO = 1) and leaves IRQs to a guest (HCR_EL2.IMO = 0) keeps its
 * Group 0 interrupts while the guest takes its Group 1 ones directly (IHI 0069, 4.6).
 *
 * gicv3_group0_enable: on every CPU that takes Group 0, enables the group at the distributor (once
 * is enough; again is harmless) and at this CPU's interface. GICV3_ERR_SECURE_GROUP0 when the GIC
 * has two security states, where Group 0 would be Secure.
 */
enum gicv3_status gicv3_group0_enable(const struct gicv3 *gic);
/* Moves intid to Group 0 (SGIs and PPIs in the given redistributor, SPIs in the distributor). */
enum gicv3_status gicv3_irq_set_group0(const struct gicv3 *gic, uintptr_t redistributor,
				       uint32_t intid);
/*
 * Clears intid's active state through the distributor or redistributor (GICD_ICACTIVER,
 * GICR_ICACTIVER0): unlike ICC_DIR_EL1, from any CPU and whatever its EOImode.
 */
enum gicv3_status gicv3_irq_clear_active(const struct gicv3 *gic, uintptr_t redistributor,
					 uint32_t intid);
/*
 * Makes the SGIs and PPIs in mask (bit = INTID) active at this CPU's redistributor
 * (GICR_ISACTIVER0): a hypervisor that hands a private interrupt to a vCPU without taking it
 * (HW = 1 in a list register) keeps the physical one from being signalled until the guest's
 * deactivation. One write, no check: redistributor is RD_base from gicv3_cpu_init. Inline: a
 * vCPU switch's path.
 */
#define GICV3_GICR_SGI_ISACTIVER0 0x10300u /* from RD_base: SGI_base + GICR_ISACTIVER0 */
static inline void gicv3_private_set_active(uintptr_t redistributor, uint32_t mask)
{
	mmio_write32(redistributor + GICV3_GICR_SGI_ISACTIVER0, mask);
}
/* Group 0's ICC_IAR0_EL1 and ICC_EOIR0_EL1, as gicv3_acknowledge and _end_of_interrupt. */
uint32_t gicv3_acknowledge_group0(void);
void gicv3_end_of_interrupt_group0(uint32_t intid);

/* Sends SGI intid (0..15) as Group 1 to the one CPU with this MPIDR affinity. */
enum gicv3_status gicv3_send_sgi(uint32_t intid, uint64_t target_mpidr_affinity);
/* The same as Group 0 (ICC_SGI0R_EL1): an SGI the target configured as Group 1 is not sent. */
enum gicv3_status gicv3_send_sgi_group0(uint32_t intid, uint64_t target_mpidr_affinity);

#endif
