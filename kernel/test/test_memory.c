/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Mortise's boot allocator (memory.c) on the host: pages come upwards from the start of its RAM,
 * aligned as asked, never overlapping the image, the DTB, the initrd or a boot module, and NULL
 * once its RAM (MORTISE_MEMORY_MIB) is used up. Addresses are only compared, never touched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "machine.h"
#include "memory.h"

#define RAM_BASE 0x40000000ULL
#define MIB (1ULL << 20)
#define KERNEL_MEMORY ((uint64_t)CONFIG_MORTISE_MEMORY_MIB * MIB)
#define BLOCK_PAGES 512 /* 2 MiB */

struct machine machine;
/* The image's bounds, as the linker script gives them; on the host they lie outside RAM_BASE. */
__asm__(".data\n.globl __image_start\n.globl __image_end\n__image_start:\n.space 4096\n"
	"__image_end:\n.text");

static const void *const dtb = (const void *)(uintptr_t)(RAM_BASE + 0x1800);

static int boot(void **state)
{
	(void)state;
	memset(&machine, 0, sizeof(machine));
	machine.platform.memory[0] = (struct dtb_range){RAM_BASE, 1024 * MIB};
	machine.platform.memory_count = 1;
	machine.platform.fdt_size = 0x1000; /* pages 1 and 2 of RAM */
	/* A module straddling the first 2 MiB boundary, another at 3 MiB. */
	machine.platform.modules[0] = (struct dtb_range){RAM_BASE + 2 * MIB - 0x800, 0x1000};
	machine.platform.modules[1] = (struct dtb_range){RAM_BASE + 3 * MIB, MIB};
	machine.platform.module_count = 2;
	return memory_init(dtb) ? 0 : -1;
}

static uint64_t alloc(size_t pages, size_t align_pages)
{
	return (uint64_t)(uintptr_t)memory_alloc(pages, align_pages);
}

static void test_pages_step_over_the_reserved(void **state)
{
	(void)state;
	assert_int_equal(alloc(1, 1), RAM_BASE);
	/* Pages 1 and 2 hold the DTB: the next free page is 3. */
	assert_int_equal(alloc(2, 0), RAM_BASE + 3 * PAGE_SIZE);
	/* Aligned to 2 MiB: the first module starts below 2 MiB but covers the page there. */
	assert_int_equal(alloc(1, BLOCK_PAGES), RAM_BASE + 4 * MIB);
	/* The next 2 MiB block, past the second module at 3 MiB too. */
	assert_int_equal(alloc(BLOCK_PAGES, BLOCK_PAGES), RAM_BASE + 6 * MIB);
	/* Upwards from there: the holes left behind are not reused. */
	assert_int_equal(alloc(1, 1), RAM_BASE + 8 * MIB);
}

static void test_a_reservation_takes_its_pages_whole(void **state)
{
	(void)state;
	assert_int_equal(alloc(1, 1), RAM_BASE);
	assert_int_equal(alloc(2, 1), RAM_BASE + 3 * PAGE_SIZE);
	assert_int_equal(alloc(506, 1), RAM_BASE + 5 * PAGE_SIZE);
	/* Pages 511 and 512 each hold half of the first module. */
	assert_int_equal(alloc(1, 1), RAM_BASE + 513 * PAGE_SIZE);
}

/* 32 MiB alignment: a power of two inside Mortise's RAM. */
_Static_assert(CONFIG_MORTISE_MEMORY_MIB >= 64, "the test's alignment fits in Mortise's RAM");
#define ALIGN_PAGES (32 * MIB / PAGE_SIZE)

static void test_exhaustion_and_bad_requests(void **state)
{
	(void)state;
	assert_int_equal(alloc(0, 1), 0);
	assert_int_equal(alloc(1, 3), 0);
	assert_int_equal(alloc(SIZE_MAX, 1), 0);
	assert_int_equal(alloc(KERNEL_MEMORY / PAGE_SIZE, 1), 0);
	assert_int_equal(alloc(1, 1), RAM_BASE);
	uint64_t aligned = alloc(1, ALIGN_PAGES);
	assert_int_equal(aligned, RAM_BASE + 32 * MIB);
	uint64_t left = (KERNEL_MEMORY - 32 * MIB) / PAGE_SIZE - 1;
	assert_int_equal(alloc(left + 1, 1), 0);
	assert_int_equal(alloc(left, 1), aligned + PAGE_SIZE);
	assert_int_equal(alloc(1, 1), 0);
}

static void test_a_wrapping_reservation_fails_boot(void **state)
{
	(void)state;
	machine.platform.initrd = (struct dtb_range){UINT64_MAX - PAGE_SIZE, 2 * PAGE_SIZE};
	assert_false(memory_init(dtb));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_pages_step_over_the_reserved, boot),
		cmocka_unit_test_setup(test_a_reservation_takes_its_pages_whole, boot),
		cmocka_unit_test_setup(test_exhaustion_and_bad_requests, boot),
		cmocka_unit_test_setup(test_a_wrapping_reservation_fails_boot, boot),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
