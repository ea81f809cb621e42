/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Redistributors: per vCPU an RD_base frame (control, identification, power) and an
 * SGI_base frame (the vCPU's SGI and PPI configuration), IHI 0069, "The GIC Redistributor
 * register map". Without VLPIS there are no VLPI_base frames, hence the 128 KiB stride.
 */
#include "vgic_mmio_internal.h"

/* GICR_TYPER fields. */
#define TYPER_LAST (1ull << 4) /* the last Redistributor of the region: Linux stops its walk */
#define TYPER_PROCESSOR_NUMBER_SHIFT 8
#define TYPER_AFFINITY_SHIFT 32 /* Aff3.Aff2.Aff1.Aff0 in [63:32] */

/* GICR_WAKER: bit 0 and bit 31 are IMPLEMENTATION DEFINED and RAZ/WI here. */
#define WAKER_PROCESSOR_SLEEP (1u << 1)
#define WAKER_CHILDREN_ASLEEP (1u << 2)

static bool is_64bit_rd_register(uint64_t offset)
{
	/* GICR_TYPER, and the LPI registers that are RAZ/WI here but keep their 64-bit width:
	 * SETLPIR, CLRLPIR, PROPBASER, PENDBASER, INVLPIR, INVALLR. */
	return offset == GICR_TYPER || offset == 0x40 || offset == 0x48 || offset == 0x70 ||
	       offset == 0x78 || offset == 0xa0 || offset == 0xb0;
}

static unsigned widths_at(bool sgi_frame, uint64_t offset)
{
	if (sgi_frame)
		return offset >= REG_IPRIORITYR && offset < REG_ITARGETSR ? WIDTH_8 | WIDTH_32
									   : WIDTH_32;
	uint64_t base = offset & ~7ull; /* a 32-bit half of a 64-bit register is fine too */
	return is_64bit_rd_register(base) ? WIDTH_32 | WIDTH_64 : WIDTH_32;
}

static uint64_t typer(const struct vgic_mmio *gic, unsigned vcpu)
{
	/* PLPIS, VLPIS, DirectLPI, DPGS, PPInum (16 PPIs), CommonLPIAff: all 0. */
	uint64_t value = ((uint64_t)vcpu << TYPER_AFFINITY_SHIFT) |
			 ((uint64_t)vcpu << TYPER_PROCESSOR_NUMBER_SHIFT);
	return vcpu + 1 == gic->vcpu_count ? value | TYPER_LAST : value;
}

static void rd_register(struct vgic_mmio *gic, unsigned vcpu, uint64_t offset,
			unsigned size_bytes, bool is_write, uint64_t *value)
{
	struct vgic_mmio_redistributor *rd = &gic->redistributors[vcpu];
	uint64_t result = 0;

	switch (offset & ~7ull) {
	case GICR_TYPER: /* read-only */
		result = typer(gic, vcpu) >> (8 * (offset % 8));
		if (size_bytes == 4)
			result &= 0xffffffffu;
		break;
	case GICR_IIDR & ~7ull: /* GICR_CTLR and GICR_IIDR */
		/* GICR_CTLR is all RAZ/WI without LPIs: EnableLPIs, and RWP / UWP read 0 because
		 * every write takes effect at once. */
		result = offset == GICR_IIDR ? VGIC_MMIO_IIDR : 0;
		break;
	case GICR_WAKER & ~7ull: /* GICR_STATUSR (RAZ/WI) and GICR_WAKER */
		if (offset != GICR_WAKER)
			break;
		/* The handshake Linux waits on: ChildrenAsleep follows ProcessorSleep at once, as
		 * there is no interface to quiesce (GICR_WAKER description). */
		if (is_write)
			rd->processor_sleep = (*value & WAKER_PROCESSOR_SLEEP) != 0;
		result = rd->processor_sleep ? WAKER_PROCESSOR_SLEEP | WAKER_CHILDREN_ASLEEP : 0;
		break;
	case REG_PIDR2 & ~7ull:
		result = offset == REG_PIDR2 ? VGIC_MMIO_PIDR2 : 0;
		break;
	default: /* LPI registers, MPAM, reserved and IMPLEMENTATION DEFINED space: RAZ/WI */
		break;
	}
	if (!is_write)
		*value = result;
}

static void sgi_register(struct vgic_mmio *gic, unsigned vcpu, uint64_t offset,
			 unsigned size_bytes, bool is_write, uint64_t *value)
{
	if (!vgic_mmio_is_irq_register(offset)) {
		/* GICR_IGRPMODR0 and GICR_NSACR are RAZ/WI with DS set; the rest is reserved. */
		if (!is_write)
			*value = 0;
		return;
	}
	unsigned intid = vgic_mmio_irq_register_intid(offset);
	/* Only INTIDs 0..31 exist: the extended PPI registers after them are RES0 (no EPPI). */
	struct vgic_mmio_bank_ref ref = {NULL, 0, 0};
	if (intid < GICV3_FIRST_SPI)
		ref = (struct vgic_mmio_bank_ref){
			.bank = &gic->redistributors[vcpu].private_irqs,
			.implemented = 0xffffffffu,
			.fixed_edge = 0xffffu, /* SGIs: GICR_ICFGR0 reads edge, ignores writes */
		};
	uint32_t changed = vgic_mmio_irq_register_access(&ref, offset, size_bytes, is_write, value);

	/* No bank: RAZ/WI, changed is 0 (tested here too: gcc -fanalyzer sees one file at a time). */
	for (unsigned bit = 0; changed && ref.bank && bit < 32; bit++)
		if (((changed >> bit) & 1) && gic->callbacks.private_enable_changed)
			gic->callbacks.private_enable_changed(gic->context, vcpu, bit,
							      (ref.bank->enabled >> bit) & 1);
}

enum vgic_mmio_status vgic_mmio_redistributor_access(struct vgic_mmio *gic, unsigned vcpu_index,
						     uint64_t offset, unsigned size_bytes,
						     bool is_write, uint64_t *value)
{
	enum vgic_mmio_status status = vgic_mmio_check_call(gic, vcpu_index, is_write, value);
	if (status != VGIC_MMIO_OK)
		return status;
	uint64_t owner = offset / VGIC_MMIO_REDISTRIBUTOR_STRIDE;
	if (owner >= gic->vcpu_count)
		return VGIC_MMIO_OUT_OF_RANGE;
	uint64_t in_stride = offset % VGIC_MMIO_REDISTRIBUTOR_STRIDE;
	bool sgi_frame = in_stride >= FRAME_SIZE;
	uint64_t reg = in_stride % FRAME_SIZE;
	if (!vgic_mmio_width_ok(reg, size_bytes, widths_at(sgi_frame, reg)))
		return VGIC_MMIO_BAD_SIZE;
	uint64_t data = is_write ? vgic_mmio_write_data(size_bytes, value) : 0;
	uint64_t *io = is_write ? &data : value;

	if (sgi_frame)
		sgi_register(gic, (unsigned)owner, reg, size_bytes, is_write, io);
	else
		rd_register(gic, (unsigned)owner, reg, size_bytes, is_write, io);
	return VGIC_MMIO_OK;
}
