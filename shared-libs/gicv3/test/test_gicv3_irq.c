/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "array_length.h"
#include "cpu.h"
#include "gic_fixture.h"

/* Setup for these tests: distributor initialised, CPU 1's redistributor found and woken. */
static int setup_cpu1(void **state)
{
	gic_fixture_setup_initialized(state);
	struct gic_fixture *fixture = *state;
	fake_cpu_select(1);
	assert_int_equal(gicv3_cpu_init(&fixture->gic, NULL), GICV3_OK);
	return 0;
}

static uintptr_t cpu1(struct gic_fixture *fixture)
{
	return (uintptr_t)fake_redistributor(fixture, 1);
}

static void test_configure_spi_sets_its_priority_byte_and_trigger_bit_only(void **state)
{
	struct gic_fixture *fixture = *state;
	uint8_t *gicd = fixture->distributor;

	/* SPI 45: priority byte 0x400 + 45; ICFGR word 2 (SPIs 32..47), Int_config bit 2*13+1 = 27.
	 */
	set_reg32(gicd, GICD_ICFGR_OFFSET + 8, 0x55555555);
	assert_int_equal(gicv3_irq_configure(&fixture->gic, 0, 45, 0x40, true), GICV3_OK);
	assert_int_equal(gicd[GICD_IPRIORITYR_OFFSET + 45], 0x40);
	assert_int_equal(gicd[GICD_IPRIORITYR_OFFSET + 44], GICV3_DEFAULT_PRIORITY);
	assert_int_equal(gicd[GICD_IPRIORITYR_OFFSET + 46], GICV3_DEFAULT_PRIORITY);
	assert_int_equal(reg32(gicd, GICD_ICFGR_OFFSET + 8), 0x55555555u | (1u << 27));

	assert_int_equal(gicv3_irq_configure(&fixture->gic, 0, 45, 0xf0, false), GICV3_OK);
	assert_int_equal(gicd[GICD_IPRIORITYR_OFFSET + 45], 0xf0);
	assert_int_equal(reg32(gicd, GICD_ICFGR_OFFSET + 8), 0x55555555u);
}

static void test_configure_last_spi(void **state)
{
	struct gic_fixture *fixture = *state;
	uint8_t *gicd = fixture->distributor;

	/* SPI 95: ICFGR word 5, field 15, Int_config bit 31. */
	assert_int_equal(gicv3_irq_configure(&fixture->gic, 0, 95, 0x10, true), GICV3_OK);
	assert_int_equal(gicd[GICD_IPRIORITYR_OFFSET + 95], 0x10);
	assert_int_equal(reg32(gicd, GICD_ICFGR_OFFSET + 20), 1u << 31);
}

static void test_configure_ppi_goes_to_this_cpus_sgi_frame(void **state)
{
	struct gic_fixture *fixture = *state;
	uint8_t *sgi = fake_sgi_frame(fixture, 1);

	gic_fixture_snapshot(fixture);
	/* PPI 27 (virtual timer): GICR_ICFGR1 is at SGI_base + 0xc04, Int_config bit 2*11+1 = 23.
	 */
	assert_int_equal(gicv3_irq_configure(&fixture->gic, cpu1(fixture), 27, 0x80, true),
			 GICV3_OK);
	assert_int_equal(sgi[GICD_IPRIORITYR_OFFSET + 27], 0x80);
	assert_int_equal(reg32(sgi, GICD_ICFGR_OFFSET + 4), 1u << 23);
	assert_memory_equal(fixture->distributor, fixture->distributor_before,
			    FAKE_DISTRIBUTOR_SIZE);
	/* RD_base frame untouched: config lives in SGI_base. */
	assert_int_equal(fake_redistributor(fixture, 1)[0x400 + 27], 0);
}

