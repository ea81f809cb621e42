/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers the caps sources share: slots and tree links. Not part of the interface
 * (caps.h is): nothing outside caps/ includes this.
 */
#ifndef CAPS_INTERNAL_H
#define CAPS_INTERNAL_H

#include "caps.h"

/* An empty slot has type CAP_TYPE_NULL; a used one never does. */
static inline bool cap_entry_used(const struct capability *capability)
{
	return capability->type != CAP_TYPE_NULL;
}

static inline bool cap_space_active(const struct cap_system *system, uint16_t space)
{
	return space < CONFIG_CAPS_MAX_SPACES && system->spaces[space] != NULL;
}

/* The lowest free slot of an active space, or CAP_NONE when it is full. */
uint32_t cap_space_free_slot(const struct cap_system *system, uint16_t space);

/*
 * Puts a new capability with the given fields in slot `slot` of `space` (both checked free by the
 * caller) and links it under `parent` (CAP_NONE for a root). Returns its reference.
 */
cap_ref cap_insert(struct cap_system *system, uint16_t space, uint32_t slot, cap_ref parent,
		   const struct capability *fields);

/* Unlinks a capability without children from its parent and empties its slot. */
void cap_remove_leaf(struct cap_system *system, struct capability *entry);

/*
 * cap_derive from a parent already looked up in space (by hc_dispatch, for the hypercall): the
 * same checks after the lookup, in the same order.
 */
enum cap_status cap_derive_from(struct cap_system *system, uint16_t space,
				const struct capability *parent, cap_rights rights, uint64_t offset,
				uint64_t size, cap_selector *derived);

/* The reference of a capability found by a checked lookup. */
static inline cap_ref cap_ref_of(const struct capability *capability)
{
	return CAP_REF(capability->space, capability->slot);
}

#endif
