/* SPDX-License-Identifier: Apache-2.0 */
/* hc_dispatch (decoding, routing, capability checks) and the caps group behind it. */
#include "array_length.h"
#include "caps_test.h"

#define TEST_GROUP 7
#define RAM_BASE   0x80000000u
#define RAM_SIZE   0x100000u

static unsigned handler_runs;
static struct hc_call last_call;

static enum cap_status counting_handler(struct hc_call *call)
{
	handler_runs++;
	last_call = *call;
	call->registers->x[1] = 0x1234;
	return CAP_OK;
}

/* Needs x1: memory with READ|WRITE, x3: anything, x5: a partition with CONTROL. */
static const struct hc_function test_functions[] = {
	{ "checked",
	  counting_handler,
	  3,
	  { { 1, CAP_TYPE_MEMORY, CAP_RIGHT_READ | CAP_RIGHT_WRITE },
	    { 3, CAP_TYPE_NULL, 0 },
	    { 5, CAP_TYPE_PARTITION, CAP_RIGHT_CONTROL } } },
	{ "no handler", NULL, 0, { { 0, 0, 0 } } },
	{ "too many caps", counting_handler, HC_MAX_CAP_ARGUMENTS + 1, { { 1, 0, 0 } } },
	{ "x0 as selector", counting_handler, 1, { { 0, CAP_TYPE_NULL, 0 } } },
	{ "x8 as selector", counting_handler, 1, { { HC_ARGUMENTS + 1, CAP_TYPE_NULL, 0 } } },
	{ "unchecked", counting_handler, 0, { { 0, 0, 0 } } },
};

static const struct hc_group test_group = {
	.name = "test",
	.number = TEST_GROUP,
	.function_count = ARRAY_LENGTH(test_functions),
	.functions = test_functions,
};

static const struct hc_group empty_group = { .name = "empty", .number = 9, .function_count = 3 };

static const struct hc_group *const groups[] = { &hc_caps_group, NULL, &empty_group, &test_group };
static const struct hc_table table = { .groups = groups, .group_count = 4 };

struct fixture {
	struct cap_system *system;
	cap_selector ram, partition, console;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->system = new_system();
	assert_status(space_create(f->system, 0), CAP_OK);
	assert_status(space_create(f->system, 1), CAP_OK);
	assert_status(cap_create(f->system, 0, CAP_TYPE_MEMORY, RAM_BASE, RAM_SIZE, CAP_RIGHTS_ALL,
				 &f->ram),
		      CAP_OK);
	assert_status(
		cap_create(f->system, 0, CAP_TYPE_PARTITION, 1, 0, CAP_RIGHTS_ALL, &f->partition),
		CAP_OK);
	assert_status(
		cap_create(f->system, 0, CAP_TYPE_CONSOLE, 0, 0, CAP_RIGHT_WRITE, &f->console),
		CAP_OK);
	handler_runs = 0;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	assert_consistent(f->system);
	free(f->system);
	free(f);
	return 0;
}

static struct hc_registers call_registers(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3,
					  uint64_t x4, uint64_t x5)
{
	struct hc_registers registers = { { x0, x1, x2, x3, x4, x5, 0x66, 0x77 } };
	return registers;
}

/* Dispatches and checks the status in both the return value and x0, sign-extended. */
static enum cap_status dispatch(struct fixture *f, uint16_t space, struct hc_registers *registers)
{
	enum cap_status status = hc_dispatch(&table, f->system, space, registers, f);
	assert_int_equal(registers->x[0], (uint64_t)(int64_t)status);
	return status;
}

static void test_ids_are_encoded_as_smccc_vendor_hypervisor_calls(void **state)
{
	(void)state;
	assert_int_equal(HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), 0xc6000104u);
	assert_int_equal(HC_ID(0, 0), 0xc6000000u);
	assert_int_equal(HC_ID(0xff, 0xff), 0xc600ffffu);
	assert_int_equal(HC_ID(0x1ff, 0x1ff) & HC_ID_FIXED_MASK, HC_ID_BASE);
}

