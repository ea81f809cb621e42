/* SPDX-License-Identifier: Apache-2.0 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "array_length.h"
#include "page_alloc.h"

#define BASE 0x40000000ULL
#define MAX_WORDS 16

/* One guard word past the words the range needs: the allocator must never write it. */
#define GUARD 0x5a5a5a5a5a5a5a5aULL

static struct page_allocator allocator;
static uint64_t bitmap[MAX_WORDS + 1];

static void init_pages(uint64_t base, uint64_t pages)
{
	size_t words = page_alloc_bitmap_words(pages * PAGE_SIZE);

	assert_true(words <= MAX_WORDS);
	memset(bitmap, 0xee, sizeof(bitmap));
	bitmap[words] = GUARD;
	assert_int_equal(page_alloc_init(&allocator, base, pages * PAGE_SIZE, bitmap, words),
			 PAGE_ALLOC_OK);
}

static uint64_t page_address(uint64_t index)
{
	return allocator.base + index * PAGE_SIZE;
}

static bool page_used(uint64_t index)
{
	return (allocator.bitmap[index / 64] >> (index % 64)) & 1;
}

static uint64_t alloc_ok(size_t pages, size_t align)
{
	uint64_t address = 0;

	assert_int_equal(page_alloc_alloc(&allocator, pages, align, &address), PAGE_ALLOC_OK);
	return address;
}

static void expect_no_memory(size_t pages, size_t align)
{
	uint64_t address = 0x1234;

	assert_int_equal(page_alloc_alloc(&allocator, pages, align, &address),
			 PAGE_ALLOC_ERR_NO_MEMORY);
	assert_int_equal(address, 0x1234);
}

/* ---- Sizes, names, init ----------------------------------------------------------------------- */

static void test_status_names_are_distinct(void **state)
{
	(void)state;
	for (int i = 0; i < PAGE_ALLOC_STATUS_COUNT; i++) {
		assert_string_not_equal(page_alloc_status_name((enum page_alloc_status)i),
					"unknown page-alloc status");
		for (int j = 0; j < i; j++)
			assert_string_not_equal(page_alloc_status_name((enum page_alloc_status)i),
						page_alloc_status_name((enum page_alloc_status)j));
	}
	assert_string_equal(page_alloc_status_name(PAGE_ALLOC_STATUS_COUNT),
			    "unknown page-alloc status");
}

static void test_bitmap_words(void **state)
{
	(void)state;
	static uint64_t sized_statically[PAGE_ALLOC_BITMAP_WORDS(65 * PAGE_SIZE)];

	assert_int_equal(sizeof(sized_statically) / sizeof(uint64_t), 2);
	assert_int_equal(page_alloc_bitmap_words(0), 0);
	assert_int_equal(page_alloc_bitmap_words(1), 1);
	assert_int_equal(page_alloc_bitmap_words(PAGE_SIZE), 1);
	assert_int_equal(page_alloc_bitmap_words(64 * PAGE_SIZE), 1);
	assert_int_equal(page_alloc_bitmap_words(64 * PAGE_SIZE + 1), 2);
	assert_int_equal(page_alloc_bitmap_words(1ULL << 30), (1 << 18) / 64);
	assert_int_equal(PAGE_ALLOC_BITMAP_WORDS(1ULL << 30), (1 << 18) / 64);
	/* 2^52 pages: no wrap near the top of the address space. */
	assert_int_equal(page_alloc_bitmap_words(UINT64_MAX), (1ULL << 52) / 64);
}

