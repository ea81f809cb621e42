/* SPDX-License-Identifier: Apache-2.0 */
#include "block_pool.h"

#include <stdint.h>

void block_pool_init(struct block_pool *pool, void *storage, size_t block_size, size_t blocks)
{
	pool->free_list = NULL;
	pool->block_size = block_size;
	/* Linked from the last block down, so the first allocation hands out the lowest address. */
	for (size_t i = blocks; i > 0; i--) {
		void **block = (void **)((uint8_t *)storage + (i - 1) * block_size);
		*block = pool->free_list;
		pool->free_list = block;
	}
}

void *block_pool_alloc(struct block_pool *pool)
{
	void **block = pool->free_list;

	if (block != NULL)
		pool->free_list = *block;
	return block;
}

void block_pool_free(struct block_pool *pool, void *block)
{
	*(void **)block = pool->free_list;
	pool->free_list = block;
}
