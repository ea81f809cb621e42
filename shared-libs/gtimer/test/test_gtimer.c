/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "array_length.h"
#include "cpu.h"
#include "gtimer.h"

/* CTL layout shared by CNTP_CTL_EL0, CNTV_CTL_EL0 and CNTHP_CTL_EL2. */
#define CTL_ENABLE 0x1u
#define CTL_IMASK 0x2u
#define CTL_ISTATUS 0x4u

#define HOUR_NS (3600ull * 1000000000ull)

static int reset_fakes(void **state)
{
	(void)state;
	cpu_fake_reset();
	return 0;
}

static void test_frequency_reads_cntfrq_low_32_bits(void **state)
{
	(void)state;
	cpu_fake_set(cntfrq_el0, 62500000);
	assert_int_equal(gtimer_frequency(), 62500000);
	cpu_fake_set(cntfrq_el0, (1ull << 40) | 24000000);
	assert_int_equal(gtimer_frequency(), 24000000);
}

static void test_counters_read_their_own_register(void **state)
{
	(void)state;
	cpu_fake_set(cntpct_el0, 1000);
	cpu_fake_set(cntvct_el0, 400);
	assert_int_equal(gtimer_counter(), 1000);
	assert_int_equal(gtimer_virtual_counter(), 400);
}

static void test_arm_at_programs_each_kind(void **state)
{
	(void)state;
	/* IMASK preset: arming must clear it, or the interrupt would never reach the GIC. */
	cpu_fake_set(cntp_ctl_el0, CTL_IMASK);
	cpu_fake_set(cntv_ctl_el0, CTL_IMASK);
	cpu_fake_set(cnthp_ctl_el2, CTL_IMASK);

	gtimer_arm_at(GTIMER_EL1_PHYSICAL, 111);
	assert_int_equal(cpu_fake_get(cntp_cval_el0), 111);
	assert_int_equal(cpu_fake_get(cntp_ctl_el0), CTL_ENABLE);
	gtimer_arm_at(GTIMER_EL1_VIRTUAL, 222);
	assert_int_equal(cpu_fake_get(cntv_cval_el0), 222);
	assert_int_equal(cpu_fake_get(cntv_ctl_el0), CTL_ENABLE);
	gtimer_arm_at(GTIMER_EL2_PHYSICAL, 333);
	assert_int_equal(cpu_fake_get(cnthp_cval_el2), 333);
	assert_int_equal(cpu_fake_get(cnthp_ctl_el2), CTL_ENABLE);

	/* Each call touched only its own timer. */
	assert_int_equal(cpu_fake_write_count("cntp_cval_el0"), 1);
	assert_int_equal(cpu_fake_write_count("cntv_cval_el0"), 1);
	assert_int_equal(cpu_fake_write_count("cnthp_cval_el2"), 1);
}

static void test_invalid_kind_touches_nothing(void **state)
{
	(void)state;
	gtimer_arm_at((enum gtimer_kind)7, 5);
	gtimer_arm_after((enum gtimer_kind)7, 5);
	gtimer_disable((enum gtimer_kind)7);
	assert_false(gtimer_pending((enum gtimer_kind)7));
	assert_int_equal(cpu_fake_write_count("cntp_ctl_el0") +
				 cpu_fake_write_count("cntv_ctl_el0") +
				 cpu_fake_write_count("cnthp_ctl_el2"),
			 0);
}

static void test_arm_after_counts_from_the_timers_own_counter(void **state)
{
	(void)state;
	cpu_fake_set(cntpct_el0, 10000);
	cpu_fake_set(cntvct_el0, 3000);
	gtimer_arm_after(GTIMER_EL1_PHYSICAL, 50);
	gtimer_arm_after(GTIMER_EL1_VIRTUAL, 50);
	gtimer_arm_after(GTIMER_EL2_PHYSICAL, 70);
	assert_int_equal(cpu_fake_get(cntp_cval_el0), 10050);
	assert_int_equal(cpu_fake_get(cntv_cval_el0), 3050);
	assert_int_equal(cpu_fake_get(cnthp_cval_el2), 10070);
}

static void test_arm_after_saturates_instead_of_wrapping(void **state)
{
	(void)state;
	cpu_fake_set(cntvct_el0, UINT64_MAX - 10);
	gtimer_arm_after(GTIMER_EL1_VIRTUAL, 11);
	assert_int_equal(cpu_fake_get(cntv_cval_el0), UINT64_MAX);
	gtimer_arm_after(GTIMER_EL1_VIRTUAL, UINT64_MAX);
	assert_int_equal(cpu_fake_get(cntv_cval_el0), UINT64_MAX);
	gtimer_arm_after(GTIMER_EL1_VIRTUAL, 10);
	assert_int_equal(cpu_fake_get(cntv_cval_el0), UINT64_MAX);
}

