/* SPDX-License-Identifier: Apache-2.0 */
/* Word-at-a-time bitmap scans for page-alloc; not part of the interface (page_alloc.h is). */
#ifndef PAGE_BITMAP_H
#define PAGE_BITMAP_H

#include <stdbool.h>
#include <stdint.h>

#define PAGE_BITMAP_WORD_BITS 64u

/* The first index in [from, end) whose bit equals `used`, or end when there is none. */
uint64_t page_bitmap_find(const uint64_t *bitmap, uint64_t from, uint64_t end, bool used);

/* Sets or clears bits [from, from + count). */
void page_bitmap_assign(uint64_t *bitmap, uint64_t from, uint64_t count, bool used);

/* Bits set in [from, from + count). */
uint64_t page_bitmap_count_used(const uint64_t *bitmap, uint64_t from, uint64_t count);

#endif
