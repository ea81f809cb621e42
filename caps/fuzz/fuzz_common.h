/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What both caps fuzzers share: reading the input, the starting system, and the oracles. Any
 * broken invariant aborts, which libFuzzer reports with the input that caused it.
 */
#ifndef CAPS_FUZZ_COMMON_H
#define CAPS_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array_length.h"
#include "caps.h"

#define FUZZ_SPACES_IN_USE  4 /* spaces 0..3 active; space 4 exists only as a partition object */
#define FUZZ_MAX_OPERATIONS 512

struct fuzz_input {
	const uint8_t *data;
	size_t size;
};

static inline uint8_t take8(struct fuzz_input *in)
{
	if (in->size == 0)
		return 0;
	in->size--;
	return *in->data++;
}

static inline uint64_t take_bytes(struct fuzz_input *in, unsigned bytes)
{
	uint64_t value = 0;
	for (unsigned i = 0; i < bytes; i++)
		value |= (uint64_t)take8(in) << (8 * i);
	return value;
}

/* Mostly small selectors, which reach capabilities; now and then the edges and raw values. */
static inline uint64_t take_selector(struct fuzz_input *in, bool wide)
{
	uint8_t tag = take8(in);
	if (tag < 0xe0)
		return tag % (CONFIG_CAPS_SLOTS_PER_SPACE + 2);
	switch (tag & 7) {
	case 0:
		return UINT32_MAX;
	case 1:
		return CONFIG_CAPS_SLOTS_PER_SPACE;
	case 2:
		return take_bytes(in, 4);
	case 3:
		return wide ? (1ull << 32) | take8(in) : 0x10000;
	default:
		return wide ? take_bytes(in, 8) : (uint32_t)take_bytes(in, 4);
	}
}

/* Offsets, sizes, objects: zero and small values most, then page-sized ones and the edges. */
static inline uint64_t take_value(struct fuzz_input *in)
{
	uint8_t tag = take8(in);
	switch (tag % 8) {
	case 0:
	case 1:
		return 0;
	case 2:
		return take8(in);
	case 3:
		return take_bytes(in, 2) << 12;
	case 4:
		return UINT64_MAX - take8(in);
	case 5:
		return 1ull << (take8(in) % 64);
	default:
		return take_bytes(in, 8);
	}
}

static inline uint16_t take_space(struct fuzz_input *in)
{
	uint8_t tag = take8(in);
	if (tag < 0xf0)
		return tag % FUZZ_SPACES_IN_USE;
	return tag == 0xff ? UINT16_MAX : (uint16_t)(tag % (CONFIG_CAPS_MAX_SPACES + 1));
}

static inline void fuzz_fail(const char *what)
{
	fprintf(stderr, "caps fuzz: %s\n", what);
	abort();
}

/* A system with each space's memory beside it, compared and copied as one. */
struct fuzz_system {
	struct cap_system system;
	struct cap_space tables[CONFIG_CAPS_MAX_SPACES];
};

/* cap_space_create with the space's own table (any table for a space number out of range). */
static inline enum cap_status fuzz_space_create(struct fuzz_system *fuzz, uint16_t space)
{
	return cap_space_create(&fuzz->system, space, &fuzz->tables[space % CONFIG_CAPS_MAX_SPACES]);
}

/* Spaces 0..3 with roots to work on, and partition capabilities with and without GRANT. */
static inline void fuzz_setup(struct fuzz_system *fuzz)
{
	struct cap_system *system = &fuzz->system;

	cap_system_init(system);
	for (uint16_t s = 0; s < FUZZ_SPACES_IN_USE; s++)
		if (fuzz_space_create(fuzz, s) != CAP_OK)
			fuzz_fail("setup: space");
	const struct {
		uint16_t space;
		enum cap_type type;
		uint64_t object, size;
		cap_rights rights;
	} roots[] = {
		{ 0, CAP_TYPE_MEMORY, 0x40000000, 0x10000000, CAP_RIGHTS_ALL },
		{ 0, CAP_TYPE_PARTITION, 1, 0, CAP_RIGHTS_ALL },
		{ 0, CAP_TYPE_PARTITION, 2, 0, CAP_RIGHTS_ALL },
		{ 0, CAP_TYPE_PARTITION, 3, 0, CAP_RIGHT_GRANT | CAP_RIGHT_CONTROL },
		{ 0, CAP_TYPE_PARTITION, 4, 0, CAP_RIGHTS_ALL },
		{ 0, CAP_TYPE_IRQ, 33, 0, CAP_RIGHTS_ALL },
		{ 0, CAP_TYPE_CONSOLE, 0, 0, CAP_RIGHT_WRITE | CAP_RIGHT_GRANT },
		{ 1, CAP_TYPE_MEMORY, UINT64_MAX - 0x10000, 0x10000,
		  CAP_RIGHT_READ | CAP_RIGHT_GRANT },
		{ 1, CAP_TYPE_PARTITION, 0, 0, CAP_RIGHT_READ },
		{ 1, CAP_TYPE_PARTITION, 2, 0, CAP_RIGHT_GRANT },
		{ 1, CAP_TYPE_VCPU, 0, 0, CAP_RIGHTS_ALL },
		{ 2, CAP_TYPE_CHANNEL, 7, 0, CAP_RIGHTS_ALL },
		{ 2, CAP_TYPE_PARTITION, 3, 0, CAP_RIGHTS_ALL },
		{ 2, CAP_TYPE_MEMORY, 0, 1, CAP_RIGHTS_ALL },
		{ 3, CAP_TYPE_SCHED_CONTEXT, 1, 0, CAP_RIGHTS_ALL },
		{ 3, CAP_TYPE_ENDPOINT, 2, 0, CAP_RIGHT_GRANT },
	};
	for (size_t i = 0; i < ARRAY_LENGTH(roots); i++)
		if (cap_create(system, roots[i].space, roots[i].type, roots[i].object,
			       roots[i].size, roots[i].rights, NULL) != CAP_OK)
			fuzz_fail("setup: root capability");
}

static inline bool known_status(enum cap_status status)
{
	return status >= CAP_INVALID_ARGUMENT && status <= CAP_PREEMPTED;
}

/*
 * The invariants: cap_system_check() covers them all (tree links, slot back pointers, the count,
 * rights, depth, nested ranges); the plainest ones are counted again here independently.
 */
static inline void fuzz_check(const struct cap_system *system)
{
	const char *problem = cap_system_check(system);
	if (problem)
		fuzz_fail(problem);
	uint32_t used_entries = 0;
	for (uint32_t s = 0; s < CONFIG_CAPS_MAX_SPACES; s++) {
		for (uint32_t i = 0; system->spaces[s] && i < CONFIG_CAPS_SLOTS_PER_SPACE; i++) {
			const struct capability *c = &system->spaces[s]->slots[i];
			if (c->type == CAP_TYPE_NULL)
				continue;
			used_entries++;
			if (c->space != s || c->slot != i)
				fuzz_fail("a slot's entry does not point back");
			if (c->parent != CAP_NONE &&
			    (c->rights & ~cap_at(system, c->parent)->rights ||
			     c->depth != cap_at(system, c->parent)->depth + 1))
				fuzz_fail("a child exceeds its parent");
		}
	}
	if (used_entries != system->entries_in_use)
		fuzz_fail("entries_in_use differs from the used slots");
}

#endif
