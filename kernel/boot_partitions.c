/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Partitions from the boot modules, on the boot CPU, each with a fixed set of boot capabilities.
 * This stands in for the root component, which will create partitions from the compiled policy
 * instead; until then the capability sets below are the whole policy, and small on purpose.
 *
 * With a module marked "tenonos,root-component", that module becomes the root component and every
 * other module is handed to it as memory to read (the policy blob and the images). Otherwise, a
 * module with a "tenonos,cpu" is a guest of its own on that CPU (no VMM), and of the others, one
 * (the initrd, or one "multiboot,module") is a guest on the boot CPU; two or more: the first is a
 * VMM component that receives the exits of the guests made from the others.
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
#include "fmt.h"
#include "page_alloc.h"

#define PARTITION_RAM_IPA CONFIG_PLATFORM_RAM_BASE
#define PARTITION_RAM_SIZE (16ULL << 20)
#define PARTITION_ENTRY_IPA CONFIG_PLATFORM_LOAD_ADDRESS
/* An interrupt a guest may name but not use: a capability with too few rights. */
#define GUEST_SAMPLE_INTID 48
/*
 * Kernel memory of each boot partition, from Mortise's own memory like its RAM: its capability
 * space and 16 tables, of which its RAM takes two (it is 2 MiB-aligned: level 1 and one level 2);
 * the root component
 * gets more for mapping its boot modules by pages (root_table_pages). Then one page for each vCPU
 * it may hold (BOOT_VCPU_PAGES).
 */
#define BOOT_TABLE_PAGES (HC_CAP_SPACE_MEMORY_SIZE / PAGE_SIZE + 16)
#define BOOT_VCPU_PAGES(vcpus) ((vcpus) * (HC_VCPU_MEMORY_SIZE / PAGE_SIZE))
/* Unmapped RAM each guest gets to donate to partitions of its own (selector 5). */
#define GUEST_SPARE_PAGES 32
/*
 * The CPUs a boot-module guest may place vCPUs on: 0..2, enough for a guest on three CPUs at once,
 * while CPU 3 of a four-CPU machine stays out of its reach (the caps guest checks both).
 */
#define GUEST_CPUS 0x7u
/* What a boot-module guest may create in Mortise's tables: a few of each, never all. */
#define GUEST_VCPU_QUOTA 7
#define GUEST_ENDPOINT_QUOTA 3
#define GUEST_CHANNEL_QUOTA 2
#define GUEST_PARTITION_QUOTA 4
/* A boot-module guest's kernel memory, and the peer's: its boot vCPU and its quota's. */
#define GUEST_KERNEL_PAGES (BOOT_TABLE_PAGES + BOOT_VCPU_PAGES(1 + GUEST_VCPU_QUOTA))
/* Its sched context's selector, then one more: control over the peer partition. */
#define GUEST_SCHED_CONTEXT_SELECTOR 6
#define GUEST_PEER_CONTROL_SELECTOR 7

_Static_assert(CONFIG_MAX_CPUS <= CAP_SCHED_CPUS, "a sched context names CPUs 0..63");

struct boot_grant {
	enum cap_type type;
	uint64_t object, size;
	cap_rights rights;
};

static bool grant(const struct partition *holder, const struct boot_grant *grants, unsigned count)
{
	for (unsigned i = 0; i < count; i++) {
		cap_selector selector;
		if (cap_create(&kernel_caps, holder->id, grants[i].type, grants[i].object,
			       grants[i].size, grants[i].rights, &selector) != CAP_OK)
			return false;
	}
	return true;
}

/* Before it runs: nobody else takes from its quota yet. */
static void give_guest_quota(struct partition *partition)
{
	partition->quota[TABLE_VCPUS] = GUEST_VCPU_QUOTA;
	partition->quota[TABLE_ENDPOINTS] = GUEST_ENDPOINT_QUOTA;
	partition->quota[TABLE_CHANNELS] = GUEST_CHANNEL_QUOTA;
	partition->quota[TABLE_PARTITIONS] = GUEST_PARTITION_QUOTA;
}

/*
 * A guest finds its boot capabilities at selectors 0 console (read, write, grant), 1 its own
 * partition (control, grant), 2 its RAM (read, write, execute, grant), 3 a peer partition (grant),
 * 4 IRQ 48 (read), 5 GUEST_SPARE_PAGES of unmapped RAM (all rights: it may donate them), 6 a
 * sched context for GUEST_CPUS at the guest priority (control, grant), 7 the peer partition again
 * (control, grant), an empty partition to run vCPUs in. Its quota is GUEST_*_QUOTA vCPUs,
 * endpoints and channels.
 */
