/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The invariants every operation keeps, checked from scratch. Each loop is bounded by the slot
 * count, so even a corrupted system (cycles in a list) cannot hang the audit.
 */
#include "caps_internal.h"

#define ALL_SLOTS ((uint32_t)CONFIG_CAPS_MAX_SPACES * CONFIG_CAPS_SLOTS_PER_SPACE)

static const char *check_spaces(const struct cap_system *system, uint32_t *used_slots)
{
	*used_slots = 0;
	for (uint32_t s = 0; s < CONFIG_CAPS_MAX_SPACES; s++) {
		const struct cap_space *cspace = system->spaces[s];
		for (uint32_t i = 0; cspace && i < CONFIG_CAPS_SLOTS_PER_SPACE; i++) {
			const struct capability *entry = &cspace->slots[i];
			bool marked_used = (cspace->used_slots[i / 64] >> (i % 64)) & 1;
			if (marked_used != cap_entry_used(entry))
				return "a slot's bit in used_slots differs from the slot";
			if (!cap_entry_used(entry))
				continue;
			if (entry->space != s || entry->slot != i)
				return "a capability does not name its own slot";
			(*used_slots)++;
		}
	}
	return NULL;
}

/* A link names nothing, or a used slot of an active space. */
static bool valid_link(const struct cap_system *system, cap_ref ref)
{
	if (ref == CAP_NONE)
		return true;
	return cap_space_active(system, CAP_REF_SPACE(ref)) &&
	       CAP_REF_SLOT(ref) < CONFIG_CAPS_SLOTS_PER_SPACE && cap_entry_used(cap_at(system, ref));
}

static const char *check_against_parent(const struct capability *entry,
					const struct capability *parent)
{
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

static const char *check_children(const struct cap_system *system, cap_ref index,
				  uint32_t *linked_children)
{
	cap_ref previous = CAP_NONE;
	uint32_t count = 0;
	for (cap_ref child = cap_at(system, index)->first_child; child != CAP_NONE;
	     child = cap_at(system, child)->next_sibling) {
		if (!valid_link(system, child))
			return "a child link points at no capability";
		const struct capability *entry = cap_at(system, child);
		if (entry->parent != index)
			return "a child does not point back at its parent";
		if (entry->previous_sibling != previous)
			return "a previous_sibling link is wrong";
		if (++count > ALL_SLOTS)
			return "a sibling list has a cycle";
		previous = child;
	}
	*linked_children += count;
	return NULL;
}

static const char *check_entry(const struct cap_system *system, cap_ref index,
			       uint32_t *linked_children, uint32_t *children)
{
	const struct capability *entry = cap_at(system, index);

	if (!cap_entry_used(entry)) {
		if (entry->parent != CAP_NONE || entry->first_child != CAP_NONE ||
		    entry->next_sibling != CAP_NONE || entry->previous_sibling != CAP_NONE)
			return "an empty slot keeps tree links";
		return NULL;
	}
	if (!valid_link(system, entry->parent) || !valid_link(system, entry->first_child) ||
	    !valid_link(system, entry->next_sibling) ||
	    !valid_link(system, entry->previous_sibling))
		return "a tree link points at no capability";
	if (entry->type >= CAP_TYPE_COUNT)
		return "a capability has an unknown type";
	if (entry->rights & ~CAP_RIGHTS_ALL)
		return "a capability has unknown rights";
	if (entry->depth > CONFIG_CAPS_MAX_DEPTH)
		return "a capability is deeper than CONFIG_CAPS_MAX_DEPTH";
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
		const char *problem = check_against_parent(entry, cap_at(system, entry->parent));
		if (problem)
			return problem;
		(*children)++;
	}
	return check_children(system, index, linked_children);
}

const char *cap_system_check(const struct cap_system *system)
{
	uint32_t used_slots, children = 0, linked_children = 0;
	const char *problem = check_spaces(system, &used_slots);

	for (uint32_t s = 0; !problem && s < CONFIG_CAPS_MAX_SPACES; s++) {
		for (uint32_t i = 0; !problem && system->spaces[s] && i < CONFIG_CAPS_SLOTS_PER_SPACE;
		     i++)
			problem = check_entry(system, CAP_REF(s, i), &linked_children, &children);
	}
	if (problem)
		return problem;
	if (used_slots != system->entries_in_use)
		return "entries_in_use differs from the number of used slots";
	/* Each child is in exactly one list: its parent's (checked above to point back). */
	if (children != linked_children)
		return "a child is missing from its parent's child list";
	return NULL;
}
