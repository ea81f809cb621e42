/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>

#include "cpu.h"
#include "gic_fixture.h"

static void test_cpu_init_finds_each_cpus_own_frame(void **state)
{
	struct gic_fixture *fixture = *state;

	for (unsigned cpu = 0; cpu < FAKE_CPUS; cpu++) {
		uintptr_t redistributor = 0;

		fake_cpu_select(cpu);
		assert_int_equal(gicv3_cpu_init(&fixture->gic, &redistributor), GICV3_OK);
		assert_ptr_equal((void *)redistributor, fake_redistributor(fixture, cpu));
	}
}

static void test_cpu_init_without_frame_for_this_cpu_fails_untouched(void **state)
{
	struct gic_fixture *fixture = *state;
	uintptr_t redistributor = 0x1234;

	/* Aff2 = 1: no fake CPU has it. */
	cpu_fake_set(mpidr_el1, 0x80010000);
	gic_fixture_snapshot(fixture);
	assert_int_equal(gicv3_cpu_init(&fixture->gic, &redistributor), GICV3_ERR_NO_REDISTRIBUTOR);
	assert_int_equal(redistributor, 0x1234);
	assert_gic_unchanged(fixture);
	assert_int_equal(cpu_fake_write_count("icc_igrpen1_el1"), 0);
	assert_int_equal(cpu_fake_write_count("icc_sre_el1"), 0);
}

static void test_find_stops_at_last_frame(void **state)
{
	struct gic_fixture *fixture = *state;
	uintptr_t redistributor = 0;

	/* GICR_TYPER.Last (bit 4) on frame 1: frames 2 and 3 are not redistributors. */
	uint8_t *frame1 = fake_redistributor(fixture, 1);
	set_reg64(frame1, GICR_TYPER_OFFSET, reg64(frame1, GICR_TYPER_OFFSET) | (1u << 4));
	assert_int_equal(
		gicv3_redistributor_find(&fixture->gic, fake_cpu_affinity[2], &redistributor),
		GICV3_ERR_NO_REDISTRIBUTOR);
	assert_int_equal(
		gicv3_redistributor_find(&fixture->gic, fake_cpu_affinity[1], &redistributor),
		GICV3_OK);
	assert_ptr_equal((void *)redistributor, frame1);
}

static void test_find_stops_at_region_end_without_last(void **state)
{
	struct gic_fixture *fixture = *state;
	uintptr_t redistributor = 0;
	/* A region of exactly two frames, Last nowhere: ASan flags any read past its end. */
	uint8_t *region = calloc(2, FAKE_REDISTRIBUTOR_STRIDE);

	assert_non_null(region);
	set_reg64(region, GICR_TYPER_OFFSET, 0);
	set_reg64(region + FAKE_REDISTRIBUTOR_STRIDE, GICR_TYPER_OFFSET, 1ull << 32);
	fixture->gic.redistributor_region = (uintptr_t)region;
	fixture->gic.redistributor_region_size = 2 * FAKE_REDISTRIBUTOR_STRIDE;
	assert_int_equal(gicv3_redistributor_find(&fixture->gic, 0x100, &redistributor),
			 GICV3_ERR_NO_REDISTRIBUTOR);
	assert_int_equal(redistributor, 0);
	assert_int_equal(gicv3_redistributor_find(&fixture->gic, 1, &redistributor), GICV3_OK);
	assert_ptr_equal((void *)redistributor, region + FAKE_REDISTRIBUTOR_STRIDE);

	/* A region smaller than one redistributor holds none. */
	fixture->gic.redistributor_region_size = FAKE_REDISTRIBUTOR_STRIDE - 1;
	assert_int_equal(gicv3_redistributor_find(&fixture->gic, 0, &redistributor),
			 GICV3_ERR_NO_REDISTRIBUTOR);
	free(region);
}

static void test_find_steps_over_vlpi_frames_on_gicv4(void **state)
{
	struct gic_fixture *fixture = *state;
	uintptr_t redistributor = 0;

	/* GICR_TYPER.VLPIS (bit 1): four 64 KiB frames per redistributor, so CPU 1 sits at 256 KiB.
	 */
	uint8_t *first = fake_redistributor(fixture, 0);
	uint8_t *second = fake_redistributor(fixture, 2);
	set_reg64(first, GICR_TYPER_OFFSET, (0ull << 32) | (1u << 1));
	/* What a 128 KiB step would land on (inside the VLPI frames) looks like CPU 1's frame. */
	set_reg64(fake_redistributor(fixture, 1), GICR_TYPER_OFFSET, (1ull << 32) | (1u << 4));
	set_reg64(second, GICR_TYPER_OFFSET, (1ull << 32) | (1u << 1) | (1u << 4));
	assert_int_equal(gicv3_redistributor_find(&fixture->gic, 1, &redistributor), GICV3_OK);
	assert_ptr_equal((void *)redistributor, second);
}

static void test_find_matches_all_four_affinity_levels(void **state)
{
	struct gic_fixture *fixture = *state;
	uintptr_t redistributor = 0;

	/* Same Aff2.Aff1.Aff0 as fake CPU 3 but another Aff3: a different CPU. */
	assert_int_equal(gicv3_redistributor_find(&fixture->gic, 0x030201, &redistributor),
			 GICV3_ERR_NO_REDISTRIBUTOR);
	assert_int_equal(
		gicv3_redistributor_find(&fixture->gic, fake_cpu_affinity[3], &redistributor),
		GICV3_OK);
	assert_ptr_equal((void *)redistributor, fake_redistributor(fixture, 3));
}

