/* SPDX-License-Identifier: Apache-2.0 */
/* Spaces, slots, their tables, cap_create, cap_lookup, cap_info, names and the audit itself. */
#include "array_length.h"
#include "caps_test.h"

static void test_status_and_type_names(void **state)
{
	(void)state;
	const enum cap_status statuses[] = {
		CAP_OK,	    CAP_PREEMPTED, CAP_NOT_SUPPORTED,	CAP_INVALID_CAP,
		CAP_DENIED, CAP_NO_MEMORY, CAP_INVALID_ARGUMENT
	};
	const size_t count = ARRAY_LENGTH(statuses);

	for (size_t i = 0; i < count; i++) {
		assert_string_not_equal(cap_status_name(statuses[i]), "unknown status");
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(cap_status_name(statuses[i]),
						cap_status_name(statuses[j]));
	}
	assert_string_equal(cap_status_name(CAP_DENIED), "DENIED");
	assert_string_equal(cap_status_name((enum cap_status)42), "unknown status");
	assert_string_equal(cap_status_name((enum cap_status) - 6), "unknown status");

	for (int t = 0; t < CAP_TYPE_COUNT; t++) {
		assert_non_null(cap_type_name((enum cap_type)t));
		assert_string_not_equal(cap_type_name((enum cap_type)t), "unknown type");
	}
	assert_string_equal(cap_type_name(CAP_TYPE_MEMORY), "memory");
	assert_string_equal(cap_type_name(CAP_TYPE_COUNT), "unknown type");
	assert_string_equal(cap_type_name((enum cap_type) - 1), "unknown type");
}

static void test_init_gives_an_empty_consistent_system(void **state)
{
	(void)state;
	struct cap_system *system = new_system(); /* on memory filled with 0xa5 */

	assert_consistent(system);
	assert_int_equal(cap_system_entries_in_use(system), 0);
	for (unsigned s = 0; s < SPACES; s++)
		assert_null(system->spaces[s]);
	free(system);
}

static void test_space_create(void **state)
{
	(void)state;
	struct cap_system *system = new_system();

	assert_status(space_create(system, 0), CAP_OK);
	assert_status(space_create(system, SPACES - 1), CAP_OK);
	/* Each space keeps its table, emptied (new_system filled them with 0xa5). */
	assert_ptr_equal(system->spaces[0], &test_system_of(system)->tables[0]);
	assert_ptr_equal(system->spaces[SPACES - 1], &test_system_of(system)->tables[SPACES - 1]);
	assert_null(system->spaces[1]);
	for (unsigned i = 0; i < SLOTS; i++)
		assert_false(slot_used(system, 0, i));
	assert_consistent(system);

	struct cap_system *before = copy_system(system);
	assert_status(space_create(system, 0), CAP_INVALID_ARGUMENT);
	assert_status(space_create(system, SPACES - 1), CAP_INVALID_ARGUMENT);
	assert_status(space_create(system, SPACES), CAP_INVALID_ARGUMENT);
	assert_status(space_create(system, UINT16_MAX), CAP_INVALID_ARGUMENT);
	assert_status(cap_space_create(system, 1, NULL), CAP_INVALID_ARGUMENT);
	assert_unchanged(system, before);
	free(before);
	free(system);
}

static void test_create_takes_the_lowest_free_slot(void **state)
{
	(void)state;
	struct cap_system *system = new_system();
	cap_selector selector = 99;

	assert_status(space_create(system, 3), CAP_OK);
	for (unsigned i = 0; i < 4; i++) {
		assert_status(
			cap_create(system, 3, CAP_TYPE_IRQ, 32 + i, 0, CAP_RIGHTS_ALL, &selector),
			CAP_OK);
		assert_int_equal(selector, i);
	}
	assert_status(cap_delete(system, 3, 1, 1), CAP_OK);
	assert_status(cap_create(system, 3, CAP_TYPE_CONSOLE, 0, 0, CAP_RIGHT_WRITE, &selector),
		      CAP_OK);
	assert_int_equal(selector, 1);
	/* NULL output: the capability still goes to the lowest free slot. */
	assert_status(cap_create(system, 3, CAP_TYPE_VCPU, 7, 0, 0, NULL), CAP_OK);
	struct cap_info info;
	assert_status(cap_info(system, 3, 4, &info), CAP_OK);
	assert_int_equal(info.type, CAP_TYPE_VCPU);
	assert_int_equal(info.object, 7);
	assert_int_equal(cap_system_entries_in_use(system), 5);
	assert_consistent(system);
	free(system);
}

