/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "cpu.h"
#include "gic_fixture.h"

/* ICC_SRE_ELx: SRE bit 0, ICC_SRE_EL2.Enable bit 3. ICC_CTLR_EL1: EOImode bit 1, RSS bit 18. */
#define SRE 0x1u
#define SRE_EL2_ENABLE 0x8u
#define CTLR_EOIMODE 0x2u
#define CTLR_RSS (1u << 18)

static void test_cpu_interface_at_el1(void **state)
{
	struct gic_fixture *fixture = *state;

	cpu_fake_set(currentel, 1 << 2);
	cpu_fake_set(icc_bpr1_el1, 3);
	/* EOImode 1 left by firmware must go; other ICC_CTLR_EL1 bits (PRIbits 10:8) stay. */
	cpu_fake_set(icc_ctlr_el1, (4u << 8) | CTLR_EOIMODE);
	assert_int_equal(gicv3_cpu_init(&fixture->gic, NULL), GICV3_OK);
	assert_int_equal(cpu_fake_get(icc_sre_el1) & SRE, SRE);
	assert_int_equal(cpu_fake_write_count("icc_sre_el2"), 0);
	assert_int_equal(cpu_fake_get(icc_pmr_el1), 0xff);
	assert_int_equal(cpu_fake_get(icc_bpr1_el1), 0);
	assert_int_equal(cpu_fake_get(icc_ctlr_el1), 4u << 8);
	assert_int_equal(cpu_fake_get(icc_igrpen1_el1), 1);
}

static void test_cpu_interface_at_el2(void **state)
{
	struct gic_fixture *fixture = *state;

	cpu_fake_set(currentel, 2 << 2);
	assert_int_equal(gicv3_cpu_init(&fixture->gic, NULL), GICV3_OK);
	assert_int_equal(cpu_fake_get(icc_sre_el2), SRE | SRE_EL2_ENABLE);
	assert_int_equal(cpu_fake_write_count("icc_sre_el1"), 0);
	assert_int_equal(cpu_fake_get(icc_pmr_el1), 0xff);
	assert_int_equal(cpu_fake_get(icc_igrpen1_el1), 1);
}

static uint64_t sre_stuck_at_zero(void)
{
	return 0;
}

static void test_cpu_interface_refused_by_higher_el(void **state)
{
	struct gic_fixture *fixture = *state;
	uintptr_t redistributor = 0;

	cpu_fake_on_read("icc_sre_el1", sre_stuck_at_zero);
	assert_int_equal(gicv3_cpu_init(&fixture->gic, &redistributor), GICV3_ERR_SYSREG_DISABLED);
	assert_int_equal(redistributor, 0);
	assert_int_equal(cpu_fake_write_count("icc_igrpen1_el1"), 0);
	assert_int_equal(cpu_fake_write_count("icc_pmr_el1"), 0);
}

static void test_acknowledge_returns_iar_intid(void **state)
{
	(void)state;
	cpu_fake_set(icc_iar1_el1, 42);
	assert_int_equal(gicv3_acknowledge(), 42);
	cpu_fake_set(icc_iar1_el1, GICV3_INTID_SPURIOUS);
	assert_int_equal(gicv3_acknowledge(), GICV3_INTID_SPURIOUS);
	/* INTID is bits 23:0; the RES0 bits above are not part of it. */
	cpu_fake_set(icc_iar1_el1, (0xffull << 24) | 33);
	assert_int_equal(gicv3_acknowledge(), 33);
}

static void test_end_of_interrupt_writes_eoir_once(void **state)
{
	(void)state;
	gicv3_end_of_interrupt(30);
	assert_int_equal(cpu_fake_get(icc_eoir1_el1), 30);
	assert_int_equal(cpu_fake_write_count("icc_eoir1_el1"), 1);
	assert_int_equal(cpu_fake_write_count("icc_dir_el1"), 0);
}

static void test_split_priority_drop_sets_and_clears_only_eoimode(void **state)
{
	(void)state;
	cpu_fake_set(icc_ctlr_el1, 1u << 18);
	gicv3_split_priority_drop(true);
	assert_int_equal(cpu_fake_get(icc_ctlr_el1), (1u << 18) | (1u << 1));
	gicv3_split_priority_drop(false);
	assert_int_equal(cpu_fake_get(icc_ctlr_el1), 1u << 18);
}

static void test_deactivate_writes_dir(void **state)
{
	(void)state;
	gicv3_deactivate(27);
	assert_int_equal(cpu_fake_get(icc_dir_el1), 27);
	assert_int_equal(cpu_fake_write_count("icc_dir_el1"), 1);
}

/* GICD_CTLR: EnableGrp0 bit 0 and DS bit 6 in the single-security-state view. */
#define GICD_CTLR_GRP0 0x1u
#define GICD_CTLR_DS 0x40u

static void test_group0_needs_a_single_security_state(void **state)
{
	struct gic_fixture *fixture = *state;
	uint32_t ctlr = reg32(fixture->distributor, GICD_CTLR_OFFSET) & ~GICD_CTLR_DS;

	set_reg32(fixture->distributor, GICD_CTLR_OFFSET, ctlr);
	gic_fixture_snapshot(fixture);
	assert_int_equal(gicv3_group0_enable(&fixture->gic), GICV3_ERR_SECURE_GROUP0);
	assert_gic_unchanged(fixture);
	assert_int_equal(cpu_fake_write_count("icc_igrpen0_el1"), 0);

	set_reg32(fixture->distributor, GICD_CTLR_OFFSET, ctlr | GICD_CTLR_DS);
	assert_int_equal(gicv3_group0_enable(&fixture->gic), GICV3_OK);
	assert_int_equal(reg32(fixture->distributor, GICD_CTLR_OFFSET),
			 ctlr | GICD_CTLR_DS | GICD_CTLR_GRP0);
	assert_int_equal(cpu_fake_get(icc_igrpen0_el1), 1);
	/* Again, on another CPU: the distributor is left as it is. */
	assert_int_equal(gicv3_group0_enable(&fixture->gic), GICV3_OK);
	assert_int_equal(cpu_fake_write_count("icc_igrpen0_el1"), 2);
}

