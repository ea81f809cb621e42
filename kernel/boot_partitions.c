/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Partitions from the boot modules, on the boot CPU, each with a fixed set of boot capabilities.
 *
 * The module marked "tenonos,root-component" becomes the root component, and every other module
 * is handed to it as memory to read (the policy blob and the images): the root creates every
 * other partition from the compiled policy. Without such a module, only a test build of Mortise
 * (CONFIG_MORTISE_BOOT_MODULES, boot_modules.c) makes partitions of the modules themselves.
 */
#include "boot_partitions.h"
#include "endpoint.h"
#include "hypercall.h"
#include "irq.h"
#include "memory.h"
#include "partition.h"
#include "power.h"
#include "sched.h"
#include "vcpu.h"

#include "console.h"

#define PARTITION_RAM_IPA CONFIG_PLATFORM_RAM_BASE
#define PARTITION_RAM_SIZE (16ULL << 20)
_Static_assert(CONFIG_MAX_CPUS <= CAP_SCHED_CPUS, "a sched context names CPUs 0..63");

bool boot_grant(const struct partition *holder, const struct boot_grant *grants, unsigned count)
{
	for (unsigned i = 0; i < count; i++) {
		cap_selector selector;
		if (cap_create(&kernel_caps, holder->id, grants[i].type, grants[i].object,
			       grants[i].size, grants[i].rights, &selector) != CAP_OK)
			return false;
	}
	return true;
}

uint32_t boot_module_features(int32_t listed, uint32_t absent)
{
	uint32_t features = 0;

	if (listed == DTB_FEATURES_ABSENT)
		return absent;
	if (listed & DTB_FEATURE_PMU)
		features |= HC_FEATURE_PMU;
	if (listed & DTB_FEATURE_DEBUG)
		features |= HC_FEATURE_DEBUG;
	return features;
}

struct partition *boot_partition_from_module(const char *name, const struct dtb_range *module,
					     size_t table_pages, uint32_t features)
{
	struct partition *partition =
		partition_create_with_ram(name, PARTITION_RAM_IPA, PARTITION_RAM_SIZE, table_pages);

	if (partition == NULL || vcpu_set_partition_features(partition, features) != CAP_OK ||
	    !partition_load(partition, PARTITION_ENTRY_IPA,
			    (const void *)(uintptr_t)module->base, module->size)) {
		console_printf("Mortise: boot error: cannot make partition %s from the module at "
			       "0x%llx (%llu bytes)\n",
			       name, (unsigned long long)module->base,
			       (unsigned long long)module->size);
		kernel_power_off();
	}
	console_printf("Mortise: partition %s: %llu KiB image, %llu MiB RAM\n", name,
		       (unsigned long long)(module->size >> 10),
		       (unsigned long long)(PARTITION_RAM_SIZE >> 20));
	return partition;
}

#define PAGE_ROUND_UP(size) (((size) + 0xfffULL) & ~0xfffULL)

/*
 * The RAM partitions may have: what the kernel leaves, up to the first boot module in it, so
 * that no partition can be placed over the modules the root component still has to read.
 */
static struct dtb_range ram_below_modules(const struct dtb_platform *platform)
{
	struct dtb_range ram = memory_for_partitions();

	for (unsigned i = 0; i < platform->module_count; i++) {
		uint64_t base = platform->modules[i].base;
		if (base >= ram.base && base - ram.base < ram.size)
			ram.size = base - ram.base;
	}
	return ram;
}

/*
 * The root maps its boot modules (its archive) where it likes, by pages if their addresses are
 * not 2 MiB-aligned: one level-3 table per 2 MiB and one level-2 per 1 GiB of each, beyond
 * BOOT_TABLE_PAGES for its RAM and the devicetree windows of the partitions it builds.
 */
static size_t root_table_pages(const struct dtb_platform *platform)
{
	size_t pages = BOOT_TABLE_PAGES + BOOT_VCPU_PAGES(1);

	for (unsigned i = 0; i < platform->module_count; i++)
		pages += hc_stage2_tables_anywhere(PAGE_ROUND_UP(platform->modules[i].size));
	return pages;
}

/*
 * The root component finds 0 console (read, write, grant), 1 its own partition (control, grant),
 * 2 the RAM for partitions (all rights), 3 every SPI (all rights), 4 the device space below RAM
 * (all rights; the kernel keeps the GIC out of any partition), then each other boot module (read,
 * grant), in order, then a sched context for every CPU with the highest ceiling (all rights).
 * Its quota is every table whole.
 */
