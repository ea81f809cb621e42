/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Physical memory: RAM from the devicetree; Mortise's own part of it handed out in whole pages,
 * around the kernel image, the DTB and the boot modules.
 */
#include "memory.h"
#include "machine.h"
#include "power.h"

#include "console.h"

#define KERNEL_MEMORY_BYTES ((uint64_t)CONFIG_MORTISE_MEMORY_MIB << 20)

extern char __image_start[], __image_end[];

static struct dtb_range partition_memory;

/*
 * Every allocation is made on the boot CPU while Mortise boots (CPU stacks, frame states, the
 * boot partitions) and none is ever freed, so pages are handed out upwards from the start of
 * Mortise's RAM, stepping over what must stay intact: no free list, no lock. The boot CPU owns
 * these.
 */
#define RESERVED_MAX (3 + DTB_MAX_MODULES) /* the image, the DTB, the initrd, the modules */
static struct dtb_range reserved[RESERVED_MAX];
static unsigned reserved_count;
static uint64_t next_free, kernel_memory_end;

static bool reserve(uint64_t base, uint64_t size, const char *what)
{
	if (size == 0 || base + size < base || reserved_count == RESERVED_MAX) {
		console_printf("Mortise: boot error: cannot reserve the %s at 0x%llx+0x%llx\n", what,
			       (unsigned long long)base, (unsigned long long)size);
		return false;
	}
	reserved[reserved_count++] = (struct dtb_range){base, size};
	return true;
}

static const struct dtb_range *first_reserved_overlap(uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < reserved_count; i++) {
		const struct dtb_range *range = &reserved[i];
		if (base < range->base + range->size &&
		    (range->base <= base || range->base - base < size))
			return range;
	}
	return NULL;
}

bool memory_init(const void *dtb)
{
	const struct dtb_platform *platform = &machine.platform;
	const struct dtb_range *managed = &platform->memory[0];

	/* Mortise takes its pages from one contiguous range: the largest one the devicetree names. */
	machine.memory_bytes = 0;
	for (unsigned i = 0; i < platform->memory_count; i++) {
		machine.memory_bytes += platform->memory[i].size;
		if (platform->memory[i].size > managed->size)
			managed = &platform->memory[i];
	}
	uint64_t size = managed->size < KERNEL_MEMORY_BYTES ? managed->size : KERNEL_MEMORY_BYTES;
	partition_memory = (struct dtb_range){managed->base + size, managed->size - size};

	if (managed->base % PAGE_SIZE != 0 || size < PAGE_SIZE || managed->base + size < managed->base) {
		console_printf("Mortise: boot error: memory 0x%llx+0x%llx: not whole pages\n",
			       (unsigned long long)managed->base, (unsigned long long)size);
		return false;
	}
	next_free = managed->base;
	reserved_count = 0;
	kernel_memory_end = managed->base + size / PAGE_SIZE * PAGE_SIZE;
	if (!reserve((uintptr_t)__image_start, (uintptr_t)(__image_end - __image_start),
		     "kernel image") ||
	    !reserve((uintptr_t)dtb, platform->fdt_size, "devicetree"))
		return false;
	/* Boot modules stay intact until partitions are made from them. */
	if (platform->initrd.size > 0 &&
	    !reserve(platform->initrd.base, platform->initrd.size, "initrd"))
		return false;
	for (unsigned i = 0; i < platform->module_count; i++) {
		if (!reserve(platform->modules[i].base, platform->modules[i].size, "boot module"))
			return false;
	}
	return true;
}

void *memory_alloc(size_t pages, size_t align_pages)
{
	uint64_t size = (uint64_t)pages * PAGE_SIZE;
	uint64_t align = (align_pages > 1 ? (uint64_t)align_pages : 1) * PAGE_SIZE;
	uint64_t base = next_free;
	const struct dtb_range *overlap;

	if (pages == 0 || size / PAGE_SIZE != pages || (align & (align - 1)) != 0 ||
	    align / PAGE_SIZE < align_pages)
		return NULL;
	/* Each round moves past one reserved range for good: at most RESERVED_MAX + 1 rounds. */
	do {
		uint64_t aligned = (base + align - 1) & ~(align - 1);
		if (aligned < base || aligned >= kernel_memory_end || kernel_memory_end - aligned < size)
			return NULL;
		base = aligned;
		overlap = first_reserved_overlap(base, size);
		if (overlap != NULL)
			base = overlap->base + overlap->size;
	} while (overlap != NULL);
	next_free = base + size;
	/* RAM is identity-mapped at EL2: the physical address is the pointer. */
	return (void *)(uintptr_t)base;
}

bool memory_is_ram(uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < machine.platform.memory_count; i++) {
		const struct dtb_range *ram = &machine.platform.memory[i];
		if (base >= ram->base && size <= ram->size && base - ram->base <= ram->size - size)
			return true;
	}
	return false;
}

bool memory_touches_ram(uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < machine.platform.memory_count; i++) {
		const struct dtb_range *ram = &machine.platform.memory[i];
		if (base < ram->base + ram->size && (ram->base <= base || ram->base - base < size))
			return true;
	}
	return false;
}

bool memory_touches_gic(uint64_t base, uint64_t size)
{
	const struct dtb_gic *gic = &machine.platform.gic;
	uint64_t start = gic->distributor_base < gic->redistributor_base ? gic->distributor_base :
									   gic->redistributor_base;
	uint64_t end = gic->redistributor_base + gic->redistributor_size;
	uint64_t distributor_end = gic->distributor_base + gic->distributor_size;

	end = distributor_end > end ? distributor_end : end;
	return base < end && (start <= base || start - base < size);
}

struct dtb_range memory_for_partitions(void)
{
	return partition_memory;
}
