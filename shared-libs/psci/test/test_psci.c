/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "psci.h"
#include "../host/conduit_fake.h"

static int reset_firmware(void **state)
{
	(void)state;
	psci_fake_last_call = (struct psci_fake_call){0};
	psci_fake_result = 0;
	psci_fake_calls = 0;
	psci_init(PSCI_CONDUIT_SMC);
	return 0;
}

static void test_cpu_on_passes_mpidr_entry_and_context_in_order(void **state)
{
	(void)state;
	assert_int_equal(psci_cpu_on(0x0102, 0x40201000, 3), PSCI_SUCCESS);
	assert_int_equal(psci_fake_last_call.conduit, PSCI_CONDUIT_SMC);
	assert_int_equal(psci_fake_last_call.function, PSCI_FN_CPU_ON);
	assert_int_equal(psci_fake_last_call.args[0], 0x0102);
	assert_int_equal(psci_fake_last_call.args[1], 0x40201000);
	assert_int_equal(psci_fake_last_call.args[2], 3);
}

static void test_negative_status_comes_back_from_32_bit_w0(void **state)
{
	(void)state;
	/* Firmware may leave the upper half of x0 as zero: only w0 is the status. */
	psci_fake_result = 0x00000000fffffffcULL;
	assert_int_equal(psci_cpu_on(1, 0, 0), PSCI_ALREADY_ON);
}

static void test_hvc_conduit_is_used_when_chosen(void **state)
{
	(void)state;
	psci_init(PSCI_CONDUIT_HVC);
	psci_system_off();
	assert_int_equal(psci_fake_last_call.conduit, PSCI_CONDUIT_HVC);
	assert_int_equal(psci_fake_last_call.function, PSCI_FN_SYSTEM_OFF);
}

static void test_no_conduit_makes_no_call(void **state)
{
	(void)state;
	psci_init(PSCI_CONDUIT_NONE);
	assert_int_equal(psci_system_off(), PSCI_NOT_SUPPORTED);
	assert_int_equal(psci_version(), 0);
	assert_int_equal(psci_fake_calls, 0);
}

static void test_version_and_power_function_ids(void **state)
{
	(void)state;
	psci_fake_result = 0x10001;
	assert_int_equal(psci_version(), 0x10001);
	assert_int_equal(psci_fake_last_call.function, PSCI_FN_VERSION);
	psci_cpu_off();
	assert_int_equal(psci_fake_last_call.function, PSCI_FN_CPU_OFF);
	psci_system_reset();
	assert_int_equal(psci_fake_last_call.function, PSCI_FN_SYSTEM_RESET);
}

static void test_status_names(void **state)
{
	(void)state;
	assert_string_equal(psci_status_name(PSCI_SUCCESS), "SUCCESS");
	assert_string_equal(psci_status_name(PSCI_ALREADY_ON), "ALREADY_ON");
	assert_string_equal(psci_status_name(PSCI_INVALID_ADDRESS), "INVALID_ADDRESS");
	assert_string_equal(psci_status_name((enum psci_status)-10), "UNKNOWN");
	assert_string_equal(psci_status_name((enum psci_status)1), "UNKNOWN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_cpu_on_passes_mpidr_entry_and_context_in_order,
				       reset_firmware),
		cmocka_unit_test_setup(test_negative_status_comes_back_from_32_bit_w0, reset_firmware),
		cmocka_unit_test_setup(test_hvc_conduit_is_used_when_chosen, reset_firmware),
		cmocka_unit_test_setup(test_no_conduit_makes_no_call, reset_firmware),
		cmocka_unit_test_setup(test_version_and_power_function_ids, reset_firmware),
		cmocka_unit_test_setup(test_status_names, reset_firmware),
	};
	return cmocka_run_group_tests_name("psci", tests, NULL, NULL);
}
