/* SPDX-License-Identifier: Apache-2.0 */
#include "page_alloc.h"

#include <stdbool.h>

#include "page_bitmap.h"

_Static_assert(PAGE_SIZE == 1 << PAGE_SHIFT, "PAGE_SHIFT must match PAGE_SIZE");

static const char *const status_names[PAGE_ALLOC_STATUS_COUNT] = {
	[PAGE_ALLOC_OK] = "ok",
	[PAGE_ALLOC_ERR_NO_MEMORY] = "no memory",
	[PAGE_ALLOC_ERR_INVALID] = "invalid argument",
	[PAGE_ALLOC_ERR_NOT_ALLOCATED] = "pages not allocated",
	[PAGE_ALLOC_ERR_BITMAP_TOO_SMALL] = "bitmap too small",
};

const char *page_alloc_status_name(enum page_alloc_status status)
{
	if ((unsigned)status >= PAGE_ALLOC_STATUS_COUNT || !status_names[status])
		return "unknown page-alloc status";
	return status_names[status];
}

size_t page_alloc_bitmap_words(uint64_t size_bytes)
{
	/* The macro's + PAGE_SIZE - 1 would wrap for sizes near 2^64; shift first here. */
	uint64_t pages = (size_bytes >> PAGE_SHIFT) + ((size_bytes % PAGE_SIZE) != 0);

	return (size_t)((pages + PAGE_BITMAP_WORD_BITS - 1) / PAGE_BITMAP_WORD_BITS);
}

static bool page_aligned(uint64_t value)
{
	return value % PAGE_SIZE == 0;
}

/* Free-page count, also read without the lock by page_alloc_free_pages. */
static void set_free_pages(struct page_allocator *allocator, uint64_t pages)
{
	__atomic_store_n(&allocator->free_pages, pages, __ATOMIC_RELAXED);
}

enum page_alloc_status page_alloc_init(struct page_allocator *allocator, uint64_t base,
				       uint64_t size, uint64_t *bitmap, size_t bitmap_words)
{
	uint64_t pages = size >> PAGE_SHIFT;
	size_t words = page_alloc_bitmap_words(size);

	if (!allocator || !bitmap || size == 0 || !page_aligned(base) || !page_aligned(size) ||
	    size - 1 > UINT64_MAX - base)
		return PAGE_ALLOC_ERR_INVALID;
	if (bitmap_words < words)
		return PAGE_ALLOC_ERR_BITMAP_TOO_SMALL;
	allocator->base = base;
	allocator->page_count = pages;
	allocator->bitmap = bitmap;
	allocator->bitmap_words = words;
	allocator->next_fit = 0;
	page_bitmap_assign(bitmap, 0, pages, false);
	/* Bits past the last page read as in use: no search can return them. */
	page_bitmap_assign(bitmap, pages, words * PAGE_BITMAP_WORD_BITS - pages, true);
	set_free_pages(allocator, pages);
	spinlock_init(&allocator->lock);
	return PAGE_ALLOC_OK;
}

enum page_alloc_status page_alloc_reserve(struct page_allocator *allocator, uint64_t base,
					  uint64_t size)
{
	if (!allocator || size == 0 || size - 1 > UINT64_MAX - base)
		return PAGE_ALLOC_ERR_INVALID;

	/* Page numbers, so a range ending at 2^64 needs no special case. */
	uint64_t first_page = base >> PAGE_SHIFT;
	uint64_t last_page = (base + (size - 1)) >> PAGE_SHIFT;
	uint64_t range_first = allocator->base >> PAGE_SHIFT;
	uint64_t range_last = range_first + allocator->page_count - 1;

	if (last_page < range_first || first_page > range_last)
		return PAGE_ALLOC_OK;
	if (first_page < range_first)
		first_page = range_first;
	if (last_page > range_last)
		last_page = range_last;

	uint64_t index = first_page - range_first;
	uint64_t count = last_page - first_page + 1;

	spin_lock(&allocator->lock);
	uint64_t newly_used = count - page_bitmap_count_used(allocator->bitmap, index, count);
	page_bitmap_assign(allocator->bitmap, index, count, true);
	set_free_pages(allocator, allocator->free_pages - newly_used);
	spin_unlock(&allocator->lock);
	return PAGE_ALLOC_OK;
}

