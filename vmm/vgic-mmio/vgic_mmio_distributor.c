/* SPDX-License-Identifier: Apache-2.0 */
/* The Distributor frame (IHI 0069, "The GIC Distributor register map"). */
#include "vgic_mmio_internal.h"

/* GICD_CTLR with GICD_CTLR.DS == 1 (IHI 0069, GICD_CTLR description, single Security state). */
#define CTLR_ENABLE_GRP0 (1u << 0)
#define CTLR_ENABLE_GRP1 (1u << 1)
#define CTLR_ARE (1u << 4) /* RAO/WI: this GIC only implements affinity routing */
#define CTLR_DS (1u << 6)  /* RAO/WI: one Security state, the guest's */

/* GICD_TYPER fields. */
#define TYPER_IDBITS_SHIFT 19 /* number of INTID bits minus one */
#define TYPER_NO1N (1u << 25)  /* no 1-of-N SPI routing, so GICD_IROUTER.IRM is RAZ/WI */

/*
 * GICD_IROUTER: Aff2.Aff1.Aff0 in [23:0] are stored. IRM [31] is RAZ/WI because TYPER.No1N
 * is 1, and Aff3 [39:32] is RES0 because TYPER.A3V is 0.
 */
#define IROUTER_WRITABLE 0x00ffffffull

static unsigned widths_at(uint64_t offset)
{
	/* Byte-accessible: IPRIORITYR, ITARGETSR, CPENDSGIR, SPENDSGIR. */
	if ((offset >= REG_IPRIORITYR && offset < REG_ICFGR) ||
	    (offset >= GICD_CPENDSGIR && offset < GICD_SPENDSGIR_END))
		return WIDTH_8 | WIDTH_32;
	/* 64-bit registers may also be accessed as two 32-bit halves. */
	if (offset >= GICD_IROUTER && offset < GICD_IROUTER_END)
		return WIDTH_32 | WIDTH_64;
	return WIDTH_32;
}

static struct vgic_mmio_bank_ref spi_bank(struct vgic_mmio *gic, unsigned intid)
{
	/* With ARE set the Distributor's registers for INTIDs 0..31 are RES0: those live in each
	 * Redistributor (IHI 0069, "Affinity routing" and the GICD_IGROUPR0 etc. notes). */
	if (intid < GICV3_FIRST_SPI || intid - GICV3_FIRST_SPI >= gic->spi_count)
		return (struct vgic_mmio_bank_ref){NULL, 0, 0};
	unsigned first_spi = (intid - GICV3_FIRST_SPI) & ~31u;
	unsigned count = gic->spi_count - first_spi;
	return (struct vgic_mmio_bank_ref){
		.bank = &gic->spis[first_spi / 32],
		.implemented = count >= 32 ? 0xffffffffu : (1u << count) - 1,
		.fixed_edge = 0,
	};
}

static void irq_register(struct vgic_mmio *gic, uint64_t offset, unsigned size_bytes,
			 bool is_write, uint64_t *value)
{
	unsigned intid = vgic_mmio_irq_register_intid(offset);
	struct vgic_mmio_bank_ref ref = spi_bank(gic, intid);
	uint32_t changed = vgic_mmio_irq_register_access(&ref, offset, size_bytes, is_write, value);
	unsigned first = intid & ~31u;

	/*
	 * A register with no bank (RAZ/WI) changes nothing, so changed is 0 then; the loop says so
	 * itself rather than rely on another file's promise (gcc -fanalyzer sees one file at a time).
	 */
	for (unsigned bit = 0; changed && ref.bank && bit < 32; bit++)
		if (((changed >> bit) & 1) && gic->callbacks.spi_enable_changed)
			gic->callbacks.spi_enable_changed(gic->context, first + bit,
							  (ref.bank->enabled >> bit) & 1);
}

