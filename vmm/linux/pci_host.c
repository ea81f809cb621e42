/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest's ECAM PCI host bridge (pci_host.h). Every access is the guest's and hostile: it must
 * have a valid syndrome, a size of 1, 2 or 4 bytes, natural alignment and an address inside a
 * window; pci-ivshmem checks the offsets within a function. Configuration reads of a device that
 * is not there return all ones and writes to it are dropped, as a PCI master abort does.
 */
#include "linux_vmm.h"

#include <libfdt.h>

#include "console.h"
#include "exception.h"
#include "fdt_write.h"
#include "fmt.h"

/* ECAM offsets (PCI Express Base 4.0, 7.2.2): device in bits 19:15, function in 14:12. */
#define ECAM_DEVICE_SHIFT 15
#define ECAM_FUNCTION_SHIFT 12
#define ECAM_DEVICE_MASK 0x1fu
#define ECAM_FUNCTION_MASK 0x7u
#define NO_DEVICE 0xffffffffu

/* PCI bus binding (IEEE 1275 PCI, 2.2.1.1): phys.hi of 32-bit and 64-bit prefetchable memory. */
#define PCI_SPACE_MEMORY32 0x02000000u
#define PCI_SPACE_MEMORY64_PREFETCHABLE 0x43000000u
#define PHYS_HI_DEVICE_SHIFT 11
#define INTERRUPT_MAP_DEVICE_MASK 0xf800u
#define INTERRUPT_PIN_MASK 7u
#define INTA 1u
#define SPI 0u
#define LEVEL_HIGH 4u

static bool overlaps(uint64_t base, uint64_t size, uint64_t other_base, uint64_t other_size)
{
	return base < other_base + other_size && other_base < base + size;
}

/* The windows must not hide a passed-through device: its stage-2 mapping would win. */
static bool windows_free(const struct guest *guest)
{
	for (unsigned d = 0; d < guest->device_count; d++) {
		const struct passthrough_device *device = &guest->devices[d];
		if (overlaps(device->base, device->size, GUEST_PCI_ECAM_IPA, GUEST_PCI_ECAM_SIZE) ||
		    overlaps(device->base, device->size, GUEST_PCI_REGISTERS_IPA,
			     LINUX_VMM_MAX_PCI_FUNCTIONS * GUEST_PCI_REGISTERS_STRIDE)) {
			console_printf("linux-vmm: %s: device %s lies in the PCI windows; no PCI "
				       "channels\n",
				       guest->name, device->path);
			return false;
		}
	}
	return true;
}

void pci_host_init(struct guest *guest)
{
	struct pci_host *host = &guest->pci;

	bool wanted = false;

	*host = (struct pci_host){0};
	for (unsigned c = 0; c < guest->channels.count; c++)
		wanted |= guest->channels.channel[c].linux_pci;
	if (!wanted || !windows_free(guest))
		return;
	for (unsigned c = 0; c < guest->channels.count; c++) {
		const struct dtb_channel *channel = &guest->channels.channel[c];
		struct pci_function *function = &host->functions[host->count];
		if (!channel->linux_pci)
			continue;
		uint64_t registers = GUEST_PCI_REGISTERS_IPA + host->count * GUEST_PCI_REGISTERS_STRIDE;
		/* The peer's identity: its end of the channel, as QEMU's ivshmem gives peer IDs. */
		enum pci_ivshmem_status status =
			pci_ivshmem_init(&function->model, registers, channel->memory.base,
					 channel->memory.size, 1 - channel->peer_end, channel->peer_end);
		if (status != PCI_IVSHMEM_OK || channel->doorbell_intid == 0) {
			console_printf("linux-vmm: %s: channel %s cannot be a PCI device: %s\n",
				       guest->name, channel->name,
				       status != PCI_IVSHMEM_OK ? pci_ivshmem_status_name(status) :
								  "no doorbell");
			continue;
		}
		function->channel = c;
		uint64_t end = channel->memory.base + channel->memory.size;
		host->memory_base = host->count == 0 || channel->memory.base < host->memory_base ?
					    channel->memory.base :
					    host->memory_base;
		host->memory_end = end > host->memory_end ? end : host->memory_end;
		host->count++;
	}
}

static const struct dtb_channel *channel_of(const struct guest *guest,
					    const struct pci_function *function)
{
	return &guest->channels.channel[function->channel];
}

