/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Booting Linux per the arm64 boot protocol (Documentation/arch/arm64/booting.rst): the Image,
 * which the root component loaded 2 MiB into RAM, is checked by its header; the devicetree goes
 * to the end of RAM; vCPU 0 enters the Image with x0 = the devicetree, x1..x3 = 0, MMU off and
 * interrupts masked (a fresh vCPU). The other vCPUs come up through PSCI CPU_ON.
 */
#include "linux_vmm.h"

#include <string.h>

#include "console.h"

/* The arm64 Image header (booting.rst, section 4). */
#define IMAGE_HEADER_SIZE 64
#define IMAGE_TEXT_OFFSET 8
#define IMAGE_SIZE 16
#define IMAGE_MAGIC_OFFSET 56
#define IMAGE_MAGIC 0x644d5241u /* "ARM\x64" */
#define IMAGE_BASE_ALIGN 0x200000ULL

/* Where boot data is built before it is copied into a guest: a page of our own RAM. */
static uint8_t scratch[GUEST_DEVICETREE_SIZE] __attribute__((aligned(4096)));

static uint64_t load64(const uint8_t *p)
{
	uint64_t value = 0;

	for (unsigned i = 0; i < 8; i++)
		value |= (uint64_t)p[i] << (8 * i);
	return value;
}

/* Our RAM is mapped at the platform's RAM base: a pointer into it is an offset of self-memory. */
static uint64_t own_offset(const void *pointer)
{
	return (uintptr_t)pointer - CONFIG_PLATFORM_RAM_BASE;
}

static bool copy(cap_selector destination, cap_selector source, uint64_t destination_offset,
		 uint64_t source_offset, uint64_t length, const char *what, const char *guest)
{
	struct hc_registers r;
	enum cap_status status =
		hvc_call_with(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_COPY), destination, source,
			      destination_offset, source_offset, length);

	if (status != CAP_OK)
		console_printf("linux-vmm: %s: copying %s: %s\n", guest, what, cap_status_name(status));
	return status == CAP_OK;
}

/* The Image's own view of where it may go and how much RAM it occupies from there. */
static bool check_image(const struct vmm_config *config, struct guest *guest)
{
	if (!copy(config->self_memory, guest->memory, own_offset(scratch), guest->image_offset,
		  IMAGE_HEADER_SIZE, "the Image header", guest->name))
		return false;
	uint64_t text_offset = load64(scratch + IMAGE_TEXT_OFFSET);
	uint64_t footprint = load64(scratch + IMAGE_SIZE);
	uint64_t entry = guest->ram_ipa + guest->image_offset;

	if ((load64(scratch + IMAGE_MAGIC_OFFSET) & 0xffffffffu) != IMAGE_MAGIC) {
		console_printf("linux-vmm: %s: the image is no arm64 Linux Image (no ARM\\x64 magic)\n",
			       guest->name);
		return false;
	}
	/* A zero image_size is a kernel older than 3.17: then the file size is what it needs. */
	footprint = footprint != 0 ? footprint : guest->image_size;
	uint64_t end = guest->initrd_size > 0 ? guest->initrd_offset :
						guest->ram_size - GUEST_DEVICETREE_SIZE;
	if ((entry - text_offset) % IMAGE_BASE_ALIGN != 0 || guest->image_offset > end ||
	    footprint > end - guest->image_offset) {
		console_printf("linux-vmm: %s: the Image (text offset 0x%llx, %llu bytes in RAM) does "
			       "not fit at 0x%llx before 0x%llx\n",
			       guest->name, (unsigned long long)text_offset,
			       (unsigned long long)footprint, (unsigned long long)entry,
			       (unsigned long long)(guest->ram_ipa + end));
		return false;
	}
	return true;
}

/* Enough SPIs for every passed-through one and every doorbell, in the 32s the GIC counts in. */
static unsigned spi_count(const struct guest *guest)
{
	unsigned highest = 0;

	for (unsigned d = 0; d < guest->device_count; d++) {
		for (unsigned i = 0; i < guest->devices[d].intid_count; i++) {
			unsigned spi = guest->devices[d].intids[i] - GICV3_FIRST_SPI + 1;
			highest = spi > highest ? spi : highest;
		}
	}
	for (unsigned c = 0; c < guest->channels.count; c++) {
		unsigned intid = guest->channels.channel[c].doorbell_intid;
		unsigned spi = intid >= GICV3_FIRST_SPI ? intid - GICV3_FIRST_SPI + 1 : 0;
		highest = spi > highest ? spi : highest;
	}
	highest = (highest + 31) / 32 * 32;
	return highest == 0 ? 32 : highest;
}

