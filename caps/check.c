/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The invariants every operation keeps, checked from scratch. Each loop is bounded by the pool or
 * slot count, so even a corrupted system (cycles in a list) cannot hang the audit.
 */
#include "caps_internal.h"

static const char *check_spaces(const struct cap_system *system, uint32_t *used_slots)
{
	*used_slots = 0;
	for (uint32_t s = 0; s < CONFIG_CAPS_MAX_SPACES; s++) {
		const struct cap_space *cspace = &system->spaces[s];
		for (uint32_t i = 0; i < CONFIG_CAPS_SLOTS_PER_SPACE; i++) {
			uint32_t index = cspace->slots[i];
			bool marked_used = (cspace->used_slots[i / 64] >> (i % 64)) & 1;
			if (marked_used != (index != CAP_NONE))
				return "a slot's bit in used_slots differs from the slot";
			if (index == CAP_NONE)
				continue;
			if (!cspace->active)
				return "an inactive space holds a capability";
			if (index >= CONFIG_CAPS_POOL_SIZE)
				return "a slot points outside the pool";
			const struct capability *entry = &system->pool[index];
			if (!cap_entry_used(entry))
				return "a slot points at a free pool entry";
			if (entry->space != s || entry->slot != i)
				return "a pool entry does not point back at its slot";
			(*used_slots)++;
		}
	}
	return NULL;
}

static const char *check_free_list(const struct cap_system *system)
{
	uint32_t length = 0;
	for (uint32_t index = system->free_list; index != CAP_NONE;
	     index = system->pool[index].next_sibling) {
		if (index >= CONFIG_CAPS_POOL_SIZE)
			return "the free list leaves the pool";
		if (cap_entry_used(&system->pool[index]))
			return "the free list holds a used entry";
		if (++length > CONFIG_CAPS_POOL_SIZE)
			return "the free list has a cycle";
	}
	if (length != system->free_count)
		return "free_count differs from the free list's length";
	return NULL;
}

static bool valid_link(uint32_t index)
{
	return index == CAP_NONE || index < CONFIG_CAPS_POOL_SIZE;
}

static const char *check_against_parent(const struct capability *entry,
					const struct capability *parent)
{
	if (!cap_entry_used(parent))
		return "a capability's parent is free";
	if (entry->depth != parent->depth + 1)
		return "a child's depth is not its parent's + 1";
	if (entry->rights & ~parent->rights)
		return "a child holds a right its parent lacks";
	if (entry->type != parent->type)
		return "a child's type differs from its parent's";
	if (entry->type == CAP_TYPE_IRQ) {
		/* Ranges of INTIDs, where size 0 is one. */
		uint64_t count = parent->size == 0 ? 1 : parent->size;
		uint64_t child_count = entry->size == 0 ? 1 : entry->size;
		if (entry->object < parent->object || entry->object - parent->object >= count ||
		    child_count > count - (entry->object - parent->object))
			return "a child's INTIDs are not inside its parent's";
		return NULL;
	}
	if (entry->type == CAP_TYPE_SCHED_CONTEXT) {
		if ((entry->object & ~parent->object) != 0)
			return "a child's CPUs are not among its parent's";
		if (entry->size > parent->size)
			return "a child's priority ceiling is above its parent's";
		return NULL;
	}
	if (entry->type != CAP_TYPE_MEMORY) {
		if (entry->object != parent->object)
			return "a child names another object than its parent";
		return NULL;
	}
	if (entry->object < parent->object || entry->object - parent->object > parent->size ||
	    entry->size > parent->size - (entry->object - parent->object))
		return "a child's range is not inside its parent's";
	return NULL;
}

