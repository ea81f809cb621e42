/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The O(1) ready queue: one FIFO list per priority and a two-level bitmap of the non-empty ones.
 * Priority 0 is the most urgent. Priority p is bit (31 - p % 32) of group word p / 32 and group g
 * is bit (31 - g) of the summary, so count-leading-zeros of the summary, then of that group,
 * yields the most urgent non-empty priority directly (two CLZ instructions on AArch64).
 */
#ifndef TENON_READYQ_H
#define TENON_READYQ_H

#include <stdbool.h>
#include <stdint.h>

#include "tenon_list.h"

#define TENON_READYQ_GROUPS ((CONFIG_TENON_PRIORITIES + 31) / 32)

struct tenon_readyq {
	uint32_t summary;
	uint32_t groups[TENON_READYQ_GROUPS];
	struct tenon_list lists[CONFIG_TENON_PRIORITIES];
};

void tenon_readyq_init(struct tenon_readyq *queue);
/*
 * SMP keeps one queue per CPU. Moves node, queued at priority in from, behind the others of its
 * priority in to (a ready thread given to another CPU). O(1).
 */
void tenon_readyq_move(struct tenon_readyq *from, struct tenon_readyq *to, struct tenon_list *node,
		       unsigned priority);
/* Whether queue holds a node more urgent than running_priority (TENON_PRIORITIES for an idle CPU:
 * any node is): whether that queue's CPU must reschedule. O(1). */
bool tenon_readyq_preempts(const struct tenon_readyq *queue, unsigned running_priority);

/* The operations every switch does, inline: a call each would cost more than the work. */

static inline void tenon_readyq_mark_non_empty(struct tenon_readyq *queue, unsigned priority)
{
	queue->groups[priority / 32] |= 0x80000000u >> (priority % 32);
	queue->summary |= 0x80000000u >> (priority / 32);
}

/* Behind the others of its priority (woken, yielded, slice expired). */
static inline void tenon_readyq_push_back(struct tenon_readyq *queue, struct tenon_list *node,
					  unsigned priority)
{
	tenon_list_push_back(&queue->lists[priority], node);
	tenon_readyq_mark_non_empty(queue, priority);
}

/* Ahead of the others of its priority (preempted: it keeps its turn). */
static inline void tenon_readyq_push_front(struct tenon_readyq *queue, struct tenon_list *node,
					   unsigned priority)
{
	tenon_list_push_front(&queue->lists[priority], node);
	tenon_readyq_mark_non_empty(queue, priority);
}

/* node must be queued at priority. */
static inline void tenon_readyq_remove(struct tenon_readyq *queue, struct tenon_list *node,
				       unsigned priority)
{
	tenon_list_remove(node);
	if (!tenon_list_empty(&queue->lists[priority]))
		return;
	queue->groups[priority / 32] &= ~(0x80000000u >> (priority % 32));
	if (queue->groups[priority / 32] == 0)
		queue->summary &= ~(0x80000000u >> (priority / 32));
}

/* The most urgent non-empty priority, or -1 when the queue is empty. */
static inline int tenon_readyq_highest(const struct tenon_readyq *queue)
{
	/* __builtin_clz(0) is undefined: the empty case must be caught first. */
	if (queue->summary == 0)
		return -1;
	unsigned group = (unsigned)__builtin_clz(queue->summary);
	return (int)(group * 32 + (unsigned)__builtin_clz(queue->groups[group]));
}

/* The first node of priority, which must be non-empty, unlinked: a pop when the caller already
 * knows the most urgent priority. */
static inline struct tenon_list *tenon_readyq_pop_at(struct tenon_readyq *queue, unsigned priority)
{
	struct tenon_list *node = queue->lists[priority].next;

	tenon_readyq_remove(queue, node, priority);
	return node;
}

/* The first node of the most urgent priority, unlinked; NULL when empty. */
static inline struct tenon_list *tenon_readyq_pop(struct tenon_readyq *queue)
{
	int priority = tenon_readyq_highest(queue);

	return priority < 0 ? NULL : tenon_readyq_pop_at(queue, (unsigned)priority);
}

/* True when a node waits at priority: what round-robin asks before rotating. O(1). */
static inline bool tenon_readyq_has(const struct tenon_readyq *queue, unsigned priority)
{
	return priority < CONFIG_TENON_PRIORITIES &&
	       (queue->groups[priority / 32] & (0x80000000u >> (priority % 32))) != 0;
}

#endif
