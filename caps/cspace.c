/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Capability spaces and their slots. A space is a table in memory its creator provided, and a
 * capability is the slot that holds it: no pool, no free list, nothing sized for the whole system.
 */
#include "caps_internal.h"

static void clear_entry(struct capability *entry)
{
	*entry = (struct capability){
		.parent = CAP_NONE,
		.first_child = CAP_NONE,
		.next_sibling = CAP_NONE,
		.previous_sibling = CAP_NONE,
	};
}

void cap_system_init(struct cap_system *system)
{
	spinlock_init(&system->lock);
	system->entries_in_use = 0;
	for (uint32_t s = 0; s < CONFIG_CAPS_MAX_SPACES; s++)
		system->spaces[s] = NULL;
}

enum cap_status cap_space_create(struct cap_system *system, uint16_t space,
				 struct cap_space *table)
{
	if (space >= CONFIG_CAPS_MAX_SPACES || system->spaces[space] != NULL || table == NULL)
		return CAP_INVALID_ARGUMENT;
	for (uint32_t w = 0; w < CAP_SLOT_WORDS; w++)
		table->used_slots[w] = 0;
	for (uint32_t i = 0; i < CONFIG_CAPS_SLOTS_PER_SPACE; i++)
		clear_entry(&table->slots[i]);
	system->spaces[space] = table;
	return CAP_OK;
}

uint32_t cap_space_free_slot(const struct cap_system *system, uint16_t space)
{
	const struct cap_space *cspace = system->spaces[space];

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
	return __atomic_load_n(&system->entries_in_use, __ATOMIC_RELAXED);
}

bool cap_space_has_room(const struct cap_system *system, uint16_t space)
{
	return cap_space_active(system, space) && cap_space_free_slot(system, space) != CAP_NONE;
}

cap_ref cap_insert(struct cap_system *system, uint16_t space, uint32_t slot, cap_ref parent,
		   const struct capability *fields)
{
	struct cap_space *cspace = system->spaces[space];
	struct capability *entry = &cspace->slots[slot];
	cap_ref ref = CAP_REF(space, slot);

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
		struct capability *up = cap_at(system, parent);

		entry->depth = (uint16_t)(up->depth + 1);
		entry->next_sibling = up->first_child;
		if (up->first_child != CAP_NONE)
			cap_at(system, up->first_child)->previous_sibling = ref;
		up->first_child = ref;
	}
	cspace->used_slots[slot / 64] |= 1ull << (slot % 64);
	__atomic_store_n(&system->entries_in_use, system->entries_in_use + 1, __ATOMIC_RELAXED);
	return ref;
}

void cap_remove_leaf(struct cap_system *system, struct capability *entry)
{
	if (entry->previous_sibling != CAP_NONE)
		cap_at(system, entry->previous_sibling)->next_sibling = entry->next_sibling;
	else if (entry->parent != CAP_NONE)
		cap_at(system, entry->parent)->first_child = entry->next_sibling;
	if (entry->next_sibling != CAP_NONE)
		cap_at(system, entry->next_sibling)->previous_sibling = entry->previous_sibling;

	system->spaces[entry->space]->used_slots[entry->slot / 64] &= ~(1ull << (entry->slot % 64));
	clear_entry(entry);
	__atomic_store_n(&system->entries_in_use, system->entries_in_use - 1, __ATOMIC_RELAXED);
}

enum cap_status cap_lookup(const struct cap_system *system, uint16_t space, cap_selector selector,
			   enum cap_type type, cap_rights required,
			   const struct capability **capability)
{
	if (!cap_space_active(system, space) || selector >= CONFIG_CAPS_SLOTS_PER_SPACE)
		return CAP_INVALID_CAP;
	const struct capability *found = &system->spaces[space]->slots[selector];
	if (!cap_entry_used(found))
		return CAP_INVALID_CAP;
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
	if (slot == CAP_NONE)
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
	    cap_entry_used(&system->spaces[space]->slots[selector]))
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
