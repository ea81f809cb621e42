/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer harness for the hostile-input boundary: the input becomes hypercall registers (x0
 * mostly a valid id, to get past decoding and deep into the handlers) and the caller's space,
 * dispatched one after another on a fresh system through a table with the caps group and a probe
 * group whose handler checks that it only ever sees capabilities that passed their checks.
 */
#include "array_length.h"
#include "fuzz_common.h"

#define PROBE_GROUP 0x42

static struct fuzz_system state, snapshot;
#define fuzzed (state.system)
static uint16_t calling_space;

static void expect(bool condition, const char *what)
{
	if (!condition)
		fuzz_fail(what);
}

static const struct hc_function probe_functions[];

/* Every declared capability must be the one the selector names, of the type, with the rights. */
static enum cap_status probe_handler(struct hc_call *call)
{
	uint64_t id = call->registers->x[0];
	const struct hc_function *function = &probe_functions[id & 0xff];
	for (unsigned i = 0; i < function->cap_count; i++) {
		const struct hc_cap_requirement *need = &function->caps[i];
		uint64_t selector = call->registers->x[need->argument];
		const struct capability *c = call->caps[i];
		expect(call->space == calling_space, "probe: wrong space");
		expect(selector < CONFIG_CAPS_SLOTS_PER_SPACE, "probe: unchecked selector");
		expect(c == &fuzzed.spaces[call->space]->slots[selector],
		       "probe: wrong capability");
		expect(need->type == CAP_TYPE_NULL || c->type == need->type, "probe: wrong type");
		expect((c->rights & need->rights) == need->rights, "probe: missing rights");
	}
	return CAP_OK;
}

static const struct hc_function probe_functions[] = {
	{ "none", probe_handler, 0, { { 0, 0, 0 } } },
	{ "memory rw",
	  probe_handler,
	  1,
	  { { 1, CAP_TYPE_MEMORY, CAP_RIGHT_READ | CAP_RIGHT_WRITE } } },
	{ "three",
	  probe_handler,
	  3,
	  { { 7, CAP_TYPE_NULL, CAP_RIGHT_CONTROL },
	    { 2, CAP_TYPE_PARTITION, CAP_RIGHT_GRANT },
	    { 2, CAP_TYPE_NULL, 0 } } },
	{ "no handler", NULL, 0, { { 0, 0, 0 } } },
};

static const struct hc_group probe_group = {
	.name = "probe",
	.number = PROBE_GROUP,
	.function_count = ARRAY_LENGTH(probe_functions),
	.functions = probe_functions,
};

static const struct hc_group *const groups[] = { &probe_group, &hc_caps_group };
static const struct hc_table table = { .groups = groups, .group_count = 2 };

static uint64_t take_id(struct fuzz_input *in)
{
	uint8_t tag = take8(in);
	if (tag < 200)
		return HC_ID(HC_GROUP_CAPS, tag % (HC_CAP_INFO + 2));
	if (tag < 220)
		return HC_ID(PROBE_GROUP, tag % 5);
	if (tag < 240)
		return HC_ID(take8(in), take8(in));
	return take_bytes(in, 8);
}

static uint64_t take_argument(struct fuzz_input *in)
{
	uint8_t tag = take8(in);
	if (tag < 0xc0)
		return tag %
		       (CONFIG_CAPS_SLOTS_PER_SPACE + 2); /* selectors, rights, small values */
	if (tag < 0xe0)
		return take_value(in);
	return take_selector(in, true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	fuzz_setup(&state);
	for (unsigned n = 0; in.size > 0 && n < FUZZ_MAX_OPERATIONS; n++) {
		struct hc_registers registers, entry;
		calling_space = take_space(&in);
		registers.x[0] = take_id(&in);
		for (unsigned i = 1; i <= HC_ARGUMENTS; i++)
			registers.x[i] = take_argument(&in);
		entry = registers;
		memcpy(&snapshot, &state, sizeof(state));

		enum cap_status status =
			hc_dispatch(&table, &fuzzed, calling_space, &registers, NULL);
		expect(known_status(status), "unknown status");
		expect(registers.x[0] == (uint64_t)(int64_t)status, "x0 is not the status");
		expect(!spin_is_locked(&fuzzed.lock), "hc_dispatch kept the capability lock");
		/* Its tickets count the calls that took it; nothing else may change. */
		snapshot.system.lock = fuzzed.lock;
		if (status < 0) {
			expect(memcmp(&snapshot, &state, sizeof(state)) == 0,
			       "a failed hypercall changed the system");
			expect(memcmp(&entry.x[1], &registers.x[1],
				      HC_ARGUMENTS * sizeof(uint64_t)) == 0,
			       "a failed hypercall changed x1..x7");
		}
		if (entry.x[0] > UINT32_MAX || (entry.x[0] & HC_ID_FIXED_MASK) != HC_ID_BASE)
			expect(status == CAP_NOT_SUPPORTED, "a malformed id was accepted");
		fuzz_check(&fuzzed);
	}
	return 0;
}
