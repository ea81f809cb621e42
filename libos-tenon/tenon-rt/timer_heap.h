/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The timer heap: a binary min-heap of armed timers ordered by (deadline, arming sequence), in a
 * caller-supplied array of pointers. Each timer records its slot (heap_index), so cancelling an
 * arbitrary timer is a sift from that slot: insert, cancel and pop are all O(log n) worst case,
 * with no allocation, which a pairing heap (amortised bounds only) would not give a real-time
 * system. Equal deadlines fire in arming order.
 */
#ifndef TENON_TIMER_HEAP_H
#define TENON_TIMER_HEAP_H

#include <stdbool.h>
#include <stdint.h>

#define TENON_TIMER_NOT_ARMED UINT32_MAX

struct tenon_timer;
typedef void (*tenon_timer_callback)(struct tenon_timer *timer, void *arg);

struct tenon_timer {
	uint64_t deadline; /* clock counter value */
	uint64_t period; /* counter periods between firings; 0 = one-shot */
	uint64_t sequence;
	uint32_t heap_index;
	tenon_timer_callback callback;
	void *arg;
};

struct tenon_timer_heap {
	struct tenon_timer **slots;
	uint32_t count;
	uint32_t capacity;
	uint64_t next_sequence;
};

void tenon_timer_heap_init(struct tenon_timer_heap *heap, struct tenon_timer **slots,
			   uint32_t capacity);
/* A timer not yet in any heap: heap_index = TENON_TIMER_NOT_ARMED. */
void tenon_timer_reset(struct tenon_timer *timer, tenon_timer_callback callback, void *arg);
static inline bool tenon_timer_is_armed(const struct tenon_timer *timer)
{
	return timer->heap_index != TENON_TIMER_NOT_ARMED;
}
/* False when the heap is full or the timer is already armed. */
bool tenon_timer_heap_insert(struct tenon_timer_heap *heap, struct tenon_timer *timer,
			     uint64_t deadline);
/* False when the timer is not armed in this heap. */
bool tenon_timer_heap_remove(struct tenon_timer_heap *heap, struct tenon_timer *timer);
/* The earliest timer, or NULL. */
struct tenon_timer *tenon_timer_heap_top(const struct tenon_timer_heap *heap);
/* The earliest timer if its deadline is <= now, removed from the heap; otherwise NULL. */
struct tenon_timer *tenon_timer_heap_pop_expired(struct tenon_timer_heap *heap, uint64_t now);

#endif
