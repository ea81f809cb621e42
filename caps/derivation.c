/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The derivation tree: derive and delegate add a child under a capability, revoke and delete
 * take subtrees away again.
 *
 * Why revoke is bounded: a removal only ever takes a leaf (a capability without children), found
 * by following first_child from the revoked capability down. Depth grows by exactly one per
 * level and never exceeds CONFIG_CAPS_MAX_DEPTH (derive and delegate refuse deeper children), and
 * the revoked capability has depth >= 0, so one descent is at most CONFIG_CAPS_MAX_DEPTH steps.
 * Unlinking the leaf is O(1) (doubly linked siblings). A call with budget B therefore costs at
 * most B * (CONFIG_CAPS_MAX_DEPTH + 1) steps, however large the tree, and because only leaves go,
 * no removal ever leaves a child pointing at a freed parent: deepest first, no dangling links, and
 * a preempted revoke leaves a consistent, smaller tree behind.
 */
#include "caps_internal.h"

/*
 * The final checks of derive and delegate (depth, then room), then the insertion: all or
 * nothing. Returns the new selector, or CAP_NONE when there is no room.
 */
CAPS_INLINE uint32_t attach_child(struct cap_system *system, struct capability *parent,
				  uint16_t space, struct cap_fields fields)
{
	struct cap_space *cspace = system->spaces[space];
	uint32_t slot = cap_space_free_slot(cspace);

	if (parent->depth >= CONFIG_CAPS_MAX_DEPTH || slot == CAP_NONE)
		return CAP_NONE;
	return cap_insert(system, cspace, space, slot, parent, fields);
}

/*
 * A capability a lookup found, to be linked to: the lookups hand out read-only pointers, and
 * the caller, holding the capability lock, may write the system they point into.
 */
static inline struct capability *writable(const struct capability *capability)
{
	return (struct capability *)(uintptr_t)capability;
}

/* Any bit outside the parent's rights is refused, bits beyond CAP_RIGHTS_ALL included. */
static inline bool rights_within(uint64_t rights, const struct capability *parent)
{
	return (rights & ~(uint64_t)parent->rights) == 0;
}

enum cap_status cap_derive(struct cap_system *system, uint16_t space, cap_selector selector,
			   cap_rights rights, uint64_t offset, uint64_t size, cap_selector *derived)
{
	const struct capability *parent;
	enum cap_status status = cap_lookup(system, space, selector, CAP_TYPE_NULL, 0, &parent);
	uint64_t slot;

	if (status != CAP_OK)
		return status;
	status = cap_derive_from(system, space, parent, rights, offset, size, &slot);
	if (status == CAP_OK && derived)
		*derived = (cap_selector)slot;
	return status;
}

/* The child's object and size in fields, or false when offset and size do not fit parent. */
CAPS_INLINE bool derived_range(const struct capability *parent, uint64_t offset, uint64_t size,
			       struct cap_fields *fields)
{
	if (parent->type == CAP_TYPE_MEMORY) {
		if (offset == 0 && size == 0)
			size = parent->size;
		/* Compared by subtraction: offset + size may wrap, parent->size - offset cannot. */
		if (size == 0 || offset > parent->size || size > parent->size - offset)
			return false;
		fields->object = parent->object + offset;
		fields->size = size;
	} else if (parent->type == CAP_TYPE_IRQ) {
		/* A range of INTIDs gives any part of itself; size 0 stands for one INTID. */
		uint64_t count = parent->size == 0 ? 1 : parent->size;
		if (offset >= count || (size == 0 ? 1 : size) > count - offset)
			return false;
		fields->object = parent->object + offset;
		fields->size = offset == 0 && size == 0 ? parent->size : size;
	} else if (parent->type == CAP_TYPE_SCHED_CONTEXT) {
		/* Fewer CPUs and no higher a ceiling: a child never places vCPUs its parent could not. */
		if (offset == 0 && size == 0) {
			offset = parent->object;
			size = parent->size;
		}
		if (offset == 0 || (offset & ~parent->object) != 0 || size > parent->size)
			return false;
		fields->object = offset;
		fields->size = size;
	} else {
		if (offset != 0 || size != 0)
			return false;
		fields->object = parent->object;
		fields->size = 0;
	}
	return true;
}

enum cap_status cap_derive_from(struct cap_system *system, uint16_t space,
				const struct capability *parent, uint64_t rights, uint64_t offset,
				uint64_t size, uint64_t *derived)
{
	struct cap_fields fields = { .type = parent->type, .rights = (uint8_t)rights };

	if (!rights_within(rights, parent) || !derived_range(parent, offset, size, &fields))
		return CAP_INVALID_ARGUMENT;
	uint32_t slot = attach_child(system, writable(parent), space, fields);
	if (slot == CAP_NONE)
		return CAP_NO_MEMORY;
	*derived = slot;
	return CAP_OK;
}

