/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A fixed-block pool: what an RTOS without a heap offers for Thread-Metric's memory test. Free
 * blocks form a singly linked list threaded through the blocks themselves, so allocation and
 * release are O(1) and need no bookkeeping beside the storage. Not locked: the caller serialises.
 */
#ifndef BLOCK_POOL_H
#define BLOCK_POOL_H

#include <stddef.h>

struct block_pool {
	void *free_list;
	size_t block_size;
};

/* storage must be aligned for a pointer; block_size >= sizeof(void *) and a multiple of 8. */
void block_pool_init(struct block_pool *pool, void *storage, size_t block_size, size_t blocks);
/* NULL when every block is taken. */
void *block_pool_alloc(struct block_pool *pool);
void block_pool_free(struct block_pool *pool, void *block);

#endif
