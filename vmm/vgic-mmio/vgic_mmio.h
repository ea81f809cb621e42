/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vgic-mmio: the guest-visible state of an emulated GICv3 Distributor and Redistributors, for a
 * VMM component that boots an unmodified Linux (drivers/irqchip/irq-gic-v3.c is the client).
 *
 * The guest's CPU interface is the hardware's virtual CPU interface (ICC_* accesses reach ICV_*),
 * so only the memory-mapped frames are emulated: the VMM leaves them unmapped, and hands each
 * trapped load or store to vgic_mmio_distributor_access() or vgic_mmio_redistributor_access().
 * Every argument, offset and value may come from a hostile guest.
 *
 * What the guest sees (GICv3 architecture specification, Arm IHI 0069):
 * - A GIC with a single Security state (GICD_CTLR.DS reads 1) and affinity routing always on
 *   (GICD_CTLR.ARE reads 1), so the Distributor's SGI/PPI words, GICD_ITARGETSR, GICD_SGIR and
 *   GICD_{C,S}PENDSGIR are RES0, and GICD_IGRPMODR / NSACR are RAZ/WI (their descriptions:
 *   both are RAZ/WI when DS is 1).
 * - No LPIs, no ITS, no extended SPI/PPI ranges, no 1-of-N SPI routing (GICD_TYPER.No1N = 1),
 *   no Aff3 (A3V = 0). vCPU i's Redistributor reports affinity Aff0 = i: the VMM must give
 *   vCPU i an MPIDR_EL1 with Aff0 = i and the other affinity fields 0, or Linux will not find
 *   its Redistributor.
 * - Pending and active bits the guest writes (I{S,C}PENDR, I{S,C}ACTIVER) are only stored: the
 *   hypervisor owns the real pending state in the list registers, and a VMM may ignore them.
 *
 * Not thread-safe: the VMM serialises the calls for one struct vgic_mmio. Callbacks run after
 * the state has changed, from inside the access call, so they may call vgic_mmio_irq_state().
 */
#ifndef VGIC_MMIO_H
#define VGIC_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "gicv3.h"

#define VGIC_MMIO_MAX_VCPUS CONFIG_VGIC_MMIO_MAX_VCPUS
#define VGIC_MMIO_MAX_SPIS CONFIG_VGIC_MMIO_MAX_SPIS
_Static_assert(VGIC_MMIO_MAX_SPIS % 32 == 0, "VGIC_MMIO_MAX_SPIS must be a multiple of 32");

/* The frames the VMM leaves unmapped and describes in the guest's devicetree. */
#define VGIC_MMIO_DISTRIBUTOR_SIZE 0x10000
#define VGIC_MMIO_REDISTRIBUTOR_STRIDE 0x20000 /* RD_base frame, then SGI_base frame */

/* A route (GICD_IROUTER) that names no vCPU of this GIC: the SPI goes nowhere. */
#define VGIC_MMIO_NO_VCPU 0xffffffffu

enum vgic_mmio_status {
	VGIC_MMIO_OK,
	VGIC_MMIO_BAD_SIZE,	    /* width not allowed for that register, or not naturally aligned */
	VGIC_MMIO_OUT_OF_RANGE,	    /* offset past the frame, or past the last Redistributor */
	VGIC_MMIO_BAD_VCPU,	    /* vcpu_index is not one of this GIC's vCPUs */
	VGIC_MMIO_BAD_ARGUMENT,	    /* NULL pointer, or init counts out of range */
	VGIC_MMIO_BAD_INTID,	    /* vgic_mmio_irq_state(): no such interrupt */
	VGIC_MMIO_STATUS_COUNT
};

const char *vgic_mmio_status_name(enum vgic_mmio_status status);

/* Every member may be NULL. context is the pointer given to vgic_mmio_init(). */
struct vgic_mmio_callbacks {
	/* An SPI's enable bit changed (GICD_ISENABLER / GICD_ICENABLER): mask or unmask it. */
	void (*spi_enable_changed)(void *context, unsigned intid, bool enabled);
	/* An SPI's GICD_IROUTER changed; vcpu_index is VGIC_MMIO_NO_VCPU if it names none. */
	void (*spi_route_changed)(void *context, unsigned intid, unsigned vcpu_index);
	/* An SGI's or PPI's enable bit changed in vcpu_index's Redistributor (e.g. the timer PPI). */
	void (*private_enable_changed)(void *context, unsigned vcpu_index, unsigned intid,
				       bool enabled);
};

