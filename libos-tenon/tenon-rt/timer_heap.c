/* SPDX-License-Identifier: Apache-2.0 */
#include "timer_heap.h"

#include <stddef.h>

void tenon_timer_heap_init(struct tenon_timer_heap *heap, struct tenon_timer **slots,
			   uint32_t capacity)
{
	heap->slots = slots;
	heap->count = 0;
	heap->capacity = capacity;
	heap->next_sequence = 0;
}

void tenon_timer_reset(struct tenon_timer *timer, tenon_timer_callback callback, void *arg)
{
	timer->deadline = 0;
	timer->period = 0;
	timer->sequence = 0;
	timer->heap_index = TENON_TIMER_NOT_ARMED;
	timer->callback = callback;
	timer->arg = arg;
}

static bool earlier(const struct tenon_timer *a, const struct tenon_timer *b)
{
	return a->deadline < b->deadline || (a->deadline == b->deadline && a->sequence < b->sequence);
}

static void place(struct tenon_timer_heap *heap, uint32_t index, struct tenon_timer *timer)
{
	heap->slots[index] = timer;
	timer->heap_index = index;
}

static void sift_up(struct tenon_timer_heap *heap, uint32_t index)
{
	struct tenon_timer *timer = heap->slots[index];

	while (index > 0) {
		uint32_t parent = (index - 1) / 2;
		if (!earlier(timer, heap->slots[parent]))
			break;
		place(heap, index, heap->slots[parent]);
		index = parent;
	}
	place(heap, index, timer);
}

static void sift_down(struct tenon_timer_heap *heap, uint32_t index)
{
	struct tenon_timer *timer = heap->slots[index];

	for (;;) {
		uint32_t child = 2 * index + 1;
		if (child >= heap->count)
			break;
		if (child + 1 < heap->count && earlier(heap->slots[child + 1], heap->slots[child]))
			child++;
		if (!earlier(heap->slots[child], timer))
			break;
		place(heap, index, heap->slots[child]);
		index = child;
	}
	place(heap, index, timer);
}

bool tenon_timer_heap_insert(struct tenon_timer_heap *heap, struct tenon_timer *timer,
			     uint64_t deadline)
{
	if (heap->count >= heap->capacity || tenon_timer_is_armed(timer))
		return false;
	timer->deadline = deadline;
	timer->sequence = heap->next_sequence++;
	place(heap, heap->count++, timer);
	sift_up(heap, timer->heap_index);
	return true;
}

bool tenon_timer_heap_remove(struct tenon_timer_heap *heap, struct tenon_timer *timer)
{
	uint32_t index = timer->heap_index;

	if (index >= heap->count || heap->slots[index] != timer)
		return false;
	timer->heap_index = TENON_TIMER_NOT_ARMED;
	uint32_t last = --heap->count;
	if (index == last)
		return true;
	/* The last timer fills the hole; it may belong above or below it. */
	place(heap, index, heap->slots[last]);
	if (index > 0 && earlier(heap->slots[index], heap->slots[(index - 1) / 2]))
		sift_up(heap, index);
	else
		sift_down(heap, index);
	return true;
}

struct tenon_timer *tenon_timer_heap_top(const struct tenon_timer_heap *heap)
{
	return heap->count > 0 ? heap->slots[0] : NULL;
}

struct tenon_timer *tenon_timer_heap_pop_expired(struct tenon_timer_heap *heap, uint64_t now)
{
	struct tenon_timer *top = tenon_timer_heap_top(heap);

	if (top == NULL || top->deadline > now)
		return NULL;
	tenon_timer_heap_remove(heap, top);
	return top;
}
