/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer harness: any sequence of guest accesses to the function's configuration space and
 * register BAR, 8 bytes each (kind, size, 16-bit offset, 32-bit value). Whatever the guest does,
 * the identity stays, a BAR reads as its firmware address or its sizing mask, INTA is asserted
 * only with the status bit up and interrupt-disable clear, and refused accesses change nothing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pci_ivshmem.h"

#define REGISTERS 0x10000000u
#define MEMORY 0x8040000000ull
#define MEMORY_SIZE 0x10000u
#define ACCESS_BYTES 8u

static uint32_t config_dword(const struct pci_ivshmem *device, uint32_t offset)
{
	uint32_t value;

	if (pci_ivshmem_config_read(device, offset, 4, &value) != PCI_IVSHMEM_OK)
		abort();
	return value;
}

static void check(const struct pci_ivshmem *device)
{
	uint32_t bar0 = config_dword(device, 0x10), bar2 = config_dword(device, 0x18);
	uint32_t command_status = config_dword(device, 0x04);

	if (config_dword(device, 0x00) != (PCI_IVSHMEM_DEVICE << 16 | PCI_IVSHMEM_VENDOR))
		abort();
	if (bar0 != REGISTERS && bar0 != ~(PCI_IVSHMEM_REGISTERS_SIZE - 1u))
		abort();
	if (bar2 != ((uint32_t)MEMORY | 0xcu) && bar2 != (~(MEMORY_SIZE - 1u) | 0xcu))
		abort();
	if (pci_ivshmem_interrupt_asserted(device) &&
	    (!(command_status >> 16 & PCI_STATUS_INTERRUPT) ||
	     (command_status & PCI_COMMAND_INTX_DISABLE)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *input, size_t size)
{
	struct pci_ivshmem device, before;
	enum pci_ivshmem_action action;
	enum pci_ivshmem_status status;

	if (pci_ivshmem_init(&device, REGISTERS, MEMORY, MEMORY_SIZE, 0, 1) != PCI_IVSHMEM_OK)
		abort();
	for (size_t at = 0; at + ACCESS_BYTES <= size; at += ACCESS_BYTES) {
		uint16_t offset;
		uint32_t value;
		unsigned access_size = input[at + 1] % 9u;

		memcpy(&offset, input + at + 2, sizeof(offset));
		memcpy(&value, input + at + 4, sizeof(value));
		before = device;
		switch (input[at] % 5u) {
		case 0:
			status = pci_ivshmem_config_read(&device, offset, access_size, &value);
			break;
		case 1:
			status = pci_ivshmem_config_write(&device, offset, access_size, value);
			break;
		case 2:
			status = pci_ivshmem_register_read(&device, offset, access_size, &value);
			break;
		case 3:
			status = pci_ivshmem_register_write(&device, offset, access_size, value, &action);
			break;
		default:
			pci_ivshmem_set_ring_pending(&device, input[at + 1] & 1u);
			status = PCI_IVSHMEM_OK;
			break;
		}
		if (status != PCI_IVSHMEM_OK && memcmp(&before, &device, sizeof(device)) != 0)
			abort();
		check(&device);
	}
	return 0;
}