static void test_create_rejects_bad_arguments(void **state)
{
	(void)state;
	struct cap_system *system = new_system();
	assert_status(space_create(system, 0), CAP_OK);
	struct cap_system *before = copy_system(system);
	cap_selector selector = 1234;

	/* Inactive and out-of-range spaces. */
	assert_status(cap_create(system, 1, CAP_TYPE_IRQ, 1, 0, 0, &selector),
		      CAP_INVALID_ARGUMENT);
	assert_status(cap_create(system, SPACES, CAP_TYPE_IRQ, 1, 0, 0, &selector),
		      CAP_INVALID_ARGUMENT);
	assert_status(cap_create(system, UINT16_MAX, CAP_TYPE_IRQ, 1, 0, 0, &selector),
		      CAP_INVALID_ARGUMENT);
	/* Types. */
	assert_status(cap_create(system, 0, CAP_TYPE_NULL, 1, 0, 0, &selector),
		      CAP_INVALID_ARGUMENT);
	assert_status(cap_create(system, 0, CAP_TYPE_COUNT, 1, 0, 0, &selector),
		      CAP_INVALID_ARGUMENT);
	assert_status(cap_create(system, 0, (enum cap_type) - 1, 1, 0, 0, &selector),
		      CAP_INVALID_ARGUMENT);
	/* Rights beyond CAP_RIGHTS_ALL. */
	for (unsigned bit = 5; bit < 32; bit++)
		assert_status(cap_create(system, 0, CAP_TYPE_IRQ, 1, 0, 1u << bit, &selector),
			      CAP_INVALID_ARGUMENT);
	/* Memory: empty, wrapping, and one byte past the top. */
	assert_status(cap_create(system, 0, CAP_TYPE_MEMORY, 0x1000, 0, CAP_RIGHTS_ALL, &selector),
		      CAP_INVALID_ARGUMENT);
	assert_status(cap_create(system, 0, CAP_TYPE_MEMORY, UINT64_MAX, 1, 0, &selector),
		      CAP_INVALID_ARGUMENT);
	assert_status(
		cap_create(system, 0, CAP_TYPE_MEMORY, 0x1000, UINT64_MAX - 0xfff, 0, &selector),
		CAP_INVALID_ARGUMENT);
	/* IRQs are ranges of INTIDs that exist; other types carry no size. */
	assert_status(cap_create(system, 0, CAP_TYPE_IRQ, 1000, 21, 0, &selector),
		      CAP_INVALID_ARGUMENT);
	assert_status(cap_create(system, 0, CAP_TYPE_IRQ, CAP_IRQ_LIMIT, 0, 0, &selector),
		      CAP_INVALID_ARGUMENT);
	assert_status(cap_create(system, 0, CAP_TYPE_CONSOLE, 0, 1, 0, &selector),
		      CAP_INVALID_ARGUMENT);
	assert_status(cap_create(system, 0, CAP_TYPE_PARTITION, SPACES, 0, 0, &selector),
		      CAP_INVALID_ARGUMENT);
	assert_status(cap_create(system, 0, CAP_TYPE_PARTITION, UINT64_MAX, 0, 0, &selector),
		      CAP_INVALID_ARGUMENT);
	assert_int_equal(selector, 1234);
	assert_unchanged(system, before);

	/* The edges that are fine. */
	assert_status(
		cap_create(system, 0, CAP_TYPE_MEMORY, 0x1000, UINT64_MAX - 0x1000, 0, &selector),
		CAP_OK);
	assert_status(cap_create(system, 0, CAP_TYPE_MEMORY, 0, UINT64_MAX, 0, &selector), CAP_OK);
	assert_status(cap_create(system, 0, CAP_TYPE_PARTITION, SPACES - 1, 0, 0, &selector),
		      CAP_OK);
	assert_consistent(system);
	free(before);
	free(system);
}

