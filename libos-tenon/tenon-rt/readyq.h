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
	unsigned count;
};

void tenon_readyq_init(struct tenon_readyq *queue);
/* Behind the others of its priority (woken, yielded, slice expired). */
void tenon_readyq_push_back(struct tenon_readyq *queue, struct tenon_list *node, unsigned priority);
/* Ahead of the others of its priority (preempted: it keeps its turn). */
void tenon_readyq_push_front(struct tenon_readyq *queue, struct tenon_list *node, unsigned priority);
/* node must be queued at priority. */
void tenon_readyq_remove(struct tenon_readyq *queue, struct tenon_list *node, unsigned priority);
/* The most urgent non-empty priority, or -1 when the queue is empty. */
int tenon_readyq_highest(const struct tenon_readyq *queue);
/* The first node of the most urgent priority, unlinked; NULL when empty. */
struct tenon_list *tenon_readyq_pop(struct tenon_readyq *queue);
/* True when a node waits at priority: what round-robin asks before rotating. O(1). */
bool tenon_readyq_has(const struct tenon_readyq *queue, unsigned priority);
/*
 * SMP keeps one queue per CPU. Moves node, queued at priority in from, behind the others of its
 * priority in to (a ready thread given to another CPU). O(1).
 */
void tenon_readyq_move(struct tenon_readyq *from, struct tenon_readyq *to, struct tenon_list *node,
		       unsigned priority);
/* Whether queue holds a node more urgent than running_priority (TENON_PRIORITIES for an idle CPU:
 * any node is): whether that queue's CPU must reschedule. O(1). */
bool tenon_readyq_preempts(const struct tenon_readyq *queue, unsigned running_priority);

#endif
