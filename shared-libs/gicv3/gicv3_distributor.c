/* SPDX-License-Identifier: Apache-2.0 */
#include "cpu.h"
#include "gicv3_internal.h"

static bool gicv3_is_gicv3(uintptr_t distributor)
{
	uint32_t archrev = (mmio_read32(distributor + GICD_PIDR2) >> GIC_PIDR2_ARCHREV_SHIFT) &
			   GIC_PIDR2_ARCHREV_MASK;

	/* GICv4 is a superset of GICv3 with the same distributor and redistributor layout. */
	return archrev == 3 || archrev == 4;
}

static unsigned gicv3_count_interrupt_lines(uintptr_t distributor)
{
	uint32_t itlines = mmio_read32(distributor + GICD_TYPER) & GICD_TYPER_ITLINES_MASK;
	unsigned lines = 32u * (itlines + 1u);

	/* ITLinesNumber 31 would claim 1024, but INTIDs 1020..1023 are special, not interrupts. */
	return lines > GIC_MAX_INTERRUPT_LINES ? GIC_MAX_INTERRUPT_LINES : lines;
}

/*
 * Group enables are cleared read-modify-write rather than by writing 0, so that bits this code does
 * not own (DS, E1NWF, nASSGIreq) keep what firmware chose.
 */
static enum gicv3_status gicv3_distributor_disable(uintptr_t distributor)
{
	uint32_t ctlr = mmio_read32(distributor + GICD_CTLR);

	mmio_write32(distributor + GICD_CTLR, ctlr & ~GICD_CTLR_ENABLE_ALL_GROUPS);
	return gicv3_wait_distributor_writes(distributor);
}

/* ARE may only change while every group is disabled (IHI 0069, GICD_CTLR.ARE_NS description). */
static enum gicv3_status gicv3_distributor_enable_affinity_routing(uintptr_t distributor)
{
	uint32_t ctlr = mmio_read32(distributor + GICD_CTLR);

	mmio_write32(distributor + GICD_CTLR, ctlr | GICD_CTLR_ARE_NS);
	return gicv3_wait_distributor_writes(distributor);
}

/*
 * Active SPIs are deactivated too: an interrupt left active by firmware or by an earlier kernel
 * (warm restart) would otherwise never be delivered again.
 */
static enum gicv3_status gicv3_spis_reset(uintptr_t distributor, unsigned interrupt_lines,
					  uint64_t boot_affinity)
{
	for (uint32_t intid = GICV3_FIRST_SPI; intid < interrupt_lines; intid += 32) {
		mmio_write32(gicv3_bit_register(distributor + GICD_ICENABLER, intid), 0xffffffffu);
		mmio_write32(gicv3_bit_register(distributor + GICD_ICACTIVER, intid), 0xffffffffu);
	}
	enum gicv3_status status = gicv3_wait_distributor_writes(distributor);
	if (status != GICV3_OK)
		return status;

	/* IGROUPR 1 with IGRPMODR 0 is Group 1 Non-secure. */
	for (uint32_t intid = GICV3_FIRST_SPI; intid < interrupt_lines; intid += 32) {
		mmio_write32(gicv3_bit_register(distributor + GICD_IGROUPR, intid), 0xffffffffu);
		mmio_write32(gicv3_bit_register(distributor + GICD_IGRPMODR, intid), 0);
	}

	for (uint32_t intid = GICV3_FIRST_SPI; intid < interrupt_lines; intid += 4)
		mmio_write32(distributor + GICD_IPRIORITYR + intid,
			     gicv3_priority_word(GICV3_DEFAULT_PRIORITY));
	/* Two Int_config bits per interrupt; 0 is level-sensitive. */
	for (uint32_t intid = GICV3_FIRST_SPI; intid < interrupt_lines; intid += 16)
		mmio_write32(distributor + GICD_ICFGR + intid / 4u, 0);
	for (uint32_t intid = GICV3_FIRST_SPI; intid < interrupt_lines; intid++)
		mmio_write64(distributor + GICD_IROUTER + 8u * intid, boot_affinity);
	return GICV3_OK;
}

enum gicv3_status gicv3_distributor_init(struct gicv3 *gic, uintptr_t distributor,
					 uintptr_t redistributor_region, size_t region_size)
{
	if (!gicv3_is_gicv3(distributor))
		return GICV3_ERR_NOT_GICV3;

	gic->distributor = distributor;
	gic->redistributor_region = redistributor_region;
	gic->redistributor_region_size = region_size;
	gic->interrupt_lines = gicv3_count_interrupt_lines(distributor);

	enum gicv3_status status = gicv3_distributor_disable(distributor);
	if (status == GICV3_OK)
		status = gicv3_distributor_enable_affinity_routing(distributor);
	if (status == GICV3_OK)
		status = gicv3_spis_reset(distributor, gic->interrupt_lines, cpu_mpidr_affinity());
	if (status != GICV3_OK)
		return status;

	uint32_t ctlr = mmio_read32(distributor + GICD_CTLR);
	mmio_write32(distributor + GICD_CTLR, ctlr | GICD_CTLR_ENABLE_GRP1NS);
	return gicv3_wait_distributor_writes(distributor);
}

bool gicv3_intid_valid(const struct gicv3 *gic, uint32_t intid)
{
	return intid < gic->interrupt_lines && intid < GIC_MAX_INTERRUPT_LINES;
}

/*
 * GICD_IROUTER holds Aff3 at bits 39:32 and Aff2..Aff0 at 23:0, the MPIDR_EL1 layout; bit 31 clear
 * (Interrupt_Routing_Mode 0) means "this one CPU", not "any CPU".
 */
enum gicv3_status gicv3_spi_route(const struct gicv3 *gic, uint32_t intid, uint64_t mpidr_affinity)
{
	if (intid < GICV3_FIRST_SPI || !gicv3_intid_valid(gic, intid))
		return GICV3_ERR_BAD_INTID;
	mmio_write64(gic->distributor + GICD_IROUTER + 8u * intid,
		     mpidr_affinity & MPIDR_AFFINITY_MASK);
	return GICV3_OK;
}
