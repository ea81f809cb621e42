/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The devicetree an unmodified Linux boots with (Documentation/arch/arm64/booting.rst): its RAM,
 * one CPU per vCPU started with PSCI over HVC (served by firmware.c), a GICv3 whose distributor and
 * redistributors this VMM emulates (vgic-mmio) while the CPU interface is the hardware's virtual
 * one, the architected timer, the devices the policy passed through, and /chosen with the command
 * line and the initramfs the root component loaded.
 */
#include "linux_vmm.h"

#include <libfdt.h>
#include <string.h>

#include "fdt_write.h"
#include "fmt.h"

#define CLOCK_PHANDLE 2
#define SPI 0
#define LEVEL_HIGH 4
#define EDGE_RISING 1
/* Architected timer PPIs of the platform: secure and non-secure physical, virtual, hypervisor. */
static const uint32_t timer_ppis[] = {13, 14, 11, 10};
/* What a PL011 on an AMBA bus needs besides its registers: a clock Linux can enable. */
#define PL011_CLOCK_HZ 24000000u

/* A property of several NUL-terminated strings, e.g. "arm,pl011\0arm,primecell". */
static bool strings(void *fdt, const char *name, const char *joined, size_t length)
{
	return fdt_property(fdt, name, joined, (int)length) == 0;
}

static bool write_interrupt_controller(void *fdt, unsigned vcpus)
{
	const uint32_t frames[8] = {0, (uint32_t)GUEST_GICD_IPA, 0, VGIC_MMIO_DISTRIBUTOR_SIZE,
				    0, (uint32_t)GUEST_GICR_IPA, 0,
				    vcpus * VGIC_MMIO_REDISTRIBUTOR_STRIDE};
	char name[32];

	fmt_snprintf(name, sizeof(name), "intc@%llx", (unsigned long long)GUEST_GICD_IPA);
	return fdt_begin_node(fdt, name) == 0 &&
	       fdt_property_string(fdt, "compatible", "arm,gic-v3") == 0 &&
	       fdt_property_u32(fdt, "#interrupt-cells", 3) == 0 &&
	       fdt_property(fdt, "interrupt-controller", NULL, 0) == 0 &&
	       fdt_write_cells(fdt, "reg", frames, 8) && fdt_property_u32(fdt, "phandle", GUEST_GIC_PHANDLE) == 0 &&
	       fdt_end_node(fdt) == 0;
}

static bool write_timer_and_firmware(void *fdt)
{
	static const char psci[] = "arm,psci-1.0\0arm,psci-0.2";
	return fdt_write_timer(fdt, timer_ppis) && fdt_begin_node(fdt, "psci") == 0 && strings(fdt, "compatible", psci, sizeof(psci)) &&
	       fdt_property_string(fdt, "method", "hvc") == 0 && fdt_end_node(fdt) == 0;
}

/* The node name of a platform path: "/pl011@9000000" -> "pl011@9000000". */
static const char *node_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

static bool is_pl011(const struct passthrough_device *device)
{
	return strncmp(node_name(device->path), "pl011@", 6) == 0;
}

/*
 * A passed-through PL011, as Linux's amba-pl011 driver wants it. Devices of other kinds stay
 * mapped but undescribed: the VMM knows no binding for them.
 */
static bool write_device(void *fdt, const struct passthrough_device *device)
{
	static const char compatible[] = "arm,pl011\0arm,primecell";
	static const char clock_names[] = "uartclk\0apb_pclk";
	const uint32_t clocks[2] = {CLOCK_PHANDLE, CLOCK_PHANDLE};
	uint32_t interrupts[3 * LINUX_VMM_MAX_DEVICE_IRQS];

	if (!is_pl011(device))
		return true;
	for (unsigned i = 0; i < device->intid_count; i++) {
		interrupts[3 * i] = SPI;
		interrupts[3 * i + 1] = device->intids[i] - GICV3_FIRST_SPI;
		interrupts[3 * i + 2] = LEVEL_HIGH;
	}
	return fdt_begin_node(fdt, node_name(device->path)) == 0 &&
	       strings(fdt, "compatible", compatible, sizeof(compatible)) &&
	       fdt_write_u64_pair(fdt, "reg", device->base, device->size) &&
	       fdt_write_cells(fdt, "interrupts", interrupts, 3 * device->intid_count) &&
	       fdt_write_cells(fdt, "clocks", clocks, 2) &&
	       strings(fdt, "clock-names", clock_names, sizeof(clock_names)) &&
	       fdt_end_node(fdt) == 0;
}

/*
 * A channel as a Linux driver would bind it: the shared memory, then the doorbell page a write
 * to which rings the peer, and the doorbell SPI (edge) by which the peer rings it.
 */