static void test_disable_clears_enable(void **state)
{
	(void)state;
	gtimer_arm_at(GTIMER_EL2_PHYSICAL, 1);
	gtimer_disable(GTIMER_EL2_PHYSICAL);
	assert_int_equal(cpu_fake_get(cnthp_ctl_el2) & CTL_ENABLE, 0);
	gtimer_disable(GTIMER_EL1_PHYSICAL);
	assert_int_equal(cpu_fake_get(cntp_ctl_el0) & CTL_ENABLE, 0);
	assert_int_equal(cpu_fake_write_count("cntp_ctl_el0"), 1);
}

static void test_pending_needs_istatus_and_enable(void **state)
{
	(void)state;
	cpu_fake_set(cntp_ctl_el0, CTL_ENABLE | CTL_ISTATUS);
	assert_true(gtimer_pending(GTIMER_EL1_PHYSICAL));
	/* Masked still counts: the condition is met, only the interrupt is held back. */
	cpu_fake_set(cntp_ctl_el0, CTL_ENABLE | CTL_IMASK | CTL_ISTATUS);
	assert_true(gtimer_pending(GTIMER_EL1_PHYSICAL));
	cpu_fake_set(cntp_ctl_el0, CTL_ENABLE);
	assert_false(gtimer_pending(GTIMER_EL1_PHYSICAL));
	/* ISTATUS is UNKNOWN while disabled. */
	cpu_fake_set(cntp_ctl_el0, CTL_ISTATUS);
	assert_false(gtimer_pending(GTIMER_EL1_PHYSICAL));

	cpu_fake_set(cntv_ctl_el0, CTL_ENABLE | CTL_ISTATUS);
	assert_true(gtimer_pending(GTIMER_EL1_VIRTUAL));
	assert_false(gtimer_pending(GTIMER_EL2_PHYSICAL));
	cpu_fake_set(cnthp_ctl_el2, CTL_ENABLE | CTL_ISTATUS);
	assert_true(gtimer_pending(GTIMER_EL2_PHYSICAL));
}

static void test_ticks_from_ns_at_common_frequencies(void **state)
{
	(void)state;
	/* 62.5 MHz (QEMU virt): 16 ns a tick. */
	assert_int_equal(gtimer_ticks_from_ns(62500000, 1000000000), 62500000);
	assert_int_equal(gtimer_ticks_from_ns(62500000, 16), 1);
	assert_int_equal(gtimer_ticks_from_ns(62500000, 1600), 100);
	/* 24 MHz (many SoCs): 1 us is exactly 24 ticks. */
	assert_int_equal(gtimer_ticks_from_ns(24000000, 1000), 24);
	assert_int_equal(gtimer_ticks_from_ns(24000000, 1000000000), 24000000);
	/* 1 GHz (Armv8.6+ mandates it): ticks are nanoseconds. */
	assert_int_equal(gtimer_ticks_from_ns(1000000000, 123456789), 123456789);
	/* 19.2 MHz: 1 ms is 19200 ticks. */
	assert_int_equal(gtimer_ticks_from_ns(19200000, 1000000), 19200);
	assert_int_equal(gtimer_ticks_from_ns(62500000, 0), 0);
}

static void test_ticks_round_up_so_waits_are_never_short(void **state)
{
	(void)state;
	assert_int_equal(gtimer_ticks_from_ns(62500000, 1), 1);
	assert_int_equal(gtimer_ticks_from_ns(62500000, 17), 2);
	/* 24 MHz: 100 ns is 2.4 ticks. */
	assert_int_equal(gtimer_ticks_from_ns(24000000, 100), 3);
}

static void test_ns_from_ticks_round_down(void **state)
{
	(void)state;
	assert_int_equal(gtimer_ns_from_ticks(62500000, 1), 16);
	assert_int_equal(gtimer_ns_from_ticks(62500000, 62500000), 1000000000);
	assert_int_equal(gtimer_ns_from_ticks(24000000, 1), 41); /* 41.67 */
	assert_int_equal(gtimer_ns_from_ticks(24000000, 3), 125);
	assert_int_equal(gtimer_ns_from_ticks(1000000000, 987654321), 987654321);
	assert_int_equal(gtimer_ns_from_ticks(62500000, 0), 0);
}

