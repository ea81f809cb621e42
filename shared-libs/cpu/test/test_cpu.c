/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "cpu.h"

static int reset_fakes(void **state)
{
	(void)state;
	cpu_fake_reset();
	return 0;
}

static void test_sysreg_write_is_read_back(void **state)
{
	(void)state;
	sysreg_write(vbar_el2, 0x40201000);
	assert_int_equal(sysreg_read(vbar_el2), 0x40201000);
	assert_int_equal(cpu_fake_write_count("vbar_el2"), 1);
}

static void test_unwritten_sysreg_reads_zero(void **state)
{
	(void)state;
	assert_int_equal(sysreg_read(cntfrq_el0), 0);
	assert_int_equal(cpu_fake_write_count("cntfrq_el0"), 0);
}

static void test_mpidr_affinity_drops_non_affinity_bits(void **state)
{
	(void)state;
	/* Bit 31 is RES1 and bit 24 (MT) is not affinity; Aff3 sits at bits 39:32. */
	cpu_fake_set(mpidr_el1, (1ULL << 31) | (1ULL << 24) | (0x12ULL << 32) | 0x030201);
	assert_int_equal(cpu_mpidr_affinity(), (0x12ULL << 32) | 0x030201);
}

static uint64_t ticking_counter(void)
{
	static uint64_t ticks;
	return ++ticks;
}

static void test_read_hook_models_changing_register(void **state)
{
	(void)state;
	cpu_fake_on_read("cntpct_el0", ticking_counter);
	uint64_t first = sysreg_read(cntpct_el0);
	assert_true(sysreg_read(cntpct_el0) > first);
}

static void test_mmio_accessors_hit_exact_width(void **state)
{
	(void)state;
	uint64_t frame[2] = {0, 0};

	mmio_write32((uintptr_t)&frame[0], 0xdeadbeef);
	mmio_write64((uintptr_t)&frame[1], 0x0123456789abcdefULL);
	assert_int_equal(frame[0], 0xdeadbeef);
	assert_int_equal(mmio_read32((uintptr_t)&frame[0]), 0xdeadbeef);
	assert_int_equal(mmio_read64((uintptr_t)&frame[1]), 0x0123456789abcdefULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_sysreg_write_is_read_back, reset_fakes),
		cmocka_unit_test_setup(test_unwritten_sysreg_reads_zero, reset_fakes),
		cmocka_unit_test_setup(test_mpidr_affinity_drops_non_affinity_bits, reset_fakes),
		cmocka_unit_test_setup(test_read_hook_models_changing_register, reset_fakes),
		cmocka_unit_test_setup(test_mmio_accessors_hit_exact_width, reset_fakes),
	};
	return cmocka_run_group_tests_name("cpu", tests, NULL, NULL);
}