static void test_create_in_a_full_space_is_no_memory(void **state)
{
	(void)state;
	struct cap_system *system = new_system();
	assert_status(space_create(system, 0), CAP_OK);
	for (unsigned i = 0; i < SLOTS; i++)
		assert_status(cap_create(system, 0, CAP_TYPE_IRQ, i, 0, 0, NULL), CAP_OK);
	struct cap_system *before = copy_system(system);
	cap_selector selector = 77;

	assert_status(cap_create(system, 0, CAP_TYPE_IRQ, 1, 0, 0, &selector), CAP_NO_MEMORY);
	assert_int_equal(selector, 77);
	assert_unchanged(system, before);
	/* Argument errors still come first. */
	assert_status(cap_create(system, 0, CAP_TYPE_NULL, 1, 0, 0, &selector),
		      CAP_INVALID_ARGUMENT);
	assert_consistent(system);
	free(before);
	free(system);
}

/* Boot code's fixed selectors: any free one, never one in use; has_room follows the slots. */
static void test_create_at_a_chosen_selector(void **state)
{
	(void)state;
	struct cap_system *system = new_system();
	cap_selector lowest;

	assert_false(cap_space_has_room(system, 0));
	assert_status(space_create(system, 0), CAP_OK);
	assert_true(cap_space_has_room(system, 0));
	assert_status(cap_create_at(system, 0, CAP_TYPE_SCHED_CONTEXT, 0x7, 0, CAP_RIGHT_CONTROL, 6),
		      CAP_OK);
	assert_int_equal(slot_index(system, 0, 6) != CAP_NONE, 1);
	assert_status(cap_create(system, 0, CAP_TYPE_IRQ, 1, 0, 0, &lowest), CAP_OK);
	assert_int_equal(lowest, 0);

	struct cap_system *before = copy_system(system);
	assert_status(cap_create_at(system, 0, CAP_TYPE_IRQ, 1, 0, 0, 6), CAP_INVALID_ARGUMENT);
	assert_status(cap_create_at(system, 0, CAP_TYPE_IRQ, 1, 0, 0, SLOTS), CAP_INVALID_ARGUMENT);
	assert_status(cap_create_at(system, 0, CAP_TYPE_IRQ, 1, 0, 0, UINT32_MAX),
		      CAP_INVALID_ARGUMENT);
	assert_status(cap_create_at(system, 1, CAP_TYPE_IRQ, 1, 0, 0, 1), CAP_INVALID_ARGUMENT);
	assert_status(cap_create_at(system, 0, CAP_TYPE_SCHED_CONTEXT, 0, 0, 0, 1),
		      CAP_INVALID_ARGUMENT);
	assert_unchanged(system, before);
	free(before);

	for (cap_selector i = 0; i < SLOTS; i++) {
		if (slot_index(system, 0, i) == CAP_NONE)
			assert_status(cap_create_at(system, 0, CAP_TYPE_IRQ, 2, 0, 0, i), CAP_OK);
	}
	assert_false(cap_space_has_room(system, 0));
	assert_status(cap_delete(system, 0, 3, 1), CAP_OK);
	assert_true(cap_space_has_room(system, 0));
	assert_consistent(system);
	free(system);
}

static void test_lookup_every_selector_of_an_empty_space(void **state)
{
	(void)state;
	struct cap_system *system = new_system();
	const struct capability *found = (const struct capability *)0x1;
	assert_status(space_create(system, 0), CAP_OK);

	for (uint32_t selector = 0; selector < SLOTS + 4; selector++)
		for (int type = 0; type <= CAP_TYPE_COUNT; type++)
			assert_status(
				cap_lookup(system, 0, selector, (enum cap_type)type, 0, &found),
				CAP_INVALID_CAP);
	const uint32_t far[] = { 0x10000,    0x10000 + 0,    0x7fffffff,
				 0x80000000, UINT32_MAX - 1, UINT32_MAX };
	for (size_t i = 0; i < ARRAY_LENGTH(far); i++)
		assert_status(cap_lookup(system, 0, far[i], CAP_TYPE_NULL, 0, &found),
			      CAP_INVALID_CAP);
	assert_ptr_equal(found, (const struct capability *)0x1);
	free(system);
}

