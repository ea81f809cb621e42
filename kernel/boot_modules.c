/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Partitions made of the boot modules themselves, without a root component: a test build of
 * Mortise only (CONFIG_MORTISE_BOOT_MODULES; kernel/mortise.conf leaves it out, and the tests and
 * benchmarks that boot guests so run test/mortise-boot-modules/). The capability sets below stand
 * in for a policy, and are small on purpose.
 *
 * A module with a "tenonos,cpu" is a guest of its own on that CPU (no VMM), and of the others, one
 * (the initrd, or one "multiboot,module") is a guest on the boot CPU; two or more: the first is a
 * VMM component that receives the exits of the guests made from the others.
 */
#include "boot_partitions.h"
#include "endpoint.h"
#include "memory.h"
#include "power.h"
#include "vcpu.h"

#include "console.h"
#include "fmt.h"

/* An interrupt a guest may name but not use: a capability with too few rights. */
#define GUEST_SAMPLE_INTID 48
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
	return spare != NULL && boot_grant(guest, grants, sizeof(grants) / sizeof(grants[0]));
}

/*
 * A guest without "tenonos,features" owns every feature this machine has: the test and benchmark
 * images read PMCCNTR_EL0, and their state is switched with them. The VMM owns none unless listed
 * (it emulates; nothing of its needs counting).
 */
static uint32_t guest_features(int32_t listed)
{
	return boot_module_features(listed, debug_pmu_supported(HC_FEATURES_ALL) ?
						    HC_FEATURES_ALL :
						    HC_FEATURE_DEBUG);
}

/*
 * The VMM component finds 0 console (write), 1 the exit endpoint (read), 2 a sched context over
 * the boot CPU (control), with a vCPU quota of one: its guests' CPU, where it may make itself a
 * context to serve their exits (endpoint.context_create); then one vCPU capability (control) per
 * guest, in module order.
 */
static struct vcpu *start_vmm(const struct dtb_range *module, int32_t features,
			      struct endpoint **endpoint)
{
	struct partition *vmm = boot_partition_from_module("vmm", module,
							   BOOT_TABLE_PAGES + BOOT_VCPU_PAGES(2),
							   boot_module_features(features, 0));
	*endpoint = endpoint_create(vmm, NULL);
	const struct boot_grant grants[] = {
		{CAP_TYPE_CONSOLE, 0, 0, CAP_RIGHT_WRITE},
		{CAP_TYPE_ENDPOINT, *endpoint != NULL ? (*endpoint)->id : 0, 0, CAP_RIGHT_READ},
		{CAP_TYPE_SCHED_CONTEXT, 1ull << machine.boot_cpu, VCPU_PRIORITY_GUEST,
		 CAP_RIGHT_CONTROL},
	};
	struct vcpu *vcpu = vcpu_create(vmm, machine.boot_cpu, VCPU_PRIORITY_COMPONENT,
					PARTITION_ENTRY_IPA, 0);

	vmm->quota[TABLE_VCPUS] = 1;
	if (*endpoint == NULL || vcpu == NULL || !boot_grant(vmm, grants, 3)) {
		console_printf("Mortise: boot error: cannot start the VMM component\n");
		kernel_power_off();
	}
	vcpu_start(vcpu);
	return vcpu;
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

void boot_modules_start(const struct dtb_platform *platform)
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
		struct partition *guest = boot_partition_from_module(
			name, &modules[i], GUEST_KERNEL_PAGES, guest_features(features[i]));
		struct vcpu *vcpu =
			vcpu_create(guest, cpu, VCPU_PRIORITY_GUEST, PARTITION_ENTRY_IPA, 0);
		const struct boot_grant control = {CAP_TYPE_VCPU, vcpu != NULL ? vcpu->id : 0, 0,
						   CAP_RIGHT_CONTROL};
		if (peer == NULL || vcpu == NULL || !grant_guest(guest, peer) ||
		    (served && !boot_grant(vmm->partition, &control, 1))) {
			console_printf("Mortise: boot error: cannot start partition %s\n", name);
			kernel_power_off();
		}
		if (served)
			vcpu->exit_endpoint = endpoint;
		vcpu_start(vcpu);
	}
}