static bool grant_guest(struct partition *guest, const struct partition *peer)
{
	void *spare = memory_alloc(GUEST_SPARE_PAGES, 1);

	give_guest_quota(guest);
	if (cap_create_at(&kernel_caps, guest->id, CAP_TYPE_SCHED_CONTEXT, GUEST_CPUS,
			  VCPU_PRIORITY_GUEST, CAP_RIGHT_CONTROL | CAP_RIGHT_GRANT,
			  GUEST_SCHED_CONTEXT_SELECTOR) != CAP_OK ||
	    cap_create_at(&kernel_caps, guest->id, CAP_TYPE_PARTITION, peer->id, 0,
			  CAP_RIGHT_CONTROL | CAP_RIGHT_GRANT, GUEST_PEER_CONTROL_SELECTOR) != CAP_OK)
		return false;
	const struct boot_grant grants[] = {
		{CAP_TYPE_CONSOLE, 0, 0, CAP_RIGHT_READ | CAP_RIGHT_WRITE | CAP_RIGHT_GRANT},
		{CAP_TYPE_PARTITION, guest->id, 0, CAP_RIGHT_CONTROL | CAP_RIGHT_GRANT},
		{CAP_TYPE_MEMORY, guest->ram_pa, guest->ram_size,
		 CAP_RIGHT_READ | CAP_RIGHT_WRITE | CAP_RIGHT_EXECUTE | CAP_RIGHT_GRANT},
		{CAP_TYPE_PARTITION, peer->id, 0, CAP_RIGHT_GRANT},
		{CAP_TYPE_IRQ, GUEST_SAMPLE_INTID, 0, CAP_RIGHT_READ},
		{CAP_TYPE_MEMORY, (uintptr_t)spare, GUEST_SPARE_PAGES * PAGE_SIZE, CAP_RIGHTS_ALL},
	};
	return spare != NULL && grant(guest, grants, sizeof(grants) / sizeof(grants[0]));
}

/*
 * The debug and PMU registers a module's partition owns (HC_FEATURE_*): what its module node's
 * "tenonos,features" lists, else for a guest every feature this machine has (the test and
 * benchmark images read PMCCNTR_EL0, and their state is switched with them), for the VMM and the
 * root component none (they emulate and build; nothing of theirs needs counting).
 */
static uint32_t module_features(int32_t listed, bool guest)
{
	uint32_t features = 0;

	if (listed == DTB_FEATURES_ABSENT) {
		if (guest)
			features = debug_pmu_supported(HC_FEATURES_ALL) ? HC_FEATURES_ALL :
									  HC_FEATURE_DEBUG;
		return features;
	}
	if (listed & DTB_FEATURE_PMU)
		features |= HC_FEATURE_PMU;
	if (listed & DTB_FEATURE_DEBUG)
		features |= HC_FEATURE_DEBUG;
	return features;
}