static void test_init_rejects_bad_ranges(void **state)
{
	(void)state;
	uint64_t words[2];

	assert_int_equal(page_alloc_init(&allocator, BASE + 1, PAGE_SIZE, words, 2),
			 PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_init(&allocator, BASE, PAGE_SIZE + 8, words, 2),
			 PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_init(&allocator, BASE, 0, words, 2), PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_init(&allocator, BASE, PAGE_SIZE, NULL, 2),
			 PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_init(NULL, BASE, PAGE_SIZE, words, 2), PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_init(&allocator, UINT64_MAX - PAGE_SIZE + 1, 2 * PAGE_SIZE,
					 words, 2),
			 PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_init(&allocator, BASE, 129 * PAGE_SIZE, words, 2),
			 PAGE_ALLOC_ERR_BITMAP_TOO_SMALL);
	assert_int_equal(page_alloc_init(&allocator, BASE, 128 * PAGE_SIZE, words, 2),
			 PAGE_ALLOC_OK);
	/* The very last page of the address space is a valid range. */
	assert_int_equal(page_alloc_init(&allocator, UINT64_MAX - PAGE_SIZE + 1, PAGE_SIZE, words, 1),
			 PAGE_ALLOC_OK);
	assert_int_equal(alloc_ok(1, 0), UINT64_MAX - PAGE_SIZE + 1);
}

static void test_init_frees_every_page_and_fences_the_tail(void **state)
{
	(void)state;
	init_pages(BASE, 100);
	assert_int_equal(page_alloc_free_pages(&allocator), 100);
	assert_int_equal(allocator.page_count, 100);
	assert_int_equal(allocator.bitmap_words, 2);
	assert_int_equal(bitmap[0], 0);
	assert_int_equal(bitmap[1], ~0ULL << 36);
	assert_int_equal(bitmap[2], GUARD);
	assert_false(spin_is_locked(&allocator.lock));
}

/* ---- Allocation ------------------------------------------------------------------------------- */

static void test_allocations_are_next_fit(void **state)
{
	(void)state;
	init_pages(BASE, 10);
	assert_int_equal(alloc_ok(2, 0), BASE);
	assert_int_equal(alloc_ok(3, 1), BASE + 2 * PAGE_SIZE);
	assert_int_equal(page_alloc_free(&allocator, BASE, 2), PAGE_ALLOC_OK);
	/* The freed start is not reused while later pages are free. */
	assert_int_equal(alloc_ok(1, 0), BASE + 5 * PAGE_SIZE);
	assert_int_equal(page_alloc_free_pages(&allocator), 10 - 4);
	for (unsigned i = 0; i < 10; i++)
		assert_int_equal(page_used(i), i >= 2 && i < 6);
}

static void test_search_wraps_to_the_start(void **state)
{
	(void)state;
	init_pages(BASE, 10);
	assert_int_equal(alloc_ok(8, 0), BASE);
	assert_int_equal(page_alloc_free(&allocator, BASE, 4), PAGE_ALLOC_OK);
	/* 2 free at the end, 4 at the start: a 3-page run only fits after wrapping. */
	assert_int_equal(alloc_ok(3, 0), BASE);
	assert_int_equal(alloc_ok(2, 0), BASE + 3 * PAGE_SIZE + 0 * PAGE_SIZE + 5 * PAGE_SIZE);
	expect_no_memory(2, 0);
	assert_int_equal(alloc_ok(1, 0), BASE + 3 * PAGE_SIZE);
	assert_int_equal(page_alloc_free_pages(&allocator), 0);
}

static void test_run_straddling_the_hint_is_found(void **state)
{
	(void)state;
	init_pages(BASE, 8);
	assert_int_equal(alloc_ok(4, 0), BASE);
	assert_int_equal(alloc_ok(3, 0), BASE + 4 * PAGE_SIZE); /* hint at 7 */
	assert_int_equal(page_alloc_free(&allocator, BASE + 2 * PAGE_SIZE, 4), PAGE_ALLOC_OK);
	/* Free: 2..5 and 7. Searching from 7 fails; the wrapped search starts before the hint. */
	assert_int_equal(alloc_ok(4, 0), BASE + 2 * PAGE_SIZE);
}

