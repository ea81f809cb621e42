/* SPDX-License-Identifier: Apache-2.0 */
/* What the caps test files share: one runner per file (test_caps.c calls them all) and helpers. */
#ifndef CAPS_TEST_H
#define CAPS_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "caps.h"
#include "caps_internal.h"

int run_cspace_tests(void);
int run_derivation_tests(void);
int run_hypercall_tests(void);
int run_model_tests(void);
int run_concurrency_tests(void);

#define SLOTS CONFIG_CAPS_SLOTS_PER_SPACE
#define SPACES CONFIG_CAPS_MAX_SPACES
#define ALL_SLOTS (SPACES * SLOTS)
#define MAX_DEPTH CONFIG_CAPS_MAX_DEPTH

/*
 * A system with the memory of each space beside it, as a partition's creator would donate it in
 * Mortise: a struct cap_system * from new_system() is the first member of one of these, and
 * freeing it frees the tables too.
 */
struct test_system {
	struct cap_system system;
	struct cap_space tables[SPACES];
};

static inline struct test_system *test_system_of(const struct cap_system *system)
{
	return (struct test_system *)(uintptr_t)system;
}

/* A fresh, initialized system on the heap (it is too big for a comfortable stack frame). */
static inline struct cap_system *new_system(void)
{
	struct test_system *test = malloc(sizeof(*test));
	assert_non_null(test);
	/* Neither init nor cap_space_create may rely on zeroed memory. */
	memset(test, 0xa5, sizeof(*test));
	cap_system_init(&test->system);
	return &test->system;
}

/* cap_space_create with the space's own table (any table for a space number out of range). */
static inline enum cap_status space_create(struct cap_system *system, uint16_t space)
{
	return cap_space_create(system, space, &test_system_of(system)->tables[space % SPACES]);
}

/* A copy of the system and all its tables, for assert_unchanged (its spaces point at the original's). */
static inline struct cap_system *copy_system(const struct cap_system *system)
{
	struct test_system *copy = malloc(sizeof(*copy));
	assert_non_null(copy);
	memcpy(copy, test_system_of(system), sizeof(*copy));
	return &copy->system;
}

#define assert_consistent(system)                                                               \
	do {                                                                                    \
		const char *problem_ = cap_system_check(system);                                \
		if (problem_)                                                                   \
			fail_msg("inconsistent: %s", problem_);                                 \
	} while (0)

/*
 * A failed operation changes nothing at all: compare with the copy taken before it. Only the
 * capability lock's tickets, which count the hypercalls that took it, may differ; it is free.
 */
#define assert_unchanged(system, before)                                                        \
	do {                                                                                    \
		assert_false(spin_is_locked(&(system)->lock));                                  \
		(before)->lock = (system)->lock;                                                \
		assert_memory_equal((system), (before), sizeof(struct test_system));             \
	} while (0)

#define assert_status(expression, expected) assert_int_equal((int)(expression), (int)(expected))

/* The reference of the capability a selector's slot holds, CAP_NONE for an empty one. */
static inline cap_ref slot_index(const struct cap_system *system, uint16_t space,
				 cap_selector selector)
{
	return cap_entry_used(&system->spaces[space]->slots[selector]) ? CAP_REF(space, selector)
								       : CAP_NONE;
}

/* What a selector's slot holds: whether a capability is there, and which. */
static inline bool slot_used(const struct cap_system *system, uint16_t space, cap_selector selector)
{
	return system->spaces[space] != NULL && cap_entry_used(&system->spaces[space]->slots[selector]);
}

#endif