static bool write_channel(void *fdt, const struct dtb_channel *channel, unsigned index)
{
	const uint64_t doorbell_page = DOORBELL_PAGES_IPA + index * DOORBELL_PAGE_SIZE;
	const uint32_t reg[8] = {(uint32_t)(channel->memory.base >> 32), (uint32_t)channel->memory.base,
				 (uint32_t)(channel->memory.size >> 32), (uint32_t)channel->memory.size,
				 (uint32_t)(doorbell_page >> 32), (uint32_t)doorbell_page, 0,
				 (uint32_t)DOORBELL_PAGE_SIZE};
	const uint32_t interrupts[3] = {SPI, channel->doorbell_intid - GICV3_FIRST_SPI,
					EDGE_RISING};
	char name[40];

	fmt_snprintf(name, sizeof(name), "channel@%llx", (unsigned long long)channel->memory.base);
	return fdt_begin_node(fdt, name) == 0 &&
	       fdt_property_string(fdt, "compatible", "tenonos,channel") == 0 &&
	       fdt_write_cells(fdt, "reg", reg, 8) &&
	       (channel->doorbell_intid == 0 || fdt_write_cells(fdt, "interrupts", interrupts, 3)) &&
	       fdt_property_string(fdt, "label", channel->name) == 0 &&
	       fdt_property_string(fdt, "peer", channel->peer) == 0 && fdt_end_node(fdt) == 0;
}

static bool write_devices(void *fdt, const struct guest *guest)
{
	bool ok = fdt_begin_node(fdt, "apb-pclk") == 0 &&
		  fdt_property_string(fdt, "compatible", "fixed-clock") == 0 &&
		  fdt_property_u32(fdt, "#clock-cells", 0) == 0 &&
		  fdt_property_u32(fdt, "clock-frequency", PL011_CLOCK_HZ) == 0 &&
		  fdt_property_u32(fdt, "phandle", CLOCK_PHANDLE) == 0 && fdt_end_node(fdt) == 0;

	for (unsigned i = 0; ok && i < guest->device_count; i++)
		ok = write_device(fdt, &guest->devices[i]);
	/* A channel Linux sees as a PCI device is the host bridge's to describe. */
	for (unsigned i = 0; ok && i < guest->channels.count; i++) {
		if (!guest->channels.channel[i].linux_pci)
			ok = write_channel(fdt, &guest->channels.channel[i], i);
	}
	return ok && pci_host_write_devicetree(fdt, guest);
}

static bool write_chosen(void *fdt, const struct guest *guest)
{
	const char *console = NULL;
	char path[LINUX_VMM_PATH_LENGTH + 1];

	for (unsigned i = 0; i < guest->device_count && console == NULL; i++) {
		if (is_pl011(&guest->devices[i]))
			console = node_name(guest->devices[i].path);
	}
	bool ok = fdt_begin_node(fdt, "chosen") == 0 &&
		  fdt_property_string(fdt, "bootargs", guest->bootargs) == 0;
	if (ok && console != NULL) {
		fmt_snprintf(path, sizeof(path), "/%s", console);
		ok = fdt_property_string(fdt, "stdout-path", path) == 0;
	}
	/* The VMM placed every BAR: Linux keeps them (drivers/pci/of.c, of_pci_check_probe_only). */
	if (ok && guest->pci.count > 0)
		ok = fdt_property_u32(fdt, "linux,pci-probe-only", 1) == 0;
	if (ok && guest->initrd_size > 0)
		ok = fdt_property_u64(fdt, "linux,initrd-start",
				      guest->ram_ipa + guest->initrd_offset) == 0 &&
		     fdt_property_u64(fdt, "linux,initrd-end",
				      guest->ram_ipa + guest->initrd_offset + guest->initrd_size) == 0;
	return ok && fdt_end_node(fdt) == 0;
}

size_t guest_devicetree(void *buffer, size_t size, const struct guest *guest)
{
	void *fdt = buffer;
	char memory[32];

	fmt_snprintf(memory, sizeof(memory), "memory@%llx", (unsigned long long)guest->ram_ipa);
	bool ok = fdt_create(fdt, (int)size) == 0 && fdt_finish_reservemap(fdt) == 0 &&
		  fdt_begin_node(fdt, "") == 0 && fdt_property_u32(fdt, "#address-cells", 2) == 0 &&
		  fdt_property_u32(fdt, "#size-cells", 2) == 0 &&
		  fdt_property_string(fdt, "compatible", "tenonos,linux-guest") == 0 &&
		  fdt_property_u32(fdt, "interrupt-parent", GUEST_GIC_PHANDLE) == 0 &&
		  fdt_begin_node(fdt, memory) == 0 &&
		  fdt_property_string(fdt, "device_type", "memory") == 0 &&
		  fdt_write_u64_pair(fdt, "reg", guest->ram_ipa, guest->ram_size - GUEST_DEVICETREE_SIZE) &&
		  fdt_end_node(fdt) == 0 && fdt_write_cpus(fdt, guest->vcpu_count) &&
		  write_interrupt_controller(fdt, guest->vcpu_count) &&
		  write_timer_and_firmware(fdt) && write_devices(fdt, guest) &&
		  write_chosen(fdt, guest) && fdt_end_node(fdt) == 0 && fdt_finish(fdt) == 0;

	return ok ? fdt_totalsize(fdt) : 0;
}