static void test_bad_ids_are_not_supported(void **state)
{
	struct fixture *f = *state;
	struct cap_system *before = copy_system(f->system);
	const uint64_t good = HC_ID(TEST_GROUP, 5);
	const uint64_t bad[] = {
		good | (1ull << 32),
		good | (1ull << 63),
		good | 0xffffffff00000000ull,
		good ^ 0x80000000u,	       /* a yielding call */
		good ^ 0x40000000u,	       /* SMC32 */
		0x84000000u | (good & 0xffff), /* standard service range */
		0xc5000000u | (good & 0xffff), /* another owning entity */
		0xc6010000u | (good & 0xffff), /* the reserved bits 23:16 */
		HC_ID(3, 0),		       /* no such group */
		HC_ID(9, 0),		       /* a group without functions array */
		HC_ID(255, 255),
		HC_ID(HC_GROUP_CAPS, HC_CAP_INFO + 1), /* past the group's functions */
		HC_ID(HC_GROUP_CAPS, 255),
		HC_ID(TEST_GROUP, 1), /* no handler */
		HC_ID(TEST_GROUP, 2), /* a malformed entry: more capabilities than fit */
		HC_ID(TEST_GROUP, 3), /* a malformed entry: x0 as a selector */
		HC_ID(TEST_GROUP, 4), /* a malformed entry: x8 */
		HC_ID(TEST_GROUP, ARRAY_LENGTH(test_functions)),
		0,
		UINT64_MAX,
		UINT32_MAX,
	};
	for (size_t i = 0; i < ARRAY_LENGTH(bad); i++) {
		struct hc_registers registers = call_registers(bad[i], 0, 1, 0, 0, 0);
		assert_status(dispatch(f, 0, &registers), CAP_NOT_SUPPORTED);
		assert_int_equal(registers.x[0], (uint64_t)-1);
		assert_int_equal(registers.x[1], 0);
		assert_int_equal(registers.x[7], 0x77);
	}
	assert_int_equal(handler_runs, 0);

	struct hc_registers registers = call_registers(good, 0, 0, 0, 0, 0);
	assert_status(dispatch(f, 0, &registers), CAP_OK);
	assert_int_equal(handler_runs, 1);
	assert_ptr_equal(last_call.context, f);
	assert_ptr_equal(last_call.system, f->system);
	assert_int_equal(registers.x[1], 0x1234);

	/* Tables without groups. */
	const struct hc_table empty = { .groups = NULL, .group_count = 5 };
	registers.x[0] = good;
	assert_status(hc_dispatch(&empty, f->system, 0, &registers, NULL), CAP_NOT_SUPPORTED);
	const struct hc_table none = { .groups = groups, .group_count = 0 };
	registers.x[0] = good;
	assert_status(hc_dispatch(&none, f->system, 0, &registers, NULL), CAP_NOT_SUPPORTED);
	registers.x[0] = good;
	assert_status(hc_dispatch(NULL, f->system, 0, &registers, NULL), CAP_NOT_SUPPORTED);
	assert_int_equal(handler_runs, 1);
	assert_unchanged(f->system, before);
	free(before);
}

