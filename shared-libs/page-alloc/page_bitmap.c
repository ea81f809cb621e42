/* SPDX-License-Identifier: Apache-2.0 */
#include "page_bitmap.h"

static uint64_t bits_from(uint64_t bit)
{
	return ~0ULL << (bit % PAGE_BITMAP_WORD_BITS);
}

uint64_t page_bitmap_find(const uint64_t *bitmap, uint64_t from, uint64_t end, bool used)
{
	uint64_t word = from / PAGE_BITMAP_WORD_BITS;
	uint64_t flip = used ? 0 : ~0ULL;
	uint64_t candidates;

	if (from >= end)
		return end;
	candidates = (bitmap[word] ^ flip) & bits_from(from);
	/* Whole words without a candidate (all used, or all free) cost one comparison each. */
	while (candidates == 0) {
		word++;
		if (word * PAGE_BITMAP_WORD_BITS >= end)
			return end;
		candidates = bitmap[word] ^ flip;
	}
	uint64_t found = word * PAGE_BITMAP_WORD_BITS + (uint64_t)__builtin_ctzll(candidates);
	return found < end ? found : end;
}

void page_bitmap_assign(uint64_t *bitmap, uint64_t from, uint64_t count, bool used)
{
	uint64_t end = from + count;
	uint64_t word = from / PAGE_BITMAP_WORD_BITS, last = end / PAGE_BITMAP_WORD_BITS;
	const uint64_t fill = used ? ~0ULL : 0;

	if (count == 0)
		return;
	/* The first and last words in part, the ones between whole: a boot assigns thousands. */
	if (word == last) {
		uint64_t mask = bits_from(from) & ~bits_from(end);
		bitmap[word] = (bitmap[word] & ~mask) | (fill & mask);
		return;
	}
	uint64_t head = bits_from(from);
	bitmap[word] = (bitmap[word] & ~head) | (fill & head);
	while (++word < last)
		bitmap[word] = fill;
	if (end % PAGE_BITMAP_WORD_BITS != 0) {
		uint64_t tail = ~bits_from(end);
		bitmap[last] = (bitmap[last] & ~tail) | (fill & tail);
	}
}

uint64_t page_bitmap_count_used(const uint64_t *bitmap, uint64_t from, uint64_t count)
{
	uint64_t end = from + count;
	uint64_t used = 0;

	while (from < end) {
		uint64_t word = from / PAGE_BITMAP_WORD_BITS;
		uint64_t word_end = (word + 1) * PAGE_BITMAP_WORD_BITS;
		uint64_t mask = bits_from(from);

		if (end < word_end)
			mask &= ~bits_from(end);
		used += (uint64_t)__builtin_popcountll(bitmap[word] & mask);
		from = word_end;
	}
	return used;
}
