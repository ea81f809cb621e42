/* SPDX-License-Identifier: Apache-2.0 */
/* musl's malloc on Tenon's brk and mmap: many small blocks, some large ones (mmap'd), freed and
 * allocated again, every byte checked. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCKS 200

static unsigned char *blocks[BLOCKS];
static size_t sizes[BLOCKS];

static size_t size_of(unsigned i, unsigned round)
{
	/* Every 25th block is big enough for its own mapping (mallocng's mmap threshold is 128 KiB). */
	return i % 25 == 0 ? 200000 + i * 64 : 16 + ((i * 37 + round * 11) % 3000);
}

int main(void)
{
	unsigned long checked = 0;

	for (unsigned round = 0; round < 3; round++) {
		for (unsigned i = 0; i < BLOCKS; i++) {
			sizes[i] = size_of(i, round);
			blocks[i] = malloc(sizes[i]);
			if (blocks[i] == NULL) {
				printf("heap: malloc(%zu) failed in round %u\n", sizes[i], round);
				return 1;
			}
			memset(blocks[i], (int)(i + round), sizes[i]);
		}
		for (unsigned i = 0; i < BLOCKS; i++) {
			for (size_t b = 0; b < sizes[i]; b++) {
				if (blocks[i][b] != (unsigned char)(i + round)) {
					printf("heap: block %u corrupted at %zu\n", i, b);
					return 1;
				}
			}
			checked += sizes[i];
			free(blocks[i]);
		}
	}
	char *text = malloc(64);
	snprintf(text, 64, "%lu bytes", checked);
	printf("heap: 3 rounds of %d blocks, %s written, checked and freed\n", BLOCKS, text);
	free(text);
	return 0;
}
