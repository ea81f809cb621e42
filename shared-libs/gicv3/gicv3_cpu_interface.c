/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The GIC CPU interface through its system registers (ICC_*_EL1 are the physical interface at both
 * EL1 and EL2; the GCC 12 / binutils 2.40 assembler knows them all by name).
 */
#include "cpu.h"
#include "gicv3_internal.h"
#include "sync.h"

#define ICC_SRE_SRE (1u << 0)
#define ICC_SRE_EL2_ENABLE (1u << 3)
#define ICC_CTLR_EOIMODE (1u << 1)
#define ICC_CTLR_RSS (1u << 18)
#define ICC_IGRPEN_ENABLE 1u /* ICC_IGRPEN0_EL1 and ICC_IGRPEN1_EL1 bit 0 */
#define ICC_PMR_UNMASK_ALL 0xffu

#define ICC_SGI1R_TARGET_LIST_BITS 16u
#define ICC_SGI1R_AFF1_SHIFT 16
#define ICC_SGI1R_INTID_SHIFT 24
#define ICC_SGI1R_AFF2_SHIFT 32
#define ICC_SGI1R_RS_SHIFT 44
#define ICC_SGI1R_AFF3_SHIFT 48
#define GICV3_SGI_COUNT 16u

/* Target images say which EL they run at; host tests choose through a fake CurrentEL. */
#if defined(TARGET_EL)
#define GICV3_RUNS_AT_EL2 (TARGET_EL == 2)
#else
#define GICV3_RUNS_AT_EL2 (((sysreg_read(currentel) >> 2) & 3u) == 2u)
#endif

/*
 * A write to ICC_SRE_ELx affects later ICC_* accesses only after a context synchronization event
 * (IHI 0069, ICC_SRE_EL1/ICC_SRE_EL2 descriptions), hence the isb before anything else is
 * touched. SRE reads back 0 when a higher EL keeps this one on the memory-mapped interface; every
 * ICC_* access would then trap, so give up here with a status instead.
 */
static bool gicv3_system_register_interface_enable(void)
{
	uint64_t sre;

	/* Reads and writes are separate statements: cpu.h's accessors must not nest (-Wshadow). */
	if (GICV3_RUNS_AT_EL2) {
		sre = sysreg_read(icc_sre_el2);
		/* Enable lets EL1 (a guest, or Tenon) set ICC_SRE_EL1 without trapping. */
		sysreg_write(icc_sre_el2, sre | ICC_SRE_SRE | ICC_SRE_EL2_ENABLE);
		barrier_instruction();
		sre = sysreg_read(icc_sre_el2);
	} else {
		sre = sysreg_read(icc_sre_el1);
		sysreg_write(icc_sre_el1, sre | ICC_SRE_SRE);
		barrier_instruction();
		sre = sysreg_read(icc_sre_el1);
	}
	return (sre & ICC_SRE_SRE) != 0;
}

__attribute__((cold))
enum gicv3_status gicv3_cpu_interface_enable(void)
{
	if (!gicv3_system_register_interface_enable())
		return GICV3_ERR_SYSREG_DISABLED;

	sysreg_write(icc_pmr_el1, ICC_PMR_UNMASK_ALL);
	/* Binary point 0: every priority bit counts for preemption. */
	sysreg_write(icc_bpr1_el1, 0);
	/* EOImode 0: one EOIR write both drops the running priority and deactivates. */
	uint64_t ctlr = sysreg_read(icc_ctlr_el1);
	sysreg_write(icc_ctlr_el1, ctlr & ~(uint64_t)ICC_CTLR_EOIMODE);
	sysreg_write(icc_igrpen1_el1, ICC_IGRPEN_ENABLE);
	barrier_instruction();
	return GICV3_OK;
}

__attribute__((cold))
enum gicv3_status gicv3_group0_enable(const struct gicv3 *gic)
{
	uint32_t ctlr = mmio_read32(gic->distributor + GICD_CTLR);

