/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Linux VMM component's parts: config.c reads what the root component gave it (its
 * devicetree's /tenonos,vmm node), guest_dtb.c writes the devicetree Linux boots with, boot.c loads
 * and starts a guest, firmware.c serves its PSCI calls, pci_host.c its PCI host bridge (pci_host.h),
 * main.c receives its exits.
 */
#ifndef VMM_LINUX_VMM_H
#define VMM_LINUX_VMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "caps.h"
#include "dtb.h"
#include "hvc.h"
#include "pci_host.h"
#include "vgic_mmio.h"

#define LINUX_VMM_MAX_GUESTS 2
#define LINUX_VMM_MAX_VCPUS VGIC_MMIO_MAX_VCPUS
#define LINUX_VMM_MAX_DEVICES 4
#define LINUX_VMM_MAX_DEVICE_IRQS 4
#define LINUX_VMM_NAME_LENGTH 32
#define LINUX_VMM_PATH_LENGTH 64

/* Where a guest finds its emulated GIC frames: unmapped IPAs, as the QEMU virt board has them. */
#define GUEST_GICD_IPA 0x08000000ULL
#define GUEST_GICR_IPA 0x080a0000ULL
#define GUEST_GIC_PHANDLE 1
/*
 * A guest rings the peer of its channel k by writing to the page at DOORBELL_PAGES_IPA + k * 4 KiB:
 * unmapped, so the write is an exit, and the VMM rings with the channel capability it holds.
 */
#define DOORBELL_PAGES_IPA 0xbf000000ULL
#define DOORBELL_PAGE_SIZE 0x1000ULL
/* The last 64 KiB of a guest's RAM hold its devicetree, as the root component does it. */
#define GUEST_DEVICETREE_SIZE 0x10000ULL

struct passthrough_device {
	char path[LINUX_VMM_PATH_LENGTH]; /* the node path in the platform devicetree */
	uint64_t base, size;		  /* mapped 1:1 into the guest by the root */
	uint32_t intids[LINUX_VMM_MAX_DEVICE_IRQS];
	unsigned intid_count;
};

struct guest {
	char name[LINUX_VMM_NAME_LENGTH];
	bool is_linux;
	unsigned vcpu_count;
	cap_selector vcpus[LINUX_VMM_MAX_VCPUS];
	uint64_t vcpu_ids[LINUX_VMM_MAX_VCPUS]; /* kernel vCPU numbers: what an exit names */
	bool vcpu_on[LINUX_VMM_MAX_VCPUS];
	bool has_memory;
	cap_selector memory;
	uint64_t ram_ipa, ram_size;
	uint64_t image_offset, image_size, initrd_offset, initrd_size;
	char bootargs[1025];
	unsigned device_count;
	struct passthrough_device devices[LINUX_VMM_MAX_DEVICES];
	/* Its channels: memory mapped by the root, capabilities (to ring the peer) held by us. */
	struct dtb_channels channels;
	struct pci_host pci; /* the channels it sees as PCI devices */
	struct vgic_mmio gic;
	bool running;
};

struct vmm_config {
	cap_selector endpoint, self_memory;
	unsigned guest_count;
	struct guest guests[LINUX_VMM_MAX_GUESTS];
};

/* config.c: false (with a console line) when the devicetree does not describe a usable VMM. */
bool vmm_config_read(const void *dtb, struct vmm_config *config);

/* guest_dtb.c: the guest's devicetree in buffer; its size, or 0 when it does not fit. */
size_t guest_devicetree(void *buffer, size_t size, const struct guest *guest);

/* boot.c: checks the kernel Image, writes the devicetree, starts vCPU 0; false if it cannot. */
bool guest_boot(const struct vmm_config *config, struct guest *guest);
/* Stops the guest's vCPUs (and so its partition) for reason. */
void guest_stop(struct guest *guest, const char *reason);

/*
 * firmware.c: serves a PSCI call of vCPU index (x0..x3 of the guest in arguments). True when the
 * vCPU goes on with *result in x0; false when it stays stopped (CPU_OFF, SYSTEM_OFF).
 */
bool firmware_call(struct guest *guest, unsigned index, const uint64_t arguments[4],
		   uint64_t *result);

#endif
