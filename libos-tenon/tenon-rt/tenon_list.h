/* SPDX-License-Identifier: Apache-2.0 */
/* Intrusive circular doubly linked list: O(1) insert and remove, no allocation. */
#ifndef TENON_LIST_H
#define TENON_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct tenon_list {
	struct tenon_list *next;
	struct tenon_list *prev;
};

#define TENON_CONTAINER_OF(pointer, type, member)                                                 \
	((type *)(void *)((char *)(pointer) - offsetof(type, member)))

static inline void tenon_list_init(struct tenon_list *head)
{
	head->next = head;
	head->prev = head;
}

static inline bool tenon_list_empty(const struct tenon_list *head)
{
	return head->next == head;
}

/* Links node in front of position (at the tail when position is the head). */
static inline void tenon_list_insert_before(struct tenon_list *position, struct tenon_list *node)
{
	node->prev = position->prev;
	node->next = position;
	position->prev->next = node;
	position->prev = node;
}

static inline void tenon_list_push_back(struct tenon_list *head, struct tenon_list *node)
{
	tenon_list_insert_before(head, node);
}

static inline void tenon_list_push_front(struct tenon_list *head, struct tenon_list *node)
{
	tenon_list_insert_before(head->next, node);
}

/* Leaves node self-linked, so removing twice is harmless. */
static inline void tenon_list_remove(struct tenon_list *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	tenon_list_init(node);
}

#endif