static void test_configure_sgi_leaves_trigger_alone(void **state)
{
	struct gic_fixture *fixture = *state;
	uint8_t *sgi = fake_sgi_frame(fixture, 1);

	/* GICR_ICFGR0 is read-only (SGIs are always edge); writing it would be a bug. */
	set_reg32(sgi, GICD_ICFGR_OFFSET, 0xaaaaaaaa);
	assert_int_equal(gicv3_irq_configure(&fixture->gic, cpu1(fixture), 3, 0x20, false),
			 GICV3_OK);
	assert_int_equal(sgi[GICD_IPRIORITYR_OFFSET + 3], 0x20);
	assert_int_equal(reg32(sgi, GICD_ICFGR_OFFSET), 0xaaaaaaaa);
}

static void test_configure_enabled_spi_disables_around_trigger_change(void **state)
{
	struct gic_fixture *fixture = *state;
	uint8_t *gicd = fixture->distributor;

	set_reg32(gicd, GICD_ICENABLER_OFFSET + 4, 0);
	set_reg32(gicd, GICD_ISENABLER_OFFSET + 4, 1u << 8); /* SPI 40 enabled */
	assert_int_equal(gicv3_irq_configure(&fixture->gic, 0, 40, 0x60, true), GICV3_OK);
	assert_int_equal(reg32(gicd, GICD_ICENABLER_OFFSET + 4), 1u << 8);
	assert_int_equal(reg32(gicd, GICD_ISENABLER_OFFSET + 4), 1u << 8);
	assert_int_equal(reg32(gicd, GICD_ICFGR_OFFSET + 8), 1u << 17);
}

static void test_configure_disabled_spi_stays_disabled(void **state)
{
	struct gic_fixture *fixture = *state;
	uint8_t *gicd = fixture->distributor;

	set_reg32(gicd, GICD_ICENABLER_OFFSET + 4, 0);
	assert_int_equal(gicv3_irq_configure(&fixture->gic, 0, 40, 0x60, true), GICV3_OK);
	assert_int_equal(reg32(gicd, GICD_ICENABLER_OFFSET + 4), 0);
	assert_int_equal(reg32(gicd, GICD_ISENABLER_OFFSET + 4), 0);
}

static void test_configure_enabled_spi_with_stuck_rwp_keeps_trigger(void **state)
{
	struct gic_fixture *fixture = *state;
	uint8_t *gicd = fixture->distributor;

	set_reg32(gicd, GICD_ISENABLER_OFFSET + 4, 1u << 8);
	set_reg32(gicd, GICD_CTLR_OFFSET, reg32(gicd, GICD_CTLR_OFFSET) | (1u << 31));
	assert_int_equal(gicv3_irq_configure(&fixture->gic, 0, 40, 0x60, true),
			 GICV3_ERR_RWP_TIMEOUT);
	assert_int_equal(reg32(gicd, GICD_ICFGR_OFFSET + 8), 0);
}

static void test_enable_and_disable_spi_write_one_bit(void **state)
{
	struct gic_fixture *fixture = *state;
	uint8_t *gicd = fixture->distributor;

	set_reg32(gicd, GICD_ICENABLER_OFFSET + 8, 0);
	assert_int_equal(gicv3_irq_enable(&fixture->gic, 0, 70), GICV3_OK);
	assert_int_equal(reg32(gicd, GICD_ISENABLER_OFFSET + 8), 1u << 6);
	assert_int_equal(reg32(gicd, GICD_ICENABLER_OFFSET + 8), 0);
	assert_int_equal(gicv3_irq_disable(&fixture->gic, 0, 70), GICV3_OK);
	assert_int_equal(reg32(gicd, GICD_ICENABLER_OFFSET + 8), 1u << 6);
}

static void test_set_group0_clears_one_group_bit(void **state)
{
	struct gic_fixture *fixture = *state;
	uint8_t *sgi = fake_sgi_frame(fixture, 1);
	uint8_t *gicd = fixture->distributor;

	/* The resets made everything Group 1: one SGI, then one SPI, leaves it. */
	assert_int_equal(gicv3_irq_set_group0(&fixture->gic, cpu1(fixture), 8), GICV3_OK);
	assert_int_equal(reg32(sgi, GICD_IGROUPR_OFFSET), ~(1u << 8));
	assert_int_equal(gicv3_irq_set_group0(&fixture->gic, 0, 70), GICV3_OK);
	assert_int_equal(reg32(gicd, GICD_IGROUPR_OFFSET + 8), ~(1u << 6));
	assert_int_equal(reg32(gicd, GICD_IGRPMODR_OFFSET + 8), 0);
	gic_fixture_snapshot(fixture);
	assert_int_equal(gicv3_irq_set_group0(&fixture->gic, 0, 8), GICV3_ERR_NO_REDISTRIBUTOR);
	assert_int_equal(gicv3_irq_set_group0(&fixture->gic, 0, 1020), GICV3_ERR_BAD_INTID);
	assert_gic_unchanged(fixture);
}

