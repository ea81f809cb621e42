/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "array_length.h"
#include "cpu.h"
#include "gic_fixture.h"

static enum gicv3_status init(struct gic_fixture *fixture)
{
	return gicv3_distributor_init(&fixture->gic, (uintptr_t)fixture->distributor,
				      (uintptr_t)fixture->region, fixture->region_size);
}

static void test_init_rejects_other_gic_versions_untouched(void **state)
{
	struct gic_fixture *fixture = *state;
	static const uint32_t not_v3_pidr2[] = {0x00, 0x1b, 0x2b, 0x5b, 0xfb};

	for (size_t i = 0; i < ARRAY_LENGTH(not_v3_pidr2); i++) {
		set_reg32(fixture->distributor, GICD_PIDR2_OFFSET, not_v3_pidr2[i]);
		gic_fixture_snapshot(fixture);
		assert_int_equal(init(fixture), GICV3_ERR_NOT_GICV3);
		assert_gic_unchanged(fixture);
	}
}

static void test_init_accepts_gicv4(void **state)
{
	struct gic_fixture *fixture = *state;

	set_reg32(fixture->distributor, GICD_PIDR2_OFFSET, 0x4b);
	assert_int_equal(init(fixture), GICV3_OK);
}

static void test_init_records_frames_and_interrupt_lines(void **state)
{
	struct gic_fixture *fixture = *state;

	assert_int_equal(init(fixture), GICV3_OK);
	assert_ptr_equal((void *)fixture->gic.distributor, fixture->distributor);
	assert_ptr_equal((void *)fixture->gic.redistributor_region, fixture->region);
	assert_int_equal(fixture->gic.redistributor_region_size, fixture->region_size);
	assert_int_equal(fixture->gic.interrupt_lines, FAKE_INTERRUPT_LINES);
}

static void test_interrupt_lines_stop_below_special_intids(void **state)
{
	struct gic_fixture *fixture = *state;

	/* ITLinesNumber 31 claims 1024 lines; 1020..1023 are special INTIDs, not interrupts. */
	set_reg32(fixture->distributor, GICD_TYPER_OFFSET, 31);
	assert_int_equal(init(fixture), GICV3_OK);
	assert_int_equal(fixture->gic.interrupt_lines, 1020);
	assert_int_equal(reg64(fixture->distributor, GICD_IROUTER_OFFSET + 8 * 1019), 0);
	fake_cpu_select(1);
	assert_int_equal(init(fixture), GICV3_OK);
	assert_int_equal(reg64(fixture->distributor, GICD_IROUTER_OFFSET + 8 * 1019), 1);
	/* Nothing written past the last SPI's router. */
	assert_int_equal(reg64(fixture->distributor, GICD_IROUTER_OFFSET + 8 * 1020), 0);
}

static void test_init_enables_affinity_routing_and_group1ns_only(void **state)
{
	struct gic_fixture *fixture = *state;

	/* Firmware left Group 0 and Secure Group 1 on, and DS (bit 6) set: enables go, DS stays. */
	set_reg32(fixture->distributor, GICD_CTLR_OFFSET, (1u << 6) | 0x7);
	assert_int_equal(init(fixture), GICV3_OK);
	/* ARE_NS is bit 4, EnableGrp1NS (EnableGrp1A in the Non-secure view) bit 1. */
	assert_int_equal(reg32(fixture->distributor, GICD_CTLR_OFFSET),
			 (1u << 6) | (1u << 4) | (1u << 1));
}

static void test_init_configures_every_spi_and_nothing_else(void **state)
{
	struct gic_fixture *fixture = *state;

	/* Preset what init must clear, so that writing 0 is visible. */
	for (unsigned word = 0; word < 8; word++) {
		set_reg32(fixture->distributor, GICD_ICFGR_OFFSET + 4 * word, 0xaaaaaaaa);
		set_reg32(fixture->distributor, GICD_IGRPMODR_OFFSET + 4 * word, 0xffffffff);
	}
	fake_cpu_select(3);
	assert_int_equal(init(fixture), GICV3_OK);

	/* Word 0 (SGIs/PPIs) is the redistributors' with affinity routing; words 1-2 are SPIs. */
	assert_int_equal(reg32(fixture->distributor, GICD_IGROUPR_OFFSET), 0);
	assert_int_equal(reg32(fixture->distributor, GICD_ICENABLER_OFFSET), 0);
	assert_int_equal(reg32(fixture->distributor, GICD_IGRPMODR_OFFSET), 0xffffffff);
	for (unsigned word = 1; word < 3; word++) {
		assert_int_equal(reg32(fixture->distributor, GICD_IGROUPR_OFFSET + 4 * word),
				 0xffffffff);
		assert_int_equal(reg32(fixture->distributor, GICD_IGRPMODR_OFFSET + 4 * word), 0);
		assert_int_equal(reg32(fixture->distributor, GICD_ICENABLER_OFFSET + 4 * word),
				 0xffffffff);
		assert_int_equal(reg32(fixture->distributor, GICD_ICACTIVER_OFFSET + 4 * word),
				 0xffffffff);
		assert_int_equal(reg32(fixture->distributor, GICD_ISENABLER_OFFSET + 4 * word), 0);
	}
	assert_int_equal(reg32(fixture->distributor, GICD_IGROUPR_OFFSET + 12), 0);
	assert_int_equal(reg32(fixture->distributor, GICD_IGRPMODR_OFFSET + 12), 0xffffffff);

	for (unsigned intid = 0; intid < 100; intid++) {
		uint8_t priority = fixture->distributor[GICD_IPRIORITYR_OFFSET + intid];
		uint64_t router = reg64(fixture->distributor, GICD_IROUTER_OFFSET + 8 * intid);
		int is_spi = intid >= 32 && intid < FAKE_INTERRUPT_LINES;

		assert_int_equal(priority, is_spi ? GICV3_DEFAULT_PRIORITY : 0);
		/* Routed to the boot CPU, without the MT and RES1 bits of its MPIDR_EL1. */
		assert_int_equal(router, is_spi ? fake_cpu_affinity[3] : 0);
	}
	/* ICFGR: 16 interrupts a word; SPIs 32..95 are words 2-5, all level (0). */
	for (unsigned word = 0; word < 8; word++)
		assert_int_equal(reg32(fixture->distributor, GICD_ICFGR_OFFSET + 4 * word),
				 word >= 2 && word < 6 ? 0 : 0xaaaaaaaa);
}

