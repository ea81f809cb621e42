/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The boot module (the image the loader passes as initrd) started as a guest partition on the boot
 * CPU, with a fixed set of boot capabilities. This stands in for the root component, which will
 * create partitions from the compiled policy instead; until then the capability set below is the
 * whole policy, and it is small on purpose.
 */
#include "kernel.h"
#include "partition.h"

#include "console.h"

#define GUEST_RAM_IPA CONFIG_PLATFORM_RAM_BASE
#define GUEST_RAM_SIZE (16ULL << 20)
#define GUEST_ENTRY_IPA CONFIG_PLATFORM_LOAD_ADDRESS
/* An interrupt the guest may name but not use: a capability with too few rights. */
#define GUEST_SAMPLE_INTID 48

/*
 * Selectors the guest finds its boot capabilities at, in this order:
 *   0 console (read, write, grant)       1 its own partition (control, grant)
 *   2 its RAM (read, write, execute, grant)  3 a peer partition (grant)   4 IRQ 48 (read)
 */
static bool grant_boot_capabilities(const struct partition *guest, const struct partition *peer)
{
	const struct {
		enum cap_type type;
		uint64_t object, size;
		cap_rights rights;
	} grants[] = {
		{CAP_TYPE_CONSOLE, 0, 0, CAP_RIGHT_READ | CAP_RIGHT_WRITE | CAP_RIGHT_GRANT},
		{CAP_TYPE_PARTITION, guest->id, 0, CAP_RIGHT_CONTROL | CAP_RIGHT_GRANT},
		{CAP_TYPE_MEMORY, guest->ram_pa, guest->ram_size,
		 CAP_RIGHT_READ | CAP_RIGHT_WRITE | CAP_RIGHT_EXECUTE | CAP_RIGHT_GRANT},
		{CAP_TYPE_PARTITION, peer->id, 0, CAP_RIGHT_GRANT},
		{CAP_TYPE_IRQ, GUEST_SAMPLE_INTID, 0, CAP_RIGHT_READ},
	};

	for (unsigned i = 0; i < sizeof(grants) / sizeof(grants[0]); i++) {
		cap_selector selector;
		if (cap_create(&kernel_caps, guest->id, grants[i].type, grants[i].object,
			       grants[i].size, grants[i].rights, &selector) != CAP_OK ||
		    selector != i)
			return false;
	}
	return true;
}

void boot_guest_start(const void *image, size_t size)
{
	struct partition *guest = partition_create("guest", GUEST_RAM_IPA, GUEST_RAM_SIZE);
	/* A second space with no vCPU: somewhere for the guest to delegate to. */
	struct partition *peer = partition_create("peer", GUEST_RAM_IPA, 2ULL << 20);
	static struct vcpu vcpu;

	if (guest == NULL || peer == NULL || !grant_boot_capabilities(guest, peer) ||
	    !partition_load(guest, GUEST_ENTRY_IPA, image, size)) {
		console_printf("Mortise: boot error: cannot set up the boot module (%llu bytes) as a "
			       "guest\n",
			       (unsigned long long)size);
		kernel_power_off();
	}
	console_printf("Mortise: starting partition %s: %llu KiB image, %llu MiB RAM\n", guest->name,
		       (unsigned long long)(size >> 10), (unsigned long long)(GUEST_RAM_SIZE >> 20));
	vcpu.partition = guest;
	vcpu_run(&vcpu, GUEST_ENTRY_IPA, 0);
}
