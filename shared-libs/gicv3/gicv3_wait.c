/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Bounded polls. RWP ("register write pending") is how the GIC says an earlier write to a control
 * or enable-clear register has reached every part of the GIC; until it clears, an interrupt just
 * disabled may still be signalled (IHI 0069, descriptions of GICD_CTLR.RWP and GICR_CTLR.RWP).
 */
#include "cpu.h"
#include "gicv3_internal.h"

static bool gicv3_poll_until_clear(uintptr_t reg, uint32_t bits)
{
	for (unsigned i = 0; i < GICV3_POLL_ITERATIONS; i++) {
		if ((mmio_read32(reg) & bits) == 0)
			return true;
	}
	return false;
}

enum gicv3_status gicv3_wait_distributor_writes(uintptr_t distributor)
{
	return gicv3_poll_until_clear(distributor + GICD_CTLR, GICD_CTLR_RWP)
		       ? GICV3_OK
		       : GICV3_ERR_RWP_TIMEOUT;
}

enum gicv3_status gicv3_wait_redistributor_writes(uintptr_t redistributor)
{
	return gicv3_poll_until_clear(redistributor + GICR_CTLR, GICR_CTLR_RWP)
		       ? GICV3_OK
		       : GICV3_ERR_RWP_TIMEOUT;
}

enum gicv3_status gicv3_wait_enable_writes(const struct gicv3 *gic, uintptr_t redistributor,
					   uint32_t intid)
{
	if (intid < GICV3_FIRST_SPI)
		return gicv3_wait_redistributor_writes(redistributor);
	return gicv3_wait_distributor_writes(gic->distributor);
}

/*
 * A redistributor powers up asleep: until ProcessorSleep is cleared and ChildrenAsleep reads 0 it
 * neither forwards interrupts to its CPU nor may it be programmed (IHI 0069, GICR_WAKER
 * description).
 */
enum gicv3_status gicv3_redistributor_wake(uintptr_t redistributor)
{
	uint32_t waker = mmio_read32(redistributor + GICR_WAKER);

	mmio_write32(redistributor + GICR_WAKER, waker & ~GICR_WAKER_PROCESSOR_SLEEP);
	return gicv3_poll_until_clear(redistributor + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP)
		       ? GICV3_OK
		       : GICV3_ERR_WAKE_TIMEOUT;
}
