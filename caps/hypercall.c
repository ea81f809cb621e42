/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypercall boundary. Every register a partition passes is hostile: the id is decoded only
 * when it has the exact SMC64 vendor-hypervisor shape (SMCCC, Arm DEN0028, 2.5: bit 31 fast call,
 * bit 30 SMC64, bits 29:24 owning entity 6), every table index is bounds-checked, and each
 * capability a function declares is looked up through cap_lookup() before its handler runs, so a
 * handler never sees an unchecked selector. Lookup and handler run under the capability lock, so
 * what was checked is still true when it is used (linearizable against revoke and delete on other
 * CPUs); functions without capabilities (the null hypercall) stay lock-free.
 */
#include "caps_internal.h"

/* A table that does not list each group at the index of its number (a host tool's, a test's). */
static const struct hc_group *search_groups(const struct hc_table *table, uint8_t number)
{
	for (size_t g = 0; g < table->group_count; g++) {
		const struct hc_group *group = table->groups[g];
		if (group && group->number == number)
			return group;
	}
	return NULL;
}

static const struct hc_group *find_group(const struct hc_table *table, uint8_t number)
{
	if (!table || !table->groups)
		return NULL;
	/* A table that lists each group at the index of its number (the kernel's) finds it at once. */
	if (number < table->group_count) {
		const struct hc_group *group = table->groups[number];
		if (group && group->number == number)
			return group;
	}
	return search_groups(table, number);
}

/* The bits of an id that are the same for every call: bits 31:16, and the upper half clear. */
#define HC_ID_SHAPE_MASK (~(uint64_t)UINT32_MAX | HC_ID_FIXED_MASK)

/*
 * Whether hc_dispatch can run a table entry: a handler, at most HC_MAX_CAP_ARGUMENTS
 * capabilities, each in one of x1..x7 (a table naming x0 or a register past x7 is a bug: refused
 * rather than read). Checked at each decode, so that a lookup indexes the registers unchecked.
 */
static inline bool runnable(const struct hc_function *function)
{
	if (!function->handler || function->cap_count > HC_MAX_CAP_ARGUMENTS)
		return false;
	for (unsigned i = 0; i < function->cap_count; i++) {
		if (function->caps[i].argument < 1 || function->caps[i].argument > HC_ARGUMENTS)
			return false;
	}
	return true;
}

/* Inlined into hc_dispatch, which every general-path hypercall takes. */
static inline __attribute__((always_inline)) const struct hc_function *
find_function(const struct hc_table *table, uint64_t id)
{
	/* SMCCC: w0 is the id; a caller putting anything in the upper half is not calling us. */
	if ((id & HC_ID_SHAPE_MASK) != HC_ID_BASE)
		return NULL;
	const struct hc_group *group = find_group(table, (uint8_t)(id >> 8));
	uint8_t function_number = (uint8_t)id;

	if (!group || function_number >= group->function_count || !group->functions)
		return NULL;
	const struct hc_function *function = &group->functions[function_number];
	return runnable(function) ? function : NULL;
}

/* Looks up every capability function declares, into call->caps[] (each once it checks). */
CAPS_INLINE enum cap_status check_capabilities(const struct hc_function *function,
					       struct hc_call *call)
{
	for (unsigned i = 0; i < function->cap_count; i++) {
		const struct hc_cap_requirement *requirement = &function->caps[i];
		enum cap_status status =
			cap_find(call->system, call->space, call->registers->x[requirement->argument],
				 (enum cap_type)requirement->type, requirement->rights,
				 &call->caps[i]);
		if (status != CAP_OK)
			return status;
	}
	return CAP_OK;
}

void hc_call_unlock(struct hc_call *call)
{
	for (unsigned i = 0; i < HC_MAX_CAP_ARGUMENTS; i++)
		call->caps[i] = NULL;
	call->locked = false;
	spin_unlock(&call->system->lock);
}

/* Inline in hc_run_checked, which every capability-checked call takes, and hc_call_relock. */
CAPS_INLINE enum cap_status lock_and_check(struct hc_call *call)
{
	spin_lock(&call->system->lock);
	call->locked = true;
	return check_capabilities(call->function, call);
}

enum cap_status hc_call_relock(struct hc_call *call)
{
	return lock_and_check(call);
}

const struct hc_function *hc_find_function(const struct hc_table *table, uint64_t id)
{
	return find_function(table, id);
}

enum cap_status hc_run_checked(struct hc_call *call)
{
	enum cap_status status = lock_and_check(call);

	if (status == CAP_OK)
		status = call->function->handler(call);
	if (call->locked)
		hc_call_unlock(call);
	return status;
}

enum cap_status hc_dispatch(const struct hc_table *table, struct cap_system *system, uint16_t space,
			    struct hc_registers *registers, void *context)
{
	const struct hc_function *function = find_function(table, registers->x[0]);
	enum cap_status status = CAP_NOT_SUPPORTED;

	if (function) {
		struct hc_call call;

		hc_call_init(&call, system, space, registers, context);
		status = hc_run(&call, function);
	}
	/* SMCCC returns signed statuses sign-extended to the full register. */
	registers->x[0] = (uint64_t)(int64_t)status;
	return status;
}