__attribute__((cold))
enum cap_status cap_delegate(struct cap_system *system, uint16_t space, cap_selector selector,
			     cap_selector partition_selector, cap_rights rights,
			     cap_selector *delegated)
{
	const struct capability *parent, *partition;
	enum cap_status status =
		cap_lookup(system, space, selector, CAP_TYPE_NULL, CAP_RIGHT_GRANT, &parent);

	if (status != CAP_OK)
		return status;
	status = cap_lookup(system, space, partition_selector, CAP_TYPE_PARTITION, CAP_RIGHT_GRANT,
			    &partition);
	if (status != CAP_OK)
		return status;
	/* Rights before the target: the order hc_delegate, which checks rights first, keeps too. */
	if (!rights_within(rights, parent))
		return CAP_INVALID_ARGUMENT;
	/* cap_create bounds the object, but the partition itself may not be running (yet). */
	if (partition->object >= CONFIG_CAPS_MAX_SPACES ||
	    !cap_space_active(system, (uint16_t)partition->object))
		return CAP_INVALID_CAP;

	struct cap_fields fields = { parent->type, (uint8_t)rights, parent->object, parent->size };
	uint32_t slot = attach_child(system, writable(parent), (uint16_t)partition->object, fields);
	if (slot == CAP_NONE)
		return CAP_NO_MEMORY;
	if (delegated)
		*delegated = slot;
	return CAP_OK;
}

/* Removes leaves under top until none remain or the budget is spent. */
static enum cap_status remove_descendants(struct cap_system *system,
					  const struct capability *top, unsigned *budget)
{
	while (top->first_child != CAP_NONE) {
		if (*budget == 0)
			return CAP_PREEMPTED;
		struct capability *leaf = cap_at(system, top->first_child);
		while (leaf->first_child != CAP_NONE)
			leaf = cap_at(system, leaf->first_child);
		cap_remove_leaf(system, leaf);
		(*budget)--;
	}
	return CAP_OK;
}

/* What revoke or delete removes from; a budget of 0 could never finish. */
static enum cap_status removal_root(const struct cap_system *system, uint16_t space,
				    cap_selector selector, unsigned budget,
				    const struct capability **capability)
{
	enum cap_status status = cap_lookup(system, space, selector, CAP_TYPE_NULL, 0, capability);

	if (status != CAP_OK)
		return status;
	return budget == 0 ? CAP_INVALID_ARGUMENT : CAP_OK;
}

/* Removes the capability at index and everything derived from it, in any space. */
static void remove_subtree(struct cap_system *system, cap_ref index)
{
	unsigned unbounded = UINT32_MAX;
	struct capability *capability = cap_at(system, index);

	remove_descendants(system, capability, &unbounded);
	cap_remove_leaf(system, capability);
}

__attribute__((cold))
struct cap_space *cap_space_destroy(struct cap_system *system, uint16_t space)
{
	if (!cap_space_active(system, space))
		return NULL;
	struct cap_space *table = system->spaces[space];
	for (uint32_t slot = 0; slot < CONFIG_CAPS_SLOTS_PER_SPACE; slot++) {
		if (cap_entry_used(&table->slots[slot]))
			remove_subtree(system, CAP_REF(space, slot));
	}
	/* Every link into it went with its capabilities: nothing reaches the table any more. */
	system->spaces[space] = NULL;
	return table;
}

void cap_remove_naming(struct cap_system *system, enum cap_type type, uint64_t object)
{
	for (uint32_t space = 0; space < CONFIG_CAPS_MAX_SPACES; space++) {
		for (uint32_t slot = 0; system->spaces[space] && slot < CONFIG_CAPS_SLOTS_PER_SPACE;
		     slot++) {
			const struct capability *entry = &system->spaces[space]->slots[slot];
			if (cap_entry_used(entry) && entry->type == type && entry->object == object)
				remove_subtree(system, CAP_REF(space, slot));
		}
	}
}

enum cap_status cap_revoke_from(struct cap_system *system, const struct capability *capability,
				unsigned budget)
{
	return remove_descendants(system, capability, &budget);
}

enum cap_status cap_delete_from(struct cap_system *system, const struct capability *capability,
				unsigned budget)
{
	enum cap_status status = remove_descendants(system, capability, &budget);

	if (status != CAP_OK)
		return status;
	if (budget == 0)
		return CAP_PREEMPTED;
	cap_remove_leaf(system, writable(capability));
	return CAP_OK;
}

enum cap_status cap_revoke(struct cap_system *system, uint16_t space, cap_selector selector,
			   unsigned budget)
{
	const struct capability *capability;
	enum cap_status status = removal_root(system, space, selector, budget, &capability);

	return status == CAP_OK ? cap_revoke_from(system, capability, budget) : status;
}

enum cap_status cap_delete(struct cap_system *system, uint16_t space, cap_selector selector,
			   unsigned budget)
{
	const struct capability *capability;
	enum cap_status status = removal_root(system, space, selector, budget, &capability);

	return status == CAP_OK ? cap_delete_from(system, capability, budget) : status;
}