static void test_lookup_checks_type_then_rights(void **state)
{
	(void)state;
	struct cap_system *system = new_system();
	const struct capability *found = NULL;
	cap_selector memory, irq;
	assert_status(space_create(system, 0), CAP_OK);
	assert_status(
		cap_create(system, 0, CAP_TYPE_MEMORY, 0x40000000, 0x1000, CAP_RIGHTS_ALL, &memory),
		CAP_OK);
	assert_status(cap_create(system, 0, CAP_TYPE_IRQ, 33, 0, CAP_RIGHT_READ, &irq), CAP_OK);

	assert_status(cap_lookup(system, 0, memory, CAP_TYPE_MEMORY, CAP_RIGHTS_ALL, &found),
		      CAP_OK);
	assert_ptr_equal(found, cap_at(system, slot_index(system, 0, memory)));
	assert_status(cap_lookup(system, 0, memory, CAP_TYPE_NULL, 0, NULL), CAP_OK);
	for (int type = CAP_TYPE_MEMORY + 1; type <= CAP_TYPE_COUNT; type++) {
		/* Wrong type wins over missing rights: the capability is not there for this use. */
		assert_status(cap_lookup(system, 0, memory, (enum cap_type)type, 0, NULL),
			      CAP_INVALID_CAP);
	}
	assert_status(cap_lookup(system, 0, irq, CAP_TYPE_MEMORY, CAP_RIGHTS_ALL, NULL),
		      CAP_INVALID_CAP);
	assert_status(cap_lookup(system, 0, irq, CAP_TYPE_IRQ, CAP_RIGHT_READ, NULL), CAP_OK);

	/* DENIED for each right that is missing, alone or among others. */
	for (unsigned bit = 0; bit < 5; bit++) {
		cap_rights right = 1u << bit;
		cap_selector lacking;
		assert_status(cap_create(system, 0, CAP_TYPE_CHANNEL, bit, 0,
					 CAP_RIGHTS_ALL & ~right, &lacking),
			      CAP_OK);
		found = NULL;
		assert_status(cap_lookup(system, 0, lacking, CAP_TYPE_CHANNEL, right, &found),
			      CAP_DENIED);
		assert_null(found);
		assert_status(cap_lookup(system, 0, lacking, CAP_TYPE_NULL, CAP_RIGHTS_ALL, NULL),
			      CAP_DENIED);
		assert_status(cap_lookup(system, 0, lacking, CAP_TYPE_NULL, CAP_RIGHTS_ALL & ~right,
					 NULL),
			      CAP_OK);
	}
	/* A right that does not exist is one nobody has. */
	assert_status(cap_lookup(system, 0, memory, CAP_TYPE_NULL, 1u << 5, NULL), CAP_DENIED);
	assert_status(cap_lookup(system, 0, memory, CAP_TYPE_NULL, UINT32_MAX, NULL), CAP_DENIED);
	free(system);
}

static void test_lookup_in_bad_spaces(void **state)
{
	(void)state;
	struct cap_system *system = new_system();
	assert_status(space_create(system, 0), CAP_OK);
	assert_status(cap_create(system, 0, CAP_TYPE_CONSOLE, 0, 0, CAP_RIGHTS_ALL, NULL), CAP_OK);

	assert_status(cap_lookup(system, 1, 0, CAP_TYPE_NULL, 0, NULL), CAP_INVALID_CAP);
	assert_status(cap_lookup(system, SPACES, 0, CAP_TYPE_NULL, 0, NULL), CAP_INVALID_CAP);
	assert_status(cap_lookup(system, UINT16_MAX, 0, CAP_TYPE_NULL, 0, NULL), CAP_INVALID_CAP);
	assert_status(cap_info(system, 1, 0, NULL), CAP_INVALID_CAP);
	free(system);
}

