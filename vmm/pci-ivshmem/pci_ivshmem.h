/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pci-ivshmem: one channel as an ivshmem-style PCI function, the state behind its configuration
 * space (reached through the VMM's ECAM window) and its register BAR. Every access comes from the
 * guest and is hostile: a bad size or alignment is refused, and nothing changes.
 *
 * The BARs are assigned by firmware (the VMM) and fixed: the guest's devicetree asks Linux to keep
 * them (linux,pci-probe-only), so the memory BAR is where the channel's memory is already mapped,
 * with no VMM on the data path. A BAR still answers the PCI sizing probe (write all ones, read
 * back the size mask); any other value written leaves the firmware address.
 *
 * Register BAR (PCI_IVSHMEM_REGISTERS_SIZE bytes, 32-bit accesses only), as QEMU's ivshmem:
 *   0x00 interrupt mask    bit 0: the doorbell may interrupt
 *   0x04 interrupt status  bit 0: a ring of the peer is pending, not yet delivered (read-only)
 *   0x08 position          this end of the channel (0 or 1), read-only
 *   0x0c doorbell          a write rings the peer
 *   0x10 peer              the peer's identity (the VMM's choice), read-only
 *
 * The interrupt status is exact: the peer's ring is the channel's virtual SPI, which Mortise
 * latches at the guest's vCPU, and the VMM asks Mortise (vcpu.set_spi_enabled's answer) right
 * before a read, through pci_ivshmem_set_ring_pending. It is 1 from the peer's ring until the
 * interrupt is delivered, that is while INTx is held back (mask clear or interrupt-disable set)
 * and ring after ring, and 0 once Linux has taken it; reading does not clear it (unlike QEMU's
 * ivshmem, where the device itself latches): only delivery does. It says nothing about the
 * messages in the shared memory, which are the protocol's (msg-ring).
 *
 * INTA is the SPI's gate: open while mask bit 0 is set and the command register's
 * interrupt-disable bit is clear. The configuration status register's interrupt-status bit (PCI
 * 2.3) is set while the mask is set and either a ring is pending or the gate is open, when a
 * ring goes straight to Linux: the SPI is the function's alone, so uio_pci_generic's handler,
 * which runs only for a ring, always finds it set, and masks the function.
 */
#ifndef PCI_IVSHMEM_H
#define PCI_IVSHMEM_H

#include <stdbool.h>
#include <stdint.h>

#define PCI_IVSHMEM_VENDOR 0x1af4u
#define PCI_IVSHMEM_DEVICE 0x1110u
#define PCI_IVSHMEM_REGISTERS_SIZE 0x100u
#define PCI_IVSHMEM_CONFIG_SIZE 0x1000u /* one ECAM function */

#define PCI_IVSHMEM_INTERRUPT_MASK 0x00u
#define PCI_IVSHMEM_INTERRUPT_STATUS 0x04u
#define PCI_IVSHMEM_POSITION 0x08u
#define PCI_IVSHMEM_DOORBELL 0x0cu
#define PCI_IVSHMEM_PEER 0x10u

#define PCI_IVSHMEM_CONFIG_STATUS 0x06u /* the configuration space's status register */
#define PCI_COMMAND_MEMORY (1u << 1)
#define PCI_COMMAND_MASTER (1u << 2)
#define PCI_COMMAND_INTX_DISABLE (1u << 10)
#define PCI_STATUS_INTERRUPT (1u << 3)

enum pci_ivshmem_status {
	PCI_IVSHMEM_OK,
	PCI_IVSHMEM_BAD_ACCESS, /* not 1, 2 or 4 bytes naturally aligned (registers: 4), or outside */
	PCI_IVSHMEM_BAD_LAYOUT, /* a BAR not a power of two, too small, or not aligned to its size */
	PCI_IVSHMEM_STATUS_COUNT
};

const char *pci_ivshmem_status_name(enum pci_ivshmem_status status);

/* What the VMM must do after a register write. */
enum pci_ivshmem_action {
	PCI_IVSHMEM_NOTHING,
	PCI_IVSHMEM_RING_PEER,
};

struct pci_ivshmem {
	uint64_t registers_base; /* guest physical, PCI_IVSHMEM_REGISTERS_SIZE aligned */
	uint64_t memory_base, memory_size; /* the channel's memory: a power of two, size aligned */
	uint32_t position, peer;
	uint16_t command;
	uint8_t interrupt_line;
	bool sizing[3]; /* BAR0, BAR2 low, BAR2 high: the guest wrote all ones */
	uint32_t interrupt_mask;
	bool ring_pending; /* what Mortise last said: the peer's ring waits at the vCPU */
};

enum pci_ivshmem_status pci_ivshmem_init(struct pci_ivshmem *device, uint64_t registers_base,
					 uint64_t memory_base, uint64_t memory_size,
					 uint32_t position, uint32_t peer);

/* offset: within the function's 4 KiB ECAM space; size 1, 2 or 4. */
enum pci_ivshmem_status pci_ivshmem_config_read(const struct pci_ivshmem *device, uint32_t offset,
						unsigned size, uint32_t *value);
enum pci_ivshmem_status pci_ivshmem_config_write(struct pci_ivshmem *device, uint32_t offset,
						 unsigned size, uint32_t value);

/* offset: within the register BAR; 4-byte accesses only. */
enum pci_ivshmem_status pci_ivshmem_register_read(struct pci_ivshmem *device, uint32_t offset,
						  unsigned size, uint32_t *value);
enum pci_ivshmem_status pci_ivshmem_register_write(struct pci_ivshmem *device, uint32_t offset,
						   unsigned size, uint32_t value,
						   enum pci_ivshmem_action *action);

/* Whether the peer's ring is pending at the guest's vCPU, as Mortise says. */
void pci_ivshmem_set_ring_pending(struct pci_ivshmem *device, bool pending);

/* Whether INTA may reach the guest now: the gate the VMM sets for the doorbell's SPI. */
bool pci_ivshmem_interrupt_asserted(const struct pci_ivshmem *device);

#endif
