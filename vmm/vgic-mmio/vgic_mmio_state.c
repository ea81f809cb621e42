/* SPDX-License-Identifier: Apache-2.0 */
#include "vgic_mmio_internal.h"

static unsigned route_of(const struct vgic_mmio *gic, uint64_t irouter)
{
	unsigned aff0 = (unsigned)(irouter & 0xff);

	return (irouter >> 8) == 0 && aff0 < gic->vcpu_count ? aff0 : VGIC_MMIO_NO_VCPU;
}

unsigned vgic_mmio_route_target(const struct vgic_mmio *gic, unsigned spi_index)
{
	return route_of(gic, gic->irouter[spi_index]);
}

enum vgic_mmio_status vgic_mmio_irq_state(const struct vgic_mmio *gic, unsigned vcpu_index,
					  unsigned intid, struct vgic_mmio_irq *irq)
{
	const struct vgic_mmio_irq_bank *bank;
	unsigned bit, target;

	if (!gic || !irq)
		return VGIC_MMIO_BAD_ARGUMENT;
	if (intid < GICV3_FIRST_SPI) {
		if (vcpu_index >= gic->vcpu_count)
			return VGIC_MMIO_BAD_VCPU;
		bank = &gic->redistributors[vcpu_index].private_irqs;
		bit = intid;
		target = vcpu_index;
	} else {
		unsigned spi = intid - GICV3_FIRST_SPI;
		if (spi >= gic->spi_count)
			return VGIC_MMIO_BAD_INTID;
		bank = &gic->spis[spi / 32];
		bit = spi % 32;
		target = vgic_mmio_route_target(gic, spi);
	}
	bool group1 = (bank->group1 >> bit) & 1;
	*irq = (struct vgic_mmio_irq){
		.group1 = group1,
		.group_enabled = (gic->ctlr >> (group1 ? 1 : 0)) & 1,
		.enabled = (bank->enabled >> bit) & 1,
		.pending = (bank->pending >> bit) & 1,
		.active = (bank->active >> bit) & 1,
		.edge = (bank->edge >> bit) & 1,
		.priority = bank->priority[bit],
		.target_vcpu = target,
	};
	return VGIC_MMIO_OK;
}