/* Two spaces filled differently: no selector of one ever reaches the other's capabilities. */
static void test_spaces_are_isolated(void **state)
{
	(void)state;
	struct cap_system *system = new_system();
	assert_status(space_create(system, 0), CAP_OK);
	assert_status(space_create(system, 1), CAP_OK);
	assert_status(space_create(system, 2), CAP_OK);
	for (unsigned i = 0; i < SLOTS; i++)
		assert_status(cap_create(system, 0, CAP_TYPE_MEMORY, 0x1000 * (i + 1), 0x1000,
					 CAP_RIGHTS_ALL, NULL),
			      CAP_OK);
	for (unsigned i = 0; i < SLOTS / 2; i++)
		assert_status(cap_create(system, 1, CAP_TYPE_IRQ, i, 0, CAP_RIGHT_READ, NULL),
			      CAP_OK);

	for (uint64_t selector = 0; selector <= SLOTS + 2; selector++) {
		for (int type = 0; type < CAP_TYPE_COUNT; type++) {
			const struct capability *found = NULL;
			enum cap_status status = cap_lookup(system, 1, (cap_selector)selector,
							    (enum cap_type)type, 0, &found);
			if (status == CAP_OK) {
				assert_int_equal(found->space, 1);
				assert_int_equal(found->type, CAP_TYPE_IRQ);
			} else {
				assert_status(status, CAP_INVALID_CAP);
			}
			assert_status(cap_lookup(system, 2, (cap_selector)selector,
						 (enum cap_type)type, 0, NULL),
				      CAP_INVALID_CAP);
		}
	}
	assert_status(cap_lookup(system, 1, UINT32_MAX, CAP_TYPE_NULL, 0, NULL), CAP_INVALID_CAP);
	free(system);
}

static void test_info(void **state)
{
	(void)state;
	struct cap_system *system = new_system();
	struct cap_info info;
	cap_selector root, child;
	assert_status(space_create(system, 0), CAP_OK);
	assert_status(cap_create(system, 0, CAP_TYPE_MEMORY, 0x80000000, 0x10000,
				 CAP_RIGHT_READ | CAP_RIGHT_WRITE, &root),
		      CAP_OK);
	assert_status(cap_derive(system, 0, root, CAP_RIGHT_READ, 0x2000, 0x1000, &child), CAP_OK);

	assert_status(cap_info(system, 0, child, &info), CAP_OK);
	assert_int_equal(info.type, CAP_TYPE_MEMORY);
	assert_int_equal(info.rights, CAP_RIGHT_READ);
	assert_int_equal(info.object, 0x80002000);
	assert_int_equal(info.size, 0x1000);
	assert_int_equal(info.depth, 1);
	assert_status(cap_info(system, 0, root, NULL), CAP_OK);

	memset(&info, 0x5a, sizeof(info));
	struct cap_info untouched = info;
	assert_status(cap_info(system, 0, 2, &info), CAP_INVALID_CAP);
	assert_status(cap_info(system, 0, SLOTS, &info), CAP_INVALID_CAP);
	assert_status(cap_info(system, 0, UINT32_MAX, &info), CAP_INVALID_CAP);
	assert_memory_equal(&info, &untouched, sizeof(info));
	free(system);
}

