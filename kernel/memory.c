/* SPDX-License-Identifier: Apache-2.0 */
/* Physical memory: RAM from the devicetree, minus the kernel image and the DTB, into pages. */
#include "memory.h"
#include "machine.h"
#include "power.h"

#include "console.h"
#include "page_alloc.h"

#define KERNEL_MEMORY_BYTES ((uint64_t)CONFIG_MORTISE_MEMORY_MIB << 20)

extern char __image_start[], __image_end[];

static uint64_t page_bitmap[KERNEL_MEMORY_BYTES / PAGE_SIZE / 64];
static struct dtb_range partition_memory;
static struct page_allocator page_allocator;

static bool reserve(uint64_t base, uint64_t size, const char *what)
{
	enum page_alloc_status status = page_alloc_reserve(&page_allocator, base, size);

	if (status == PAGE_ALLOC_OK)
		return true;
	console_printf("Mortise: boot error: cannot reserve the %s at 0x%llx: %s\n", what,
		       (unsigned long long)base, page_alloc_status_name(status));
	return false;
}

bool memory_init(const void *dtb)
{
	const struct dtb_platform *platform = &machine.platform;
	const struct dtb_range *managed = &platform->memory[0];

	/* The page allocator manages one contiguous range: the largest one the devicetree names. */
	machine.memory_bytes = 0;
	for (unsigned i = 0; i < platform->memory_count; i++) {
		machine.memory_bytes += platform->memory[i].size;
		if (platform->memory[i].size > managed->size)
			managed = &platform->memory[i];
	}
	uint64_t size = managed->size < KERNEL_MEMORY_BYTES ? managed->size : KERNEL_MEMORY_BYTES;
	partition_memory = (struct dtb_range){managed->base + size, managed->size - size};

	enum page_alloc_status status =
		page_alloc_init(&page_allocator, managed->base, size, page_bitmap,
				sizeof(page_bitmap) / sizeof(page_bitmap[0]));
	if (status != PAGE_ALLOC_OK) {
		console_printf("Mortise: boot error: memory 0x%llx+0x%llx: %s\n",
			       (unsigned long long)managed->base, (unsigned long long)size,
			       page_alloc_status_name(status));
		return false;
	}
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
	uint64_t address;

	if (page_alloc_alloc(&page_allocator, pages, align_pages, &address) != PAGE_ALLOC_OK)
		return NULL;
	/* RAM is identity-mapped at EL2: the physical address is the pointer. */
	return (void *)(uintptr_t)address;
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
