/* SPDX-License-Identifier: Apache-2.0 */
#include "partition.h"
#include "endpoint.h"
#include "frames.h"
#include "hypercall.h"
#include "irq.h"
#include "memory.h"
#include "vcpu.h"

#include <string.h>

#include "cpu.h"
#include "page_alloc.h"

#define BLOCK_2M_PAGES 512

/*
 * Appended under the capability lock (the callers are partition.create and boot code, which hold
 * it; cap_space_create needs it anyway); read by partitions_done without it, through
 * partition_count's release and acquire.
 */
static struct partition partitions[CONFIG_CAPS_MAX_SPACES];
/* Entries below partition_count are made and never move. */
static unsigned partition_count;

enum cap_status partition_create(const char *name, uint64_t table_base, uint64_t table_size,
				 struct partition **created)
{
	if (partition_count == CONFIG_CAPS_MAX_SPACES)
		return CAP_NO_MEMORY;
	if (table_size < HC_PARTITION_MEMORY_MIN)
		return CAP_INVALID_ARGUMENT;
	struct partition *partition = &partitions[partition_count];
	uint16_t id = (uint16_t)partition_count;
	enum cap_status donated = frames_donate(table_base, table_size);

	if (donated != CAP_OK)
		return donated;
	/* The space is free: the count is ours under the capability lock. */
	if (cap_space_create(&kernel_caps, id) != CAP_OK) {
		frames_return(table_base, table_size);
		return CAP_NO_MEMORY;
	}
	/* VMID 0 stays unused: firmware or a previous boot may have left TLB entries under it. */
	stage2_init(&partition->stage2, (uint16_t)(id + 1), table_base, table_size);
	size_t name_length = strnlen(name, sizeof(partition->name) - 1);
	memcpy(partition->name, name, name_length);
	partition->name[name_length] = '\0';
	partition->id = id;
	partition_console_init(&partition->console);
	__atomic_store_n(&partition_count, partition_count + 1, __ATOMIC_RELEASE);
	*created = partition;
	return CAP_OK;
}

struct partition *partition_by_id(uint64_t id)
{
	return id < __atomic_load_n(&partition_count, __ATOMIC_ACQUIRE) ? &partitions[id] : NULL;
}

unsigned partitions_in_use(void)
{
	return __atomic_load_n(&partition_count, __ATOMIC_ACQUIRE);
}

unsigned partition_vmids_in_use(void)
{
	return partitions_in_use();
}

bool partition_quota_take(struct partition *partition, enum table_kind table, unsigned count)
{
	if (partition == NULL)
		return true;
	unsigned *quota = &partition->quota[table];
	unsigned left = __atomic_load_n(quota, __ATOMIC_RELAXED);

	do {
		if (left < count)
			return false;
	} while (!__atomic_compare_exchange_n(quota, &left, left - count, true, __ATOMIC_ACQ_REL,
					      __ATOMIC_RELAXED));
	return true;
}

void partition_quota_return(struct partition *partition, enum table_kind table, unsigned count)
{
	if (partition != NULL)
		__atomic_fetch_add(&partition->quota[table], count, __ATOMIC_ACQ_REL);
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
	/* Its vCPUs running on other CPUs leave them at their next exception, which comes now. */
	for_each_vcpu_of(partition, other) {
		if (other->cpu != cpu_this()->index)
			cpu_kick(other->cpu);
	}
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
