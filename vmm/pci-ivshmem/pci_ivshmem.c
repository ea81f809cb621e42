/* SPDX-License-Identifier: Apache-2.0 */
#include "pci_ivshmem.h"

#include <stddef.h>

/* Type 0 header offsets (PCI Local Bus 3.0, 6.1). */
#define CONFIG_ID 0x00u
#define CONFIG_COMMAND_STATUS 0x04u
#define CONFIG_CLASS_REVISION 0x08u
#define CONFIG_BAR0 0x10u
#define CONFIG_BAR2_LOW 0x18u
#define CONFIG_BAR2_HIGH 0x1cu
#define CONFIG_SUBSYSTEM 0x2cu
#define CONFIG_INTERRUPT 0x3cu
#define CONFIG_HEADER_END 0x40u

/* Memory controller, RAM (class 05h, subclass 00h), revision 1, as QEMU's ivshmem. */
#define CLASS_REVISION 0x05000001u
#define BAR_64BIT_PREFETCHABLE 0xcu
#define INTERRUPT_PIN_INTA 1u
#define COMMAND_WRITABLE (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE)
#define SIZING_PROBE 0xffffffffu

enum { SIZING_BAR0, SIZING_BAR2_LOW, SIZING_BAR2_HIGH };

static const char *const status_names[PCI_IVSHMEM_STATUS_COUNT] = {
	[PCI_IVSHMEM_OK] = "ok",
	[PCI_IVSHMEM_BAD_ACCESS] = "bad access size, alignment or offset",
	[PCI_IVSHMEM_BAD_LAYOUT] = "BAR not a power of two or not aligned to its size",
};

const char *pci_ivshmem_status_name(enum pci_ivshmem_status status)
{
	return status < PCI_IVSHMEM_STATUS_COUNT ? status_names[status] : "unknown status";
}

static bool power_of_two_aligned(uint64_t base, uint64_t size)
{
	return size != 0 && (size & (size - 1)) == 0 && (base & (size - 1)) == 0;
}

enum pci_ivshmem_status pci_ivshmem_init(struct pci_ivshmem *device, uint64_t registers_base,
					 uint64_t memory_base, uint64_t memory_size,
					 uint32_t position, uint32_t peer)
{
	/* BAR0 is a 32-bit BAR; BAR2's low dword keeps 4 flag bits, so at least 16 bytes. */
	if (!power_of_two_aligned(registers_base, PCI_IVSHMEM_REGISTERS_SIZE) ||
	    registers_base > UINT32_MAX - PCI_IVSHMEM_REGISTERS_SIZE + 1u ||
	    !power_of_two_aligned(memory_base, memory_size) || memory_size < 16u)
		return PCI_IVSHMEM_BAD_LAYOUT;
	*device = (struct pci_ivshmem){.registers_base = registers_base,
				       .memory_base = memory_base, .memory_size = memory_size,
				       .position = position, .peer = peer};
	return PCI_IVSHMEM_OK;
}

bool pci_ivshmem_interrupt_asserted(const struct pci_ivshmem *device)
{
	return (device->interrupt_mask & 1u) && !(device->command & PCI_COMMAND_INTX_DISABLE);
}

/* A ring waits behind the shut gate, or the open gate passes the next one straight on. */
static bool interrupt_pending(const struct pci_ivshmem *device)
{
	return (device->interrupt_mask & 1u) &&
	       (device->ring_pending || !(device->command & PCI_COMMAND_INTX_DISABLE));
}

void pci_ivshmem_set_ring_pending(struct pci_ivshmem *device, bool pending)
{
	device->ring_pending = pending;
}

static uint32_t config_dword(const struct pci_ivshmem *device, uint32_t offset)
{
	uint64_t memory_mask = ~(device->memory_size - 1u);

	switch (offset) {
	case CONFIG_ID:
		return PCI_IVSHMEM_DEVICE << 16 | PCI_IVSHMEM_VENDOR;
	case CONFIG_COMMAND_STATUS:
		return (interrupt_pending(device) ? PCI_STATUS_INTERRUPT : 0u) << 16 | device->command;
	case CONFIG_CLASS_REVISION:
		return CLASS_REVISION;
	case CONFIG_BAR0:
		return device->sizing[SIZING_BAR0] ? ~(PCI_IVSHMEM_REGISTERS_SIZE - 1u)
						    : (uint32_t)device->registers_base;
	case CONFIG_BAR2_LOW:
		return (uint32_t)(device->sizing[SIZING_BAR2_LOW] ? memory_mask : device->memory_base) |
		       BAR_64BIT_PREFETCHABLE;
	case CONFIG_BAR2_HIGH:
		return (uint32_t)((device->sizing[SIZING_BAR2_HIGH] ? memory_mask
								    : device->memory_base) >> 32);
	case CONFIG_SUBSYSTEM:
		return PCI_IVSHMEM_DEVICE << 16 | PCI_IVSHMEM_VENDOR;
	case CONFIG_INTERRUPT:
		return INTERRUPT_PIN_INTA << 8 | device->interrupt_line;
	default:
		return 0u; /* reserved, unused BARs, no ROM, no capabilities: read as zero */
	}
}

