/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Capability spaces, their slots and the one pool all capabilities come from.
 *
 * The pool's free entries form a singly linked list through next_sibling, so taking and
 * returning an entry is O(1) and no entry is ever lost: cap_system_check() counts them.
 */
#include "caps_internal.h"

static void clear_entry(struct capability *entry)
{
	entry->type = CAP_TYPE_NULL;
	entry->rights = 0;
	entry->depth = 0;
	entry->space = 0;
	entry->slot = 0;
	entry->object = 0;
	entry->size = 0;
	entry->parent = CAP_NONE;
	entry->first_child = CAP_NONE;
	entry->next_sibling = CAP_NONE;
	entry->previous_sibling = CAP_NONE;
}

void cap_system_init(struct cap_system *system)
{
	spinlock_init(&system->lock);
	/* Linked in descending order so that the first entries handed out are the lowest. */
	system->free_list = CAP_NONE;
	for (uint32_t i = CONFIG_CAPS_POOL_SIZE; i-- > 0;) {
		clear_entry(&system->pool[i]);
		system->pool[i].next_sibling = system->free_list;
		system->free_list = i;
	}
	system->free_count = CONFIG_CAPS_POOL_SIZE;
	for (uint32_t s = 0; s < CONFIG_CAPS_MAX_SPACES; s++) {
		system->spaces[s].active = false;
		for (uint32_t i = 0; i < CONFIG_CAPS_SLOTS_PER_SPACE; i++)
			system->spaces[s].slots[i] = CAP_NONE;
		for (uint32_t w = 0; w < CAP_SLOT_WORDS; w++)
			system->spaces[s].used_slots[w] = 0;
	}
}

enum cap_status cap_space_create(struct cap_system *system, uint16_t space)
{
	if (space >= CONFIG_CAPS_MAX_SPACES || system->spaces[space].active)
		return CAP_INVALID_ARGUMENT;
	system->spaces[space].active = true;
	return CAP_OK;
}

uint32_t cap_space_free_slot(const struct cap_system *system, uint16_t space)
{
	const struct cap_space *cspace = &system->spaces[space];

	for (uint32_t w = 0; w < CAP_SLOT_WORDS; w++) {
		uint64_t free_slots = ~cspace->used_slots[w];
		if (free_slots == 0)
			continue;
		/* The last word's bits past the last slot read as free: past the end is full. */
		uint32_t slot = w * 64 + (uint32_t)__builtin_ctzll(free_slots);
		return slot < CONFIG_CAPS_SLOTS_PER_SPACE ? slot : CAP_NONE;
	}
	return CAP_NONE;
}

uint32_t cap_system_entries_in_use(const struct cap_system *system)
{
	return CONFIG_CAPS_POOL_SIZE - __atomic_load_n(&system->free_count, __ATOMIC_RELAXED);
}

bool cap_space_has_room(const struct cap_system *system, uint16_t space)
{
	return cap_space_active(system, space) && system->free_count > 0 &&
	       cap_space_free_slot(system, space) != CAP_NONE;
}

uint32_t cap_insert(struct cap_system *system, uint16_t space, uint32_t slot, uint32_t parent,
		    const struct capability *fields)
{
	uint32_t index = system->free_list;
	struct capability *entry = &system->pool[index];

	system->free_list = entry->next_sibling;
	system->free_count--;

	entry->type = fields->type;
	entry->rights = fields->rights;
	entry->object = fields->object;
	entry->size = fields->size;
	entry->space = space;
	entry->slot = (uint16_t)slot;
	entry->first_child = CAP_NONE;
	entry->previous_sibling = CAP_NONE;
	entry->parent = parent;
	if (parent == CAP_NONE) {
		entry->depth = 0;
		entry->next_sibling = CAP_NONE;
	} else {
		/* Newest child first: O(1), and revoke's descent order follows from it. */
		struct capability *up = &system->pool[parent];

		entry->depth = (uint16_t)(up->depth + 1);
		entry->next_sibling = up->first_child;
		if (up->first_child != CAP_NONE)
			system->pool[up->first_child].previous_sibling = index;
		up->first_child = index;
	}
	system->spaces[space].slots[slot] = index;
	system->spaces[space].used_slots[slot / 64] |= 1ull << (slot % 64);
	return index;
}

