/* SPDX-License-Identifier: Apache-2.0 */
#include "readyq.h"

void tenon_readyq_init(struct tenon_readyq *queue)
{
	queue->summary = 0;
	for (unsigned g = 0; g < TENON_READYQ_GROUPS; g++)
		queue->groups[g] = 0;
	for (unsigned p = 0; p < CONFIG_TENON_PRIORITIES; p++)
		tenon_list_init(&queue->lists[p]);
}

void tenon_readyq_move(struct tenon_readyq *from, struct tenon_readyq *to, struct tenon_list *node,
		       unsigned priority)
{
	tenon_readyq_remove(from, node, priority);
	tenon_readyq_push_back(to, node, priority);
}

bool tenon_readyq_preempts(const struct tenon_readyq *queue, unsigned running_priority)
{
	int top = tenon_readyq_highest(queue);

	return top >= 0 && (unsigned)top < running_priority;
}