static void test_clear_active_writes_one_bit_where_the_interrupt_lives(void **state)
{
	struct gic_fixture *fixture = *state;

	set_reg32(fake_sgi_frame(fixture, 1), GICD_ICACTIVER_OFFSET, 0);
	set_reg32(fixture->distributor, GICD_ICACTIVER_OFFSET + 4, 0);
	assert_int_equal(gicv3_irq_clear_active(&fixture->gic, cpu1(fixture), 27), GICV3_OK);
	assert_int_equal(reg32(fake_sgi_frame(fixture, 1), GICD_ICACTIVER_OFFSET), 1u << 27);
	assert_int_equal(gicv3_irq_clear_active(&fixture->gic, 0, 34), GICV3_OK);
	assert_int_equal(reg32(fixture->distributor, GICD_ICACTIVER_OFFSET + 4), 1u << 2);
	gic_fixture_snapshot(fixture);
	assert_int_equal(gicv3_irq_clear_active(&fixture->gic, 0, 27), GICV3_ERR_NO_REDISTRIBUTOR);
	assert_int_equal(gicv3_irq_clear_active(&fixture->gic, 0, 96), GICV3_ERR_BAD_INTID);
	assert_gic_unchanged(fixture);
}

static void test_private_set_active_writes_the_mask_into_this_cpus_sgi_frame(void **state)
{
	struct gic_fixture *fixture = *state;
	uint8_t *sgi = fake_sgi_frame(fixture, 1);

	gic_fixture_snapshot(fixture);
	gicv3_private_set_active(cpu1(fixture), 1u << 27 | 1u << 30);
	assert_int_equal(reg32(sgi, GICD_ISACTIVER_OFFSET), 1u << 27 | 1u << 30);
	set_reg32(sgi, GICD_ISACTIVER_OFFSET, 0);
	assert_gic_unchanged(fixture);
}

static void test_enable_and_disable_ppi_use_redistributor(void **state)
{
	struct gic_fixture *fixture = *state;
	uint8_t *sgi = fake_sgi_frame(fixture, 1);

	set_reg32(sgi, GICD_ICENABLER_OFFSET, 0);
	gic_fixture_snapshot(fixture);
	assert_int_equal(gicv3_irq_enable(&fixture->gic, cpu1(fixture), 30), GICV3_OK);
	assert_int_equal(reg32(sgi, GICD_ISENABLER_OFFSET), 1u << 30);
	assert_int_equal(gicv3_irq_disable(&fixture->gic, cpu1(fixture), 30), GICV3_OK);
	assert_int_equal(reg32(sgi, GICD_ICENABLER_OFFSET), 1u << 30);
	assert_memory_equal(fixture->distributor, fixture->distributor_before,
			    FAKE_DISTRIBUTOR_SIZE);
}

static void test_disable_waits_for_rwp(void **state)
{
	struct gic_fixture *fixture = *state;
	uint8_t *gicd = fixture->distributor;
	uint8_t *rd = fake_redistributor(fixture, 1);

	set_reg32(gicd, GICD_CTLR_OFFSET, reg32(gicd, GICD_CTLR_OFFSET) | (1u << 31));
	assert_int_equal(gicv3_irq_disable(&fixture->gic, cpu1(fixture), 33),
			 GICV3_ERR_RWP_TIMEOUT);
	/* SGIs and PPIs wait on GICR_CTLR.RWP instead, which is clear here. */
	assert_int_equal(gicv3_irq_disable(&fixture->gic, cpu1(fixture), 20), GICV3_OK);
	set_reg32(rd, GICR_CTLR_OFFSET, 1u << 3);
	assert_int_equal(gicv3_irq_disable(&fixture->gic, cpu1(fixture), 20),
			 GICV3_ERR_RWP_TIMEOUT);
}

