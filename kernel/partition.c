/* SPDX-License-Identifier: Apache-2.0 */
#include "partition.h"
#include "channel.h"
#include "endpoint.h"
#include "frames.h"
#include "hypercall.h"
#include "irq.h"
#include "memory.h"
#include "vcpu.h"

#include <string.h>

#include "cpu.h"

#define BLOCK_2M_PAGES 512

/*
 * Made and freed under the capability lock (the callers are partition.create, partition.destroy
 * and boot code, which hold it; cap_space_create needs it anyway); read by partitions_done
 * without it, through partition_count's release and acquire. Each partition's capability space
 * is a page of its own kernel memory (take_cap_space), guarded by the capability lock as every
 * space of kernel_caps is.
 */
static struct partition partitions[CONFIG_CAPS_MAX_SPACES];
/* Entries below partition_count have been made; partitions_live of them are in use. */
static unsigned partition_count, partitions_live;

static struct partition *free_partition(void)
{
	for (unsigned i = 0; i < partition_count; i++) {
		if (!partitions[i].in_use)
			return &partitions[i];
	}
	return partition_count < CONFIG_CAPS_MAX_SPACES ? &partitions[partition_count] : NULL;
}

/*
 * Its capability space, from its own kernel memory (HC_CAP_SPACE_MEMORY_SIZE, which
 * HC_PARTITION_MEMORY_MIN counts): pages taken one after another are contiguous. It goes back
 * with the rest of that memory when the partition is destroyed, after cap_space_destroy.
 */
static struct cap_space *take_cap_space(struct stage2 *stage2)
{
	_Static_assert(sizeof(struct cap_space) <= HC_CAP_SPACE_MEMORY_SIZE, "a space fits");
	struct cap_space *table = stage2_take_page(stage2);

	for (unsigned page = 1; page < HC_CAP_SPACE_MEMORY_SIZE / PAGE_SIZE; page++)
		stage2_take_page(stage2);
	return table;
}

enum cap_status partition_create(const char *name, uint64_t table_base, uint64_t table_size,
				 struct partition **created)
{
	struct partition *partition = free_partition();

	if (partition == NULL)
		return CAP_NO_MEMORY;
	if (table_size < HC_PARTITION_MEMORY_MIN)
		return CAP_INVALID_ARGUMENT;
	uint16_t id = (uint16_t)(partition - partitions);
	enum cap_status donated = frames_donate(table_base, table_size);
	struct stage2 stage2;

	if (donated != CAP_OK)
		return donated;
	/*
	 * VMID 0 stays unused: firmware or a previous boot may have left TLB entries under it. Its
	 * kernel memory is no other partition's yet, so no lock guards these takes.
	 */
	stage2_init(&stage2, (uint16_t)(id + 1), table_base, table_size);
	/* The space is free: the count is ours under the capability lock. */
	if (cap_space_create(&kernel_caps, id, take_cap_space(&stage2)) != CAP_OK) {
		frames_return(table_base, table_size);
		return CAP_NO_MEMORY;
	}
	/* A reused entry starts afresh; partitions_done reads nothing running, nothing stopped. */
	__atomic_store_n(&partition->stopped, false, __ATOMIC_SEQ_CST);
	*partition = (struct partition){.in_use = true, .stage2 = stage2};
	size_t name_length = strnlen(name, sizeof(partition->name) - 1);
	memcpy(partition->name, name, name_length);
	partition->name[name_length] = '\0';
	partition->id = id;
	partition_console_init(&partition->console);
	if (id == partition_count)
		__atomic_store_n(&partition_count, partition_count + 1, __ATOMIC_RELEASE);
	__atomic_store_n(&partitions_live, partitions_live + 1, __ATOMIC_RELAXED);
	*created = partition;
	return CAP_OK;
}

struct partition *partition_by_id(uint64_t id)
{
	if (id >= __atomic_load_n(&partition_count, __ATOMIC_ACQUIRE) || !partitions[id].in_use)
		return NULL;
	return &partitions[id];
}

/* A live partition charged to partition: what it created and must go first. */
static bool has_partitions_of_its_own(const struct partition *partition)
{
	for (unsigned i = 0; i < partition_count; i++) {
		if (partitions[i].in_use && partitions[i].charged == partition)
			return true;
	}
	return false;
}

/* It stops for good, started or not: vcpu_start refuses it from now on. */
static void stop_for_good(struct partition *partition)
{
	if (partition->vcpus != NULL)
		partition_stop(partition->vcpus, "destroyed");
	__atomic_store_n(&partition->stopped, true, __ATOMIC_SEQ_CST);
	irq_release_partition(partition);
}

