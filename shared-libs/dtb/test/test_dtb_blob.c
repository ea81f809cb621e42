/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one-pass structure check (dtb_check.c) and the walk over a checked blob (dtb_blob.c): each
 * malformed structure block is refused naming the innermost node that began well, and on a good
 * tree the walk finds exactly the nodes, names, parents and properties libfdt finds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include "array_length.h"
#include "dtb.h"
#include "dtb_walk.h"
#include "fdt_builder.h"

/* Up to four characters of a node name as the tag-sized word that holds them. */
#define NAME(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))
#define BEGIN DTB_TAG_BEGIN_NODE
#define END_NODE DTB_TAG_END_NODE
#define PROP DTB_TAG_PROPERTY
#define NOP DTB_TAG_NOP
#define END DTB_TAG_END
#define ROOT BEGIN, 0 /* the root's begin tag and its empty name */
#define NODE_A BEGIN, NAME('a', 0, 0, 0)

/* The strings block of every blob below: "x" at 0, "yy" at 2. */
static const char strings[] = "x\0yy";
#define STRINGS_SIZE sizeof(strings)
#define NAME_X 0
#define NAME_YY 2

struct structure_case {
	const char *what;
	uint32_t words[48];
	unsigned count;
	const char *node; /* the diagnostic's node; NULL: the blob is good */
};

/*
 * A version 17 blob of `count` structure words and the strings above, in a buffer of exactly its
 * totalsize (ASan sees any read past it); free() it.
 */
static void *raw_blob(const uint32_t *words, unsigned count)
{
	const uint32_t reserve = 40, structure = reserve + 16, structure_size = 4 * count;
	const uint32_t strings_offset = structure + structure_size;
	const uint32_t total = (strings_offset + (uint32_t)STRINGS_SIZE + 7) & ~7u;
	uint32_t header[10] = {DTB_MAGIC, total,	  structure, strings_offset, reserve, 17,
			       16,	  0,		  (uint32_t)STRINGS_SIZE, structure_size};
	uint8_t *blob = calloc(1, total);

	assert_non_null(blob);
	for (unsigned i = 0; i < ARRAY_LENGTH(header); i++)
		((uint32_t *)blob)[i] = cpu_to_fdt32(header[i]);
	for (unsigned i = 0; i < count; i++)
		((uint32_t *)(blob + structure))[i] = cpu_to_fdt32(words[i]);
	memcpy(blob + strings_offset, strings, STRINGS_SIZE);
	return blob;
}

#define CASE(description, node, ...)                                                     \
	{                                                                                 \
		description, {__VA_ARGS__}, ARRAY_LENGTH(((uint32_t[]){__VA_ARGS__})), node \
	}

static const struct structure_case cases[] = {
	CASE("the smallest tree", NULL, ROOT, END_NODE, END),
	CASE("properties, children and NOPs", NULL, ROOT, PROP, 4, NAME_X, 7, NOP, NODE_A, PROP, 1,
	     NAME_YY, NAME('z', 0, 0, 0), END_NODE, NOP, END_NODE, END),
	CASE("no FDT_END", "/", ROOT, NODE_A, END_NODE, END_NODE),
	CASE("a NOP before the root", "/", NOP, ROOT, END_NODE, END),
	CASE("a root with a name", "/", BEGIN, NAME('r', 0, 0, 0), END_NODE, END),
	CASE("two roots", "/", ROOT, END_NODE, ROOT, END_NODE, END),
	CASE("an unknown tag", "a", ROOT, NODE_A, 0x12345678, END_NODE, END_NODE, END),
	CASE("an FDT_END_NODE too many", "/", ROOT, END_NODE, END_NODE, END),
	CASE("FDT_END inside a node", "a", ROOT, NODE_A, END),
	CASE("a property outside the root", "/", ROOT, END_NODE, PROP, 0, NAME_X, END),
	CASE("a property after a child", "/", ROOT, NODE_A, END_NODE, PROP, 0, NAME_X, END_NODE,
	     END),
	CASE("a value past the block", "a", ROOT, NODE_A, PROP, 9, NAME_X, 0, END_NODE, END_NODE),
	CASE("a value length that wraps", "/", ROOT, PROP, 0xfffffffc, NAME_X, END_NODE, END),
	CASE("a property header cut by the block's end", "/", ROOT, PROP, 0),
	CASE("a name offset past the strings", "/", ROOT, PROP, 0, STRINGS_SIZE, END_NODE, END),
	CASE("FDT_END first", "/", END),
	CASE("a node name not ending in the block", "/", ROOT, BEGIN, NAME('a', 'b', 'c', 'd')),
};

static void test_each_malformed_structure_names_its_node(void **state)
{
	(void)state;
	for (unsigned i = 0; i < ARRAY_LENGTH(cases); i++) {
		void *blob = raw_blob(cases[i].words, cases[i].count);
		struct dtb_diagnostic diagnostic;
		enum dtb_status status = dtb_check(blob, &diagnostic);

		if (cases[i].node == NULL && status != DTB_OK)
			fail_msg("%s: refused: %s %s: expected %s", cases[i].what, diagnostic.node,
				 diagnostic.property, diagnostic.expected);
		if (cases[i].node != NULL) {
			if (status != DTB_ERR_HEADER || strcmp(diagnostic.node, cases[i].node) != 0)
				fail_msg("%s: %s at %s, not %s", cases[i].what,
					 dtb_status_name(status), diagnostic.node, cases[i].node);
			assert_string_equal(diagnostic.property, "(structure block)");
			assert_true(strlen(diagnostic.expected) > 0);
		}
		free(blob);
	}
}