static void test_cpu_init_wakes_the_redistributor(void **state)
{
	struct gic_fixture *fixture = *state;
	uint8_t *frame = fake_redistributor(fixture, 0);

	/* ProcessorSleep (bit 1) set as after reset; the IMPLEMENTATION DEFINED bit 0 is kept. */
	set_reg32(frame, GICR_WAKER_OFFSET, (1u << 1) | 1u);
	assert_int_equal(gicv3_cpu_init(&fixture->gic, NULL), GICV3_OK);
	assert_int_equal(reg32(frame, GICR_WAKER_OFFSET), 1u);
}

static void test_cpu_init_times_out_if_children_stay_asleep(void **state)
{
	struct gic_fixture *fixture = *state;
	uintptr_t redistributor = 0;

	/* ChildrenAsleep (bit 2) is read-only and this GIC never clears it. */
	set_reg32(fake_redistributor(fixture, 0), GICR_WAKER_OFFSET, (1u << 2) | (1u << 1));
	assert_int_equal(gicv3_cpu_init(&fixture->gic, &redistributor), GICV3_ERR_WAKE_TIMEOUT);
	assert_int_equal(redistributor, 0);
	assert_int_equal(reg32(fake_redistributor(fixture, 0), GICR_WAKER_OFFSET), 1u << 2);
	assert_int_equal(cpu_fake_write_count("icc_igrpen1_el1"), 0);
}

static void test_cpu_init_times_out_if_rwp_never_clears(void **state)
{
	struct gic_fixture *fixture = *state;

	/* GICR_CTLR.RWP is bit 3. */
	set_reg32(fake_redistributor(fixture, 0), GICR_CTLR_OFFSET, 1u << 3);
	assert_int_equal(gicv3_cpu_init(&fixture->gic, NULL), GICV3_ERR_RWP_TIMEOUT);
	assert_int_equal(cpu_fake_write_count("icc_igrpen1_el1"), 0);
}

static void test_cpu_init_configures_only_its_own_sgis_and_ppis(void **state)
{
	struct gic_fixture *fixture = *state;

	fake_cpu_select(2);
	set_reg32(fake_sgi_frame(fixture, 2), GICD_IGRPMODR_OFFSET, 0xffffffff);
	gic_fixture_snapshot(fixture);
	assert_int_equal(gicv3_cpu_init(&fixture->gic, NULL), GICV3_OK);

	uint8_t *sgi = fake_sgi_frame(fixture, 2);
	assert_int_equal(reg32(sgi, GICD_IGROUPR_OFFSET), 0xffffffff);
	assert_int_equal(reg32(sgi, GICD_IGRPMODR_OFFSET), 0);
	assert_int_equal(reg32(sgi, GICD_ICENABLER_OFFSET), 0xffffffff);
	assert_int_equal(reg32(sgi, GICD_ICACTIVER_OFFSET), 0xffffffff);
	assert_int_equal(reg32(sgi, GICD_ISENABLER_OFFSET), 0);
	for (unsigned intid = 0; intid < 32; intid++)
		assert_int_equal(sgi[GICD_IPRIORITYR_OFFSET + intid], GICV3_DEFAULT_PRIORITY);
	assert_int_equal(sgi[GICD_IPRIORITYR_OFFSET + 32], 0);
	assert_int_equal(reg32(sgi, GICD_ICFGR_OFFSET + 4), 0);

	/* Every other CPU's frames and the distributor are untouched. */
	for (unsigned cpu = 0; cpu < FAKE_CPUS; cpu++) {
		if (cpu == 2)
			continue;
		size_t offset = (size_t)cpu * FAKE_REDISTRIBUTOR_STRIDE;
		assert_memory_equal(fixture->region + offset, fixture->region_before + offset,
				    FAKE_REDISTRIBUTOR_STRIDE);
	}
	assert_memory_equal(fixture->distributor, fixture->distributor_before,
			    FAKE_DISTRIBUTOR_SIZE);
}

int run_gicv3_redistributor_tests(void)
{
#define GIC_TEST_INIT(fn)                                                                          \
	cmocka_unit_test_setup_teardown(fn, gic_fixture_setup_initialized, gic_fixture_teardown)
	const struct CMUnitTest tests[] = {
		GIC_TEST_INIT(test_cpu_init_finds_each_cpus_own_frame),
		GIC_TEST_INIT(test_cpu_init_without_frame_for_this_cpu_fails_untouched),
		GIC_TEST_INIT(test_find_stops_at_last_frame),
		GIC_TEST_INIT(test_find_stops_at_region_end_without_last),
		GIC_TEST_INIT(test_find_steps_over_vlpi_frames_on_gicv4),
		GIC_TEST_INIT(test_find_matches_all_four_affinity_levels),
		GIC_TEST_INIT(test_cpu_init_wakes_the_redistributor),
		GIC_TEST_INIT(test_cpu_init_times_out_if_children_stay_asleep),
		GIC_TEST_INIT(test_cpu_init_times_out_if_rwp_never_clears),
		GIC_TEST_INIT(test_cpu_init_configures_only_its_own_sgis_and_ppis),
	};
	return cmocka_run_group_tests_name("gicv3 redistributor", tests, NULL, NULL);
}