static void test_handler_runs_only_when_every_capability_checks(void **state)
{
	struct fixture *f = *state;
	cap_selector read_only, no_control, irq;
	assert_status(cap_derive(f->system, 0, f->ram, CAP_RIGHT_READ, 0, 0, &read_only), CAP_OK);
	assert_status(cap_derive(f->system, 0, f->partition, CAP_RIGHTS_ALL & ~CAP_RIGHT_CONTROL, 0,
				 0, &no_control),
		      CAP_OK);
	assert_status(cap_create(f->system, 0, CAP_TYPE_IRQ, 40, 0, CAP_RIGHTS_ALL, &irq), CAP_OK);
	const uint64_t id = HC_ID(TEST_GROUP, 0);
	const struct {
		uint64_t x1, x3, x5;
		enum cap_status expected;
	} cases[] = {
		{ f->ram, f->console, f->partition, CAP_OK },
		{ f->ram, f->ram, f->partition, CAP_OK },
		/* x1 */
		{ read_only, f->console, f->partition, CAP_DENIED },
		{ irq, f->console, f->partition, CAP_INVALID_CAP },
		{ f->partition, f->console, f->partition, CAP_INVALID_CAP },
		{ SLOTS - 1, f->console, f->partition, CAP_INVALID_CAP },
		{ SLOTS, f->console, f->partition, CAP_INVALID_CAP },
		{ UINT32_MAX, f->console, f->partition, CAP_INVALID_CAP },
		{ (1ull << 32) | f->ram, f->console, f->partition, CAP_INVALID_CAP },
		{ UINT64_MAX, f->console, f->partition, CAP_INVALID_CAP },
		/* x3 */
		{ f->ram, SLOTS - 1, f->partition, CAP_INVALID_CAP },
		{ f->ram, (1ull << 40) | f->console, f->partition, CAP_INVALID_CAP },
		/* x5 */
		{ f->ram, f->console, no_control, CAP_DENIED },
		{ f->ram, f->console, f->ram, CAP_INVALID_CAP },
		{ f->ram, f->console, 0x100000000ull | f->partition, CAP_INVALID_CAP },
		/* the first failing check decides */
		{ read_only, SLOTS - 1, f->ram, CAP_DENIED },
		{ irq, f->console, no_control, CAP_INVALID_CAP },
	};
	unsigned expected_runs = 0;
	for (size_t i = 0; i < ARRAY_LENGTH(cases); i++) {
		struct hc_registers registers =
			call_registers(id, cases[i].x1, 0x22, cases[i].x3, 0x44, cases[i].x5);
		assert_status(dispatch(f, 0, &registers), cases[i].expected);
		if (cases[i].expected == CAP_OK) {
			expected_runs++;
			assert_ptr_equal(last_call.caps[0],
					 cap_at(f->system, slot_index(f->system, 0, f->ram)));
			assert_ptr_equal(last_call.caps[2],
					 cap_at(f->system, slot_index(f->system, 0, f->partition)));
			assert_int_equal(last_call.caps[1]->slot, cases[i].x3);
		} else {
			assert_int_equal(registers.x[1], cases[i].x1);
		}
		assert_int_equal(handler_runs, expected_runs);
	}
	/* Space 1 holds nothing: the same selectors reach nothing there. */
	struct hc_registers registers = call_registers(id, f->ram, 0, f->console, 0, f->partition);
	assert_status(dispatch(f, 1, &registers), CAP_INVALID_CAP);
	registers.x[0] = id; /* x0 now holds the status */
	assert_status(dispatch(f, SPACES, &registers), CAP_INVALID_CAP);
	assert_int_equal(handler_runs, expected_runs);
}

/*
 * One call made ready once and run again and again, as the kernel's fast path runs a vCPU's: each
 * run checks afresh and leaves the call unlocked with no capability in it, whether the check
 * passed, failed, or the function takes none.
 */
static void test_a_ready_call_runs_again_and_again(void **state)
{
	struct fixture *f = *state;
	const struct hc_function *checked = hc_find_function(&table, HC_ID(TEST_GROUP, 0));
	const struct hc_function *unchecked = hc_find_function(&table, HC_ID(TEST_GROUP, 5));
	struct hc_registers registers = call_registers(0, f->ram, 0, f->console, 0, f->partition);
	struct hc_call call;
	const struct {
		const struct hc_function *function;
		cap_selector x1;
		enum cap_status expected;
	} runs[] = {
		{ checked, f->ram, CAP_OK },
		{ unchecked, f->ram, CAP_OK },
		{ checked, f->console, CAP_INVALID_CAP },
		{ checked, f->ram, CAP_OK },
	};

	assert_non_null(checked);
	assert_non_null(unchecked);
	hc_call_init(&call, f->system, 0, &registers, f);
	for (size_t i = 0; i < ARRAY_LENGTH(runs); i++) {
		registers.x[1] = runs[i].x1;
		assert_status(hc_run(&call, runs[i].function), runs[i].expected);
		assert_false(call.locked);
		for (unsigned c = 0; c < HC_MAX_CAP_ARGUMENTS; c++)
			assert_null(call.caps[c]);
		assert_false(spin_is_locked(&f->system->lock));
		assert_ptr_equal(call.registers, &registers);
		assert_ptr_equal(call.context, f);
	}
	assert_int_equal(handler_runs, 3);
}

