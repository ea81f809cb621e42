/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Deferred work (bottom halves): the queue an interrupt handler hands longer work to, so the
 * handler itself stays short and the work runs once the outermost handler has returned, with
 * interrupts unmasked, before any thread resumes. Portable; host-tested.
 */
#ifndef TENON_DEFERQ_H
#define TENON_DEFERQ_H

#include <stdbool.h>

#include "tenon_list.h"

struct tenon_deferred {
	struct tenon_list node;
	void (*work)(void *arg);
	void *arg;
	bool queued;
};

/* FIFO of queued items; an item is in it at most once. */
struct tenon_deferq {
	struct tenon_list pending;
};

void tenon_deferq_init(struct tenon_deferq *queue);
/* Queues item at the tail; false (and no change) if it is already queued, so an interrupt that
 * fires twice before its work ran gets the work run once, as with a pending interrupt. */
bool tenon_deferq_push(struct tenon_deferq *queue, struct tenon_deferred *item);
/* The oldest item, unqueued (it may queue itself again while it runs), or NULL. */
struct tenon_deferred *tenon_deferq_pop(struct tenon_deferq *queue);
/* Inline: every interrupt exit asks. */
static inline bool tenon_deferq_empty(const struct tenon_deferq *queue)
{
	return tenon_list_empty(&queue->pending);
}

#endif
