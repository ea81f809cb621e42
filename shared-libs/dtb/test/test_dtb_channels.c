/* SPDX-License-Identifier: Apache-2.0 */
/* /tenonos,channels as the root component writes it, and what a reader refuses in it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dtb.h"
#include "fdt_builder.h"

#define CHANNELS "/tenonos,channels"
#define SAMPLES CHANNELS "/samples"
#define WATCHED CHANNELS "/watched"

static struct dtb_channels channels;
static struct dtb_diagnostic diagnostic;

/* One end of "samples" (doorbell INTID 128, ringing end 1) and a held channel "watched". */
static int build_channels(void **state)
{
	void *fdt = fdt_build_virt(1);

	fdt_add_node(fdt, "/", "tenonos,channels");
	fdt_set_cells(fdt, CHANNELS, "#address-cells", 1, 2);
	fdt_set_cells(fdt, CHANNELS, "#size-cells", 1, 2);
	/* libfdt adds a node before its siblings: the last added is read first. */
	fdt_add_node(fdt, CHANNELS, "watched");
	fdt_set_string(fdt, WATCHED, "compatible", "tenonos,channel");
	fdt_set_cells(fdt, WATCHED, "capability", 1, 4);
	fdt_set_cells(fdt, WATCHED, "memory-capability", 1, 5);
	fdt_add_node(fdt, CHANNELS, "samples");
	fdt_set_string(fdt, SAMPLES, "compatible", "tenonos,channel");
	fdt_set_cells(fdt, SAMPLES, "reg", 4, 0, 0xc0000000u, 0, 0x10000);
	fdt_set_string(fdt, SAMPLES, "peer", "logger");
	fdt_set_cells(fdt, SAMPLES, "peer-end", 1, 1);
	fdt_set_cells(fdt, SAMPLES, "doorbell-intid", 1, 128);
	fdt_set_cells(fdt, SAMPLES, "capability", 1, 3);
	*state = fdt;
	return 0;
}

static int free_tree(void **state)
{
	free(*state);
	return 0;
}

static enum dtb_status read_channels(const void *fdt)
{
	memset(&channels, 0xa5, sizeof(channels));
	memset(&diagnostic, 0, sizeof(diagnostic));
	return dtb_read_channels(fdt, &channels, &diagnostic);
}

static void expect_refused(const void *fdt, enum dtb_status status, const char *property)
{
	assert_int_equal(read_channels(fdt), status);
	assert_int_equal(diagnostic.status, status);
	assert_string_equal(diagnostic.property, property);
	assert_true(strlen(diagnostic.expected) > 0);
}

static void test_an_end_and_a_holder_are_read(void **state)
{
	assert_int_equal(read_channels(*state), DTB_OK);
	assert_int_equal(channels.count, 2);

	const struct dtb_channel *end = &channels.channel[0];
	assert_string_equal(end->name, "samples");
	assert_int_equal(end->memory.base, 0xc0000000u);
	assert_int_equal(end->memory.size, 0x10000);
	assert_string_equal(end->peer, "logger");
	assert_int_equal(end->peer_end, 1);
	assert_int_equal(end->doorbell_intid, 128);
	assert_true(end->has_capability);
	assert_int_equal(end->capability, 3);
	assert_false(end->has_memory_capability);
	assert_false(end->linux_pci);

	const struct dtb_channel *held = &channels.channel[1];
	assert_string_equal(held->name, "watched");
	assert_int_equal(held->memory.size, 0);
	assert_null(held->peer);
	assert_int_equal(held->doorbell_intid, 0);
	assert_true(held->has_capability && held->has_memory_capability);
	assert_int_equal(held->memory_capability, 5);
}

static void test_no_channels_node_is_no_channel(void **state)
{
	fdt_remove_node(*state, CHANNELS);
	assert_int_equal(read_channels(*state), DTB_OK);
	assert_int_equal(channels.count, 0);
}

static void test_an_end_without_doorbell(void **state)
{
	fdt_remove_property(*state, SAMPLES, "doorbell-intid");
	fdt_remove_property(*state, SAMPLES, "capability");
	assert_int_equal(read_channels(*state), DTB_OK);
	assert_int_equal(channels.channel[0].doorbell_intid, 0);
	assert_false(channels.channel[0].has_capability);
}