static void irouter(struct vgic_mmio *gic, uint64_t offset, unsigned size_bytes, bool is_write,
		    uint64_t *value)
{
	unsigned intid = (unsigned)((offset - GICD_IROUTER) / 8);
	unsigned shift = (unsigned)(offset % 8) * 8; /* 32 for the upper half */
	uint64_t field = size_bytes == 8 ? UINT64_MAX : 0xffffffffull << shift;

	if (intid < GICV3_FIRST_SPI || intid - GICV3_FIRST_SPI >= gic->spi_count) {
		if (!is_write)
			*value = 0;
		return;
	}
	unsigned spi = intid - GICV3_FIRST_SPI;
	uint64_t *route = &gic->irouter[spi];
	if (!is_write) {
		*value = (*route & field) >> shift;
		return;
	}
	uint64_t updated = (*route & ~field) | ((*value << shift) & field & IROUTER_WRITABLE);
	if (updated == *route)
		return;
	*route = updated;
	if (gic->callbacks.spi_route_changed)
		gic->callbacks.spi_route_changed(gic->context, intid, vgic_mmio_route_target(gic, spi));
}

static uint32_t typer(const struct vgic_mmio *gic)
{
	/* ITLinesNumber N: SPIs up to INTID 32 * (N + 1) - 1. IDbits 9: 10-bit INTIDs, no LPIs.
	 * SecurityExtn 0, MBIS 0, LPIS 0, ESPI 0, A3V 0, RSS 0; CPUNumber is unused with ARE. */
	unsigned it_lines = (gic->spi_count + 31) / 32;
	return it_lines | (9u << TYPER_IDBITS_SHIFT) | TYPER_NO1N;
}

/* The control and identification registers, and everything RAZ/WI. */
static void other_register(struct vgic_mmio *gic, uint64_t offset, bool is_write,
			     uint64_t *value)
{
	uint32_t result = 0;

	switch (offset) {
	case GICD_CTLR:
		/* Enables take effect at once, so RWP [31] always reads 0. */
		if (is_write)
			gic->ctlr = (uint32_t)*value & (CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1);
		result = gic->ctlr | CTLR_ARE | CTLR_DS;
		break;
	case GICD_TYPER:
		result = typer(gic);
		break;
	case GICD_IIDR:
		result = VGIC_MMIO_IIDR;
		break;
	case REG_PIDR2:
		result = VGIC_MMIO_PIDR2;
		break;
	default:
		/* RAZ/WI: GICD_TYPER2 (no vSGIs, no extended SPIs), ITARGETSR and SGIR and
		 * {C,S}PENDSGIR (RES0 with ARE), IGRPMODR and NSACR (RAZ/WI with DS), the
		 * message-based SPI registers (no MBIS), reserved and ID space but PIDR2. */
		break;
	}
	if (!is_write)
		*value = result;
}

enum vgic_mmio_status vgic_mmio_distributor_access(struct vgic_mmio *gic, unsigned vcpu_index,
						   uint64_t offset, unsigned size_bytes,
						   bool is_write, uint64_t *value)
{
	enum vgic_mmio_status status = vgic_mmio_check_call(gic, vcpu_index, is_write, value);
	if (status != VGIC_MMIO_OK)
		return status;
	if (offset >= VGIC_MMIO_DISTRIBUTOR_SIZE)
		return VGIC_MMIO_OUT_OF_RANGE;
	if (!vgic_mmio_width_ok(offset, size_bytes, widths_at(offset)))
		return VGIC_MMIO_BAD_SIZE;
	uint64_t data = is_write ? vgic_mmio_write_data(size_bytes, value) : 0;
	uint64_t *io = is_write ? &data : value;

	if (vgic_mmio_is_irq_register(offset))
		irq_register(gic, offset, size_bytes, is_write, io);
	else if (offset >= GICD_IROUTER && offset < GICD_IROUTER_END)
		irouter(gic, offset, size_bytes, is_write, io);
	else
		other_register(gic, offset, is_write, io);
	return VGIC_MMIO_OK;
}