/* cells: phys.hi, 64-bit PCI address, 64-bit CPU address (the same: no translation), size. */
static void window(uint32_t *cells, uint32_t space, uint64_t base, uint64_t size)
{
	const uint32_t entry[7] = {space,
				   (uint32_t)(base >> 32), (uint32_t)base,
				   (uint32_t)(base >> 32), (uint32_t)base,
				   (uint32_t)(size >> 32), (uint32_t)size};

	for (unsigned i = 0; i < 7; i++)
		cells[i] = entry[i];
}

bool pci_host_write_devicetree(void *fdt, const struct guest *guest)
{
	const struct pci_host *host = &guest->pci;
	const uint32_t reg[4] = {0, (uint32_t)GUEST_PCI_ECAM_IPA, 0, (uint32_t)GUEST_PCI_ECAM_SIZE};
	const uint32_t bus_range[2] = {0, 0};
	const uint32_t map_mask[4] = {INTERRUPT_MAP_DEVICE_MASK, 0, 0, INTERRUPT_PIN_MASK};
	/* Per function: its address (3 cells), INTA, the GIC (no unit address), SPI n level. */
	uint32_t map[LINUX_VMM_MAX_PCI_FUNCTIONS * 8];
	uint32_t ranges[14];
	char name[32];

	if (host->count == 0)
		return true;
	window(ranges, PCI_SPACE_MEMORY32, GUEST_PCI_REGISTERS_IPA,
	       host->count * GUEST_PCI_REGISTERS_STRIDE);
	window(ranges + 7, PCI_SPACE_MEMORY64_PREFETCHABLE, host->memory_base,
	       host->memory_end - host->memory_base);
	for (unsigned k = 0; k < host->count; k++) {
		const uint32_t entry[8] = {k << PHYS_HI_DEVICE_SHIFT, 0, 0, INTA, GUEST_GIC_PHANDLE,
					   SPI,
					   channel_of(guest, &host->functions[k])->doorbell_intid -
						   GICV3_FIRST_SPI,
					   LEVEL_HIGH};
		for (unsigned i = 0; i < 8; i++)
			map[8 * k + i] = entry[i];
	}
	fmt_snprintf(name, sizeof(name), "pcie@%llx", (unsigned long long)GUEST_PCI_ECAM_IPA);
	return fdt_begin_node(fdt, name) == 0 &&
	       fdt_property_string(fdt, "compatible", "pci-host-ecam-generic") == 0 &&
	       fdt_property_string(fdt, "device_type", "pci") == 0 &&
	       fdt_write_cells(fdt, "reg", reg, 4) && fdt_write_cells(fdt, "bus-range", bus_range, 2) &&
	       fdt_property_u32(fdt, "#address-cells", 3) == 0 &&
	       fdt_property_u32(fdt, "#size-cells", 2) == 0 &&
	       fdt_property_u32(fdt, "#interrupt-cells", 1) == 0 &&
	       fdt_write_cells(fdt, "ranges", ranges, 14) &&
	       fdt_write_cells(fdt, "interrupt-map-mask", map_mask, 4) &&
	       fdt_write_cells(fdt, "interrupt-map", map, 8 * host->count) &&
	       fdt_end_node(fdt) == 0;
}

/*
 * Sets the gate of the function's SPI at Mortise (vcpu.set_spi_enabled), which answers whether
 * the peer's ring is pending there: the model's interrupt status.
 */
static bool set_gate(struct guest *guest, struct pci_function *function, bool open)
{
	struct hc_registers r;
	unsigned intid = channel_of(guest, function)->doorbell_intid;
	enum cap_status status = hvc_call_with(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_SET_SPI_ENABLED),
					       guest->vcpus[0], intid, open, 0, 0);

	if (status != CAP_OK) {
		console_printf("linux-vmm: %s: %s the INTA of channel %s: %s\n", guest->name,
			       open ? "opening" : "shutting", channel_of(guest, function)->name,
			       cap_status_name(status));
		return false;
	}
	pci_ivshmem_set_ring_pending(&function->model, r.x[1] != 0);
	return true;
}

/* Tells Mortise whether the function's SPI may reach the guest now, when that changed. */
static void update_gate(struct guest *guest, struct pci_function *function)
{
	bool open = function->spi_enabled && pci_ivshmem_interrupt_asserted(&function->model);

	if (open != function->gate_open && set_gate(guest, function, open))
		function->gate_open = open;
}

/* Before a read that shows the interrupt status: Mortise's word on the ring, the gate unchanged. */
static void refresh_ring_pending(struct guest *guest, struct pci_function *function)
{
	set_gate(guest, function, function->gate_open);
}

