/* SPDX-License-Identifier: Apache-2.0 */
#include "vgic_mmio_internal.h"

enum vgic_mmio_status vgic_mmio_init(struct vgic_mmio *gic, unsigned vcpu_count,
				     unsigned spi_count,
				     const struct vgic_mmio_callbacks *callbacks, void *context)
{
	if (!gic || vcpu_count == 0 || vcpu_count > VGIC_MMIO_MAX_VCPUS ||
	    spi_count > VGIC_MMIO_MAX_SPIS)
		return VGIC_MMIO_BAD_ARGUMENT;
	/*
	 * Reset values: the architecture leaves most of them UNKNOWN or IMPLEMENTATION DEFINED, so
	 * zero (Group 0, disabled, level, priority 0, IROUTER 0 = vCPU 0) is as good as any and
	 * is what the VMM can assume before the first callback.
	 */
	*gic = (struct vgic_mmio){0};
	if (callbacks)
		gic->callbacks = *callbacks;
	gic->context = context;
	gic->vcpu_count = vcpu_count;
	gic->spi_count = spi_count;
	for (unsigned v = 0; v < vcpu_count; v++) {
		/* SGIs are always edge-triggered (GICR_ICFGR0 description). */
		gic->redistributors[v].private_irqs.edge = 0xffffu;
		/* A Redistributor resets asleep: GICR_WAKER.ProcessorSleep resets to 1. */
		gic->redistributors[v].processor_sleep = true;
	}
	return VGIC_MMIO_OK;
}
