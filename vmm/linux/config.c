/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the root component told this VMM in its devicetree (vmm/README.md has the binding): the
 * selectors of its exit endpoint and own memory, and per guest the selectors of its vCPUs and
 * memory, where its boot files lie and which devices it was given. Every value is checked before
 * use: a VMM trusts the root, but not a devicetree it did not check.
 */
#include "linux_vmm.h"

#include <libfdt.h>
#include <string.h>

#include "console.h"
#include "dtb.h"

static bool read_device(const void *fdt, int node, struct passthrough_device *device)
{
	return dtb_read_string(fdt, node, "path", device->path, sizeof(device->path)) &&
	       dtb_read_pair(fdt, node, "reg", &device->base, &device->size) &&
	       dtb_read_cells(fdt, node, "intids", device->intids, LINUX_VMM_MAX_DEVICE_IRQS,
			  &device->intid_count);
}

/* The boot files must lie inside RAM, before its last 64 KiB (the devicetree). */
static bool files_fit(const struct guest *guest)
{
	uint64_t usable = guest->ram_size - GUEST_DEVICETREE_SIZE;

	return guest->ram_size > GUEST_DEVICETREE_SIZE && guest->image_offset <= usable &&
	       guest->image_size <= usable - guest->image_offset &&
	       guest->initrd_offset <= usable && guest->initrd_size <= usable - guest->initrd_offset;
}

/* Only ends (memory and a doorbell to ring through us) are of use to a guest without a driver. */
static bool read_channels(const void *fdt, int container, struct guest *guest)
{
	struct dtb_diagnostic diagnostic;

	if (dtb_read_channels_in(fdt, container, &guest->channels, &diagnostic) != DTB_OK) {
		console_printf("linux-vmm: %s: channels: %s %s: expected %s\n", guest->name,
			       diagnostic.node, diagnostic.property, diagnostic.expected);
		return false;
	}
	for (unsigned i = 0; i < guest->channels.count; i++) {
		const struct dtb_channel *channel = &guest->channels.channel[i];
		if (channel->peer == NULL || !channel->has_capability) {
			console_printf("linux-vmm: %s: channel %s: not an end with a doorbell\n",
				       guest->name, channel->name);
			return false;
		}
	}
	return true;
}

static bool read_guest(const void *fdt, int node, struct guest *guest)
{
	char kind[16];
	uint32_t selectors[LINUX_VMM_MAX_VCPUS];
	uint32_t memory = 0;
	int child;

	*guest = (struct guest){0};
	if (!dtb_read_string(fdt, node, "name", guest->name, sizeof(guest->name)) ||
	    !dtb_read_string(fdt, node, "kind", kind, sizeof(kind)) ||
	    !dtb_read_cells(fdt, node, "vcpus", selectors, LINUX_VMM_MAX_VCPUS, &guest->vcpu_count) ||
	    !dtb_read_pair(fdt, node, "ram", &guest->ram_ipa, &guest->ram_size) ||
	    !dtb_read_pair(fdt, node, "image", &guest->image_offset, &guest->image_size) ||
	    !dtb_read_pair(fdt, node, "initrd", &guest->initrd_offset, &guest->initrd_size) ||
	    !dtb_read_string(fdt, node, "bootargs", guest->bootargs, sizeof(guest->bootargs)) ||
	    !files_fit(guest))
		return false;
	guest->is_linux = strcmp(kind, "linux") == 0;
	guest->has_memory = dtb_read_u32(fdt, node, "memory", &memory);
	guest->memory = memory;
	for (unsigned i = 0; i < guest->vcpu_count; i++)
		guest->vcpus[i] = selectors[i];
	fdt_for_each_subnode(child, fdt, node) {
		const char *child_name = fdt_get_name(fdt, child, NULL);
		if (child_name != NULL && strcmp(child_name, "channels") == 0) {
			if (!read_channels(fdt, child, guest))
				return false;
			continue;
		}
		if (guest->device_count == LINUX_VMM_MAX_DEVICES ||
		    !read_device(fdt, child, &guest->devices[guest->device_count]))
			return false;
		guest->device_count++;
	}
	return true;
}

/* The kernel's number of each vCPU selector: exits name vCPUs by it. */
static bool learn_vcpu_ids(struct guest *guest)
{
	struct hc_registers r;

	for (unsigned i = 0; i < guest->vcpu_count; i++) {
		if (hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), guest->vcpus[i], 0, 0, 0, 0) !=
			    CAP_OK ||
		    r.x[1] != CAP_TYPE_VCPU)
			return false;
		guest->vcpu_ids[i] = r.x[3];
	}
	return true;
}

bool vmm_config_read(const void *dtb, struct vmm_config *config)
{
	uint32_t endpoint, self_memory;
	int vmm, node;

	/* The whole check dtb_read_channels_in() relies on, not libfdt's header check alone. */
	if (dtb_check(dtb, NULL) != DTB_OK) {
		console_printf("linux-vmm: no valid devicetree\n");
		return false;
	}
	vmm = fdt_path_offset(dtb, "/tenonos,vmm");
	if (vmm < 0 || !dtb_read_u32(dtb, vmm, "endpoint", &endpoint) ||
	    !dtb_read_u32(dtb, vmm, "self-memory", &self_memory)) {
		console_printf("linux-vmm: my devicetree has no /tenonos,vmm with endpoint and "
			       "self-memory\n");
		return false;
	}
	*config = (struct vmm_config){.endpoint = endpoint, .self_memory = self_memory};
	fdt_for_each_subnode(node, dtb, vmm) {
		struct guest *guest = &config->guests[config->guest_count];
		const char *node_name = fdt_get_name(dtb, node, NULL);
		if (config->guest_count == LINUX_VMM_MAX_GUESTS) {
			console_printf("linux-vmm: more guests than %u; serving the first ones\n",
				       LINUX_VMM_MAX_GUESTS);
			break;
		}
		if (!read_guest(dtb, node, guest) || !learn_vcpu_ids(guest)) {
			console_printf("linux-vmm: %s: incomplete or inconsistent description\n",
				       node_name != NULL ? node_name : "?");
			continue;
		}
		config->guest_count++;
	}
	return true;
}