static const char *check_children(const struct cap_system *system, uint32_t index,
				  uint32_t *linked_children)
{
	uint32_t previous = CAP_NONE, count = 0;
	for (uint32_t child = system->pool[index].first_child; child != CAP_NONE;
	     child = system->pool[child].next_sibling) {
		if (child >= CONFIG_CAPS_POOL_SIZE)
			return "a child link leaves the pool";
		const struct capability *entry = &system->pool[child];
		if (!cap_entry_used(entry))
			return "a child link points at a free entry";
		if (entry->parent != index)
			return "a child does not point back at its parent";
		if (entry->previous_sibling != previous)
			return "a previous_sibling link is wrong";
		if (++count > CONFIG_CAPS_POOL_SIZE)
			return "a sibling list has a cycle";
		previous = child;
	}
	*linked_children += count;
	return NULL;
}

static const char *check_entry(const struct cap_system *system, uint32_t index,
			       uint32_t *linked_children, uint32_t *children)
{
	const struct capability *entry = &system->pool[index];

	if (!valid_link(entry->parent) || !valid_link(entry->first_child) ||
	    !valid_link(entry->next_sibling) || !valid_link(entry->previous_sibling))
		return "a tree link leaves the pool";
	if (!cap_entry_used(entry)) {
		if (entry->parent != CAP_NONE || entry->first_child != CAP_NONE ||
		    entry->previous_sibling != CAP_NONE)
			return "a free entry keeps tree links";
		return NULL;
	}
	if (entry->type >= CAP_TYPE_COUNT)
		return "a capability has an unknown type";
	if (entry->rights & ~CAP_RIGHTS_ALL)
		return "a capability has unknown rights";
	if (entry->depth > CONFIG_CAPS_MAX_DEPTH)
		return "a capability is deeper than CONFIG_CAPS_MAX_DEPTH";
	if (entry->space >= CONFIG_CAPS_MAX_SPACES || entry->slot >= CONFIG_CAPS_SLOTS_PER_SPACE ||
	    system->spaces[entry->space].slots[entry->slot] != index)
		return "a used pool entry is not in its slot";
	if (entry->type == CAP_TYPE_MEMORY) {
		if (entry->size == 0 || entry->size > UINT64_MAX - entry->object)
			return "a memory range is empty or wraps";
	} else if (entry->type == CAP_TYPE_IRQ) {
		if (entry->object >= CAP_IRQ_LIMIT || entry->size > CAP_IRQ_LIMIT - entry->object)
			return "an IRQ range goes beyond the INTIDs";
	} else if (entry->type == CAP_TYPE_SCHED_CONTEXT) {
		if (entry->object == 0 || entry->size > CAP_SCHED_PRIORITY_MAX)
			return "a sched context has no CPU or an unknown ceiling";
	} else if (entry->size != 0) {
		return "a capability other than memory, IRQ or sched context has a size";
	}
	if (entry->parent == CAP_NONE) {
		if (entry->depth != 0)
			return "a root capability has a depth";
		if (entry->next_sibling != CAP_NONE || entry->previous_sibling != CAP_NONE)
			return "a root capability has siblings";
	} else {
		const char *problem = check_against_parent(entry, &system->pool[entry->parent]);
		if (problem)
			return problem;
		(*children)++;
	}
	return check_children(system, index, linked_children);
}

const char *cap_system_check(const struct cap_system *system)
{
	uint32_t used_slots, used = 0, children = 0, linked_children = 0;
	const char *problem = check_spaces(system, &used_slots);

	if (!problem)
		problem = check_free_list(system);
	for (uint32_t i = 0; !problem && i < CONFIG_CAPS_POOL_SIZE; i++) {
		problem = check_entry(system, i, &linked_children, &children);
		used += cap_entry_used(&system->pool[i]);
	}
	if (problem)
		return problem;
	if (used != used_slots)
		return "the number of used entries differs from the number of used slots";
	if (used + system->free_count != CONFIG_CAPS_POOL_SIZE)
		return "used and free entries do not add up to the pool";
	/* Each child is in exactly one list: its parent's (checked above to point back). */
	if (children != linked_children)
		return "a child is missing from its parent's child list";
	return NULL;
}
