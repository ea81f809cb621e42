/* SPDX-License-Identifier: Apache-2.0 */
#include "readyq.h"

void tenon_readyq_init(struct tenon_readyq *queue)
{
	queue->summary = 0;
	for (unsigned g = 0; g < TENON_READYQ_GROUPS; g++)
		queue->groups[g] = 0;
	for (unsigned p = 0; p < CONFIG_TENON_PRIORITIES; p++)
		tenon_list_init(&queue->lists[p]);
	queue->count = 0;
}

static void mark_non_empty(struct tenon_readyq *queue, unsigned priority)
{
	queue->groups[priority / 32] |= 0x80000000u >> (priority % 32);
	queue->summary |= 0x80000000u >> (priority / 32);
}

void tenon_readyq_push_back(struct tenon_readyq *queue, struct tenon_list *node, unsigned priority)
{
	tenon_list_push_back(&queue->lists[priority], node);
	mark_non_empty(queue, priority);
	queue->count++;
}

void tenon_readyq_push_front(struct tenon_readyq *queue, struct tenon_list *node, unsigned priority)
{
	tenon_list_push_front(&queue->lists[priority], node);
	mark_non_empty(queue, priority);
	queue->count++;
}

void tenon_readyq_remove(struct tenon_readyq *queue, struct tenon_list *node, unsigned priority)
{
	tenon_list_remove(node);
	queue->count--;
	if (!tenon_list_empty(&queue->lists[priority]))
		return;
	queue->groups[priority / 32] &= ~(0x80000000u >> (priority % 32));
	if (queue->groups[priority / 32] == 0)
		queue->summary &= ~(0x80000000u >> (priority / 32));
}

int tenon_readyq_highest(const struct tenon_readyq *queue)
{
	/* __builtin_clz(0) is undefined: the empty case must be caught first. */
	if (queue->summary == 0)
		return -1;
	unsigned group = (unsigned)__builtin_clz(queue->summary);
	return (int)(group * 32 + (unsigned)__builtin_clz(queue->groups[group]));
}

struct tenon_list *tenon_readyq_pop(struct tenon_readyq *queue)
{
	int priority = tenon_readyq_highest(queue);

	if (priority < 0)
		return NULL;
	struct tenon_list *node = queue->lists[priority].next;
	tenon_readyq_remove(queue, node, (unsigned)priority);
	return node;
}

bool tenon_readyq_has(const struct tenon_readyq *queue, unsigned priority)
{
	return priority < CONFIG_TENON_PRIORITIES &&
	       (queue->groups[priority / 32] & (0x80000000u >> (priority % 32))) != 0;
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
