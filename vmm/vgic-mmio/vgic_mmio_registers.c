/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The interrupt registers for 32 INTIDs at a time: GICD_IGROUPR<n> .. GICD_ICFGR<n> in the
 * Distributor, and the same layout for INTIDs 0..31 in the Redistributor's SGI_base frame
 * (IHI 0069, "Redistributor - SGI and PPI registers"). Which bank a register reaches, and
 * whether it exists at all, is the frame's business; this file only applies the access.
 */
#include "vgic_mmio_internal.h"

bool vgic_mmio_is_irq_register(uint64_t offset)
{
	return (offset >= REG_IGROUPR && offset < REG_ITARGETSR) ||
	       (offset >= REG_ICFGR && offset < REG_ICFGR_END);
}

unsigned vgic_mmio_irq_register_intid(uint64_t offset)
{
	if (offset < REG_BITMAP_END)
		return (unsigned)((offset % 0x80) / 4) * 32;
	if (offset < REG_ITARGETSR)
		return (unsigned)(offset - REG_IPRIORITYR);
	return (unsigned)((offset - REG_ICFGR) / 4) * 16; /* two bits per INTID */
}

/*
 * Seven blocks of one bit per INTID, in architectural order from offset 0x80. Each Set/Clear
 * pair shares its state: writing 1 sets or clears, writing 0 has no effect, and both read the
 * current bits (e.g. GICD_ISENABLER / GICD_ICENABLER descriptions).
 */
static uint32_t bitmap_access(struct vgic_mmio_irq_bank *bank, uint32_t implemented,
			      unsigned block, bool is_write, uint64_t *value)
{
	uint32_t *const fields[] = {&bank->group1, &bank->enabled, &bank->enabled,
				    &bank->pending, &bank->pending, &bank->active,
				    &bank->active};
	uint32_t *field = fields[block];
	uint32_t before = bank->enabled;

	if (!is_write) {
		*value = *field & implemented;
		return 0;
	}
	uint32_t bits = (uint32_t)*value & implemented;
	if (block == 0)
		*field = (*field & ~implemented) | bits;
	else if (block % 2 == 1)
		*field |= bits;
	else
		*field &= ~bits;
	return before ^ bank->enabled;
}

static void priority_access(struct vgic_mmio_irq_bank *bank, uint32_t implemented,
			    unsigned first, unsigned size_bytes, bool is_write, uint64_t *value)
{
	uint64_t result = 0;

	for (unsigned i = 0; i < size_bytes; i++) {
		unsigned bit = (first + i) % 32;
		if (!((implemented >> bit) & 1))
			continue;
		if (is_write)
			bank->priority[bit] = (uint8_t)(*value >> (8 * i));
		else
			result |= (uint64_t)bank->priority[bit] << (8 * i);
	}
	if (!is_write)
		*value = result;
}

/* Int_config is the odd bit of each two-bit field; the even bit is RES0 (GICD_ICFGR). */
static void config_access(struct vgic_mmio_irq_bank *bank, const struct vgic_mmio_bank_ref *ref,
			  unsigned first, bool is_write, uint64_t *value)
{
	uint64_t result = 0;

	for (unsigned i = 0; i < 16; i++) {
		unsigned bit = (first + i) % 32;
		uint32_t mask = 1u << bit;
		if (!(ref->implemented & mask))
			continue;
		if (is_write && !(ref->fixed_edge & mask))
			bank->edge = (bank->edge & ~mask) | (((*value >> (2 * i + 1)) & 1) ? mask : 0);
		else if (!is_write && ((bank->edge | ref->fixed_edge) & mask))
			result |= 1ull << (2 * i + 1);
	}
	if (!is_write)
		*value = result;
}

uint32_t vgic_mmio_irq_register_access(const struct vgic_mmio_bank_ref *ref, uint64_t offset,
				       unsigned size_bytes, bool is_write, uint64_t *value)
{
	struct vgic_mmio_irq_bank *bank = ref->bank;
	unsigned first = vgic_mmio_irq_register_intid(offset);

	if (!bank) {
		if (!is_write)
			*value = 0;
		return 0;
	}
	if (offset < REG_BITMAP_END)
		return bitmap_access(bank, ref->implemented, (unsigned)(offset / 0x80) - 1, is_write,
				     value);
	if (offset < REG_ITARGETSR)
		priority_access(bank, ref->implemented, first, size_bytes, is_write, value);
	else
		config_access(bank, ref, first, is_write, value);
	return 0;
}