/*
 * The first index in [first, stop) where `pages` free pages start at an address aligned to
 * `align` pages and end inside the range. Each step moves past a used page, so the scan is linear
 * in the bitmap words.
 */
static bool find_run(const struct page_allocator *allocator, uint64_t first, uint64_t stop,
		     uint64_t pages, uint64_t align, uint64_t *start)
{
	uint64_t base_page = allocator->base >> PAGE_SHIFT;
	uint64_t count = allocator->page_count;
	uint64_t index = first;

	while (index < stop) {
		index = page_bitmap_find(allocator->bitmap, index, count, false);
		if (index >= count)
			return false;

		/* Alignment is of the physical page number, not of the index into the range. */
		uint64_t misalignment = (base_page + index) & (align - 1);
		if (misalignment != 0) {
			if (align - misalignment >= count - index)
				return false;
			index += align - misalignment;
		}
		if (index >= stop || pages > count - index)
			return false;

		uint64_t used = page_bitmap_find(allocator->bitmap, index, index + pages, true);
		if (used == index + pages) {
			*start = index;
			return true;
		}
		index = used + 1;
	}
	return false;
}

static bool power_of_two(uint64_t value)
{
	return value != 0 && (value & (value - 1)) == 0;
}

enum page_alloc_status page_alloc_alloc(struct page_allocator *allocator, size_t pages,
					size_t align_pages, uint64_t *address)
{
	uint64_t align = align_pages == 0 ? 1 : align_pages;
	uint64_t index;
	bool found;

	if (!allocator || !address || pages == 0 || !power_of_two(align))
		return PAGE_ALLOC_ERR_INVALID;

	spin_lock(&allocator->lock);
	uint64_t hint = allocator->next_fit;
	/* From the hint to the end, then wrap once for runs starting before it. */
	found = find_run(allocator, hint, allocator->page_count, pages, align, &index) ||
		find_run(allocator, 0, hint, pages, align, &index);
	if (found) {
		page_bitmap_assign(allocator->bitmap, index, pages, true);
		set_free_pages(allocator, allocator->free_pages - pages);
		allocator->next_fit = index + pages == allocator->page_count ? 0 : index + pages;
	}
	spin_unlock(&allocator->lock);
	if (!found)
		return PAGE_ALLOC_ERR_NO_MEMORY;
	*address = allocator->base + (index << PAGE_SHIFT);
	return PAGE_ALLOC_OK;
}

enum page_alloc_status page_alloc_free(struct page_allocator *allocator, uint64_t address,
				       size_t pages)
{
	enum page_alloc_status status = PAGE_ALLOC_OK;

	if (!allocator || pages == 0 || !page_aligned(address) || address < allocator->base)
		return PAGE_ALLOC_ERR_INVALID;

	uint64_t index = (address - allocator->base) >> PAGE_SHIFT;
	if (index >= allocator->page_count || pages > allocator->page_count - index)
		return PAGE_ALLOC_ERR_INVALID;

	spin_lock(&allocator->lock);
	/* Checked before anything changes, so a bad free leaves the allocator as it was. */
	if (page_bitmap_find(allocator->bitmap, index, index + pages, false) != index + pages) {
		status = PAGE_ALLOC_ERR_NOT_ALLOCATED;
	} else {
		page_bitmap_assign(allocator->bitmap, index, pages, false);
		set_free_pages(allocator, allocator->free_pages + pages);
	}
	spin_unlock(&allocator->lock);
	return status;
}

uint64_t page_alloc_free_pages(const struct page_allocator *allocator)
{
	return __atomic_load_n(&allocator->free_pages, __ATOMIC_RELAXED);
}
