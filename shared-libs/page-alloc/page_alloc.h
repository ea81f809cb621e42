/* SPDX-License-Identifier: Apache-2.0 */
/*
 * page-alloc: a physical page allocator for one contiguous range of 4 KiB pages.
 *
 * One bit per page (set = in use) in a bitmap the caller provides, so the kernel sizes it at build
 * time with PAGE_ALLOC_BITMAP_WORDS and nothing is allocated at run time. Bits past the last page
 * stay set, so the search never has to special-case the final word and skips full words whole.
 * Allocation is next-fit: the search starts where the previous allocation ended and wraps once,
 * which spreads allocations instead of refragmenting the start of the range.
 *
 * Every call except page_alloc_init takes the allocator's spinlock, so CPUs may share one
 * allocator. page_alloc_init must finish before the allocator is shared.
 */
#ifndef PAGE_ALLOC_H
#define PAGE_ALLOC_H

#include <stddef.h>
#include <stdint.h>

#include "sync.h"

#define PAGE_SIZE 4096
#define PAGE_SHIFT 12

/* Bitmap words for a range of size_bytes (rounded up to pages), usable as an array size. */
#define PAGE_ALLOC_BITMAP_WORDS(size_bytes)                                                       \
	((((uint64_t)(size_bytes) + PAGE_SIZE - 1) / PAGE_SIZE + 63) / 64)

enum page_alloc_status {
	PAGE_ALLOC_OK,
	PAGE_ALLOC_ERR_NO_MEMORY,         /* no free run of that length and alignment */
	PAGE_ALLOC_ERR_INVALID,           /* unaligned, zero, out of range or NULL argument */
	PAGE_ALLOC_ERR_NOT_ALLOCATED,     /* freeing pages that are (partly) free already */
	PAGE_ALLOC_ERR_BITMAP_TOO_SMALL,  /* fewer bitmap words than the range needs */
	PAGE_ALLOC_STATUS_COUNT
};

const char *page_alloc_status_name(enum page_alloc_status status);

/* The fields are read-only outside the library; tests inspect them. */
struct page_allocator {
	uint64_t base;         /* physical address of page 0 */
	uint64_t page_count;
	uint64_t *bitmap;      /* bit i of word i / 64: page i is in use */
	size_t bitmap_words;   /* words covering page_count (the caller's array may be longer) */
	uint64_t free_pages;
	uint64_t next_fit;     /* page index where the next search starts */
	struct spinlock lock;
};

size_t page_alloc_bitmap_words(uint64_t size_bytes);

/* All pages free. base and size must be page aligned, size non-zero and base + size <= 2^64. */
enum page_alloc_status page_alloc_init(struct page_allocator *allocator, uint64_t base,
				       uint64_t size, uint64_t *bitmap, size_t bitmap_words);

/*
 * Marks [base, base + size) in use, for the kernel image, the DTB and the like. Rounds outward to
 * whole pages; parts outside the allocator's range are ignored (wholly outside: nothing to do).
 * Reserving pages already in use is allowed. Zero size or a range wrapping past 2^64: INVALID.
 */
enum page_alloc_status page_alloc_reserve(struct page_allocator *allocator, uint64_t base,
					  uint64_t size);

/*
 * A run of `pages` contiguous free pages whose physical address is a multiple of
 * align_pages * PAGE_SIZE; align_pages is a power of two, 0 or 1 meaning no alignment. On
 * failure *address is left alone.
 */
enum page_alloc_status page_alloc_alloc(struct page_allocator *allocator, size_t pages,
					size_t align_pages, uint64_t *address);

/* All or nothing: a run with any page already free is refused and nothing changes. */
enum page_alloc_status page_alloc_free(struct page_allocator *allocator, uint64_t address,
				       size_t pages);

uint64_t page_alloc_free_pages(const struct page_allocator *allocator);

#endif
