/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer harness: the input is a sequence of capability operations with their arguments, run
 * on a fresh system. After each: the invariants hold, a failed operation changed nothing, and a
 * successful one did what it claims.
 */
#include "fuzz_common.h"

static struct fuzz_system state, snapshot;
#define fuzzed (state.system)

static void expect(bool condition, const char *what)
{
	if (!condition)
		fuzz_fail(what);
}

static const struct capability *at(uint16_t space, cap_selector selector)
{
	const struct capability *entry = &fuzzed.spaces[space]->slots[selector];
	return entry->type == CAP_TYPE_NULL ? NULL : entry;
}

static enum cap_status run_one(struct fuzz_input *in)
{
	uint8_t operation = take8(in) % 8;
	uint16_t space = take_space(in);
	cap_selector selector = (cap_selector)take_selector(in, false), out = CAP_NONE;
	enum cap_status status = CAP_OK;

	switch (operation) {
	case 0: {
		enum cap_type type = (enum cap_type)(take8(in) % (CAP_TYPE_COUNT + 1));
		uint64_t object = take_value(in), size = take_value(in);
		cap_rights rights = take8(in) & 0x3f;
		status = cap_create(&fuzzed, space, type, object, size, rights, &out);
		if (status == CAP_OK)
			expect(at(space, out)->parent == CAP_NONE && at(space, out)->depth == 0,
			       "create: not a root");
		break;
	}
	case 1: {
		cap_rights rights = take8(in) & 0x3f;
		uint64_t offset = take_value(in), size = take_value(in);
		const struct capability *parent = NULL;
		cap_lookup(&fuzzed, space, selector, CAP_TYPE_NULL, 0, &parent);
		status = cap_derive(&fuzzed, space, selector, rights, offset, size, &out);
		if (status == CAP_OK)
			expect(cap_at(&fuzzed, at(space, out)->parent) == parent &&
				       at(space, out)->rights == rights,
			       "derive: wrong child");
		if (status == CAP_OK && parent->type == CAP_TYPE_SCHED_CONTEXT)
			expect((at(space, out)->object & ~parent->object) == 0 &&
				       at(space, out)->object != 0 &&
				       at(space, out)->size <= parent->size,
			       "derive: a sched context beyond its parent's CPUs or ceiling");
		break;
	}
	case 2: {
		cap_selector partition = (cap_selector)take_selector(in, false);
		cap_rights rights = take8(in) & 0x3f;
		const struct capability *parent = NULL, *target = NULL;
		cap_lookup(&fuzzed, space, selector, CAP_TYPE_NULL, 0, &parent);
		cap_lookup(&fuzzed, space, partition, CAP_TYPE_PARTITION, 0, &target);
		status = cap_delegate(&fuzzed, space, selector, partition, rights, &out);
		if (status == CAP_OK) {
			expect(parent && target && (parent->rights & CAP_RIGHT_GRANT) &&
				       (target->rights & CAP_RIGHT_GRANT),
			       "delegate: without GRANT");
			const struct capability *copy = at((uint16_t)target->object, out);
			expect(copy && cap_at(&fuzzed, copy->parent) == parent,
			       "delegate: wrong copy");
		}
		break;
	}
	case 3:
	case 4: {
		unsigned budget = take8(in) % 6;
		uint32_t used_before = fuzzed.entries_in_use;
		const struct capability *target = NULL;
		cap_lookup(&fuzzed, space, selector, CAP_TYPE_NULL, 0, &target);
		status = operation == 3 ? cap_revoke(&fuzzed, space, selector, budget)
					: cap_delete(&fuzzed, space, selector, budget);
		uint32_t removed = used_before - fuzzed.entries_in_use;
		if (status == CAP_PREEMPTED)
			expect(removed == budget,
			       "revoke: preempted snapshot the budget was spent");
		if (status >= 0)
			expect(removed <= budget, "revoke: over budget");
		if (status == CAP_OK && operation == 3)
			expect(target->first_child == CAP_NONE, "revoke: descendants remain");
		if (status == CAP_OK && operation == 4)
			expect(at(space, selector) == NULL, "delete: still there");
		break;
	}
	case 5: {
		struct cap_info info;
		status = cap_info(&fuzzed, space, selector, &info);
		if (status == CAP_OK)
			expect(info.type == at(space, selector)->type &&
				       info.object == at(space, selector)->object,
			       "info: wrong fields");
		break;
	}
	case 6:
		status = fuzz_space_create(&state, space);
		break;
	default: {
		enum cap_type type = (enum cap_type)(take8(in) % (CAP_TYPE_COUNT + 1));
		cap_rights required = take8(in) & 0x3f;
		const struct capability *found = NULL;
		status = cap_lookup(&fuzzed, space, selector, type, required, &found);
		if (status == CAP_OK)
			expect(found->space == space && found->slot == selector &&
				       (found->rights & required) == required &&
				       (type == CAP_TYPE_NULL || found->type == type),
			       "lookup: wrong capability");
		else
			expect(found == NULL, "lookup: output written on failure");
		break;
	}
	}
	return status;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	fuzz_setup(&state);
	fuzz_check(&fuzzed);
	for (unsigned n = 0; in.size > 0 && n < FUZZ_MAX_OPERATIONS; n++) {
		memcpy(&snapshot, &state, sizeof(state));
		enum cap_status status = run_one(&in);
		expect(known_status(status), "unknown status");
		if (status < 0)
			expect(memcmp(&snapshot, &state, sizeof(state)) == 0,
			       "a failed operation changed the system");
		fuzz_check(&fuzzed);
	}
	return 0;
}
