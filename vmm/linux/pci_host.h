/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pci_host.c: the guest's generic ECAM PCI host bridge (Linux's pci-host-ecam-generic), with one
 * ivshmem-style function (vmm/pci-ivshmem) per channel whose policy says linux-view = "pci".
 * Function k sits at bus 0, device k, function 0. Its register BAR (BAR0) is an unmapped page at
 * GUEST_PCI_REGISTERS_IPA + k * 4 KiB, so every register access is an exit served here; its
 * memory BAR (BAR2) is where the root mapped the channel's memory, so the data path has no exit.
 * The BARs are the VMM's (linux,pci-probe-only in /chosen): Linux keeps them where they are.
 *
 * The doorbell: a write to the register BAR's doorbell rings the peer with channel.notify. The
 * peer's ring is the channel's virtual SPI, which Mortise, not this VMM, latches pending at Linux's
 * vCPU 0; it is the function's INTA (interrupt-map). This VMM gates delivery and asks Mortise
 * about that latch (vcpu.set_spi_enabled answers whether the SPI is pending) right before a read
 * of an interrupt status, so the register BAR's status is exact (pci_ivshmem.h):
 * Mortise passes the SPI on only while the guest's distributor enables it, the interrupt mask
 * register's bit 0 is set and the command register's interrupt-disable bit is clear
 * (vcpu.set_spi_enabled). The SPI is the function's alone, so a handler it runs was rung; that is
 * what uio_pci_generic's check-and-mask needs, and a ring that comes while the gate is shut waits.
 */
#ifndef VMM_LINUX_PCI_HOST_H
#define VMM_LINUX_PCI_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "dtb.h"
#include "pci_ivshmem.h"

/* Unmapped IPAs below RAM, where QEMU virt has its own PCIe windows. */
#define GUEST_PCI_ECAM_IPA 0x3f000000ULL
#define GUEST_PCI_ECAM_SIZE 0x100000ULL /* bus 0: 32 devices x 8 functions x 4 KiB */
#define GUEST_PCI_REGISTERS_IPA 0x3ef00000ULL
#define GUEST_PCI_REGISTERS_STRIDE 0x1000ULL
#define LINUX_VMM_MAX_PCI_FUNCTIONS DTB_MAX_CHANNELS

struct pci_function {
	struct pci_ivshmem model;
	unsigned channel;  /* its index in the guest's channels */
	bool spi_enabled;  /* the guest's distributor enables its SPI */
	bool gate_open;	   /* what Mortise was last told with vcpu.set_spi_enabled */
};

/* A guest's host bridge; served one exit at a time, as the rest of the guest's state. */
struct pci_host {
	unsigned count;
	struct pci_function functions[LINUX_VMM_MAX_PCI_FUNCTIONS];
	uint64_t memory_base, memory_end; /* the prefetchable window: every memory BAR */
};

struct guest;

/*
 * One function per linux-view "pci" channel. A channel whose memory cannot be a BAR (not a power
 * of two aligned to its size) or a window that would overlap a passed-through device is said on
 * the console and left out: Linux does not see it.
 */
void pci_host_init(struct guest *guest);

/* The host bridge node, when the guest has a function; true when there is none. */
bool pci_host_write_devicetree(void *fdt, const struct guest *guest);

/* A load or store to the ECAM window or a register BAR, emulated; false when none, or refused. */
bool pci_host_access(struct guest *guest, uint64_t esr, uint64_t ipa, uint64_t *value);

/* The guest's distributor enabled or disabled intid: true when it is a function's INTA. */
bool pci_host_spi_enable_changed(struct guest *guest, unsigned intid, bool enabled);

#endif