static void test_init_leaves_redistributors_alone(void **state)
{
	struct gic_fixture *fixture = *state;

	gic_fixture_snapshot(fixture);
	assert_int_equal(init(fixture), GICV3_OK);
	assert_memory_equal(fixture->region, fixture->region_before, fixture->region_size);
}

static void test_init_times_out_when_rwp_never_clears(void **state)
{
	struct gic_fixture *fixture = *state;

	/* RWP (bit 31) is read-only: the buffer keeps it, as a GIC that never finishes would. */
	set_reg32(fixture->distributor, GICD_CTLR_OFFSET, 1u << 31);
	assert_int_equal(init(fixture), GICV3_ERR_RWP_TIMEOUT);
	/* It gave up before enabling anything. */
	assert_int_equal(reg32(fixture->distributor, GICD_CTLR_OFFSET) & 0x3, 0);
}

static void test_spi_route_writes_affinity_only(void **state)
{
	struct gic_fixture *fixture = *state;
	uint64_t mpidr = (1ull << 31) | (1ull << 30) | (1ull << 24) | fake_cpu_affinity[3];

	assert_int_equal(gicv3_spi_route(&fixture->gic, 33, mpidr), GICV3_OK);
	/* Interrupt_Routing_Mode (bit 31) stays 0: this CPU, not "any CPU". */
	assert_int_equal(reg64(fixture->distributor, GICD_IROUTER_OFFSET + 8 * 33),
			 fake_cpu_affinity[3]);
	assert_int_equal(reg64(fixture->distributor, GICD_IROUTER_OFFSET + 8 * 32), 0);
	assert_int_equal(reg64(fixture->distributor, GICD_IROUTER_OFFSET + 8 * 34), 0);

	assert_int_equal(gicv3_spi_route(&fixture->gic, FAKE_INTERRUPT_LINES - 1, 1), GICV3_OK);
	assert_int_equal(
		reg64(fixture->distributor, GICD_IROUTER_OFFSET + 8 * (FAKE_INTERRUPT_LINES - 1)),
		1);
}

static void test_spi_route_rejects_non_spis_untouched(void **state)
{
	struct gic_fixture *fixture = *state;
	static const uint32_t bad[] = {0,    16,   31,	 FAKE_INTERRUPT_LINES,
				       1020, 1023, 1024, 0xffffffff};

	gic_fixture_snapshot(fixture);
	for (size_t i = 0; i < ARRAY_LENGTH(bad); i++)
		assert_int_equal(gicv3_spi_route(&fixture->gic, bad[i], 1), GICV3_ERR_BAD_INTID);
	assert_gic_unchanged(fixture);
}

static void test_status_names_are_distinct_and_total(void **state)
{
	(void)state;
	for (int i = 0; i < GICV3_STATUS_COUNT; i++) {
		const char *name = gicv3_status_name((enum gicv3_status)i);

		assert_non_null(name);
		assert_int_equal(strncmp(name, "GICV3_", 6), 0);
		assert_string_not_equal(name, "GICV3_UNKNOWN_STATUS");
		for (int j = 0; j < i; j++)
			assert_string_not_equal(name, gicv3_status_name((enum gicv3_status)j));
	}
	assert_string_equal(gicv3_status_name(GICV3_OK), "GICV3_OK");
	assert_string_equal(gicv3_status_name(GICV3_ERR_BAD_INTID), "GICV3_ERR_BAD_INTID");
	assert_string_equal(gicv3_status_name(GICV3_STATUS_COUNT), "GICV3_UNKNOWN_STATUS");
	assert_string_equal(gicv3_status_name((enum gicv3_status) - 1), "GICV3_UNKNOWN_STATUS");
}

int run_gicv3_distributor_tests(void)
{
#define GIC_TEST(fn) cmocka_unit_test_setup_teardown(fn, gic_fixture_setup, gic_fixture_teardown)
#define GIC_TEST_INIT(fn)                                                                          \
	cmocka_unit_test_setup_teardown(fn, gic_fixture_setup_initialized, gic_fixture_teardown)
	const struct CMUnitTest tests[] = {
		GIC_TEST(test_init_rejects_other_gic_versions_untouched),
		GIC_TEST(test_init_accepts_gicv4),
		GIC_TEST(test_init_records_frames_and_interrupt_lines),
		GIC_TEST(test_interrupt_lines_stop_below_special_intids),
		GIC_TEST(test_init_enables_affinity_routing_and_group1ns_only),
		GIC_TEST(test_init_configures_every_spi_and_nothing_else),
		GIC_TEST(test_init_leaves_redistributors_alone),
		GIC_TEST(test_init_times_out_when_rwp_never_clears),
		GIC_TEST_INIT(test_spi_route_writes_affinity_only),
		GIC_TEST_INIT(test_spi_route_rejects_non_spis_untouched),
		cmocka_unit_test(test_status_names_are_distinct_and_total),
	};
	return cmocka_run_group_tests_name("gicv3 distributor", tests, NULL, NULL);
}