/* 32 consecutive INTIDs, one bit each as in the GIC's own registers. */
struct vgic_mmio_irq_bank {
	uint32_t group1;  /* IGROUPR: 1 = Group 1 */
	uint32_t enabled; /* I{S,C}ENABLER */
	uint32_t pending; /* I{S,C}PENDR, as the guest wrote them */
	uint32_t active;  /* I{S,C}ACTIVER, as the guest wrote them */
	uint32_t edge;	  /* ICFGR Int_config: 1 = edge-triggered */
	uint8_t priority[32];
};

struct vgic_mmio_redistributor {
	struct vgic_mmio_irq_bank private_irqs; /* SGIs 0..15, PPIs 16..31 */
	bool processor_sleep;			/* GICR_WAKER.ProcessorSleep */
};

/* All state, sized by Kconfig; the VMM owns the memory. Read it through the functions below. */
struct vgic_mmio {
	struct vgic_mmio_callbacks callbacks;
	void *context;
	unsigned vcpu_count;
	unsigned spi_count;
	uint32_t ctlr;				   /* GICD_CTLR's writable enable bits */
	struct vgic_mmio_irq_bank spis[VGIC_MMIO_MAX_SPIS / 32]; /* INTIDs 32 + 32 * i... */
	uint64_t irouter[VGIC_MMIO_MAX_SPIS];			 /* of INTID 32 + i */
	struct vgic_mmio_redistributor redistributors[VGIC_MMIO_MAX_VCPUS];
};

/*
 * vcpu_count 1..VGIC_MMIO_MAX_VCPUS, spi_count 0..VGIC_MMIO_MAX_SPIS (the guest sees SPIs
 * 32..32 + spi_count - 1; GICD_TYPER rounds up to 32, the extra INTIDs are RAZ/WI). callbacks
 * may be NULL; it is copied. Every interrupt starts Group 0, disabled, level, priority 0,
 * routed to vCPU 0; every Redistributor starts asleep (GICR_WAKER.ProcessorSleep = 1).
 */
enum vgic_mmio_status vgic_mmio_init(struct vgic_mmio *gic, unsigned vcpu_count,
				     unsigned spi_count,
				     const struct vgic_mmio_callbacks *callbacks, void *context);

/*
 * One guest access; offset from the Distributor base. size_bytes 1, 2, 4 or 8. A read stores
 * the zero-extended result in *value; a write uses the low size_bytes bytes of *value.
 * vcpu_index is the vCPU that made the access. On any status but OK nothing changed and a
 * read's *value is 0; the VMM then injects an external abort or skips the instruction.
 */
enum vgic_mmio_status vgic_mmio_distributor_access(struct vgic_mmio *gic, unsigned vcpu_index,
						   uint64_t offset, unsigned size_bytes,
						   bool is_write, uint64_t *value);

/*
 * The same for the Redistributor region: offset from the first Redistributor, vCPU i's frames
 * at i * VGIC_MMIO_REDISTRIBUTOR_STRIDE (RD_base, then SGI_base 64 KiB later). Any vCPU may
 * access any Redistributor; vcpu_index is still checked.
 */
enum vgic_mmio_status vgic_mmio_redistributor_access(struct vgic_mmio *gic, unsigned vcpu_index,
						     uint64_t offset, unsigned size_bytes,
						     bool is_write, uint64_t *value);

/* What the hypervisor needs to inject one interrupt. */
struct vgic_mmio_irq {
	bool group1;
	bool group_enabled; /* GICD_CTLR enables this interrupt's group */
	bool enabled;
	bool pending; /* as the guest last wrote it */
	bool active;  /* as the guest last wrote it */
	bool edge;
	uint8_t priority;
	unsigned target_vcpu; /* SPIs: from GICD_IROUTER (maybe VGIC_MMIO_NO_VCPU); else vcpu_index */
};

/* intid below 32 is vcpu_index's SGI or PPI; vcpu_index is ignored for an SPI. */
enum vgic_mmio_status vgic_mmio_irq_state(const struct vgic_mmio *gic, unsigned vcpu_index,
					  unsigned intid, struct vgic_mmio_irq *irq);

#endif
