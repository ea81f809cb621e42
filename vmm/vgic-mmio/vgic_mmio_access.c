/* SPDX-License-Identifier: Apache-2.0 */
#include "vgic_mmio_internal.h"

/*
 * IHI 0069, "GIC memory-mapped register access": every register takes 32-bit accesses, the
 * 64-bit ones also 64-bit accesses, and only the byte-wide fields (priorities, targets, SGI
 * pending bytes) byte accesses; all naturally aligned. Other widths are UNPREDICTABLE, which
 * this model turns into an error the VMM reports to the guest as an abort.
 */
bool vgic_mmio_width_ok(uint64_t offset, unsigned size_bytes, unsigned widths)
{
	if (size_bytes == 0 || size_bytes > 8 || (widths & (1u << size_bytes)) == 0)
		return false;
	return (offset & (size_bytes - 1)) == 0;
}

enum vgic_mmio_status vgic_mmio_check_call(const struct vgic_mmio *gic, unsigned vcpu_index,
					   bool is_write, uint64_t *value)
{
	if (!value)
		return VGIC_MMIO_BAD_ARGUMENT;
	if (!is_write)
		*value = 0;
	if (!gic)
		return VGIC_MMIO_BAD_ARGUMENT;
	if (vcpu_index >= gic->vcpu_count || gic->vcpu_count > VGIC_MMIO_MAX_VCPUS)
		return VGIC_MMIO_BAD_VCPU;
	return VGIC_MMIO_OK;
}

uint64_t vgic_mmio_write_data(unsigned size_bytes, const uint64_t *value)
{
	return size_bytes >= 8 ? *value : *value & ((1ull << (8 * size_bytes)) - 1);
}