static void test_conversions_do_not_overflow_over_hours(void **state)
{
	(void)state;
	/* ns * 1 GHz overflows 64 bits after about 5 hours; these must still be exact. */
	static const uint64_t frequencies[] = {24000000, 62500000, 1000000000, 0xffffffffull};
	for (size_t i = 0; i < ARRAY_LENGTH(frequencies); i++) {
		uint64_t f = frequencies[i];

		for (uint64_t hours = 1; hours <= 1000; hours *= 10) {
			uint64_t ticks = gtimer_ticks_from_ns(f, hours * HOUR_NS);

			assert_int_equal(ticks, f * 3600 * hours);
			assert_int_equal(gtimer_ns_from_ticks(f, ticks), hours * HOUR_NS);
		}
	}
	/* A year at 1 GHz: 3.15e16 ticks; ns * f would be 3.15e25. */
	uint64_t year_ns = 365ull * 24 * HOUR_NS;
	assert_int_equal(gtimer_ticks_from_ns(1000000000, year_ns), year_ns);
	/* A full 64-bit counter at 62.5 MHz: 2^64 * 16 ns does not fit, so it saturates. */
	assert_int_equal(gtimer_ns_from_ticks(62500000, UINT64_MAX), UINT64_MAX);
	assert_int_equal(gtimer_ns_from_ticks(62500000, UINT64_MAX / 16), (UINT64_MAX / 16) * 16);
	/* The largest nanosecond count at 24 MHz: 4.4e17 ticks, rounded up. */
	assert_int_equal(gtimer_ticks_from_ns(24000000, UINT64_MAX), 442721857769029239ull);
	/* More ticks than fit: saturate rather than wrap. */
	assert_int_equal(gtimer_ticks_from_ns(UINT64_MAX, UINT64_MAX), UINT64_MAX);
	/*
	 * A divisor above 2^63: the long division's running remainder passes 64 bits. (2^64 - 2) *
	 * 10^9 / (2^64 - 1) is 10^9 less a fraction.
	 */
	assert_int_equal(gtimer_ns_from_ticks(UINT64_MAX, UINT64_MAX), 1000000000);
	assert_int_equal(gtimer_ns_from_ticks(UINT64_MAX, UINT64_MAX - 1), 999999999);
}

static void test_zero_frequency_gives_zero(void **state)
{
	(void)state;
	assert_int_equal(gtimer_ticks_from_ns(0, HOUR_NS), 0);
	assert_int_equal(gtimer_ns_from_ticks(0, 12345), 0);
}

/* A counter that advances 7 ticks per read, as a running clock would between reads. */
static uint64_t moving_counter_value;
static unsigned moving_counter_reads;
static uint64_t moving_counter(void)
{
	moving_counter_reads++;
	moving_counter_value += 7;
	return moving_counter_value;
}

static void test_delay_waits_at_least_the_requested_ticks(void **state)
{
	(void)state;
	cpu_fake_set(cntfrq_el0, 62500000);
	moving_counter_value = 1000;
	moving_counter_reads = 0;
	cpu_fake_on_read("cntpct_el0", moving_counter);

	/* 10 us at 62.5 MHz = 625 ticks. */
	gtimer_delay_us(10);
	uint64_t start = 1000 + 7;
	assert_true(moving_counter_value - start >= 625);
	/* ...and not much more: it stops on the first read past the deadline. */
	assert_true(moving_counter_value - start < 625 + 7);
	assert_int_equal(moving_counter_reads, 1 + (625 + 6) / 7);
}

static void test_delay_survives_counter_wrap(void **state)
{
	(void)state;
	cpu_fake_set(cntfrq_el0, 24000000);
	moving_counter_value = UINT64_MAX - 20;
	moving_counter_reads = 0;
	cpu_fake_on_read("cntpct_el0", moving_counter);

	gtimer_delay_us(1); /* 24 ticks */
	assert_int_equal(moving_counter_reads, 1 + (24 + 6) / 7);
}

static void test_delay_zero_and_unprogrammed_frequency_return_at_once(void **state)
{
	(void)state;
	moving_counter_value = 0;
	moving_counter_reads = 0;
	cpu_fake_on_read("cntpct_el0", moving_counter);
	cpu_fake_set(cntfrq_el0, 62500000);
	gtimer_delay_us(0);
	assert_int_equal(moving_counter_reads, 2);

	cpu_fake_set(cntfrq_el0, 0);
	moving_counter_reads = 0;
	gtimer_delay_us(1000000);
	assert_int_equal(moving_counter_reads, 2);
}

int main(void)
{
#define GTIMER_TEST(fn) cmocka_unit_test_setup(fn, reset_fakes)
	const struct CMUnitTest tests[] = {
		GTIMER_TEST(test_frequency_reads_cntfrq_low_32_bits),
		GTIMER_TEST(test_counters_read_their_own_register),
		GTIMER_TEST(test_arm_at_programs_each_kind),
		GTIMER_TEST(test_invalid_kind_touches_nothing),
		GTIMER_TEST(test_arm_after_counts_from_the_timers_own_counter),
		GTIMER_TEST(test_arm_after_saturates_instead_of_wrapping),
		GTIMER_TEST(test_disable_clears_enable),
		GTIMER_TEST(test_pending_needs_istatus_and_enable),
		GTIMER_TEST(test_ticks_from_ns_at_common_frequencies),
		GTIMER_TEST(test_ticks_round_up_so_waits_are_never_short),
		GTIMER_TEST(test_ns_from_ticks_round_down),
		GTIMER_TEST(test_conversions_do_not_overflow_over_hours),
		GTIMER_TEST(test_zero_frequency_gives_zero),
		GTIMER_TEST(test_delay_waits_at_least_the_requested_ticks),
		GTIMER_TEST(test_delay_survives_counter_wrap),
		GTIMER_TEST(test_delay_zero_and_unprogrammed_frequency_return_at_once),
	};
	return cmocka_run_group_tests_name("gtimer", tests, NULL, NULL);
}