bool pci_host_spi_enable_changed(struct guest *guest, unsigned intid, bool enabled)
{
	for (unsigned k = 0; k < guest->pci.count; k++) {
		struct pci_function *function = &guest->pci.functions[k];
		if (channel_of(guest, function)->doorbell_intid != intid)
			continue;
		function->spi_enabled = enabled;
		update_gate(guest, function);
		return true;
	}
	return false;
}

static bool config_access(struct guest *guest, uint64_t offset, unsigned size, bool write,
			  uint64_t *value)
{
	unsigned device = (unsigned)(offset >> ECAM_DEVICE_SHIFT) & ECAM_DEVICE_MASK;
	unsigned function_number = (unsigned)(offset >> ECAM_FUNCTION_SHIFT) & ECAM_FUNCTION_MASK;
	uint32_t within = (uint32_t)(offset & (PCI_IVSHMEM_CONFIG_SIZE - 1));
	uint32_t read = 0;

	if (size > 4 || within % size != 0)
		return false;
	if (device >= guest->pci.count || function_number != 0) {
		*value = write ? 0 : NO_DEVICE >> (32 - 8 * size);
		return true;
	}
	struct pci_function *function = &guest->pci.functions[device];
	if (write) {
		if (pci_ivshmem_config_write(&function->model, within, size, (uint32_t)*value) !=
		    PCI_IVSHMEM_OK)
			return false;
		update_gate(guest, function);
		*value = 0;
		return true;
	}
	if (within / 4 == PCI_IVSHMEM_CONFIG_STATUS / 4)
		refresh_ring_pending(guest, function);
	if (pci_ivshmem_config_read(&function->model, within, size, &read) != PCI_IVSHMEM_OK)
		return false;
	*value = read;
	return true;
}

static bool ring_peer(const struct guest *guest, const struct pci_function *function)
{
	const struct dtb_channel *channel = channel_of(guest, function);
	struct hc_registers r;

	return hvc_call_with(&r, HC_ID(HC_GROUP_CHANNEL, HC_CHANNEL_NOTIFY), channel->capability,
			     channel->peer_end, 0, 0, 0) == CAP_OK;
}

static bool register_access(struct guest *guest, uint64_t offset, unsigned size, bool write,
			    uint64_t *value)
{
	struct pci_function *function =
		&guest->pci.functions[offset / GUEST_PCI_REGISTERS_STRIDE];
	uint32_t within = (uint32_t)(offset % GUEST_PCI_REGISTERS_STRIDE), read = 0;
	enum pci_ivshmem_action action;

	if (write) {
		if (pci_ivshmem_register_write(&function->model, within, size, (uint32_t)*value,
					       &action) != PCI_IVSHMEM_OK)
			return false;
		update_gate(guest, function);
		*value = 0;
		return action != PCI_IVSHMEM_RING_PEER || ring_peer(guest, function);
	}
	if (within == PCI_IVSHMEM_INTERRUPT_STATUS)
		refresh_ring_pending(guest, function);
	if (pci_ivshmem_register_read(&function->model, within, size, &read) != PCI_IVSHMEM_OK)
		return false;
	*value = read;
	return true;
}

bool pci_host_access(struct guest *guest, uint64_t esr, uint64_t ipa, uint64_t *value)
{
	unsigned size = 1u << ESR_DABT_SIZE_LOG2(esr);
	bool write = ESR_DABT_IS_WRITE(esr);
	uint64_t registers = guest->pci.count * GUEST_PCI_REGISTERS_STRIDE;

	/* Without a valid syndrome the access cannot be decoded (Arm ARM D17.2.37: ISV). */
	if (guest->pci.count == 0 || !ESR_DABT_VALID(esr))
		return false;
	if (write)
		*value &= size == 8 ? UINT64_MAX : (1ULL << (8 * size)) - 1;
	if (ipa >= GUEST_PCI_ECAM_IPA && ipa - GUEST_PCI_ECAM_IPA < GUEST_PCI_ECAM_SIZE)
		return config_access(guest, ipa - GUEST_PCI_ECAM_IPA, size, write, value);
	if (ipa >= GUEST_PCI_REGISTERS_IPA && ipa - GUEST_PCI_REGISTERS_IPA < registers)
		return register_access(guest, ipa - GUEST_PCI_REGISTERS_IPA, size, write, value);
	return false;
}