static bool config_access_ok(uint32_t offset, unsigned size)
{
	return (size == 1u || size == 2u || size == 4u) && offset % size == 0u &&
	       offset < PCI_IVSHMEM_CONFIG_SIZE;
}

static uint32_t size_mask(unsigned size)
{
	return size == 4u ? 0xffffffffu : (1u << (8u * size)) - 1u;
}

enum pci_ivshmem_status pci_ivshmem_config_read(const struct pci_ivshmem *device, uint32_t offset,
						unsigned size, uint32_t *value)
{
	if (!config_access_ok(offset, size))
		return PCI_IVSHMEM_BAD_ACCESS;
	*value = config_dword(device, offset & ~3u) >> (8u * (offset & 3u)) & size_mask(size);
	return PCI_IVSHMEM_OK;
}

enum pci_ivshmem_status pci_ivshmem_config_write(struct pci_ivshmem *device, uint32_t offset,
						 unsigned size, uint32_t value)
{
	uint32_t shift = 8u * (offset & 3u), mask, dword;

	if (!config_access_ok(offset, size))
		return PCI_IVSHMEM_BAD_ACCESS;
	mask = size_mask(size) << shift;
	dword = (config_dword(device, offset & ~3u) & ~mask) | ((value << shift) & mask);
	switch (offset & ~3u) {
	case CONFIG_COMMAND_STATUS: /* status has no write-1-to-clear bit this device sets */
		device->command = (uint16_t)(dword & COMMAND_WRITABLE);
		break;
	case CONFIG_BAR0:
		device->sizing[SIZING_BAR0] = dword == SIZING_PROBE;
		break;
	case CONFIG_BAR2_LOW:
		device->sizing[SIZING_BAR2_LOW] = (dword | BAR_64BIT_PREFETCHABLE) == SIZING_PROBE;
		break;
	case CONFIG_BAR2_HIGH:
		device->sizing[SIZING_BAR2_HIGH] = dword == SIZING_PROBE;
		break;
	case CONFIG_INTERRUPT:
		device->interrupt_line = (uint8_t)dword;
		break;
	default:
		break; /* read-only or reserved: ignored, as PCI requires */
	}
	return PCI_IVSHMEM_OK;
}

static bool register_access_ok(uint32_t offset, unsigned size)
{
	return size == 4u && offset % 4u == 0u && offset < PCI_IVSHMEM_REGISTERS_SIZE;
}

enum pci_ivshmem_status pci_ivshmem_register_read(struct pci_ivshmem *device, uint32_t offset,
						  unsigned size, uint32_t *value)
{
	if (!register_access_ok(offset, size))
		return PCI_IVSHMEM_BAD_ACCESS;
	switch (offset) {
	case PCI_IVSHMEM_INTERRUPT_MASK:
		*value = device->interrupt_mask;
		break;
	case PCI_IVSHMEM_INTERRUPT_STATUS:
		*value = device->ring_pending ? 1u : 0u;
		break;
	case PCI_IVSHMEM_POSITION:
		*value = device->position;
		break;
	case PCI_IVSHMEM_PEER:
		*value = device->peer;
		break;
	default:
		*value = 0u;
		break;
	}
	return PCI_IVSHMEM_OK;
}

enum pci_ivshmem_status pci_ivshmem_register_write(struct pci_ivshmem *device, uint32_t offset,
						   unsigned size, uint32_t value,
						   enum pci_ivshmem_action *action)
{
	if (!register_access_ok(offset, size))
		return PCI_IVSHMEM_BAD_ACCESS;
	*action = PCI_IVSHMEM_NOTHING;
	if (offset == PCI_IVSHMEM_INTERRUPT_MASK)
		device->interrupt_mask = value & 1u;
	else if (offset == PCI_IVSHMEM_DOORBELL)
		*action = PCI_IVSHMEM_RING_PEER;
	return PCI_IVSHMEM_OK;
}