static void test_bad_ends_are_refused(void **state)
{
	fdt_set_cells(*state, SAMPLES, "doorbell-intid", 1, 27);
	expect_refused(*state, DTB_ERR_BAD_PROPERTY, "doorbell-intid");
	fdt_set_cells(*state, SAMPLES, "doorbell-intid", 1, 1020);
	expect_refused(*state, DTB_ERR_BAD_PROPERTY, "doorbell-intid");
	fdt_set_cells(*state, SAMPLES, "doorbell-intid", 2, 0, 128);
	expect_refused(*state, DTB_ERR_BAD_PROPERTY, "doorbell-intid");
	fdt_set_cells(*state, SAMPLES, "doorbell-intid", 1, 128);

	fdt_set_cells(*state, SAMPLES, "peer-end", 1, 2);
	expect_refused(*state, DTB_ERR_BAD_PROPERTY, "peer-end");
	fdt_remove_property(*state, SAMPLES, "peer-end");
	expect_refused(*state, DTB_ERR_BAD_PROPERTY, "peer-end");
	fdt_set_cells(*state, SAMPLES, "peer-end", 1, 0);

	fdt_remove_property(*state, SAMPLES, "peer");
	expect_refused(*state, DTB_ERR_BAD_PROPERTY, "peer");
	fdt_set_bytes(*state, SAMPLES, "peer", "logger", 6); /* no terminating NUL */
	expect_refused(*state, DTB_ERR_BAD_PROPERTY, "peer");
	fdt_set_string(*state, SAMPLES, "peer", "logger");

	fdt_set_cells(*state, SAMPLES, "reg", 4, 0, 0xc0000000u, 0, 0);
	expect_refused(*state, DTB_ERR_BAD_PROPERTY, "reg");
	fdt_set_cells(*state, SAMPLES, "reg", 4, 0xffffffffu, 0xffff0000u, 0, 0x20000);
	expect_refused(*state, DTB_ERR_BAD_PROPERTY, "reg");
	fdt_set_cells(*state, SAMPLES, "reg", 3, 0, 0xc0000000u, 0);
	expect_refused(*state, DTB_ERR_BAD_PROPERTY, "reg");
	fdt_set_cells(*state, SAMPLES, "reg", 8, 0, 1, 0, 1, 0, 2, 0, 2);
	expect_refused(*state, DTB_ERR_BAD_PROPERTY, "reg");
}

static void test_a_linux_view_is_read(void **state)
{
	fdt_set_string(*state, SAMPLES, "linux-view", "pci");
	assert_int_equal(read_channels(*state), DTB_OK);
	assert_true(channels.channel[0].linux_pci);
	fdt_set_string(*state, SAMPLES, "linux-view", "raw");
	assert_int_equal(read_channels(*state), DTB_OK);
	assert_false(channels.channel[0].linux_pci);
	fdt_set_string(*state, SAMPLES, "linux-view", "virtio");
	expect_refused(*state, DTB_ERR_BAD_PROPERTY, "linux-view");
	fdt_set_bytes(*state, SAMPLES, "linux-view", "pci", 3); /* no terminating NUL */
	expect_refused(*state, DTB_ERR_BAD_PROPERTY, "linux-view");
}

static void test_bad_selectors_and_nodes_are_refused(void **state)
{
	fdt_set_cells(*state, WATCHED, "capability", 2, 0, 4);
	expect_refused(*state, DTB_ERR_BAD_PROPERTY, "capability");
	fdt_set_cells(*state, WATCHED, "capability", 1, 4);
	fdt_set_bytes(*state, WATCHED, "memory-capability", "", 0);
	expect_refused(*state, DTB_ERR_BAD_PROPERTY, "memory-capability");
	fdt_set_cells(*state, WATCHED, "memory-capability", 1, 5);
	fdt_set_string(*state, WATCHED, "compatible", "tenonos,mailbox");
	expect_refused(*state, DTB_ERR_BAD_PROPERTY, "compatible");
	fdt_set_string(*state, WATCHED, "compatible", "tenonos,channel");
	fdt_set_cells(*state, CHANNELS, "#size-cells", 1, 3);
	expect_refused(*state, DTB_ERR_BAD_PROPERTY, "#size-cells");
}

static void test_too_many_channels_are_refused(void **state)
{
	char name[16];

	for (unsigned i = 2; i <= DTB_MAX_CHANNELS; i++) {
		char path[48];
		snprintf(name, sizeof(name), "extra%u", i);
		snprintf(path, sizeof(path), CHANNELS "/%s", name);
		fdt_add_node(*state, CHANNELS, name);
		fdt_set_string(*state, path, "compatible", "tenonos,channel");
	}
	expect_refused(*state, DTB_ERR_TOO_MANY, "");
}

static void test_a_corrupt_blob_is_refused(void **state)
{
	((uint32_t *)*state)[0] = 0;
	assert_int_equal(read_channels(*state), DTB_ERR_HEADER);
	assert_int_equal(channels.count, 0);
}

#define CHANNEL_TEST(test) cmocka_unit_test_setup_teardown(test, build_channels, free_tree)

int run_dtb_channel_tests(void)
{
	const struct CMUnitTest tests[] = {
		CHANNEL_TEST(test_an_end_and_a_holder_are_read),
		CHANNEL_TEST(test_no_channels_node_is_no_channel),
		CHANNEL_TEST(test_an_end_without_doorbell),
		CHANNEL_TEST(test_bad_ends_are_refused),
		CHANNEL_TEST(test_a_linux_view_is_read),
		CHANNEL_TEST(test_bad_selectors_and_nodes_are_refused),
		CHANNEL_TEST(test_too_many_channels_are_refused),
		CHANNEL_TEST(test_a_corrupt_blob_is_refused),
	};

	return cmocka_run_group_tests_name("dtb channels", tests, NULL, NULL);
}
