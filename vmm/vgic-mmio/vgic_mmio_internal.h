/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the vgic-mmio sources share: register offsets (Arm IHI 0069, "The GIC Distributor
 * register map" and "The GIC Redistributor register map"), access-width rules and the
 * interrupt registers that the Distributor and the Redistributor's SGI_base frame lay out alike.
 */
#ifndef VGIC_MMIO_INTERNAL_H
#define VGIC_MMIO_INTERNAL_H

#include <stddef.h>

#include "vgic_mmio.h"

#define FRAME_SIZE 0x10000u

/* Interrupt registers, the same offsets in GICD and in GICR's SGI_base frame. */
#define REG_IGROUPR 0x0080u   /* then ISENABLER, ICENABLER, ISPENDR, ICPENDR, ISACTIVER, ICACTIVER */
#define REG_BITMAP_END 0x0400u /* each bitmap block is 0x80 bytes: 32 words of 32 INTIDs */
#define REG_IPRIORITYR 0x0400u
#define REG_ITARGETSR 0x0800u
#define REG_ICFGR 0x0c00u
#define REG_ICFGR_END 0x0d00u
#define REG_IGRPMODR 0x0d00u
#define REG_NSACR 0x0e00u

/* Distributor-only registers. */
#define GICD_CTLR 0x0000u
#define GICD_TYPER 0x0004u
#define GICD_IIDR 0x0008u
#define GICD_TYPER2 0x000cu
#define GICD_SPENDSGIR_END 0x0f30u
#define GICD_CPENDSGIR 0x0f10u
#define GICD_IROUTER 0x6000u
#define GICD_IROUTER_END 0x8000u

/* Redistributor RD_base frame. */
#define GICR_CTLR 0x0000u
#define GICR_IIDR 0x0004u
#define GICR_TYPER 0x0008u
#define GICR_WAKER 0x0014u

/* Both frames with an identification block. */
#define REG_PIDR2 0xffe8u

/* Access widths a register allows, as a mask of 1 << size_bytes. */
#define WIDTH_8 (1u << 1)
#define WIDTH_32 (1u << 4)
#define WIDTH_64 (1u << 8)

/*
 * GICD_IIDR and GICR_IIDR. Implementer 0 is no JEP106 code: this GIC is a software model, not
 * silicon, and Linux's GIC quirk table keys on real implementers' codes, so it matches none of
 * its workarounds. ProductID 0x54 ('T', TenonOS), Variant 0, Revision 1.
 */
#define VGIC_MMIO_IIDR ((0x54u << 24) | (1u << 12))
/* GICD_PIDR2 / GICR_PIDR2: only ArchRev [7:4] is architected; 3 = GICv3. */
#define VGIC_MMIO_PIDR2 (3u << 4)

/* Checks natural alignment and that size_bytes is one of widths. */
bool vgic_mmio_width_ok(uint64_t offset, unsigned size_bytes, unsigned widths);

/* The 32-INTID bank an interrupt register reaches; bank NULL means the register is RAZ/WI. */
struct vgic_mmio_bank_ref {
	struct vgic_mmio_irq_bank *bank;
	uint32_t implemented; /* INTIDs of the bank that exist */
	uint32_t fixed_edge;  /* INTIDs whose ICFGR field reads edge and ignores writes (SGIs) */
};

/* Whether offset lies in IGROUPR..ICACTIVER, IPRIORITYR or ICFGR. */
bool vgic_mmio_is_irq_register(uint64_t offset);
/* The first INTID an access at offset (in one of those registers) covers. */
unsigned vgic_mmio_irq_register_intid(uint64_t offset);
/*
 * One access to an interrupt register whose bank is ref. value is the masked write data, or
 * receives the read. Returns the INTIDs of the bank whose enable bit changed.
 */
uint32_t vgic_mmio_irq_register_access(const struct vgic_mmio_bank_ref *ref, uint64_t offset,
				       unsigned size_bytes, bool is_write, uint64_t *value);

/* The vCPU an SPI's GICD_IROUTER names, or VGIC_MMIO_NO_VCPU; spi_index = INTID - 32. */
unsigned vgic_mmio_route_target(const struct vgic_mmio *gic, unsigned spi_index);

/* The checks both frames start with; also clears *value for a read, whatever the outcome. */
enum vgic_mmio_status vgic_mmio_check_call(const struct vgic_mmio *gic, unsigned vcpu_index,
					   bool is_write, uint64_t *value);
uint64_t vgic_mmio_write_data(unsigned size_bytes, const uint64_t *value);

#endif