enum cap_status partition_destroy(struct partition *partition, const struct partition *caller)
{
	if (partition->root || partition == caller)
		return CAP_DENIED;
	if (has_partitions_of_its_own(partition) || vcpus_dedicated(partition) ||
	    vcpus_exit_to(partition))
		return CAP_INVALID_ARGUMENT;
	stop_for_good(partition);
	if (!vcpu_retire(partition))
		return CAP_PREEMPTED;
	struct partition *heir = partition->charged;
	cap_remove_naming(&kernel_caps, CAP_TYPE_PARTITION, partition->id);
	/* Nothing reaches its table now: the page goes back with its kernel memory below. */
	cap_space_destroy(&kernel_caps, partition->id);
	channels_destroy(partition, heir);
	endpoints_destroy(partition, heir);
	/* Its own vCPUs' charges come back to it first, and with its quotas go to heir. */
	vcpus_free(partition, heir);
	stage2_forget(&partition->stage2);
	frames_forget(&partition->stage2);
	for (unsigned table = 0; table < TABLE_KINDS; table++)
		partition_quota_return(heir, (enum table_kind)table, partition->quota[table]);
	partition_quota_return(heir, TABLE_PARTITIONS, 1);
	partition->in_use = false;
	__atomic_store_n(&partitions_live, partitions_live - 1, __ATOMIC_RELAXED);
	return CAP_OK;
}

unsigned partitions_in_use(void)
{
	return __atomic_load_n(&partitions_live, __ATOMIC_RELAXED);
}

unsigned partition_vmids_in_use(void)
{
	return partitions_in_use();
}

struct partition *partition_create_with_ram(const char *name, uint64_t ram_ipa, uint64_t ram_size,
					    size_t table_pages)
{
	struct partition *partition = NULL;
	void *tables = memory_alloc(table_pages, 1);
	/* 2 MiB alignment lets stage 2 map RAM with blocks: fewer tables, fewer TLB misses. */
	void *ram = ram_size > 0 ? memory_alloc(ram_size / PAGE_SIZE, BLOCK_2M_PAGES) : NULL;

	if (tables == NULL || (ram_size > 0 && ram == NULL) ||
	    partition_create(name, (uintptr_t)tables, table_pages * PAGE_SIZE, &partition) !=
		    CAP_OK ||
	    (ram_size > 0 && frames_map(&partition->stage2, ram_ipa, (uintptr_t)ram, ram_size,
					STAGE2_NORMAL, STAGE2_ALL) != CAP_OK))
		return NULL;
	partition->ram_ipa = ram_ipa;
	partition->ram_pa = (uintptr_t)ram;
	partition->ram_size = ram_size;
	return partition;
}

bool partition_load(struct partition *partition, uint64_t ipa, const void *image, size_t size)
{
	if (ipa < partition->ram_ipa || size > partition->ram_size ||
	    ipa - partition->ram_ipa > partition->ram_size - size)
		return false;
	uintptr_t destination = partition->ram_pa + (ipa - partition->ram_ipa);
	memcpy((void *)destination, image, size);
	cpu_sync_caches_for_execution(destination, size);
	return true;
}

void partition_stop(struct vcpu *vcpu, const char *reason)
{
	struct partition *partition = vcpu->partition;

	vcpu_mark_stopped(vcpu);
	if (!__atomic_load_n(&partition->running, __ATOMIC_ACQUIRE))
		return;
	partition_console_close(partition, reason);
	/*
	 * stopped before running, both sequentially consistent against vcpu_start, which sets
	 * running and then looks at stopped: either it sees stopped, or this clears its running.
	 * After the line: an idle CPU that sees nothing running powers the machine off at once.
	 */
	__atomic_store_n(&partition->stopped, true, __ATOMIC_SEQ_CST);
	__atomic_store_n(&partition->running, false, __ATOMIC_SEQ_CST);
	irq_release_partition(partition);
	/* A VMM's guests whose exits wait for it stop with it, each through this same entry. */
	for (struct vcpu *exited = endpoints_close(partition); exited != NULL;
	     exited = exited->next_exited)
		partition_stop(exited, "its VMM has stopped");
	/*
	 * Its vCPUs leave this CPU's run queue now, and those running on other CPUs leave them at
	 * their next exception, which comes now.
	 */
	for_each_vcpu_of(partition, other)
		vcpu_notify_cpu(other);
}

bool partitions_done(void)
{
	unsigned count = __atomic_load_n(&partition_count, __ATOMIC_ACQUIRE);
	bool any_stopped = false;

	for (unsigned i = 0; i < count; i++) {
		if (__atomic_load_n(&partitions[i].running, __ATOMIC_ACQUIRE))
			return false;
		any_stopped |= __atomic_load_n(&partitions[i].stopped, __ATOMIC_ACQUIRE);
	}
	return any_stopped;
}
