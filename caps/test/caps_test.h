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

int run_cspace_tests(void);
int run_derivation_tests(void);
int run_hypercall_tests(void);
int run_model_tests(void);
int run_concurrency_tests(void);

#define SLOTS CONFIG_CAPS_SLOTS_PER_SPACE
#define SPACES CONFIG_CAPS_MAX_SPACES
#define POOL CONFIG_CAPS_POOL_SIZE
#define MAX_DEPTH CONFIG_CAPS_MAX_DEPTH

/* A fresh, initialized system on the heap (it is too big for a comfortable stack frame). */
static inline struct cap_system *new_system(void)
{
	struct cap_system *system = malloc(sizeof(*system));
	assert_non_null(system);
	cap_system_init(system);
	return system;
}

static inline struct cap_system *copy_system(const struct cap_system *system)
{
	struct cap_system *copy = malloc(sizeof(*copy));
	assert_non_null(copy);
	memcpy(copy, system, sizeof(*copy));
	return copy;
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
		assert_memory_equal((system), (before), sizeof(struct cap_system));             \
	} while (0)

#define assert_status(expression, expected) assert_int_equal((int)(expression), (int)(expected))

/* The pool index a selector's slot holds: capabilities compared by identity. */
static inline uint32_t slot_index(const struct cap_system *system, uint16_t space,
				  cap_selector selector)
{
	return system->spaces[space].slots[selector];
}

#endif