static void start_root(const struct dtb_platform *platform)
{
	struct partition *root = boot_partition_from_module(
		"root", &platform->modules[platform->root_module], root_table_pages(platform),
		boot_module_features(platform->module_features[platform->root_module], 0));
	struct dtb_range ram = ram_below_modules(platform);
	uint32_t first_spi, spis;
	irq_spi_range(&first_spi, &spis);
	const struct boot_grant grants[] = {
		{CAP_TYPE_CONSOLE, 0, 0, CAP_RIGHT_READ | CAP_RIGHT_WRITE | CAP_RIGHT_GRANT},
		{CAP_TYPE_PARTITION, root->id, 0, CAP_RIGHT_CONTROL | CAP_RIGHT_GRANT},
		{CAP_TYPE_MEMORY, ram.base, ram.size, CAP_RIGHTS_ALL},
		{CAP_TYPE_IRQ, first_spi, spis - first_spi, CAP_RIGHTS_ALL},
		{CAP_TYPE_MEMORY, 0, platform->memory[0].base, CAP_RIGHTS_ALL},
	};
	struct vcpu *vcpu = vcpu_create(root, machine.boot_cpu, VCPU_PRIORITY_COMPONENT,
					PARTITION_ENTRY_IPA, 0);
	bool granted = vcpu != NULL && ram.size > 0 && spis > first_spi &&
		       platform->memory[0].base > 0 &&
		       boot_grant(root, grants, sizeof(grants) / sizeof(grants[0]));

	for (unsigned i = 0; granted && i < platform->module_count; i++) {
		/* Whole pages, so that the root component can map the module to read it. */
		const struct boot_grant module = {CAP_TYPE_MEMORY, platform->modules[i].base,
						  PAGE_ROUND_UP(platform->modules[i].size),
						  CAP_RIGHT_READ | CAP_RIGHT_GRANT};
		if ((int)i != platform->root_module)
			granted = boot_grant(root, &module, 1);
	}
	const struct boot_grant every_cpu = {CAP_TYPE_SCHED_CONTEXT,
					     platform->cpu_count >= CAP_SCHED_CPUS ?
						     UINT64_MAX :
						     (1ULL << platform->cpu_count) - 1,
					     CAP_SCHED_PRIORITY_MAX, CAP_RIGHTS_ALL};
	granted = granted && boot_grant(root, &every_cpu, 1);
	root->quota[TABLE_VCPUS] = CONFIG_MORTISE_MAX_VCPUS;
	root->quota[TABLE_ENDPOINTS] = CONFIG_MORTISE_MAX_ENDPOINTS;
	root->quota[TABLE_CHANNELS] = CONFIG_MORTISE_MAX_CHANNELS;
	root->quota[TABLE_PARTITIONS] = CONFIG_CAPS_MAX_SPACES;
	root->root = true;
	if (!granted) {
		console_printf("Mortise: boot error: cannot start the root component\n");
		kernel_power_off();
	}
	console_printf("Mortise: root component gets %llu MiB of RAM at 0x%llx for partitions\n",
		       (unsigned long long)(ram.size >> 20), (unsigned long long)ram.base);
	vcpu_start(vcpu);
}

#ifndef CONFIG_MORTISE_BOOT_MODULES
void boot_modules_start(const struct dtb_platform *platform)
{
	if (platform->module_count == 0 && platform->initrd.size == 0)
		console_printf("Mortise: no boot module to run; powering off\n");
	else
		console_printf("Mortise: boot error: no boot module is the root component "
			       "(tenonos,root-component)\n");
	kernel_power_off();
}
#endif

_Noreturn void boot_partitions_start(void)
{
	/*
	 * The capability lock is held throughout, so that every cap_* call and every table entry
	 * below is made under it, as hypercalls make them. A guest with a CPU of its own
	 * ("tenonos,cpu") may start running before the next is made: its hypercalls wait here for
	 * the lock until every boot partition is in place.
	 */
	spin_lock(&kernel_caps.lock);
	if (machine.platform.root_module >= 0)
		start_root(&machine.platform);
	else
		boot_modules_start(&machine.platform);
	spin_unlock(&kernel_caps.lock);
	sched_start_cpu();
}
