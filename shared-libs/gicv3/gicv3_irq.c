/* SPDX-License-Identifier: Apache-2.0 */
#include "cpu.h"
#include "gicv3_internal.h"

_Static_assert(GICV3_GICR_SGI_ISACTIVER0 == GICR_SGI_BASE_OFFSET + GICR_ISACTIVER0,
	       "GICR_ISACTIVER0 moved");

/* Int_config is the upper bit of each two-bit ICFGR field; 1 means edge-triggered. */
#define GIC_ICFGR_EDGE 2u

static enum gicv3_status gicv3_check_target(const struct gicv3 *gic, uintptr_t redistributor,
					    uint32_t intid)
{
	if (!gicv3_intid_valid(gic, intid))
		return GICV3_ERR_BAD_INTID;
	if (intid < GICV3_FIRST_SPI && redistributor == 0)
		return GICV3_ERR_NO_REDISTRIBUTOR;
	return GICV3_OK;
}

static void gicv3_priority_set(uintptr_t frame, uint32_t intid, uint8_t priority)
{
	/* cpu.h offers 32-bit accesses only: update one byte of the word read-modify-write. */
	uintptr_t reg = frame + GICD_IPRIORITYR + (intid & ~3u);
	unsigned shift = 8u * (intid % 4u);
	uint32_t word = mmio_read32(reg);

	word = (word & ~(0xffu << shift)) | ((uint32_t)priority << shift);
	mmio_write32(reg, word);
}

static void gicv3_trigger_set(uintptr_t frame, uint32_t intid, bool edge_triggered)
{
	uintptr_t reg = frame + GICD_ICFGR + 4u * (intid / 16u);
	unsigned shift = 2u * (intid % 16u);
	uint32_t word = mmio_read32(reg);

	word &= ~(GIC_ICFGR_EDGE << shift);
	if (edge_triggered)
		word |= GIC_ICFGR_EDGE << shift;
	mmio_write32(reg, word);
}

__attribute__((cold))
enum gicv3_status gicv3_irq_configure(const struct gicv3 *gic, uintptr_t redistributor,
				      uint32_t intid, uint8_t priority, bool edge_triggered)
{
	enum gicv3_status status = gicv3_check_target(gic, redistributor, intid);
	if (status != GICV3_OK)
		return status;

	uintptr_t frame = gicv3_config_frame(gic, redistributor, intid);
	gicv3_priority_set(frame, intid, priority);
	/* SGIs are edge-triggered by architecture; their ICFGR0 is read-only. */
	if (intid < GICV3_FIRST_PPI)
		return GICV3_OK;

	bool was_enabled = (mmio_read32(gicv3_bit_register(frame + GICD_ISENABLER, intid)) &
			    gicv3_bit_mask(intid)) != 0;
	if (was_enabled) {
		mmio_write32(gicv3_bit_register(frame + GICD_ICENABLER, intid),
			     gicv3_bit_mask(intid));
		status = gicv3_wait_enable_writes(gic, redistributor, intid);
		if (status != GICV3_OK)
			return status;
	}
	gicv3_trigger_set(frame, intid, edge_triggered);
	if (was_enabled)
		mmio_write32(gicv3_bit_register(frame + GICD_ISENABLER, intid),
			     gicv3_bit_mask(intid));
	return GICV3_OK;
}

__attribute__((cold))
enum gicv3_status gicv3_irq_set_group0(const struct gicv3 *gic, uintptr_t redistributor,
				       uint32_t intid)
{
	enum gicv3_status status = gicv3_check_target(gic, redistributor, intid);
	if (status != GICV3_OK)
		return status;

	/* IGROUPR 0 with IGRPMODR 0 (as the resets leave it) is Group 0. */
	uintptr_t reg = gicv3_bit_register(gicv3_config_frame(gic, redistributor, intid) +
						   GICD_IGROUPR,
					   intid);
	mmio_write32(reg, mmio_read32(reg) & ~gicv3_bit_mask(intid));
	return GICV3_OK;
}

/* Writes intid's bit into a write-one-to-act bank (ISENABLER, ICENABLER, ICACTIVER). */
static enum gicv3_status write_one_bit(const struct gicv3 *gic, uintptr_t redistributor,
				       uint32_t intid, uintptr_t bank)
{
	enum gicv3_status status = gicv3_check_target(gic, redistributor, intid);
	if (status != GICV3_OK)
		return status;

	uintptr_t frame = gicv3_config_frame(gic, redistributor, intid);
	mmio_write32(gicv3_bit_register(frame + bank, intid), gicv3_bit_mask(intid));
	return GICV3_OK;
}

enum gicv3_status gicv3_irq_clear_active(const struct gicv3 *gic, uintptr_t redistributor,
					 uint32_t intid)
{
	return write_one_bit(gic, redistributor, intid, GICD_ICACTIVER);
}

enum gicv3_status gicv3_irq_enable(const struct gicv3 *gic, uintptr_t redistributor, uint32_t intid)
{
	return write_one_bit(gic, redistributor, intid, GICD_ISENABLER);
}

enum gicv3_status gicv3_irq_disable(const struct gicv3 *gic, uintptr_t redistributor,
				    uint32_t intid)
{
	enum gicv3_status status = write_one_bit(gic, redistributor, intid, GICD_ICENABLER);

	return status == GICV3_OK ? gicv3_wait_enable_writes(gic, redistributor, intid) : status;
}