/* The audit must be able to fail, or the fuzzers and the model test prove nothing. */
static void test_check_finds_corruption(void **state)
{
	(void)state;
	struct cap_system *system = new_system();
	cap_selector root, child, grandchild;
	assert_status(space_create(system, 0), CAP_OK);
	assert_status(cap_create(system, 0, CAP_TYPE_MEMORY, 0x1000, 0x1000,
				 CAP_RIGHT_READ | CAP_RIGHT_WRITE, &root),
		      CAP_OK);
	assert_status(cap_derive(system, 0, root, CAP_RIGHT_READ, 0, 0x800, &child), CAP_OK);
	assert_status(cap_derive(system, 0, child, CAP_RIGHT_READ, 0x100, 0x100, &grandchild),
		      CAP_OK);
	assert_status(cap_derive(system, 0, root, 0, 0, 0, NULL), CAP_OK);
	assert_consistent(system);
	struct cap_system *good = copy_system(system);
	cap_ref r = slot_index(system, 0, root), c = slot_index(system, 0, child),
		g = slot_index(system, 0, grandchild);

#define EXPECT_BROKEN(corruption)                                                                  \
	do {                                                                                       \
		memcpy(test_system_of(system), test_system_of(good), sizeof(struct test_system));   \
		corruption;                                                                        \
		assert_non_null(cap_system_check(system));                                         \
	} while (0)

	struct cap_space *table = system->spaces[0];
	EXPECT_BROKEN(system->entries_in_use--);
	EXPECT_BROKEN(table->slots[SLOTS - 1] = *cap_at(system, c));
	EXPECT_BROKEN(table->slots[SLOTS - 1] = *cap_at(system, c);
		      table->used_slots[(SLOTS - 1) / 64] ^= 1ull << ((SLOTS - 1) % 64));
	EXPECT_BROKEN(table->slots[SLOTS - 1].next_sibling = r);
	EXPECT_BROKEN(cap_at(system, c)->type = CAP_TYPE_NULL);
	EXPECT_BROKEN(table->used_slots[child / 64] ^= 1ull << (child % 64));
	EXPECT_BROKEN(table->used_slots[(SLOTS - 1) / 64] ^= 1ull << ((SLOTS - 1) % 64));
	EXPECT_BROKEN(cap_at(system, c)->slot = 9);
	EXPECT_BROKEN(cap_at(system, c)->space = 1);
	EXPECT_BROKEN(cap_at(system, g)->rights = CAP_RIGHT_WRITE);
	EXPECT_BROKEN(cap_at(system, c)->rights = 1u << 6);
	EXPECT_BROKEN(cap_at(system, g)->depth = 1);
	EXPECT_BROKEN(cap_at(system, g)->object = 0x1780);
	EXPECT_BROKEN(cap_at(system, g)->size = 0x800);
	EXPECT_BROKEN(cap_at(system, g)->parent = r);
	EXPECT_BROKEN(cap_at(system, g)->parent = CAP_NONE);
	/* Links into a space that is not active, or to a slot beyond the last. */
	EXPECT_BROKEN(cap_at(system, g)->parent = CAP_REF(1, 0));
	EXPECT_BROKEN(cap_at(system, g)->parent = CAP_REF(0, SLOTS));
	EXPECT_BROKEN(cap_at(system, g)->next_sibling = CAP_REF(SPACES, 0));
	EXPECT_BROKEN(cap_at(system, c)->first_child = CAP_NONE);
	EXPECT_BROKEN(cap_at(system, r)->first_child = g);
	EXPECT_BROKEN(cap_at(system, cap_at(system, r)->first_child)->next_sibling = CAP_NONE);
	EXPECT_BROKEN(cap_at(system, c)->previous_sibling = c);
	EXPECT_BROKEN(cap_at(system, r)->next_sibling = c);
	EXPECT_BROKEN(cap_at(system, c)->type = CAP_TYPE_IRQ);
	EXPECT_BROKEN(cap_at(system, r)->type = CAP_TYPE_COUNT);
	EXPECT_BROKEN(cap_at(system, r)->depth = 1);
	EXPECT_BROKEN(system->spaces[0] = NULL);
#undef EXPECT_BROKEN
	free(good);
	free(system);
}

int run_cspace_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_and_type_names),
		cmocka_unit_test(test_init_gives_an_empty_consistent_system),
		cmocka_unit_test(test_space_create),
		cmocka_unit_test(test_create_takes_the_lowest_free_slot),
		cmocka_unit_test(test_create_rejects_bad_arguments),
		cmocka_unit_test(test_create_in_a_full_space_is_no_memory),
		cmocka_unit_test(test_create_at_a_chosen_selector),
		cmocka_unit_test(test_lookup_every_selector_of_an_empty_space),
		cmocka_unit_test(test_lookup_checks_type_then_rights),
		cmocka_unit_test(test_lookup_in_bad_spaces),
		cmocka_unit_test(test_spaces_are_isolated),
		cmocka_unit_test(test_info),
		cmocka_unit_test(test_check_finds_corruption),
	};
	return cmocka_run_group_tests_name("caps: spaces and lookup", tests, NULL, NULL);
}
