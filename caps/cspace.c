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

__attribute__((cold))
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

uint32_t cap_system_entries_in_use(const struct cap_system *system)
{
	return __atomic_load_n(&system->entries_in_use, __ATOMIC_RELAXED);
}

bool cap_space_has_room(const struct cap_system *system, uint16_t space)
{
	return cap_space_active(system, space) &&
	       cap_space_free_slot(system->spaces[space]) != CAP_NONE;
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
	const struct capability *found;
	enum cap_status status = cap_find(system, space, selector, type, required, &found);

	if (status == CAP_OK && capability)
		*capability = found;
	return status;
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
	cap_insert(system, system->spaces[space], space, slot, NULL,
		   (struct cap_fields){ (uint8_t)type, (uint8_t)rights, object, size });
	return CAP_OK;
}

enum cap_status cap_create(struct cap_system *system, uint16_t space, enum cap_type type,
			   uint64_t object, uint64_t size, cap_rights rights,
			   cap_selector *selector)
{
	if (!cap_space_active(system, space) || !valid_fields(type, object, size, rights))
		return CAP_INVALID_ARGUMENT;
	uint32_t slot = cap_space_free_slot(system->spaces[space]);
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