static void test_group0_acknowledge_and_end_use_group0_registers(void **state)
{
	(void)state;
	cpu_fake_set(icc_iar0_el1, (0xffull << 24) | 8);
	assert_int_equal(gicv3_acknowledge_group0(), 8);
	gicv3_end_of_interrupt_group0(8);
	assert_int_equal(cpu_fake_get(icc_eoir0_el1), 8);
	assert_int_equal(cpu_fake_write_count("icc_eoir1_el1"), 0);
	assert_int_equal(cpu_fake_write_count("icc_iar1_el1"), 0);
}

static void test_send_sgi_encodes_every_affinity_field(void **state)
{
	(void)state;
	/*
	 * Aff3 0x12, Aff2 0x03, Aff1 0x02, Aff0 5, SGI 7: TargetList bit 5, Aff1 23:16,
	 * INTID 27:24, Aff2 39:32, RS 47:44 = 0, Aff3 55:48; IRM (bit 40) clear.
	 */
	uint64_t target = (0x12ull << 32) | 0x030205;

	assert_int_equal(gicv3_send_sgi(7, target), GICV3_OK);
	assert_int_equal(cpu_fake_get(icc_sgi1r_el1), 0x0012000307020020ull);
	assert_int_equal(cpu_fake_write_count("icc_sgi1r_el1"), 1);

	/* MPIDR_EL1 noise (bit 31 RES1, MT bit 24) is not affinity. */
	assert_int_equal(gicv3_send_sgi(0, (1ull << 31) | (1ull << 24) | 1), GICV3_OK);
	assert_int_equal(cpu_fake_get(icc_sgi1r_el1), 0x2);
	assert_int_equal(gicv3_send_sgi(15, 15), GICV3_OK);
	assert_int_equal(cpu_fake_get(icc_sgi1r_el1), (15ull << 24) | (1u << 15));
}

static void test_send_sgi_beyond_aff0_15_needs_range_selector(void **state)
{
	(void)state;
	assert_int_equal(gicv3_send_sgi(1, 0x21), GICV3_ERR_BAD_TARGET);
	assert_int_equal(cpu_fake_write_count("icc_sgi1r_el1"), 0);

	cpu_fake_set(icc_ctlr_el1, CTLR_RSS);
	assert_int_equal(gicv3_send_sgi(1, 0x21), GICV3_OK);
	/* Aff0 0x21 = range 2, bit 1. */
	assert_int_equal(cpu_fake_get(icc_sgi1r_el1), (2ull << 44) | (1ull << 24) | 0x2);
}

static void test_send_sgi_group0_uses_sgi0r(void **state)
{
	(void)state;
	assert_int_equal(gicv3_send_sgi_group0(8, 0x030205), GICV3_OK);
	assert_int_equal(cpu_fake_get(icc_sgi0r_el1), 0x0000000308020020ull);
	assert_int_equal(cpu_fake_write_count("icc_sgi1r_el1"), 0);
	assert_int_equal(gicv3_send_sgi_group0(16, 0), GICV3_ERR_BAD_INTID);
	assert_int_equal(gicv3_send_sgi_group0(1, 0x21), GICV3_ERR_BAD_TARGET);
	assert_int_equal(cpu_fake_write_count("icc_sgi0r_el1"), 1);
}

static void test_send_sgi_rejects_non_sgi_intids(void **state)
{
	(void)state;
	assert_int_equal(gicv3_send_sgi(16, 0), GICV3_ERR_BAD_INTID);
	assert_int_equal(gicv3_send_sgi(GICV3_INTID_SPURIOUS, 0), GICV3_ERR_BAD_INTID);
	assert_int_equal(gicv3_send_sgi(0xffffffff, 0), GICV3_ERR_BAD_INTID);
	assert_int_equal(cpu_fake_write_count("icc_sgi1r_el1"), 0);
}

int run_gicv3_cpu_interface_tests(void)
{
#define GIC_TEST_INIT(fn)                                                                          \
	cmocka_unit_test_setup_teardown(fn, gic_fixture_setup_initialized, gic_fixture_teardown)
	const struct CMUnitTest tests[] = {
		GIC_TEST_INIT(test_cpu_interface_at_el1),
		GIC_TEST_INIT(test_cpu_interface_at_el2),
		GIC_TEST_INIT(test_cpu_interface_refused_by_higher_el),
		GIC_TEST_INIT(test_acknowledge_returns_iar_intid),
		GIC_TEST_INIT(test_end_of_interrupt_writes_eoir_once),
		GIC_TEST_INIT(test_split_priority_drop_sets_and_clears_only_eoimode),
		GIC_TEST_INIT(test_deactivate_writes_dir),
		GIC_TEST_INIT(test_group0_needs_a_single_security_state),
		GIC_TEST_INIT(test_group0_acknowledge_and_end_use_group0_registers),
		GIC_TEST_INIT(test_send_sgi_encodes_every_affinity_field),
		GIC_TEST_INIT(test_send_sgi_beyond_aff0_15_needs_range_selector),
		GIC_TEST_INIT(test_send_sgi_rejects_non_sgi_intids),
		GIC_TEST_INIT(test_send_sgi_group0_uses_sgi0r),
	};
	return cmocka_run_group_tests_name("gicv3 cpu interface", tests, NULL, NULL);
}