	if (!(ctlr & GICD_CTLR_DS))
		return GICV3_ERR_SECURE_GROUP0;
	if (!(ctlr & GICD_CTLR_ENABLE_GRP0)) {
		mmio_write32(gic->distributor + GICD_CTLR, ctlr | GICD_CTLR_ENABLE_GRP0);
		enum gicv3_status status = gicv3_wait_distributor_writes(gic->distributor);
		if (status != GICV3_OK)
			return status;
	}
	sysreg_write(icc_igrpen0_el1, ICC_IGRPEN_ENABLE);
	barrier_instruction();
	return GICV3_OK;
}

uint32_t gicv3_acknowledge_group0(void)
{
	uint32_t intid = (uint32_t)(sysreg_read(icc_iar0_el1) & GICV3_ICC_INTID_MASK);

	barrier_full();
	return intid;
}

void gicv3_end_of_interrupt_group0(uint32_t intid)
{
	sysreg_write(icc_eoir0_el1, intid & GICV3_ICC_INTID_MASK);
	barrier_instruction();
}

void gicv3_split_priority_drop(bool split)
{
	uint64_t ctlr = sysreg_read(icc_ctlr_el1) & ~(uint64_t)ICC_CTLR_EOIMODE;

	sysreg_write(icc_ctlr_el1, split ? ctlr | ICC_CTLR_EOIMODE : ctlr);
	barrier_instruction();
}

void gicv3_deactivate(uint32_t intid)
{
	sysreg_write(icc_dir_el1, intid & GICV3_ICC_INTID_MASK);
	barrier_instruction();
}

/*
 * TargetList has one bit per Aff0 value in a block of 16; RS selects the block, which needs range
 * selector support (ICC_CTLR_EL1.RSS) once Aff0 exceeds 15.
 */
/* ICC_SGI1R_EL1 and ICC_SGI0R_EL1 share one layout (IHI 0069, 12.2.22); false: no such target. */
static bool sgi_value(uint32_t intid, uint64_t target_mpidr_affinity, uint64_t *value)
{
	uint64_t aff0 = target_mpidr_affinity & 0xffu;
	uint64_t aff1 = (target_mpidr_affinity >> 8) & 0xffu;
	uint64_t aff2 = (target_mpidr_affinity >> 16) & 0xffu;
	uint64_t aff3 = (target_mpidr_affinity >> 32) & 0xffu;

	if (aff0 >= ICC_SGI1R_TARGET_LIST_BITS && !(sysreg_read(icc_ctlr_el1) & ICC_CTLR_RSS))
		return false;
	*value = (1ull << (aff0 % ICC_SGI1R_TARGET_LIST_BITS)) | (aff1 << ICC_SGI1R_AFF1_SHIFT) |
		 ((uint64_t)intid << ICC_SGI1R_INTID_SHIFT) | (aff2 << ICC_SGI1R_AFF2_SHIFT) |
		 ((aff0 / ICC_SGI1R_TARGET_LIST_BITS) << ICC_SGI1R_RS_SHIFT) |
		 (aff3 << ICC_SGI1R_AFF3_SHIFT);
	/*
	 * The SGI is a system-register write, which a DMB does not order: only a DSB makes this
	 * CPU's earlier stores (the message the SGI announces) visible before the target can take
	 * it.
	 */
	barrier_store();
	return true;
}

enum gicv3_status gicv3_send_sgi(uint32_t intid, uint64_t target_mpidr_affinity)
{
	uint64_t value;

	if (intid >= GICV3_SGI_COUNT)
		return GICV3_ERR_BAD_INTID;
	if (!sgi_value(intid, target_mpidr_affinity, &value))
		return GICV3_ERR_BAD_TARGET;
	sysreg_write(icc_sgi1r_el1, value);
	/* Sends it now rather than whenever the write happens to retire. */
	barrier_instruction();
	return GICV3_OK;
}

enum gicv3_status gicv3_send_sgi_group0(uint32_t intid, uint64_t target_mpidr_affinity)
{
	uint64_t value;

	if (intid >= GICV3_SGI_COUNT)
		return GICV3_ERR_BAD_INTID;
	if (!sgi_value(intid, target_mpidr_affinity, &value))
		return GICV3_ERR_BAD_TARGET;
	sysreg_write(icc_sgi0r_el1, value);
	barrier_instruction();
	return GICV3_OK;
}