static void test_hc_derive_and_info(void **state)
{
	struct fixture *f = *state;
	struct hc_registers registers = call_registers(HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), f->ram,
						       CAP_RIGHT_READ, 0x1000, 0x2000, 0);
	assert_status(dispatch(f, 0, &registers), CAP_OK);
	cap_selector child = (cap_selector)registers.x[1];
	assert_int_equal(child, 3);

	registers = call_registers(HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), child, 9, 9, 9, 9);
	assert_status(dispatch(f, 0, &registers), CAP_OK);
	assert_int_equal(registers.x[1], CAP_TYPE_MEMORY);
	assert_int_equal(registers.x[2], CAP_RIGHT_READ);
	assert_int_equal(registers.x[3], RAM_BASE + 0x1000);
	assert_int_equal(registers.x[4], 0x2000);
	assert_int_equal(registers.x[5], 1);

	struct cap_system *before = copy_system(f->system);
	const struct {
		uint64_t x1, x2, x3, x4;
		enum cap_status expected;
	} bad[] = {
		{ f->ram, 1ull << 32 | CAP_RIGHT_READ, 0, 0, CAP_INVALID_ARGUMENT },
		{ f->ram, 1ull << 5, 0, 0, CAP_INVALID_ARGUMENT },
		{ f->ram, UINT64_MAX, 0, 0, CAP_INVALID_ARGUMENT },
		{ f->ram, 0, UINT64_MAX, 1, CAP_INVALID_ARGUMENT },
		{ f->ram, 0, 1ull << 63, 1ull << 63, CAP_INVALID_ARGUMENT },
		{ f->ram, 0, RAM_SIZE, 1, CAP_INVALID_ARGUMENT },
		{ child, CAP_RIGHT_WRITE, 0, 0, CAP_INVALID_ARGUMENT },
		{ f->console, 0, 0, 1, CAP_INVALID_ARGUMENT },
		{ 1ull << 32 | f->ram, 0, 0, 0, CAP_INVALID_CAP },
		{ 4, 0, 0, 0, CAP_INVALID_CAP },
	};
	for (size_t i = 0; i < ARRAY_LENGTH(bad); i++) {
		registers = call_registers(HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), bad[i].x1,
					   bad[i].x2, bad[i].x3, bad[i].x4, 0);
		assert_status(dispatch(f, 0, &registers), bad[i].expected);
		assert_int_equal(registers.x[1], bad[i].x1);
	}
	for (uint64_t selector = 4; selector <= SLOTS + 1; selector++) {
		registers = call_registers(HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), selector, 0, 0, 0, 0);
		assert_status(dispatch(f, 0, &registers), CAP_INVALID_CAP);
	}
	registers =
		call_registers(HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), 1ull << 32 | child, 0, 0, 0, 0);
	assert_status(dispatch(f, 0, &registers), CAP_INVALID_CAP);
	assert_unchanged(f->system, before);
	free(before);
}

static void test_hc_delegate(void **state)
{
	struct fixture *f = *state;
	cap_selector no_grant;
	assert_status(cap_derive(f->system, 0, f->ram, CAP_RIGHT_READ, 0, 0, &no_grant), CAP_OK);
	struct hc_registers registers = call_registers(HC_ID(HC_GROUP_CAPS, HC_CAP_DELEGATE),
						       f->ram, f->partition, CAP_RIGHT_READ, 0, 0);
	assert_status(dispatch(f, 0, &registers), CAP_OK);
	assert_int_equal(registers.x[1], 0);
	struct cap_info info;
	assert_status(cap_info(f->system, 1, 0, &info), CAP_OK);
	assert_int_equal(info.rights, CAP_RIGHT_READ);

	struct cap_system *before = copy_system(f->system);
	const struct {
		uint64_t x1, x2, x3;
		enum cap_status expected;
	} bad[] = {
		{ no_grant, f->partition, 0, CAP_DENIED },
		{ f->ram, f->console, 0, CAP_INVALID_CAP },
		{ f->ram, 1ull << 32 | f->partition, 0, CAP_INVALID_CAP },
		{ 1ull << 32 | f->ram, f->partition, 0, CAP_INVALID_CAP },
		{ f->ram, f->partition, 1ull << 32, CAP_INVALID_ARGUMENT },
		{ f->ram, f->partition, 0x20, CAP_INVALID_ARGUMENT },
	};
	for (size_t i = 0; i < ARRAY_LENGTH(bad); i++) {
		registers = call_registers(HC_ID(HC_GROUP_CAPS, HC_CAP_DELEGATE), bad[i].x1,
					   bad[i].x2, bad[i].x3, 0, 0);
		assert_status(dispatch(f, 0, &registers), bad[i].expected);
	}
	/* Space 1 has no partition capability to delegate with. */
	registers = call_registers(HC_ID(HC_GROUP_CAPS, HC_CAP_DELEGATE), 0, 0, 0, 0, 0);
	assert_status(dispatch(f, 1, &registers), CAP_DENIED);
	assert_unchanged(f->system, before);
	free(before);
}

