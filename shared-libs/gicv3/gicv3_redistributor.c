/* SPDX-License-Identifier: Apache-2.0 */
#include "cpu.h"
#include "gicv3_internal.h"

/* GICR_TYPER.Affinity_Value packs Aff3.Aff2.Aff1.Aff0 into 32 bits; MPIDR_EL1 keeps Aff3 apart. */
static uint64_t gicv3_typer_to_mpidr_affinity(uint64_t typer)
{
	uint64_t packed = typer >> GICR_TYPER_AFFINITY_SHIFT;

	return ((packed >> 24) << 32) | (packed & 0xffffffu);
}

enum gicv3_status gicv3_redistributor_find(const struct gicv3 *gic, uint64_t mpidr_affinity,
					   uintptr_t *redistributor_out)
{
	uintptr_t frame = gic->redistributor_region;
	size_t remaining = gic->redistributor_region_size;

	mpidr_affinity &= MPIDR_AFFINITY_MASK;
	while (remaining >= GICR_STRIDE) {
		uint64_t typer = mmio_read64(frame + GICR_TYPER);

		if (gicv3_typer_to_mpidr_affinity(typer) == mpidr_affinity) {
			*redistributor_out = frame;
			return GICV3_OK;
		}
		size_t stride = (typer & GICR_TYPER_VLPIS) ? GICR_STRIDE_WITH_VLPIS : GICR_STRIDE;
		if ((typer & GICR_TYPER_LAST) || remaining < stride)
			break;
		frame += stride;
		remaining -= stride;
	}
	return GICV3_ERR_NO_REDISTRIBUTOR;
}

/* Same defaults for this CPU's SGIs and PPIs as gicv3_distributor_init gives the SPIs. */
static enum gicv3_status gicv3_private_interrupts_reset(uintptr_t redistributor)
{
	uintptr_t sgi_frame = redistributor + GICR_SGI_BASE_OFFSET;

	mmio_write32(sgi_frame + GICR_ICENABLER0, 0xffffffffu);
	mmio_write32(sgi_frame + GICR_ICACTIVER0, 0xffffffffu);
	enum gicv3_status status = gicv3_wait_redistributor_writes(redistributor);
	if (status != GICV3_OK)
		return status;

	mmio_write32(sgi_frame + GICR_IGROUPR0, 0xffffffffu);
	mmio_write32(sgi_frame + GICR_IGRPMODR0, 0);
	for (uint32_t intid = 0; intid < GICV3_FIRST_SPI; intid += 4)
		mmio_write32(sgi_frame + GICR_IPRIORITYR + intid,
			     gicv3_priority_word(GICV3_DEFAULT_PRIORITY));
	return GICV3_OK;
}

enum gicv3_status gicv3_cpu_init(const struct gicv3 *gic, uintptr_t *redistributor_out)
{
	uintptr_t redistributor;
	enum gicv3_status status =
		gicv3_redistributor_find(gic, cpu_mpidr_affinity(), &redistributor);

	if (status == GICV3_OK)
		status = gicv3_redistributor_wake(redistributor);
	if (status == GICV3_OK)
		status = gicv3_private_interrupts_reset(redistributor);
	if (status == GICV3_OK)
		status = gicv3_cpu_interface_enable();
	if (status == GICV3_OK && redistributor_out != NULL)
		*redistributor_out = redistributor;
	return status;
}
