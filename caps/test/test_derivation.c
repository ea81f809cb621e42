/* SPDX-License-Identifier: Apache-2.0 */
/* derive, delegate, revoke and delete: the derivation tree and its bounds. */
#include "array_length.h"
#include "caps_test.h"

#define RAM_BASE 0x40000000u
#define RAM_SIZE 0x10000000u
#define RW	 (CAP_RIGHT_READ | CAP_RIGHT_WRITE)

struct fixture {
	struct cap_system *system;
	cap_selector ram; /* space 0: memory, all rights */
	cap_selector irq; /* space 0: IRQ, all rights */
	cap_selector
		partition[3]; /* space 0: partitions 1 and 2 with all rights, 1 without GRANT */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->system = new_system();
	for (uint16_t s = 0; s < 3; s++)
		assert_status(space_create(f->system, s), CAP_OK);
	assert_status(cap_create(f->system, 0, CAP_TYPE_MEMORY, RAM_BASE, RAM_SIZE, CAP_RIGHTS_ALL,
				 &f->ram),
		      CAP_OK);
	assert_status(cap_create(f->system, 0, CAP_TYPE_IRQ, 48, 0, CAP_RIGHTS_ALL, &f->irq),
		      CAP_OK);
	assert_status(cap_create(f->system, 0, CAP_TYPE_PARTITION, 1, 0, CAP_RIGHTS_ALL,
				 &f->partition[0]),
		      CAP_OK);
	assert_status(cap_create(f->system, 0, CAP_TYPE_PARTITION, 2, 0, CAP_RIGHTS_ALL,
				 &f->partition[1]),
		      CAP_OK);
	assert_status(cap_create(f->system, 0, CAP_TYPE_PARTITION, 1, 0,
				 CAP_RIGHTS_ALL & ~CAP_RIGHT_GRANT, &f->partition[2]),
		      CAP_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	assert_consistent(f->system);
	free(f->system);
	free(f);
	return 0;
}

static struct cap_info info_of(const struct cap_system *system, uint16_t space,
			       cap_selector selector)
{
	struct cap_info info;
	assert_status(cap_info(system, space, selector, &info), CAP_OK);
	return info;
}

static unsigned used_slots(const struct cap_system *system, uint16_t space)
{
	unsigned used = 0;
	for (unsigned i = 0; i < SLOTS; i++)
		used += slot_used(system, space, i);
	return used;
}

static void test_derive_memory_ranges(void **state)
{
	struct fixture *f = *state;
	struct cap_system *system = f->system;
	cap_selector child;

	assert_status(cap_derive(system, 0, f->ram, RW, 0, 0, &child), CAP_OK);
	struct cap_info info = info_of(system, 0, child);
	assert_int_equal(info.object, RAM_BASE);
	assert_int_equal(info.size, RAM_SIZE);
	assert_int_equal(info.rights, RW);
	assert_int_equal(info.depth, 1);
	assert_int_equal(child, 5); /* the lowest free slot */

	assert_status(cap_derive(system, 0, f->ram, 0, RAM_SIZE - 1, 1, &child), CAP_OK);
	info = info_of(system, 0, child);
	assert_int_equal(info.object, RAM_BASE + RAM_SIZE - 1);
	assert_int_equal(info.size, 1);
	assert_status(cap_derive(system, 0, f->ram, 0, 0, RAM_SIZE, NULL), CAP_OK);

	struct cap_system *before = copy_system(system);
	const uint64_t bad[][2] = {
		{ RAM_SIZE, 1 },     /* starts at the end */
		{ RAM_SIZE - 1, 2 }, /* runs past the end */
		{ 0, RAM_SIZE + 1 }, /* larger than the parent */
		{ RAM_SIZE + 1, 0 }, /* offset without size */
		{ 1, 0 },	     /* offset without size */
		{ UINT64_MAX, 2 },   /* offset + size wraps */
		{ 2, UINT64_MAX },   /* offset + size wraps */
		{ UINT64_MAX, UINT64_MAX },
		{ 0, UINT64_MAX },
	};
	for (size_t i = 0; i < ARRAY_LENGTH(bad); i++) {
		child = 999;
		assert_status(cap_derive(system, 0, f->ram, RW, bad[i][0], bad[i][1], &child),
			      CAP_INVALID_ARGUMENT);
		assert_int_equal(child, 999);
	}
	assert_unchanged(system, before);
	free(before);
}

static void test_derive_other_types_and_rights(void **state)
{
	struct fixture *f = *state;
	struct cap_system *system = f->system;
	cap_selector child, grandchild;

	assert_status(cap_derive(system, 0, f->irq, CAP_RIGHT_READ | CAP_RIGHT_GRANT, 0, 0, &child),
		      CAP_OK);
	struct cap_info info = info_of(system, 0, child);
	assert_int_equal(info.type, CAP_TYPE_IRQ);
	assert_int_equal(info.object, 48);
	assert_int_equal(info.size, 0);

	struct cap_system *before = copy_system(system);
	/* A single INTID has no other part to give. */
	assert_status(cap_derive(system, 0, f->irq, 0, 1, 0, NULL), CAP_INVALID_ARGUMENT);
	assert_status(cap_derive(system, 0, f->irq, 0, 0, 2, NULL), CAP_INVALID_ARGUMENT);
	assert_status(cap_derive(system, 0, f->partition[0], 0, 0, 1, NULL), CAP_INVALID_ARGUMENT);
	/* Each right the parent lacks, and each bit that is no right at all. */
	for (unsigned bit = 0; bit < 32; bit++) {
		cap_rights right = 1u << bit;
		if (right & (CAP_RIGHT_READ | CAP_RIGHT_GRANT))
			continue;
		assert_status(cap_derive(system, 0, child, right, 0, 0, &grandchild),
			      CAP_INVALID_ARGUMENT);
	}
	assert_status(cap_derive(system, 0, f->ram, CAP_RIGHTS_ALL | 0x20, 0, 0, NULL),
		      CAP_INVALID_ARGUMENT);
	assert_unchanged(system, before);
	free(before);

	assert_status(cap_derive(system, 0, child, CAP_RIGHT_GRANT, 0, 0, &grandchild), CAP_OK);
	assert_int_equal(info_of(system, 0, grandchild).depth, 2);
	/* Derive needs no right at all: rights 0 from a rights-0 capability is fine. */
	assert_status(cap_derive(system, 0, grandchild, 0, 0, 0, &child), CAP_OK);
	assert_status(cap_derive(system, 0, child, 0, 0, 0, NULL), CAP_OK);
}

static void test_derive_irq_ranges(void **state)
{
	struct fixture *f = *state;
	struct cap_system *system = f->system;
	cap_selector spis, one;

	assert_status(cap_create(system, 0, CAP_TYPE_IRQ, 32, 988, CAP_RIGHTS_ALL, &spis), CAP_OK);
	assert_status(cap_derive(system, 0, spis, CAP_RIGHT_CONTROL, 1, 1, &one), CAP_OK);
	struct cap_info info = info_of(system, 0, one);
	assert_int_equal(info.object, 33);
	assert_int_equal(info.size, 1);
	assert_status(cap_derive(system, 0, spis, 0, 987, 0, &one), CAP_OK);
	assert_int_equal(info_of(system, 0, one).object, 1019);

	struct cap_system *before = copy_system(system);
	const uint64_t bad[][2] = {
		{ 988, 0 }, { 988, 1 }, { 0, 989 }, { 987, 2 }, { UINT64_MAX, 1 }, { 1, UINT64_MAX },
	};
	for (size_t i = 0; i < ARRAY_LENGTH(bad); i++)
		assert_status(cap_derive(system, 0, spis, 0, bad[i][0], bad[i][1], NULL),
			      CAP_INVALID_ARGUMENT);
	assert_unchanged(system, before);
	free(before);
}

/* CPUs 0..3 at ceiling 200: what a child may take of them, and what it may not. */
static void test_derive_sched_context_narrows(void **state)
{
	struct fixture *f = *state;
	struct cap_system *system = f->system;
	cap_selector cpus, child, copy;

	assert_status(cap_create(system, 0, CAP_TYPE_SCHED_CONTEXT, 0xf, 200, CAP_RIGHTS_ALL, &cpus),
		      CAP_OK);
	assert_status(cap_derive(system, 0, cpus, CAP_RIGHT_CONTROL, 0x6, 100, &child), CAP_OK);
	struct cap_info info = info_of(system, 0, child);
	assert_int_equal(info.type, CAP_TYPE_SCHED_CONTEXT);
	assert_int_equal(info.object, 0x6);
	assert_int_equal(info.size, 100);
	assert_status(cap_derive(system, 0, child, CAP_RIGHT_CONTROL, 0x4, 100, NULL), CAP_OK);
	assert_status(cap_derive(system, 0, cpus, 0, 0, 0, &copy), CAP_OK);
	assert_int_equal(info_of(system, 0, copy).object, 0xf);
	assert_int_equal(info_of(system, 0, copy).size, 200);
	/* Ceiling 0 with the CPUs named: not the "whole parent" shorthand. */
	assert_status(cap_derive(system, 0, cpus, 0, 0xf, 0, &copy), CAP_OK);
	assert_int_equal(info_of(system, 0, copy).size, 0);

	struct cap_system *before = copy_system(system);
	const uint64_t bad[][2] = {
		{ 0x10, 0 },	 /* a CPU the parent lacks */
		{ 0x1f, 0 },	 /* a superset */
		{ 1ull << 63, 0 }, { UINT64_MAX, 0 },
		{ 0, 1 },	 /* no CPU at all */
		{ 0x1, 201 },	 /* a higher ceiling */
		{ 0x1, 1ull << 8 }, { 0x1, UINT64_MAX },
	};
	for (size_t i = 0; i < ARRAY_LENGTH(bad); i++)
		assert_status(cap_derive(system, 0, cpus, 0, bad[i][0], bad[i][1], NULL),
			      CAP_INVALID_ARGUMENT);
	assert_status(cap_derive(system, 0, child, 0, 0x8, 0, NULL), CAP_INVALID_ARGUMENT);
	assert_status(cap_derive(system, 0, child, 0, 0x6, 101, NULL), CAP_INVALID_ARGUMENT);
	assert_unchanged(system, before);
	free(before);

	/* Created: a CPU at least, a ceiling that fits in 8 bits. */
	assert_status(cap_create(system, 0, CAP_TYPE_SCHED_CONTEXT, 0, 0, 0, NULL),
		      CAP_INVALID_ARGUMENT);
	assert_status(cap_create(system, 0, CAP_TYPE_SCHED_CONTEXT, 1, 256, 0, NULL),
		      CAP_INVALID_ARGUMENT);
	/* Delegated: the same CPUs and ceiling in the other space. */
	assert_status(cap_delegate(system, 0, child, f->partition[0], CAP_RIGHT_CONTROL, &copy),
		      CAP_DENIED);
	assert_status(cap_delegate(system, 0, cpus, f->partition[0], CAP_RIGHT_CONTROL, &copy),
		      CAP_OK);
	assert_int_equal(info_of(system, 1, copy).object, 0xf);
	assert_int_equal(info_of(system, 1, copy).size, 200);
}

/* The audit refuses a sched context that holds more than its parent. */
static void test_check_finds_a_wider_sched_context(void **state)
{
	struct fixture *f = *state;
	struct cap_system *system = f->system;
	cap_selector cpus, child;

	assert_status(cap_create(system, 0, CAP_TYPE_SCHED_CONTEXT, 0x3, 10, CAP_RIGHTS_ALL, &cpus),
		      CAP_OK);
	assert_status(cap_derive(system, 0, cpus, 0, 0x1, 10, &child), CAP_OK);
	struct capability *entry = cap_at(system, slot_index(system, 0, child));
	entry->object = 0x5;
	assert_string_equal(cap_system_check(system), "a child's CPUs are not among its parent's");
	entry->object = 0x1;
	entry->size = 11;
	assert_string_equal(cap_system_check(system),
			    "a child's priority ceiling is above its parent's");
	entry->size = 10;
	entry->object = 0;
	assert_string_equal(cap_system_check(system),
			    "a sched context has no CPU or an unknown ceiling");
	entry->object = 0x1;
}

static void test_derive_from_bad_selectors(void **state)
{
	struct fixture *f = *state;
	struct cap_system *before = copy_system(f->system);

	for (uint32_t selector = 5; selector < SLOTS + 3; selector++)
		assert_status(cap_derive(f->system, 0, selector, 0, 0, 0, NULL), CAP_INVALID_CAP);
	assert_status(cap_derive(f->system, 0, UINT32_MAX, 0, 0, 0, NULL), CAP_INVALID_CAP);
	/* Space 1 has nothing, whatever space 0 holds at the same selectors. */
	for (uint32_t selector = 0; selector < 5; selector++)
		assert_status(cap_derive(f->system, 1, selector, 0, 0, 0, NULL), CAP_INVALID_CAP);
	assert_status(cap_derive(f->system, 3, 0, 0, 0, 0, NULL), CAP_INVALID_CAP);
	assert_status(cap_derive(f->system, SPACES, 0, 0, 0, 0, NULL), CAP_INVALID_CAP);
	assert_unchanged(f->system, before);
	free(before);
}

/*
 * A chain of MAX_DEPTH derivations succeeds, the next is NO_MEMORY. The chain moves on to the
 * next space (by delegation) when a space runs out of slots, so any configuration fits.
 */
static void test_depth_limit(void **state)
{
	(void)state;
	struct cap_system *system = new_system();
	cap_selector chain, next;
	uint16_t space = 0;
	assert_status(space_create(system, 0), CAP_OK);
	assert_status(cap_create(system, 0, CAP_TYPE_PARTITION, 1, 0, CAP_RIGHTS_ALL, NULL),
		      CAP_OK);
	assert_status(cap_create(system, 0, CAP_TYPE_CHANNEL, 3, 0, CAP_RIGHTS_ALL, &chain),
		      CAP_OK);

	for (unsigned depth = 1; depth <= MAX_DEPTH; depth++) {
		if (used_slots(system, space) == SLOTS) {
			/* Next space, with a partition capability for the one after it. */
			assert_true(space + 2 < SPACES);
			assert_status(space_create(system, (uint16_t)(space + 1)), CAP_OK);
			assert_status(cap_create(system, (uint16_t)(space + 1), CAP_TYPE_PARTITION,
						 (uint64_t)space + 2, 0, CAP_RIGHTS_ALL, NULL),
				      CAP_OK);
			assert_status(cap_delegate(system, space, chain, 0, CAP_RIGHTS_ALL, &next),
				      CAP_OK);
			space++;
		} else {
			assert_status(cap_derive(system, space, chain, CAP_RIGHTS_ALL, 0, 0, &next),
				      CAP_OK);
		}
		chain = next;
		assert_int_equal(info_of(system, space, chain).depth, depth);
	}
	struct cap_system *before = copy_system(system);
	assert_status(cap_derive(system, space, chain, 0, 0, 0, NULL), CAP_NO_MEMORY);
	/* NO_MEMORY for depth comes after the argument checks. */
	assert_status(cap_derive(system, space, chain, 0, 1, 0, NULL), CAP_INVALID_ARGUMENT);
	assert_status(cap_derive(system, space, chain, 1u << 5, 0, 0, NULL), CAP_INVALID_ARGUMENT);
	assert_unchanged(system, before);
	assert_consistent(system);
	/* Revoking the whole chain from the root: each removal descends the full depth. */
	cap_selector root = 1;
	unsigned calls = 1;
	while (cap_revoke(system, 0, root, 1) == CAP_PREEMPTED)
		calls++;
	assert_int_equal(calls, MAX_DEPTH);
	assert_consistent(system);
	free(before);
	free(system);
}

static void test_derive_into_a_full_space(void **state)
{
	struct fixture *f = *state;
	struct cap_system *system = f->system;
	while (used_slots(system, 0) < SLOTS)
		assert_status(cap_derive(system, 0, f->irq, 0, 0, 0, NULL), CAP_OK);
	struct cap_system *before = copy_system(system);
	cap_selector selector = 1000;
	assert_status(cap_derive(system, 0, f->ram, 0, 0, 0, &selector), CAP_NO_MEMORY);
	assert_status(cap_derive(system, 0, f->ram, RW, 0x1000, 0x1000, &selector), CAP_NO_MEMORY);
	assert_int_equal(selector, 1000);
	assert_unchanged(system, before);
	free(before);
	/* A free slot anywhere makes room again: the lowest one. */
	assert_status(cap_delete(system, 0, 7, 1), CAP_OK);
	assert_status(cap_derive(system, 0, f->ram, 0, 0, 0, &selector), CAP_OK);
	assert_int_equal(selector, 7);
}

static void test_delegate(void **state)
{
	struct fixture *f = *state;
	struct cap_system *system = f->system;
	cap_selector copy, again;

	assert_status(cap_delegate(system, 0, f->ram, f->partition[0], RW, &copy), CAP_OK);
	assert_int_equal(copy, 0);
	struct cap_info info = info_of(system, 1, copy);
	assert_int_equal(info.type, CAP_TYPE_MEMORY);
	assert_int_equal(info.object, RAM_BASE);
	assert_int_equal(info.size, RAM_SIZE);
	assert_int_equal(info.rights, RW);
	assert_int_equal(info.depth, 1);
	const struct capability *entry;
	assert_status(cap_lookup(system, 1, copy, CAP_TYPE_MEMORY, RW, &entry), CAP_OK);
	assert_int_equal(entry->parent, slot_index(system, 0, f->ram));
	assert_status(cap_delegate(system, 0, f->irq, f->partition[0], 0, &again), CAP_OK);
	assert_int_equal(again, 1);
	/* The partition may be the delegating one itself. */
	assert_status(cap_create(system, 0, CAP_TYPE_PARTITION, 0, 0, CAP_RIGHT_GRANT, &again),
		      CAP_OK);
	assert_status(cap_delegate(system, 0, f->irq, again, 0, &copy), CAP_OK);
	assert_int_equal(info_of(system, 0, copy).type, CAP_TYPE_IRQ);

	struct cap_system *before = copy_system(system);
	cap_selector no_grant;
	/* DENIED: the capability without GRANT, the partition without GRANT. */
	assert_status(
		cap_derive(system, 0, f->ram, CAP_RIGHTS_ALL & ~CAP_RIGHT_GRANT, 0, 0, &no_grant),
		CAP_OK);
	free(before);
	before = copy_system(system);
	assert_status(cap_delegate(system, 0, no_grant, f->partition[0], 0, NULL), CAP_DENIED);
	assert_status(cap_delegate(system, 0, f->ram, f->partition[2], 0, NULL), CAP_DENIED);
	/* INVALID_CAP: empty selectors, a partition selector of another type. */
	assert_status(cap_delegate(system, 0, SLOTS - 1, f->partition[0], 0, NULL),
		      CAP_INVALID_CAP);
	assert_status(cap_delegate(system, 0, UINT32_MAX, f->partition[0], 0, NULL),
		      CAP_INVALID_CAP);
	assert_status(cap_delegate(system, 0, f->ram, SLOTS - 1, 0, NULL), CAP_INVALID_CAP);
	assert_status(cap_delegate(system, 0, f->ram, UINT32_MAX, 0, NULL), CAP_INVALID_CAP);
	assert_status(cap_delegate(system, 0, f->ram, f->irq, 0, NULL), CAP_INVALID_CAP);
	assert_status(cap_delegate(system, 0, f->ram, f->ram, 0, NULL), CAP_INVALID_CAP);
	/* The capability is checked before the partition. */
	assert_status(cap_delegate(system, 0, no_grant, f->irq, 0, NULL), CAP_DENIED);
	assert_status(cap_delegate(system, 0, SLOTS - 1, f->partition[2], 0, NULL),
		      CAP_INVALID_CAP);
	/* INVALID_ARGUMENT: rights beyond the parent's. */
	assert_status(cap_delegate(system, 0, f->irq, f->partition[0], 1u << 5, NULL),
		      CAP_INVALID_ARGUMENT);
	assert_status(cap_delegate(system, 1, 1, 0, 0, NULL), CAP_DENIED); /* copies lack GRANT */
	assert_unchanged(system, before);
	free(before);
}

static void test_delegate_to_an_inactive_or_full_space(void **state)
{
	struct fixture *f = *state;
	struct cap_system *system = f->system;
	cap_selector partition3;

	assert_status(cap_create(system, 0, CAP_TYPE_PARTITION, 3, 0, CAP_RIGHTS_ALL, &partition3),
		      CAP_OK);
	struct cap_system *before = copy_system(system);
	assert_status(cap_delegate(system, 0, f->ram, partition3, 0, NULL), CAP_INVALID_CAP);
	assert_unchanged(system, before);
	free(before);
	assert_status(space_create(system, 3), CAP_OK);
	for (unsigned i = 0; i < SLOTS; i++)
		assert_status(cap_delegate(system, 0, f->irq, partition3, CAP_RIGHT_READ, NULL),
			      CAP_OK);
	before = copy_system(system);
	assert_status(cap_delegate(system, 0, f->irq, partition3, CAP_RIGHT_READ, NULL),
		      CAP_NO_MEMORY);
	/* Rights are checked before room. */
	assert_status(cap_delegate(system, 0, f->irq, partition3, 1u << 7, NULL),
		      CAP_INVALID_ARGUMENT);
	assert_unchanged(system, before);
	free(before);
}

/* Revoke takes every descendant in every space and keeps the capability and its other trees. */
static void test_revoke_across_spaces(void **state)
{
	struct fixture *f = *state;
	struct cap_system *system = f->system;
	cap_selector child, in1, in2, deep, irq_child;

	assert_status(cap_derive(system, 0, f->ram, CAP_RIGHTS_ALL, 0x1000, 0x10000, &child),
		      CAP_OK);
	assert_status(cap_delegate(system, 0, child, f->partition[0], RW, &in1), CAP_OK);
	assert_status(cap_delegate(system, 0, f->ram, f->partition[1], CAP_RIGHT_READ, &in2),
		      CAP_OK);
	assert_status(cap_derive(system, 1, in1, CAP_RIGHT_READ, 0x100, 0x100, &deep), CAP_OK);
	assert_status(cap_derive(system, 0, f->irq, 0, 0, 0, &irq_child), CAP_OK);
	assert_int_equal(info_of(system, 1, deep).depth, 3);
	uint32_t used_before = system->entries_in_use;

	assert_status(cap_revoke(system, 0, f->ram, 100), CAP_OK);
	assert_consistent(system);
	assert_int_equal(system->entries_in_use, used_before - 4);
	assert_status(cap_info(system, 0, child, NULL), CAP_INVALID_CAP);
	assert_status(cap_info(system, 1, in1, NULL), CAP_INVALID_CAP);
	assert_status(cap_info(system, 1, deep, NULL), CAP_INVALID_CAP);
	assert_status(cap_info(system, 2, in2, NULL), CAP_INVALID_CAP);
	assert_int_equal(used_slots(system, 1), 0);
	assert_int_equal(used_slots(system, 2), 0);
	assert_int_equal(info_of(system, 0, f->ram).rights, CAP_RIGHTS_ALL);
	assert_int_equal(info_of(system, 0, irq_child).type, CAP_TYPE_IRQ);
	assert_int_equal(cap_at(system, slot_index(system, 0, f->ram))->first_child, CAP_NONE);
	/* Nothing left: revoking again is OK at once. */
	assert_status(cap_revoke(system, 0, f->ram, 1), CAP_OK);
}

static void test_revoke_and_delete_errors(void **state)
{
	struct fixture *f = *state;
	struct cap_system *system = f->system;
	assert_status(cap_derive(system, 0, f->irq, 0, 0, 0, NULL), CAP_OK);
	struct cap_system *before = copy_system(system);

	assert_status(cap_revoke(system, 0, f->irq, 0), CAP_INVALID_ARGUMENT);
	assert_status(cap_delete(system, 0, f->irq, 0), CAP_INVALID_ARGUMENT);
	for (uint32_t selector = 6; selector <= SLOTS + 2; selector++) {
		assert_status(cap_revoke(system, 0, selector, 1), CAP_INVALID_CAP);
		assert_status(cap_delete(system, 0, selector, 1), CAP_INVALID_CAP);
	}
	assert_status(cap_revoke(system, 0, UINT32_MAX, 1), CAP_INVALID_CAP);
	assert_status(cap_delete(system, 0, UINT32_MAX, 1), CAP_INVALID_CAP);
	assert_status(cap_revoke(system, 1, 0, 1), CAP_INVALID_CAP);
	assert_status(cap_delete(system, 1, 0, 1), CAP_INVALID_CAP);
	assert_status(cap_delete(system, SPACES, 0, 1), CAP_INVALID_CAP);
	assert_unchanged(system, before);
	free(before);
}

/*
 * A wide and deep tree under `root` in space 0, with copies in spaces 1 and 2: returns how many
 * descendants it has.
 */
static unsigned grow_tree(struct fixture *f, cap_selector root, unsigned wanted)
{
	struct cap_system *system = f->system;
	unsigned grown = 0;
	cap_selector tips[3] = { root, root, root };

	while (grown < wanted) {
		uint16_t space = (uint16_t)(grown % 3);
		cap_selector next;
		enum cap_status status;
		if (space == 0)
			status = cap_derive(system, 0, tips[0], CAP_RIGHTS_ALL, 0, 0, &next);
		else
			status = cap_delegate(system, 0, tips[0], f->partition[space - 1],
					      CAP_RIGHTS_ALL, &next);
		if (status == CAP_NO_MEMORY) {
			/* Too deep: start a new branch from the root. */
			if (info_of(system, 0, tips[0]).depth >= MAX_DEPTH - 1 && tips[0] != root) {
				tips[0] = root;
				continue;
			}
			break;
		}
		assert_status(status, CAP_OK);
		if (space == 0 && grown % 2 == 0)
			tips[0] = next; /* deepen */
		grown++;
	}
	return grown;
}

static void test_revoke_with_budget_one_takes_one_call_per_descendant(void **state)
{
	struct fixture *f = *state;
	struct cap_system *system = f->system;
	unsigned descendants = grow_tree(f, f->ram, 3 * SLOTS - 10);
	assert_true(descendants > 10);
	assert_consistent(system);
	uint32_t used_before = system->entries_in_use;

	for (unsigned call = 1; call < descendants; call++) {
		assert_status(cap_revoke(system, 0, f->ram, 1), CAP_PREEMPTED);
		assert_int_equal(system->entries_in_use, used_before - (call));
		assert_consistent(system);
	}
	assert_status(cap_revoke(system, 0, f->ram, 1), CAP_OK);
	assert_int_equal(system->entries_in_use, used_before - (descendants));
	assert_int_equal(info_of(system, 0, f->ram).rights, CAP_RIGHTS_ALL);
	assert_int_equal(used_slots(system, 1), 0);
	assert_int_equal(used_slots(system, 2), 0);
}

static void test_revoke_with_larger_budgets(void **state)
{
	struct fixture *f = *state;
	struct cap_system *system = f->system;
	const unsigned budgets[] = { 2, 3, 7, 1000 };

	for (size_t b = 0; b < ARRAY_LENGTH(budgets); b++) {
		unsigned descendants = grow_tree(f, f->ram, 2 * SLOTS);
		unsigned budget = budgets[b], calls = 0;
		enum cap_status status;
		do {
			uint32_t used_before = system->entries_in_use;
			status = cap_revoke(system, 0, f->ram, budget);
			calls++;
			uint32_t removed = used_before - system->entries_in_use;
			assert_true(removed <= budget);
			if (status == CAP_PREEMPTED)
				assert_int_equal(removed, budget);
			assert_consistent(system);
		} while (status == CAP_PREEMPTED);
		assert_status(status, CAP_OK);
		assert_int_equal(calls, (descendants + budget - 1) / budget);
	}
}

static void test_delete_counts_itself_against_the_budget(void **state)
{
	struct fixture *f = *state;
	struct cap_system *system = f->system;
	cap_selector child;
	assert_status(cap_derive(system, 0, f->ram, CAP_RIGHTS_ALL, 0, 0, &child), CAP_OK);
	unsigned descendants = grow_tree(f, child, SLOTS);
	uint32_t used_before = system->entries_in_use;

	for (unsigned call = 1; call <= descendants; call++) {
		assert_status(cap_delete(system, 0, child, 1), CAP_PREEMPTED);
		assert_consistent(system);
	}
	assert_int_equal(info_of(system, 0, child).depth, 1);
	assert_status(cap_delete(system, 0, child, 1), CAP_OK);
	assert_int_equal(system->entries_in_use, used_before - (descendants + 1));
	assert_status(cap_info(system, 0, child, NULL), CAP_INVALID_CAP);
	assert_int_equal(cap_at(system, slot_index(system, 0, f->ram))->first_child, CAP_NONE);

	/* With budget for exactly all of them, one call. */
	assert_status(cap_derive(system, 0, f->ram, CAP_RIGHTS_ALL, 0, 0, &child), CAP_OK);
	descendants = grow_tree(f, child, 20);
	assert_status(cap_delete(system, 0, child, descendants), CAP_PREEMPTED);
	assert_status(cap_delete(system, 0, child, 1), CAP_OK);
	assert_status(cap_derive(system, 0, f->ram, CAP_RIGHTS_ALL, 0, 0, &child), CAP_OK);
	descendants = grow_tree(f, child, 20);
	assert_status(cap_delete(system, 0, child, descendants + 1), CAP_OK);
}

static void test_delete_a_middle_node_keeps_its_siblings(void **state)
{
	struct fixture *f = *state;
	struct cap_system *system = f->system;
	cap_selector a, b, c, under_b;
	assert_status(cap_derive(system, 0, f->irq, 0, 0, 0, &a), CAP_OK);
	assert_status(cap_derive(system, 0, f->irq, 0, 0, 0, &b), CAP_OK);
	assert_status(cap_derive(system, 0, f->irq, 0, 0, 0, &c), CAP_OK);
	assert_status(cap_derive(system, 0, b, 0, 0, 0, &under_b), CAP_OK);

	assert_status(cap_delete(system, 0, b, 10), CAP_OK);
	assert_consistent(system);
	assert_status(cap_info(system, 0, under_b, NULL), CAP_INVALID_CAP);
	cap_ref ia = slot_index(system, 0, a), ic = slot_index(system, 0, c);
	assert_int_equal(cap_at(system, ic)->next_sibling, ia);
	assert_int_equal(cap_at(system, ia)->previous_sibling, ic);
	/* Delete the first child, then the last: the parent's list follows. */
	assert_status(cap_delete(system, 0, c, 1), CAP_OK);
	assert_int_equal(cap_at(system, slot_index(system, 0, f->irq))->first_child, ia);
	assert_int_equal(cap_at(system, ia)->previous_sibling, CAP_NONE);
	assert_status(cap_delete(system, 0, a, 1), CAP_OK);
	assert_int_equal(cap_at(system, slot_index(system, 0, f->irq))->first_child, CAP_NONE);
	/* A root goes too, and its slot is the lowest free one again. */
	assert_status(cap_delete(system, 0, f->ram, 1), CAP_OK);
	cap_selector again;
	assert_status(cap_create(system, 0, CAP_TYPE_CONSOLE, 0, 0, 0, &again), CAP_OK);
	assert_int_equal(again, f->ram);
}

/* A delegated copy can be deleted by its holder without touching the delegator's capability. */
static void test_holder_deletes_its_delegated_copy(void **state)
{
	struct fixture *f = *state;
	struct cap_system *system = f->system;
	cap_selector copy, grand;
	assert_status(cap_delegate(system, 0, f->ram, f->partition[0], CAP_RIGHTS_ALL, &copy),
		      CAP_OK);
	assert_status(cap_derive(system, 1, copy, RW, 0, 0x1000, &grand), CAP_OK);
	assert_status(cap_revoke(system, 1, copy, 5), CAP_OK);
	assert_status(cap_info(system, 1, grand, NULL), CAP_INVALID_CAP);
	assert_status(cap_delete(system, 1, copy, 5), CAP_OK);
	assert_int_equal(used_slots(system, 1), 0);
	assert_int_equal(info_of(system, 0, f->ram).size, RAM_SIZE);
}

/* A destroyed space takes with it what it delegated onward, and what named it elsewhere goes. */
static void test_space_destroy_and_remove_naming(void **state)
{
	struct fixture *f = *state;
	cap_selector in_one, onward, naming;

	assert_status(cap_delegate(f->system, 0, f->ram, f->partition[0], RW, &in_one), CAP_OK);
	assert_status(cap_create(f->system, 1, CAP_TYPE_PARTITION, 2, 0, CAP_RIGHTS_ALL, &naming),
		      CAP_OK);
	assert_status(cap_create(f->system, 1, CAP_TYPE_IRQ, 50, 0, CAP_RIGHTS_ALL, &onward),
		      CAP_OK);
	cap_selector in_two;
	assert_status(cap_delegate(f->system, 1, onward, naming, CAP_RIGHT_READ, &in_two), CAP_OK);
	unsigned used_before = cap_system_entries_in_use(f->system);

	struct cap_space *table = &test_system_of(f->system)->tables[1];
	assert_ptr_equal(cap_space_destroy(f->system, 1), table);
	assert_null(cap_space_destroy(f->system, 1));
	/* Its memory goes back to its donor: nothing may reach it now, whatever it holds. */
	memset(table, 0xa5, sizeof(*table));
	assert_consistent(f->system);
	assert_status(cap_info(f->system, 1, in_one, NULL), CAP_INVALID_CAP);
	assert_false(cap_space_has_room(f->system, 1));
	/* Space 1's three capabilities and the one it delegated to space 2 are gone. */
	assert_int_equal(cap_system_entries_in_use(f->system), used_before - 4);
	assert_status(cap_info(f->system, 2, in_two, NULL), CAP_INVALID_CAP);
	assert_status(cap_info(f->system, 1, in_one, NULL), CAP_INVALID_CAP);
	assert_status(space_create(f->system, 1), CAP_OK);
	/* Space 0 names partition 1 twice: both go, partition 2's stays. */
	cap_remove_naming(f->system, CAP_TYPE_PARTITION, 1);
	assert_consistent(f->system);
	assert_status(cap_info(f->system, 0, f->partition[0], NULL), CAP_INVALID_CAP);
	assert_status(cap_info(f->system, 0, f->partition[2], NULL), CAP_INVALID_CAP);
	assert_status(cap_info(f->system, 0, f->partition[1], NULL), CAP_OK);
	assert_status(cap_info(f->system, 0, f->ram, NULL), CAP_OK);
}

int run_derivation_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_derive_memory_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_derive_other_types_and_rights, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_derive_irq_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_derive_sched_context_narrows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_finds_a_wider_sched_context, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_derive_from_bad_selectors, setup, teardown),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test_setup_teardown(test_derive_into_a_full_space, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delegate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delegate_to_an_inactive_or_full_space, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_revoke_across_spaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revoke_and_delete_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_revoke_with_budget_one_takes_one_call_per_descendant, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revoke_with_larger_budgets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_counts_itself_against_the_budget, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_delete_a_middle_node_keeps_its_siblings, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_space_destroy_and_remove_naming, setup, teardown),
		cmocka_unit_test_setup_teardown(test_holder_deletes_its_delegated_copy, setup,
						teardown),
	};
	return cmocka_run_group_tests_name("caps: derivation tree", tests, NULL, NULL);
}