static bool passed_through(const struct guest *guest, unsigned intid)
{
	for (unsigned d = 0; d < guest->device_count; d++) {
		for (unsigned i = 0; i < guest->devices[d].intid_count; i++) {
			if (guest->devices[d].intids[i] == intid)
				return true;
		}
	}
	return false;
}

static bool is_doorbell(const struct guest *guest, unsigned intid)
{
	for (unsigned c = 0; c < guest->channels.count; c++) {
		if (guest->channels.channel[c].doorbell_intid == intid)
			return true;
	}
	return false;
}

/*
 * The guest's distributor says whether a passed-through SPI may signal: the physical one follows,
 * so that a device the guest has masked cannot interrupt it (as on the board).
 */
static void spi_enable_changed(void *context, unsigned intid, bool enabled)
{
	struct guest *guest = context;
	struct hc_registers r;

	if (pci_host_spi_enable_changed(guest, intid, enabled))
		return;
	/* A doorbell's virtual SPI is gated the same way, for the vCPU it rings. */
	if (!passed_through(guest, intid) && !is_doorbell(guest, intid))
		return;
	enum cap_status status = hvc_call_with(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_SET_SPI_ENABLED),
					       guest->vcpus[0], intid, enabled, 0, 0);
	if (status != CAP_OK)
		console_printf("linux-vmm: %s: %s SPI %u: %s\n", guest->name,
			       enabled ? "enabling" : "disabling", intid, cap_status_name(status));
}

/* Its SPIs start disabled, as a distributor comes out of reset (GICv3 spec 12.9.17). */
static void disable_passed_through_spis(struct guest *guest)
{
	for (unsigned d = 0; d < guest->device_count; d++) {
		for (unsigned i = 0; i < guest->devices[d].intid_count; i++)
			spi_enable_changed(guest, guest->devices[d].intids[i], false);
	}
}

static const struct vgic_mmio_callbacks gic_callbacks = {
	.spi_enable_changed = spi_enable_changed,
};

bool guest_boot(const struct vmm_config *config, struct guest *guest)
{
	struct hc_registers r;
	uint64_t devicetree = guest->ram_ipa + guest->ram_size - GUEST_DEVICETREE_SIZE;

	if (!guest->is_linux || !guest->has_memory || guest->vcpu_count == 0) {
		console_printf("linux-vmm: %s: not a Linux guest I hold memory and vCPUs of\n",
			       guest->name);
		return false;
	}
	enum vgic_mmio_status gic = vgic_mmio_init(&guest->gic, guest->vcpu_count,
						   spi_count(guest), &gic_callbacks, guest);
	if (gic != VGIC_MMIO_OK) {
		console_printf("linux-vmm: %s: its GIC model: %s\n", guest->name,
			       vgic_mmio_status_name(gic));
		return false;
	}
	if (!check_image(config, guest))
		return false;
	disable_passed_through_spis(guest);
	pci_host_init(guest);
	size_t size = guest_devicetree(scratch, sizeof(scratch), guest);
	if (size == 0) {
		console_printf("linux-vmm: %s: its devicetree does not fit in %u bytes\n", guest->name,
			       (unsigned)sizeof(scratch));
		return false;
	}
	if (!copy(guest->memory, config->self_memory, guest->ram_size - GUEST_DEVICETREE_SIZE,
		  own_offset(scratch), size, "the devicetree", guest->name))
		return false;
	enum cap_status status =
		hvc_call_with(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_START_AT), guest->vcpus[0],
			      guest->ram_ipa + guest->image_offset, devicetree, 0, 0);
	if (status != CAP_OK) {
		console_printf("linux-vmm: %s: starting vCPU 0: %s\n", guest->name,
			       cap_status_name(status));
		return false;
	}
	guest->vcpu_on[0] = guest->running = true;
	console_printf("linux-vmm: %s: booting Linux on %u vCPUs, %llu MiB, initrd %llu KiB, "
		       "\"%s\"\n",
		       guest->name, guest->vcpu_count, (unsigned long long)(guest->ram_size >> 20),
		       (unsigned long long)(guest->initrd_size >> 10), guest->bootargs);
	return true;
}

void guest_stop(struct guest *guest, const char *reason)
{
	struct hc_registers r;

	console_printf("linux-vmm: %s: %s; stopping it\n", guest->name, reason);
	/* Stopping one vCPU stops its partition: the kernel takes the others off their CPUs. */
	hvc_call_with(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_STOP), guest->vcpus[0], 0, 0, 0, 0);
	guest->running = false;
	memset(guest->vcpu_on, 0, sizeof(guest->vcpu_on));
}