void cap_remove_leaf(struct cap_system *system, uint32_t index)
{
	struct capability *entry = &system->pool[index];

	if (entry->previous_sibling != CAP_NONE)
		system->pool[entry->previous_sibling].next_sibling = entry->next_sibling;
	else if (entry->parent != CAP_NONE)
		system->pool[entry->parent].first_child = entry->next_sibling;
	if (entry->next_sibling != CAP_NONE)
		system->pool[entry->next_sibling].previous_sibling = entry->previous_sibling;

	system->spaces[entry->space].slots[entry->slot] = CAP_NONE;
	system->spaces[entry->space].used_slots[entry->slot / 64] &= ~(1ull << (entry->slot % 64));
	clear_entry(entry);
	entry->next_sibling = system->free_list;
	system->free_list = index;
	system->free_count++;
}

enum cap_status cap_lookup(const struct cap_system *system, uint16_t space, cap_selector selector,
			   enum cap_type type, cap_rights required,
			   const struct capability **capability)
{
	if (!cap_space_active(system, space) || selector >= CONFIG_CAPS_SLOTS_PER_SPACE)
		return CAP_INVALID_CAP;
	uint32_t index = system->spaces[space].slots[selector];
	if (index == CAP_NONE)
		return CAP_INVALID_CAP;
	const struct capability *found = &system->pool[index];
	if (type != CAP_TYPE_NULL && found->type != (unsigned)type)
		return CAP_INVALID_CAP;
	if ((found->rights & required) != required)
		return CAP_DENIED;
	if (capability)
		*capability = found;
	return CAP_OK;
}

static bool valid_fields(enum cap_type type, uint64_t object, uint64_t size, cap_rights rights)
{
	if (type == CAP_TYPE_NULL || (unsigned)type >= CAP_TYPE_COUNT)
		return false;
	if (rights & ~CAP_RIGHTS_ALL)
		return false;
	if (type == CAP_TYPE_MEMORY)
		/* End exclusive, so object + size itself must be representable. */
		return size != 0 && size <= UINT64_MAX - object;
	if (type == CAP_TYPE_IRQ)
		/* INTIDs are 10 bits wide (GICv3 without extended ranges). */
		return object < CAP_IRQ_LIMIT && size <= CAP_IRQ_LIMIT - object;
	if (type == CAP_TYPE_SCHED_CONTEXT)
		return object != 0 && size <= CAP_SCHED_PRIORITY_MAX;
	if (size != 0)
		return false;
	if (type == CAP_TYPE_PARTITION)
		return object < CONFIG_CAPS_MAX_SPACES;
	return true;
}

/* A root capability in slot, which the caller found free: the end of both create calls. */
static enum cap_status insert_root(struct cap_system *system, uint16_t space, uint32_t slot,
				   enum cap_type type, uint64_t object, uint64_t size,
				   cap_rights rights)
{
	if (slot == CAP_NONE || system->free_count == 0)
		return CAP_NO_MEMORY;

	struct capability fields = {
		.type = (uint8_t)type,
		.rights = (uint8_t)rights,
		.object = object,
		.size = size,
	};
	cap_insert(system, space, slot, CAP_NONE, &fields);
	return CAP_OK;
}

enum cap_status cap_create(struct cap_system *system, uint16_t space, enum cap_type type,
			   uint64_t object, uint64_t size, cap_rights rights,
			   cap_selector *selector)
{
	if (!cap_space_active(system, space) || !valid_fields(type, object, size, rights))
		return CAP_INVALID_ARGUMENT;
	uint32_t slot = cap_space_free_slot(system, space);
	enum cap_status status = insert_root(system, space, slot, type, object, size, rights);

	if (status == CAP_OK && selector)
		*selector = slot;
	return status;
}

enum cap_status cap_create_at(struct cap_system *system, uint16_t space, enum cap_type type,
			      uint64_t object, uint64_t size, cap_rights rights,
			      cap_selector selector)
{
	if (!cap_space_active(system, space) || !valid_fields(type, object, size, rights) ||
	    selector >= CONFIG_CAPS_SLOTS_PER_SPACE ||
	    system->spaces[space].slots[selector] != CAP_NONE)
		return CAP_INVALID_ARGUMENT;
	return insert_root(system, space, selector, type, object, size, rights);
}

enum cap_status cap_info(const struct cap_system *system, uint16_t space, cap_selector selector,
			 struct cap_info *info)
{
	const struct capability *capability;
	enum cap_status status = cap_lookup(system, space, selector, CAP_TYPE_NULL, 0, &capability);

	if (status != CAP_OK)
		return status;
	if (info) {
		info->type = (enum cap_type)capability->type;
		info->rights = capability->rights;
		info->object = capability->object;
		info->size = capability->size;
		info->depth = capability->depth;
	}
	return CAP_OK;
}
