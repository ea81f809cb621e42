/* SPDX-License-Identifier: Apache-2.0 */
#include "partition.h"
#include "endpoint.h"

#include <string.h>

#include "caps.h"
#include "console.h"
#include "cpu.h"
#include "kernel.h"
#include "page_alloc.h"

#define BLOCK_2M_PAGES 512

/*
 * Appended under the capability lock (the callers are partition.create and boot code, which hold
 * it; cap_space_create needs it anyway); read by partitions_any_running without it, through
 * partition_count's release and acquire.
 */
static struct partition partitions[CONFIG_CAPS_MAX_SPACES];
static unsigned partition_count;

/* The caller holds the capability lock. */
struct partition *partition_create(const char *name)
{
	if (partition_count == CONFIG_CAPS_MAX_SPACES)
		return NULL;
	struct partition *partition = &partitions[partition_count];
	uint16_t id = (uint16_t)partition_count;

	/* VMID 0 stays unused: firmware or a previous boot may have left TLB entries under it. */
	if (cap_space_create(&kernel_caps, id) != CAP_OK ||
	    !stage2_init(&partition->stage2, (uint16_t)(id + 1)))
		return NULL;
	size_t name_length = strnlen(name, sizeof(partition->name) - 1);
	memcpy(partition->name, name, name_length);
	partition->name[name_length] = '\0';
	partition->id = id;
	__atomic_store_n(&partition_count, partition_count + 1, __ATOMIC_RELEASE);
	return partition;
}

struct partition *partition_by_id(uint64_t id)
{
	return id < partition_count ? &partitions[id] : NULL;
}

struct partition *partition_create_with_ram(const char *name, uint64_t ram_ipa, uint64_t ram_size)
{
	struct partition *partition = partition_create(name);
	/* 2 MiB alignment lets stage 2 map RAM with blocks: fewer tables, fewer TLB misses. */
	void *ram = partition != NULL ? memory_alloc(ram_size / PAGE_SIZE, BLOCK_2M_PAGES) : NULL;

	if (ram == NULL || !stage2_map(&partition->stage2, ram_ipa, (uintptr_t)ram, ram_size,
				       STAGE2_NORMAL, STAGE2_ALL))
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

static void partition_console_flush(struct partition *partition)
{
	console_printf("[%s] %.*s\n", partition->name, (int)partition->line_length, partition->line);
	partition->line_length = 0;
}

void partition_console_write(struct partition *partition, const char *text, size_t length)
{
	for (size_t i = 0; i < length; i++) {
		if (text[i] == '\n') {
			partition_console_flush(partition);
			continue;
		}
		partition->line[partition->line_length++] = text[i];
		if (partition->line_length == sizeof(partition->line))
			partition_console_flush(partition);
	}
}

void partition_stop(struct partition *partition, const char *reason)
{
	if (partition->line_length > 0)
		partition_console_flush(partition);
	console_printf("Mortise: partition %s stopped: %s\n", partition->name, reason);
	/* After the line: an idle CPU that sees nothing running powers the machine off at once. */
	__atomic_store_n(&partition->running, false, __ATOMIC_RELEASE);
	irq_release_partition(partition);
	endpoints_receiver_stopped(partition);
}

bool partitions_any_running(void)
{
	unsigned count = __atomic_load_n(&partition_count, __ATOMIC_ACQUIRE);

	for (unsigned i = 0; i < count; i++) {
		if (__atomic_load_n(&partitions[i].running, __ATOMIC_ACQUIRE))
			return true;
	}
	return false;
}