static void test_bad_intids_change_nothing(void **state)
{
	struct gic_fixture *fixture = *state;
	static const uint32_t bad[] = {FAKE_INTERRUPT_LINES,
				       FAKE_INTERRUPT_LINES + 1,
				       1020,
				       1021,
				       1022,
				       GICV3_INTID_SPURIOUS,
				       1024,
				       8192,
				       0xffffffff};

	gic_fixture_snapshot(fixture);
	for (size_t i = 0; i < ARRAY_LENGTH(bad); i++) {
		assert_int_equal(gicv3_irq_configure(&fixture->gic, cpu1(fixture), bad[i], 0, true),
				 GICV3_ERR_BAD_INTID);
		assert_int_equal(gicv3_irq_enable(&fixture->gic, cpu1(fixture), bad[i]),
				 GICV3_ERR_BAD_INTID);
		assert_int_equal(gicv3_irq_disable(&fixture->gic, cpu1(fixture), bad[i]),
				 GICV3_ERR_BAD_INTID);
	}
	assert_gic_unchanged(fixture);
}

static void test_special_intids_rejected_even_with_1020_lines(void **state)
{
	struct gic_fixture *fixture = *state;

	fixture->gic.interrupt_lines =
		1024; /* a corrupted struct must still not reach 1020..1023 */
	gic_fixture_snapshot(fixture);
	for (uint32_t intid = 1020; intid < 1024; intid++) {
		assert_int_equal(gicv3_irq_enable(&fixture->gic, 0, intid), GICV3_ERR_BAD_INTID);
		assert_int_equal(gicv3_spi_route(&fixture->gic, intid, 0), GICV3_ERR_BAD_INTID);
	}
	assert_gic_unchanged(fixture);
}

static void test_private_intid_without_redistributor_is_refused(void **state)
{
	struct gic_fixture *fixture = *state;

	gic_fixture_snapshot(fixture);
	assert_int_equal(gicv3_irq_enable(&fixture->gic, 0, 27), GICV3_ERR_NO_REDISTRIBUTOR);
	assert_int_equal(gicv3_irq_configure(&fixture->gic, 0, 0, 0, false),
			 GICV3_ERR_NO_REDISTRIBUTOR);
	assert_gic_unchanged(fixture);
}

int run_gicv3_irq_tests(void)
{
#define IRQ_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup_cpu1, gic_fixture_teardown)
	const struct CMUnitTest tests[] = {
		IRQ_TEST(test_set_group0_clears_one_group_bit),
		IRQ_TEST(test_clear_active_writes_one_bit_where_the_interrupt_lives),
		IRQ_TEST(test_private_set_active_writes_the_mask_into_this_cpus_sgi_frame),
		IRQ_TEST(test_configure_spi_sets_its_priority_byte_and_trigger_bit_only),
		IRQ_TEST(test_configure_last_spi),
		IRQ_TEST(test_configure_ppi_goes_to_this_cpus_sgi_frame),
		IRQ_TEST(test_configure_sgi_leaves_trigger_alone),
		IRQ_TEST(test_configure_enabled_spi_disables_around_trigger_change),
		IRQ_TEST(test_configure_disabled_spi_stays_disabled),
		IRQ_TEST(test_configure_enabled_spi_with_stuck_rwp_keeps_trigger),
		IRQ_TEST(test_enable_and_disable_spi_write_one_bit),
		IRQ_TEST(test_enable_and_disable_ppi_use_redistributor),
		IRQ_TEST(test_disable_waits_for_rwp),
		IRQ_TEST(test_bad_intids_change_nothing),
		IRQ_TEST(test_special_intids_rejected_even_with_1020_lines),
		IRQ_TEST(test_private_intid_without_redistributor_is_refused),
	};
	return cmocka_run_group_tests_name("gicv3 irq", tests, NULL, NULL);
}