/* A property name may start anywhere in the strings block, so the block must end with a NUL. */
static void test_strings_block_must_end_in_nul(void **state)
{
	const uint32_t words[] = {ROOT, PROP, 0, NAME_YY, END_NODE, END};
	uint8_t *blob = raw_blob(words, ARRAY_LENGTH(words));
	struct dtb_diagnostic diagnostic;

	(void)state;
	assert_int_equal(dtb_check(blob, &diagnostic), DTB_OK);
	/* The same blocks with the strings block one byte shorter: "yy" no longer ends in it. */
	((uint32_t *)blob)[DTB_HEADER_SIZE_DT_STRINGS] = cpu_to_fdt32(STRINGS_SIZE - 1);
	assert_int_equal(dtb_check(blob, &diagnostic), DTB_ERR_HEADER);
	assert_string_equal(diagnostic.property, "(structure block)");
	free(blob);
}

/* One level more than the walk keeps ancestors for is refused; that many levels are not. */
static void test_depth_is_bounded(void **state)
{
	uint32_t words[2 * (DTB_MAX_DEPTH + 1) * 2 + 1];

	(void)state;
	for (unsigned levels = DTB_MAX_DEPTH; levels <= DTB_MAX_DEPTH + 1; levels++) {
		unsigned count = 0;

		for (unsigned i = 0; i < levels; i++) {
			words[count++] = BEGIN;
			words[count++] = i == 0 ? 0 : NAME('a', 0, 0, 0);
		}
		for (unsigned i = 0; i < levels; i++)
			words[count++] = END_NODE;
		words[count++] = END;
		void *blob = raw_blob(words, count);
		struct dtb_diagnostic diagnostic;
		assert_int_equal(dtb_check(blob, &diagnostic),
				 levels <= DTB_MAX_DEPTH ? DTB_OK : DTB_ERR_HEADER);
		free(blob);
	}
}

/* Every node of the virt tree, with libfdt's answer for each question the walk answers. */
static void test_walk_agrees_with_libfdt(void **state)
{
	size_t size;
	void *fdt = fdt_packed_copy(*state, &size);
	int depth = -1, nodes = 0;
	int node = fdt_next_node(fdt, -1, &depth);

	assert_int_equal(dtb_check(fdt, NULL), DTB_OK);
	/* libfdt ends with the root's end, at depth -1. */
	for (; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
		int child = fdt_first_subnode(fdt, node), property;

		assert_string_equal(dtb_node_name(fdt, node), fdt_get_name(fdt, node, NULL));
		assert_int_equal(dtb_first_child(fdt, node), child < 0 ? DTB_NO_NODE : child);
		for (; child >= 0; child = fdt_next_subnode(fdt, child)) {
			int sibling = fdt_next_subnode(fdt, child);
			assert_int_equal(dtb_next_sibling(fdt, child),
					 sibling < 0 ? DTB_NO_NODE : sibling);
		}
		fdt_for_each_property_offset(property, fdt, node) {
			const char *name;
			int length, dtb_length;
			const void *value = fdt_getprop_by_offset(fdt, property, &name, &length);

			assert_ptr_equal(dtb_property(fdt, node, name, &dtb_length), value);
			assert_int_equal(dtb_length, length);
		}
		assert_null(dtb_property(fdt, node, "no such property", NULL));
		nodes++;
	}
	assert_true(nodes > 10);
	free(fdt);
}

static void test_paths_follow_the_unit_address_rule(void **state)
{
	size_t size;
	void *fdt = fdt_packed_copy(*state, &size);
	static const char *const paths[] = {
		"/", "/cpus", "/cpus/cpu@0", "/cpus/cpu@1", "/memory", "/memory@40000000", "//cpus/",
		"/pl011", "/intc", "/cpus/cpu", "/cpus/cpu@7", "/nothing", "/cpus/cpu@0/x",
	};

	for (unsigned i = 0; i < ARRAY_LENGTH(paths); i++) {
		int expected = fdt_path_offset(fdt, paths[i]);
		assert_int_equal(dtb_path_node(fdt, paths[i], strlen(paths[i])),
				 expected < 0 ? DTB_NO_NODE : expected);
	}
	assert_int_equal(dtb_path_node(fdt, "cpus", 4), DTB_NO_NODE);
	assert_int_equal(dtb_path_node(fdt, "/cpusx", 5), fdt_path_offset(fdt, "/cpus"));
	free(fdt);
}

static void test_string_lists(void **state)
{
	static const char list[] = "arm,pl011\0arm,primecell";

	(void)state;
	assert_true(dtb_string_list_contains(list, sizeof(list), "arm,pl011"));
	assert_true(dtb_string_list_contains(list, sizeof(list), "arm,primecell"));
	assert_false(dtb_string_list_contains(list, sizeof(list), "arm,pl01"));
	assert_false(dtb_string_list_contains(list, sizeof(list), "arm"));
	/* Without its last NUL the last string is not one. */
	assert_false(dtb_string_list_contains(list, sizeof(list) - 1, "arm,primecell"));
	assert_false(dtb_string_list_contains(list, 0, "arm,pl011"));
}

static int build_virt(void **state)
{
	*state = fdt_build_virt(4);
	return 0;
}

static int free_tree(void **state)
{
	free(*state);
	return 0;
}

int run_dtb_blob_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_malformed_structure_names_its_node),
		cmocka_unit_test(test_strings_block_must_end_in_nul),
		cmocka_unit_test(test_depth_is_bounded),
		cmocka_unit_test_setup_teardown(test_walk_agrees_with_libfdt, build_virt, free_tree),
		cmocka_unit_test_setup_teardown(test_paths_follow_the_unit_address_rule, build_virt,
						free_tree),
		cmocka_unit_test(test_string_lists),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
