/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers the caps sources share: slots and tree links. Not part of the interface
 * (caps.h is): nothing outside caps/ includes this. The ones a hypercall passes through are
 * inline: a derive runs from its lookup to its new selector without a call.
 */
#ifndef CAPS_INTERNAL_H
#define CAPS_INTERNAL_H

#include "caps.h"

#define CAPS_INLINE static inline __attribute__((always_inline))

/* An empty slot has type CAP_TYPE_NULL; a used one never does. */
static inline bool cap_entry_used(const struct capability *capability)
{
	return capability->type != CAP_TYPE_NULL;
}

static inline bool cap_space_active(const struct cap_system *system, uint16_t space)
{
	return space < CONFIG_CAPS_MAX_SPACES && system->spaces[space] != NULL;
}

/*
 * cap_lookup, for a selector as a partition passed it (any 64-bit value: past the slots is
 * CAP_INVALID_CAP like an empty slot) and a pointer it always writes: the hypercall boundary's.
 */
CAPS_INLINE enum cap_status cap_find(const struct cap_system *system, uint16_t space,
				     uint64_t selector, enum cap_type type, cap_rights required,
				     const struct capability **capability)
{
	if (!cap_space_active(system, space) || selector >= CONFIG_CAPS_SLOTS_PER_SPACE)
		return CAP_INVALID_CAP;
	const struct capability *found = &system->spaces[space]->slots[selector];
	if (!cap_entry_used(found) || (type != CAP_TYPE_NULL && found->type != (unsigned)type))
		return CAP_INVALID_CAP;
	if ((found->rights & required) != required)
		return CAP_DENIED;
	*capability = found;
	return CAP_OK;
}

/* The lowest free slot of an active space, or CAP_NONE when it is full. */
CAPS_INLINE uint32_t cap_space_free_slot(const struct cap_space *cspace)
{
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

/* The reference of a capability found by a checked lookup. */
static inline cap_ref cap_ref_of(const struct capability *capability)
{
	return CAP_REF(capability->space, capability->slot);
}

/* What a new capability holds besides its place and links. */
struct cap_fields {
	uint8_t type;
	uint8_t rights;
	uint64_t object;
	uint64_t size;
};

/*
 * Puts a new capability in free slot `slot` of the active space cspace (number space), written
 * whole, and links it under parent (NULL for a root) as its newest child: O(1), and revoke's
 * descent order follows from it. Returns the new capability's selector.
 */
CAPS_INLINE uint32_t cap_insert(struct cap_system *system, struct cap_space *cspace,
				uint16_t space, uint32_t slot, struct capability *parent,
				struct cap_fields fields)
{
	cap_ref ref = CAP_REF(space, slot);
	cap_ref parent_ref = CAP_NONE, next_sibling = CAP_NONE;
	uint16_t depth = 0;

	if (parent) {
		parent_ref = cap_ref_of(parent);
		next_sibling = parent->first_child;
		depth = (uint16_t)(parent->depth + 1);
		if (next_sibling != CAP_NONE)
			cap_at(system, next_sibling)->previous_sibling = ref;
		parent->first_child = ref;
	}
	cspace->slots[slot] = (struct capability){
		.type = fields.type,
		.rights = fields.rights,
		.depth = depth,
		.space = space,
		.slot = (uint16_t)slot,
		.object = fields.object,
		.size = fields.size,
		.parent = parent_ref,
		.first_child = CAP_NONE,
		.next_sibling = next_sibling,
		.previous_sibling = CAP_NONE,
	};
	cspace->used_slots[slot / 64] |= 1ull << (slot % 64);
	__atomic_store_n(&system->entries_in_use, system->entries_in_use + 1, __ATOMIC_RELAXED);
	return slot;
}

/* Unlinks a capability without children from its parent and empties its slot. */
void cap_remove_leaf(struct cap_system *system, struct capability *entry);

/*
 * cap_derive from a parent already looked up in space (by hc_dispatch, for the hypercall), with
 * rights as the partition passed them (any bit outside the parent's, beyond CAP_RIGHTS_ALL
 * included, is CAP_INVALID_ARGUMENT): the same checks after the lookup, in the same order. The
 * new selector goes to *derived only on success.
 */
enum cap_status cap_derive_from(struct cap_system *system, uint16_t space,
				const struct capability *parent, uint64_t rights, uint64_t offset,
				uint64_t size, uint64_t *derived);

/*
 * cap_revoke and cap_delete of a capability already looked up (by hc_dispatch, for the
 * hypercalls), with a budget of at least 1: the same work and statuses after the lookup.
 */
enum cap_status cap_revoke_from(struct cap_system *system, const struct capability *capability,
				unsigned budget);
enum cap_status cap_delete_from(struct cap_system *system, const struct capability *capability,
				unsigned budget);

#endif