static struct partition *partition_from_module(const char *name, const struct dtb_range *module,
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

/*
 * The VMM component finds 0 console (write), 1 the exit endpoint (read), then one vCPU capability
 * (control) per guest, in module order.
 */
static struct vcpu *start_vmm(const struct dtb_range *module, int32_t features,
			      struct endpoint **endpoint)
{
	struct partition *vmm = partition_from_module("vmm", module,
						      BOOT_TABLE_PAGES + BOOT_VCPU_PAGES(1),
						      module_features(features, false));
	*endpoint = endpoint_create(vmm, NULL);
	const struct boot_grant grants[] = {
		{CAP_TYPE_CONSOLE, 0, 0, CAP_RIGHT_WRITE},
		{CAP_TYPE_ENDPOINT, *endpoint != NULL ? (*endpoint)->id : 0, 0, CAP_RIGHT_READ},
	};
	struct vcpu *vcpu = vcpu_create(vmm, machine.boot_cpu, VCPU_PRIORITY_COMPONENT,
					PARTITION_ENTRY_IPA, 0);

	if (*endpoint == NULL || vcpu == NULL || !grant(vmm, grants, 2)) {
		console_printf("Mortise: boot error: cannot start the VMM component\n");
		kernel_power_off();
	}
	vcpu_start(vcpu);
	return vcpu;
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
	struct partition *root = partition_from_module(
		"root", &platform->modules[platform->root_module], root_table_pages(platform),
		module_features(platform->module_features[platform->root_module], false));
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
		       grant(root, grants, sizeof(grants) / sizeof(grants[0]));

	for (unsigned i = 0; granted && i < platform->module_count; i++) {
		/* Whole pages, so that the root component can map the module to read it. */
		const struct boot_grant module = {CAP_TYPE_MEMORY, platform->modules[i].base,
						  PAGE_ROUND_UP(platform->modules[i].size),
						  CAP_RIGHT_READ | CAP_RIGHT_GRANT};
		if ((int)i != platform->root_module)
			granted = grant(root, &module, 1);
	}
	const struct boot_grant every_cpu = {CAP_TYPE_SCHED_CONTEXT,
					     platform->cpu_count >= CAP_SCHED_CPUS ?
						     UINT64_MAX :
						     (1ULL << platform->cpu_count) - 1,
					     CAP_SCHED_PRIORITY_MAX, CAP_RIGHTS_ALL};
	granted = granted && grant(root, &every_cpu, 1);
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

/* A guest's CPU: the one its module names ("tenonos,cpu"), which must be online, or the boot CPU. */
static bool guest_cpu(uint32_t requested, unsigned *cpu)
{
	if (requested == DTB_MODULE_ANY_CPU) {
		*cpu = machine.boot_cpu;
		return true;
	}
	*cpu = requested;
	return requested < machine.platform.cpu_count && machine.cpus[requested].online;
}

/* The first module without a CPU of its own, when two or more have none: the VMM's. */
static int vmm_module(const uint32_t *module_cpus, unsigned count)
{
	int first = -1;
	unsigned without_cpu = 0;

	for (unsigned i = 0; i < count; i++) {
		if (module_cpus[i] != DTB_MODULE_ANY_CPU)
			continue;
		if (without_cpu++ == 0)
			first = (int)i;
	}
	return without_cpu > 1 ? first : -1;
}

static void start_boot_modules(const struct dtb_platform *platform)
{
	static const uint32_t initrd_cpu = DTB_MODULE_ANY_CPU;
	const struct dtb_range *modules = platform->modules;
	const uint32_t *module_cpus = platform->module_cpu;
	unsigned count = platform->module_count;
	/* An initrd has no node to list features on. */
	static const int32_t initrd_features = DTB_FEATURES_ABSENT;
	const int32_t *features = platform->module_features;

	if (count == 0 && platform->initrd.size > 0) {
		modules = &platform->initrd;
		features = &initrd_features;
		module_cpus = &initrd_cpu;
		count = 1;
	}
	if (count == 0) {
		console_printf("Mortise: no boot module to run; powering off\n");
		kernel_power_off();
	}

	struct endpoint *endpoint = NULL;
	int vmm_index = vmm_module(module_cpus, count);
	struct vcpu *vmm = vmm_index >= 0 ?
				   start_vmm(&modules[vmm_index], features[vmm_index], &endpoint) :
				   NULL;
	/*
	 * A space with no vCPU: somewhere for guests to delegate to, and to run vCPUs in (with the
	 * guest quota: what it creates is its own, apart from theirs).
	 */
	struct partition *peer = partition_create_with_ram("peer", 0, 0, GUEST_KERNEL_PAGES);
	if (peer != NULL)
		give_guest_quota(peer);
	for (unsigned i = 0; i < count; i++) {
		if ((int)i == vmm_index)
			continue;
		char name[PARTITION_NAME_LENGTH];
		fmt_snprintf(name, sizeof(name), count > 1 ? "guest%u" : "guest", i);
		/* A guest on a CPU of its own has no VMM: its exits stop it, as a single guest's do. */
		bool served = vmm != NULL && module_cpus[i] == DTB_MODULE_ANY_CPU;
		unsigned cpu;
		if (!guest_cpu(module_cpus[i], &cpu)) {
			console_printf("Mortise: boot error: partition %s: CPU %u is not online\n", name,
				       module_cpus[i]);
			kernel_power_off();
		}
		struct partition *guest = partition_from_module(name, &modules[i], GUEST_KERNEL_PAGES,
								module_features(features[i], true));
		struct vcpu *vcpu =
			vcpu_create(guest, cpu, VCPU_PRIORITY_GUEST, PARTITION_ENTRY_IPA, 0);
		const struct boot_grant control = {CAP_TYPE_VCPU, vcpu != NULL ? vcpu->id : 0, 0,
						   CAP_RIGHT_CONTROL};
		if (peer == NULL || vcpu == NULL || !grant_guest(guest, peer) ||
		    (served && !grant(vmm->partition, &control, 1))) {
			console_printf("Mortise: boot error: cannot start partition %s\n", name);
			kernel_power_off();
		}
		if (served)
			vcpu->exit_endpoint = endpoint;
		vcpu_start(vcpu);
	}
}

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
		start_boot_modules(&machine.platform);
	spin_unlock(&kernel_caps.lock);
	sched_start_cpu();
}
