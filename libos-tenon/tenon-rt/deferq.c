/* SPDX-License-Identifier: Apache-2.0 */
#include "tenon_rt.h"

void tenon_deferq_init(struct tenon_deferq *queue)
{
	tenon_list_init(&queue->pending);
}

bool tenon_deferq_push(struct tenon_deferq *queue, struct tenon_deferred *item)
{
	if (item->queued)
		return false;
	item->queued = true;
	tenon_list_push_back(&queue->pending, &item->node);
	return true;
}

struct tenon_deferred *tenon_deferq_pop(struct tenon_deferq *queue)
{
	if (tenon_list_empty(&queue->pending))
		return NULL;
	struct tenon_deferred *item =
		TENON_CONTAINER_OF(queue->pending.next, struct tenon_deferred, node);
	tenon_list_remove(&item->node);
	item->queued = false;
	return item;
}

enum tenon_status tenon_deferred_init(struct tenon_deferred *item, void (*work)(void *arg),
				      void *arg)
{
	if (item == NULL || work == NULL)
		return TENON_ERR_INVALID;
	tenon_list_init(&item->node);
	item->work = work;
	item->arg = arg;
	item->queued = false;
	return TENON_OK;
}