static void test_exhaustion(void **state)
{
	(void)state;
	init_pages(BASE, 130);
	expect_no_memory(131, 0);
	for (unsigned i = 0; i < 130; i++)
		assert_int_equal(alloc_ok(1, 0), page_address(i));
	assert_int_equal(page_alloc_free_pages(&allocator), 0);
	expect_no_memory(1, 0);
	assert_int_equal(page_alloc_free(&allocator, page_address(129), 1), PAGE_ALLOC_OK);
	assert_int_equal(alloc_ok(1, 0), page_address(129));
	assert_int_equal(bitmap[3], GUARD);
}

static void test_alloc_rejects_bad_requests(void **state)
{
	(void)state;
	uint64_t address = 7;

	init_pages(BASE, 64);
	assert_int_equal(page_alloc_alloc(&allocator, 0, 0, &address), PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_alloc(&allocator, 1, 3, &address), PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_alloc(&allocator, 1, 12, &address), PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_alloc(&allocator, 1, 0, NULL), PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_alloc(NULL, 1, 0, &address), PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(address, 7);
	assert_int_equal(page_alloc_free_pages(&allocator), 64);
	assert_int_equal(page_alloc_alloc(&allocator, SIZE_MAX, 0, &address),
			 PAGE_ALLOC_ERR_NO_MEMORY);
}

static void test_alignment_is_of_the_physical_address(void **state)
{
	(void)state;
	/* Page 0 of the range is physical page 0x40001, which is odd. */
	init_pages(BASE + PAGE_SIZE, 64);
	assert_int_equal(alloc_ok(1, 0), BASE + PAGE_SIZE);
	assert_int_equal(alloc_ok(1, 4), BASE + 4 * PAGE_SIZE);
	assert_int_equal(alloc_ok(2, 16), BASE + 16 * PAGE_SIZE);
	assert_int_equal(alloc_ok(1, 1), BASE + 18 * PAGE_SIZE);
	/* 64 KiB aligned, 16 pages: 0x40020000 (index 31) is the first candidate fully free. */
	assert_int_equal(alloc_ok(16, 16), BASE + 32 * PAGE_SIZE);
	/* The next 16-aligned address, 0x40030000, leaves only 16 pages up to the end (index 63). */
	assert_int_equal(alloc_ok(16, 16), BASE + 48 * PAGE_SIZE);
	/* 0x40000000 is below the range and 0x40080000 beyond it. */
	expect_no_memory(1, 128);
	expect_no_memory(1, (size_t)1 << 62);
	/* 0x40040000, the last page (index 63), is 256 KiB aligned. */
	assert_int_equal(alloc_ok(1, 64), BASE + 64 * PAGE_SIZE);
	/* The hint wrapped to index 0, whose physical page 0x40001 is odd. */
	assert_int_equal(alloc_ok(1, 2), BASE + 2 * PAGE_SIZE);
}

static void test_fragmentation(void **state)
{
	(void)state;
	init_pages(BASE, 128);
	for (unsigned i = 0; i < 128; i++)
		alloc_ok(1, 0);
	for (unsigned i = 0; i < 128; i += 2)
		assert_int_equal(page_alloc_free(&allocator, page_address(i), 1), PAGE_ALLOC_OK);
	assert_int_equal(page_alloc_free_pages(&allocator), 64);
	expect_no_memory(2, 0);
	assert_int_equal(page_alloc_free(&allocator, page_address(71), 1), PAGE_ALLOC_OK);
	assert_int_equal(alloc_ok(3, 0), page_address(70));
	expect_no_memory(2, 0);
	/* Next fit: the search resumes after the run just handed out. */
	assert_int_equal(alloc_ok(1, 0), page_address(74));
	assert_int_equal(page_alloc_free_pages(&allocator), 64 + 1 - 3 - 1);
}

static void test_run_across_words_skips_full_words(void **state)
{
	(void)state;
	init_pages(BASE, 64 * 8);
	assert_int_equal(page_alloc_reserve(&allocator, BASE, 128 * PAGE_SIZE), PAGE_ALLOC_OK);
	assert_int_equal(bitmap[0], ~0ULL);
	assert_int_equal(bitmap[1], ~0ULL);
	assert_int_equal(alloc_ok(100, 0), page_address(128));
	assert_int_equal(alloc_ok(200, 0), page_address(228));
	assert_int_equal(alloc_ok(64, 64), page_address(448));
	assert_int_equal(page_alloc_free_pages(&allocator), 512 - 128 - 100 - 200 - 64);
	assert_int_equal(page_alloc_free(&allocator, page_address(150), 250), PAGE_ALLOC_OK);
	assert_int_equal(alloc_ok(250, 0), page_address(150));
}

/* ---- Reserve and free ------------------------------------------------------------------------- */

static void test_reserve_rounds_outward(void **state)
{
	(void)state;
	init_pages(BASE, 16);
	assert_int_equal(page_alloc_reserve(&allocator, BASE + PAGE_SIZE + 0x800, 0x1000),
			 PAGE_ALLOC_OK);
	assert_int_equal(page_alloc_free_pages(&allocator), 14);
	for (unsigned i = 0; i < 16; i++)
		assert_int_equal(page_used(i), i == 1 || i == 2);
	assert_int_equal(page_alloc_reserve(&allocator, BASE + 5 * PAGE_SIZE + 4095, 1),
			 PAGE_ALLOC_OK);
	assert_true(page_used(5));
	assert_false(page_used(6));
	assert_int_equal(page_alloc_free_pages(&allocator), 13);
}

static void test_reserve_ignores_parts_outside(void **state)
{
	(void)state;
	init_pages(BASE, 16);
	assert_int_equal(page_alloc_reserve(&allocator, 0, BASE + PAGE_SIZE), PAGE_ALLOC_OK);
	assert_int_equal(page_alloc_reserve(&allocator, BASE + 15 * PAGE_SIZE, 1ULL << 40),
			 PAGE_ALLOC_OK);
	assert_int_equal(page_alloc_free_pages(&allocator), 14);
	assert_true(page_used(0));
	assert_true(page_used(15));
	assert_int_equal(page_alloc_reserve(&allocator, 0, BASE), PAGE_ALLOC_OK);
	assert_int_equal(page_alloc_reserve(&allocator, BASE + 16 * PAGE_SIZE, PAGE_SIZE),
			 PAGE_ALLOC_OK);
	assert_int_equal(page_alloc_reserve(&allocator, UINT64_MAX, 1), PAGE_ALLOC_OK);
	assert_int_equal(page_alloc_free_pages(&allocator), 14);
	assert_int_equal(bitmap[1], GUARD);
}

static void test_reserve_rejects_empty_and_wrapping_ranges(void **state)
{
	(void)state;
	init_pages(BASE, 16);
	assert_int_equal(page_alloc_reserve(&allocator, BASE, 0), PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_reserve(&allocator, BASE, UINT64_MAX), PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_reserve(NULL, BASE, 1), PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_free_pages(&allocator), 16);
}

static void test_overlapping_reserves_count_pages_once(void **state)
{
	(void)state;
	init_pages(BASE, 16);
	assert_int_equal(page_alloc_reserve(&allocator, BASE, 4 * PAGE_SIZE), PAGE_ALLOC_OK);
	assert_int_equal(page_alloc_reserve(&allocator, BASE + 2 * PAGE_SIZE, 4 * PAGE_SIZE),
			 PAGE_ALLOC_OK);
	assert_int_equal(page_alloc_free_pages(&allocator), 10);
	assert_int_equal(alloc_ok(1, 0), page_address(6));
	/* Reserved pages can be handed back, e.g. boot-only memory. */
	assert_int_equal(page_alloc_free(&allocator, BASE, 6), PAGE_ALLOC_OK);
	assert_int_equal(page_alloc_free_pages(&allocator), 15);
}

static void test_free_rejects_bad_ranges(void **state)
{
	(void)state;
	init_pages(BASE, 16);
	uint64_t address = alloc_ok(16, 0);

	assert_int_equal(page_alloc_free(&allocator, address + 8, 1), PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_free(&allocator, address, 0), PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_free(&allocator, BASE - PAGE_SIZE, 1), PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_free(&allocator, BASE + 16 * PAGE_SIZE, 1),
			 PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_free(&allocator, BASE + 15 * PAGE_SIZE, 2),
			 PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_free(&allocator, BASE, SIZE_MAX), PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_free(NULL, BASE, 1), PAGE_ALLOC_ERR_INVALID);
	assert_int_equal(page_alloc_free_pages(&allocator), 0);
}

static void test_partially_free_run_changes_nothing(void **state)
{
	(void)state;
	init_pages(BASE, 16);
	alloc_ok(8, 0);
	assert_int_equal(page_alloc_free(&allocator, page_address(3), 1), PAGE_ALLOC_OK);
	uint64_t before = bitmap[0];

	assert_int_equal(page_alloc_free(&allocator, page_address(0), 8),
			 PAGE_ALLOC_ERR_NOT_ALLOCATED);
	assert_int_equal(page_alloc_free(&allocator, page_address(6), 4),
			 PAGE_ALLOC_ERR_NOT_ALLOCATED);
	assert_int_equal(page_alloc_free(&allocator, page_address(3), 1),
			 PAGE_ALLOC_ERR_NOT_ALLOCATED);
	assert_int_equal(bitmap[0], before);
	assert_int_equal(page_alloc_free_pages(&allocator), 9);
	assert_false(spin_is_locked(&allocator.lock));
}

/* ---- Randomized comparison with a reference model --------------------------------------------- */

#define MODEL_PAGES 333 /* not a multiple of 64: the last word is partly fenced */
#define MODEL_BASE (BASE + 3 * PAGE_SIZE)
#define MODEL_OPERATIONS 20000

struct model {
	bool used[MODEL_PAGES];
	uint64_t free_pages;
};

struct allocation {
	uint64_t index;
	uint64_t pages;
};

static bool model_run_fits(const struct model *model, uint64_t pages, uint64_t align,
			   bool *any)
{
	*any = false;
	for (uint64_t start = 0; start + pages <= MODEL_PAGES; start++) {
		if (((MODEL_BASE / PAGE_SIZE) + start) % align != 0)
			continue;
		bool free_run = true;

		for (uint64_t i = start; i < start + pages && free_run; i++)
			free_run = !model->used[i];
		if (free_run) {
			*any = true;
			return true;
		}
	}
	return false;
}

static void model_mark(struct model *model, uint64_t first, uint64_t count, bool used)
{
	for (uint64_t i = first; i < first + count; i++) {
		if (model->used[i] != used)
			model->free_pages += used ? (uint64_t)-1 : 1;
		model->used[i] = used;
	}
}

static void compare_state(const struct model *model)
{
	size_t words = page_alloc_bitmap_words(MODEL_PAGES * PAGE_SIZE);

	for (uint64_t i = 0; i < MODEL_PAGES; i++)
		if (page_used(i) != model->used[i])
			fail_msg("page %lu: allocator %d, model %d", (unsigned long)i, page_used(i),
				 model->used[i]);
	for (uint64_t i = MODEL_PAGES; i < words * 64; i++)
		assert_true(page_used(i));
	assert_int_equal(bitmap[words], GUARD);
	assert_int_equal(page_alloc_free_pages(&allocator), model->free_pages);
	assert_false(spin_is_locked(&allocator.lock));
}

static void random_alloc(struct model *model, struct allocation *live, size_t *live_count)
{
	static const size_t aligns[] = {0, 1, 2, 4, 8, 16, 64};
	uint64_t pages = 1 + (uint64_t)rand() % (rand() % 8 == 0 ? 80 : 6);
	size_t align = aligns[(size_t)rand() % (ARRAY_LENGTH(aligns))];
	uint64_t effective_align = align ? align : 1;
	uint64_t address = 0;
	bool any;
	bool fits = model_run_fits(model, pages, effective_align, &any);
	enum page_alloc_status status = page_alloc_alloc(&allocator, pages, align, &address);

	if (!fits) {
		assert_int_equal(status, PAGE_ALLOC_ERR_NO_MEMORY);
		return;
	}
	assert_int_equal(status, PAGE_ALLOC_OK);
	assert_true(address >= MODEL_BASE);
	assert_int_equal(address % (effective_align * PAGE_SIZE), 0);
	uint64_t index = (address - MODEL_BASE) / PAGE_SIZE;

	assert_true(index + pages <= MODEL_PAGES);
	for (uint64_t i = index; i < index + pages; i++)
		assert_false(model->used[i]);
	model_mark(model, index, pages, true);
	live[(*live_count)++] = (struct allocation){index, pages};
}

static void random_free(struct model *model, struct allocation *live, size_t *live_count)
{
	size_t pick = (size_t)rand() % *live_count;
	struct allocation victim = live[pick];

	assert_int_equal(page_alloc_free(&allocator, MODEL_BASE + victim.index * PAGE_SIZE,
					 victim.pages),
			 PAGE_ALLOC_OK);
	model_mark(model, victim.index, victim.pages, false);
	live[pick] = live[--*live_count];
}

/* A free over a random run: must succeed exactly when every page in it is in use. */
static void random_stray_free(struct model *model, struct allocation *live, size_t *live_count)
{
	uint64_t index = (uint64_t)rand() % MODEL_PAGES;
	uint64_t pages = 1 + (uint64_t)rand() % 4;
	bool all_used = index + pages <= MODEL_PAGES;

	for (uint64_t i = index; all_used && i < index + pages; i++)
		all_used = model->used[i];
	enum page_alloc_status status =
		page_alloc_free(&allocator, MODEL_BASE + index * PAGE_SIZE, pages);

	if (index + pages > MODEL_PAGES) {
		assert_int_equal(status, PAGE_ALLOC_ERR_INVALID);
	} else if (!all_used) {
		assert_int_equal(status, PAGE_ALLOC_ERR_NOT_ALLOCATED);
	} else {
		/* It freed parts of live allocations: forget those, the model now owns the pages. */
		assert_int_equal(status, PAGE_ALLOC_OK);
		model_mark(model, index, pages, false);
		for (size_t i = 0; i < *live_count;) {
			if (live[i].index < index + pages && index < live[i].index + live[i].pages) {
				/* Re-reserve the survivors' other pages so nothing leaks or doubles. */
				for (uint64_t p = live[i].index; p < live[i].index + live[i].pages; p++)
					if (p < index || p >= index + pages)
						assert_true(model->used[p]);
				live[i] = live[--*live_count];
			} else {
				i++;
			}
		}
	}
}

static void random_reserve(struct model *model)
{
	/* Around the range too, to exercise the clipping. */
	int64_t first = (int64_t)(rand() % (MODEL_PAGES + 40)) - 20;
	uint64_t bytes = 1 + (uint64_t)rand() % (6 * PAGE_SIZE);
	uint64_t base = (uint64_t)((int64_t)MODEL_BASE + first * PAGE_SIZE) + (uint64_t)rand() % 4096;

	assert_int_equal(page_alloc_reserve(&allocator, base, bytes), PAGE_ALLOC_OK);
	uint64_t first_page = base / PAGE_SIZE;
	uint64_t last_page = (base + bytes - 1) / PAGE_SIZE;

	for (uint64_t page = first_page; page <= last_page; page++) {
		uint64_t range_first = MODEL_BASE / PAGE_SIZE;

		if (page >= range_first && page < range_first + MODEL_PAGES)
			model_mark(model, page - range_first, 1, true);
	}
}

static void test_randomized_against_reference_model(void **state)
{
	(void)state;
	static struct model model;
	static struct allocation live[MODEL_PAGES];
	size_t live_count = 0;

	memset(&model, 0, sizeof(model));
	model.free_pages = MODEL_PAGES;
	init_pages(MODEL_BASE, MODEL_PAGES);
	srand(20240601);
	for (unsigned operation = 0; operation < MODEL_OPERATIONS; operation++) {
		int choice = rand() % 100;

		if (choice < 50)
			random_alloc(&model, live, &live_count);
		else if (choice < 88 && live_count > 0)
			random_free(&model, live, &live_count);
		else if (choice < 97)
			random_stray_free(&model, live, &live_count);
		else if (operation < MODEL_OPERATIONS / 4)
			random_reserve(&model);
		compare_state(&model);
	}
}

/* ---- Concurrency ------------------------------------------------------------------------------ */

/*
 * No more threads than a small CI machine has CPUs: a ticket lock hands over in FIFO order, so a
 * descheduled next-in-line thread stalls every spinner for a whole time slice.
 */
#define THREADS 2
#define THREAD_ROUNDS 5000
#define SHARED_PAGES 64

static int owner[SHARED_PAGES];

static void *churn(void *argument)
{
	int self = (int)(intptr_t)argument;

	for (unsigned round = 0; round < THREAD_ROUNDS; round++) {
		uint64_t address;

		if (page_alloc_alloc(&allocator, 1 + round % 2, 0, &address) != PAGE_ALLOC_OK)
			continue;
		uint64_t index = (address - BASE) / PAGE_SIZE;
		size_t pages = 1 + round % 2;

		for (size_t i = 0; i < pages; i++)
			if (__atomic_exchange_n(&owner[index + i], self, __ATOMIC_RELAXED) != 0)
				return (void *)1; /* two owners: the lock failed */
		for (size_t i = 0; i < pages; i++)
			__atomic_store_n(&owner[index + i], 0, __ATOMIC_RELAXED);
		if (page_alloc_free(&allocator, address, pages) != PAGE_ALLOC_OK)
			return (void *)1;
	}
	return NULL;
}

static void test_concurrent_callers_never_share_pages(void **state)
{
	(void)state;
	pthread_t threads[THREADS];
	void *result;

	init_pages(BASE, SHARED_PAGES);
	memset(owner, 0, sizeof(owner));
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, churn, (void *)(intptr_t)(i + 1)),
				 0);
	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(threads[i], &result), 0);
		assert_null(result);
	}
	assert_int_equal(page_alloc_free_pages(&allocator), SHARED_PAGES);
	assert_int_equal(bitmap[0], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_names_are_distinct),
		cmocka_unit_test(test_bitmap_words),
		cmocka_unit_test(test_init_rejects_bad_ranges),
		cmocka_unit_test(test_init_frees_every_page_and_fences_the_tail),
		cmocka_unit_test(test_allocations_are_next_fit),
		cmocka_unit_test(test_search_wraps_to_the_start),
		cmocka_unit_test(test_run_straddling_the_hint_is_found),
		cmocka_unit_test(test_exhaustion),
		cmocka_unit_test(test_alloc_rejects_bad_requests),
		cmocka_unit_test(test_alignment_is_of_the_physical_address),
		cmocka_unit_test(test_fragmentation),
		cmocka_unit_test(test_run_across_words_skips_full_words),
		cmocka_unit_test(test_reserve_rounds_outward),
		cmocka_unit_test(test_reserve_ignores_parts_outside),
		cmocka_unit_test(test_reserve_rejects_empty_and_wrapping_ranges),
		cmocka_unit_test(test_overlapping_reserves_count_pages_once),
		cmocka_unit_test(test_free_rejects_bad_ranges),
		cmocka_unit_test(test_partially_free_run_changes_nothing),
		cmocka_unit_test(test_randomized_against_reference_model),
		cmocka_unit_test(test_concurrent_callers_never_share_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
