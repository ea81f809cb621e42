/* SPDX-License-Identifier: Apache-2.0 */
/*
 * gicv3 internals: register map (GIC architecture specification IHI 0069, "Programmers' model") and
 * the helpers the library's files share. Not part of the interface.
 */
#ifndef GICV3_INTERNAL_H
#define GICV3_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "gicv3.h"

/* Distributor (GICD_*). Bit positions are those of the Non-secure / DS=1 view of GICD_CTLR. */
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_IGRPMODR 0x0d00
#define GICD_IROUTER 0x6000
#define GICD_PIDR2 0xffe8

/* Bit 1 is the Non-secure Group 1 enable in all views (EnableGrp1NS, EnableGrp1A, EnableGrp1). */
#define GICD_CTLR_ENABLE_GRP1NS (1u << 1)
#define GICD_CTLR_ENABLE_GRP0 (1u << 0) /* DS = 1 view */
#define GICD_CTLR_DS (1u << 6)
#define GICD_CTLR_ENABLE_ALL_GROUPS 0x7u
#define GICD_CTLR_ARE_NS (1u << 4)
#define GICD_CTLR_RWP (1u << 31)
#define GICD_TYPER_ITLINES_MASK 0x1fu
#define GIC_PIDR2_ARCHREV_SHIFT 4
#define GIC_PIDR2_ARCHREV_MASK 0xfu

/* Redistributor RD_base frame (GICR_*). */
#define GICR_CTLR 0x0000
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_CTLR_RWP (1u << 3)
#define GICR_TYPER_VLPIS (1ull << 1)
#define GICR_TYPER_LAST (1ull << 4)
#define GICR_TYPER_AFFINITY_SHIFT 32
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)

/*
 * Each redistributor is an RD_base and an SGI_base 64 KiB frame; with GICv4 virtual LPIs
 * (GICR_TYPER.VLPIS) two more frames follow (VLPI_base and a reserved one).
 */
#define GICR_FRAME_SIZE 0x10000u
#define GICR_SGI_BASE_OFFSET GICR_FRAME_SIZE
#define GICR_STRIDE (2u * GICR_FRAME_SIZE)
#define GICR_STRIDE_WITH_VLPIS (4u * GICR_FRAME_SIZE)

/* Redistributor SGI_base frame: same offsets as the distributor's first register of each kind. */
#define GICR_IGROUPR0 GICD_IGROUPR
#define GICR_ISENABLER0 GICD_ISENABLER
#define GICR_ICENABLER0 GICD_ICENABLER
#define GICR_ISACTIVER0 GICD_ISACTIVER
#define GICR_ICACTIVER0 GICD_ICACTIVER
#define GICR_IPRIORITYR GICD_IPRIORITYR
#define GICR_ICFGR GICD_ICFGR
#define GICR_IGRPMODR0 GICD_IGRPMODR

#define GIC_MAX_INTERRUPT_LINES (GICV3_LAST_SPI + 1u)

/* Address of the 32-bit register holding intid's bit in a one-bit-per-interrupt bank. */
static inline uintptr_t gicv3_bit_register(uintptr_t bank, uint32_t intid)
{
	return bank + 4u * (intid / 32u);
}

static inline uint32_t gicv3_bit_mask(uint32_t intid)
{
	return 1u << (intid % 32u);
}

/* Four one-byte priority fields per GICD_IPRIORITYRn / GICR_IPRIORITYRn word. */
static inline uint32_t gicv3_priority_word(uint8_t priority)
{
	return (uint32_t)priority * 0x01010101u;
}

/* Frame that holds intid's configuration: SGI_base for SGIs/PPIs, the distributor for SPIs. */
static inline uintptr_t gicv3_config_frame(const struct gicv3 *gic, uintptr_t redistributor,
					   uint32_t intid)
{
	return intid < GICV3_FIRST_SPI ? redistributor + GICR_SGI_BASE_OFFSET : gic->distributor;
}

bool gicv3_intid_valid(const struct gicv3 *gic, uint32_t intid);
/* Waits for writes to GICD_CTLR and GICD_ICENABLERn to take effect (GICD_CTLR.RWP). */
enum gicv3_status gicv3_wait_distributor_writes(uintptr_t distributor);
/* Waits for writes to GICR_ICENABLER0 and GICR_CTLR to take effect (GICR_CTLR.RWP). */
enum gicv3_status gicv3_wait_redistributor_writes(uintptr_t redistributor);
/* Waits for the RWP that tracks intid's enable bit: GICR_CTLR for SGIs/PPIs, else GICD_CTLR. */
enum gicv3_status gicv3_wait_enable_writes(const struct gicv3 *gic, uintptr_t redistributor,
					   uint32_t intid);
enum gicv3_status gicv3_redistributor_wake(uintptr_t redistributor);


#endif