/* Revoke and delete by hypercall remove CONFIG_CAPS_REVOKE_BUDGET capabilities per call. */
static void test_hc_revoke_and_delete_are_preemptible(void **state)
{
	struct fixture *f = *state;
	struct cap_system *system = f->system;
	cap_selector child;
	assert_status(cap_derive(system, 0, f->ram, CAP_RIGHTS_ALL, 0, 0, &child), CAP_OK);
	/* As many descendants as fit, up to two budgets and a bit. */
	unsigned descendants = 0, wanted = 2 * CONFIG_CAPS_REVOKE_BUDGET + 1;
	while (descendants < wanted) {
		enum cap_status status =
			descendants % 2 ? cap_derive(system, 0, child, 0, 0, 0, NULL)
					: cap_delegate(system, 0, child, f->partition, 0, NULL);
		if (status == CAP_NO_MEMORY)
			break;
		assert_status(status, CAP_OK);
		descendants++;
	}
	unsigned calls = 0;
	enum cap_status status;
	do {
		struct hc_registers registers =
			call_registers(HC_ID(HC_GROUP_CAPS, HC_CAP_REVOKE), child, 0, 0, 0, 0);
		status = dispatch(f, 0, &registers);
		calls++;
		assert_consistent(system);
	} while (status == CAP_PREEMPTED);
	assert_status(status, CAP_OK);
	assert_int_equal(calls,
			 (descendants + CONFIG_CAPS_REVOKE_BUDGET - 1) / CONFIG_CAPS_REVOKE_BUDGET);

	for (unsigned i = 0; i < CONFIG_CAPS_REVOKE_BUDGET && i < SLOTS - 4; i++)
		assert_status(cap_derive(system, 0, child, 0, 0, 0, NULL), CAP_OK);
	calls = 0;
	do {
		struct hc_registers registers =
			call_registers(HC_ID(HC_GROUP_CAPS, HC_CAP_DELETE), child, 0, 0, 0, 0);
		status = dispatch(f, 0, &registers);
		calls++;
	} while (status == CAP_PREEMPTED);
	assert_status(status, CAP_OK);
	unsigned removed =
		(CONFIG_CAPS_REVOKE_BUDGET < SLOTS - 4 ? CONFIG_CAPS_REVOKE_BUDGET : SLOTS - 4) + 1;
	assert_int_equal(calls,
			 (removed + CONFIG_CAPS_REVOKE_BUDGET - 1) / CONFIG_CAPS_REVOKE_BUDGET);
	assert_status(cap_info(system, 0, child, NULL), CAP_INVALID_CAP);

	struct hc_registers registers =
		call_registers(HC_ID(HC_GROUP_CAPS, HC_CAP_DELETE), child, 0, 0, 0, 0);
	assert_status(dispatch(f, 0, &registers), CAP_INVALID_CAP);
	registers = call_registers(HC_ID(HC_GROUP_CAPS, HC_CAP_REVOKE), UINT64_MAX, 0, 0, 0, 0);
	assert_status(dispatch(f, 0, &registers), CAP_INVALID_CAP);
	registers = call_registers(HC_ID(HC_GROUP_CAPS, HC_CAP_DELETE), 1ull << 32 | f->ram, 0, 0,
				   0, 0);
	assert_status(dispatch(f, 0, &registers), CAP_INVALID_CAP);
	assert_status(cap_info(system, 0, f->ram, NULL), CAP_OK);
}

int run_hypercall_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_are_encoded_as_smccc_vendor_hypervisor_calls),
		cmocka_unit_test_setup_teardown(test_bad_ids_are_not_supported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_handler_runs_only_when_every_capability_checks,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_ready_call_runs_again_and_again, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hc_derive_and_info, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hc_delegate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hc_revoke_and_delete_are_preemptible, setup,
						teardown),
	};
	return cmocka_run_group_tests_name("caps: hypercalls", tests, NULL, NULL);
}
