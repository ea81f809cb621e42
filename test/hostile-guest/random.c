/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Random hypercalls from a fixed-seed generator: function ids in and out of the groups, selectors
 * from the worker's sandbox and beyond any space, arguments at the edges. Each status must be one
 * caps.h defines, and a failed call must leave x1..x7 as they were (hc_dispatch's promise).
 */
#include "hostile.h"

#include "array_length.h"
#include "hvc.h"

/* Groups 0..6 exist; 7 does not. Functions 0..15 cover every group's and some beyond. */
#define RANDOM_GROUPS 8u
#define RANDOM_FUNCTIONS 16u
/* SMCCC owning entity 4, standard secure services: PSCI (DEN0028 2.5), which could end the test. */
#define SMCCC_OWNER(id) (((id) >> 24) & 0x3fu)
#define SMCCC_OWNER_STANDARD 4u

/* xorshift64* (Vigna, 2016): full period over non-zero states, cheap, repeatable from a seed. */
uint64_t random_next(struct worker *worker)
{
	uint64_t x = worker->random_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	worker->random_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static uint64_t random_below(struct worker *worker, uint64_t bound)
{
	return random_next(worker) % bound;
}

static uint64_t random_function(struct worker *worker)
{
	uint64_t choice = random_below(worker, 8);
	uint64_t id;

	if (choice < 6)
		id = HC_ID(random_below(worker, RANDOM_GROUPS), random_below(worker, RANDOM_FUNCTIONS));
	else if (choice == 6)
		id = HC_ID(random_below(worker, 256), random_below(worker, 256));
	else
		id = random_next(worker) >> random_below(worker, 2) * 32;
	/* A 32-bit id of the standard range would be PSCI: moved to the next owning entity. */
	if (id >> 32 == 0 && SMCCC_OWNER(id) == SMCCC_OWNER_STANDARD)
		id ^= 1u << 24;
	return id;
}

static const uint64_t edges[] = {
	0, 1, UINT32_MAX, 1ULL << 32, 1ULL << 63, UINT64_MAX, HC_COPY_MAX, HC_COPY_MAX + 1,
	HC_CONSOLE_WRITE_MAX, HC_CONSOLE_WRITE_MAX + 1, CONFIG_CAPS_SLOTS_PER_SPACE,
	CAP_RIGHTS_ALL, CAP_RIGHTS_ALL + 1, 1019, 1020, 32,
};
#define EDGES (ARRAY_LENGTH(edges))

/*
 * In-range selectors other than the sandbox's only for cap.info, which changes nothing: anything
 * else could delete what another worker's race holds.
 */
static uint64_t random_selector(struct worker *worker, bool read_only)
{
	uint64_t choice = random_below(worker, 16);

	if (choice < 9)
		return worker->roots[random_below(worker, SANDBOX_ROOTS)];
	if (choice < 11 && read_only)
		return random_below(worker, CONFIG_CAPS_SLOTS_PER_SPACE);
	if (choice < 12)
		return (random_next(worker) << 32) |
		       worker->roots[random_below(worker, SANDBOX_ROOTS)];
	if (choice < 13)
		return edges[random_below(worker, EDGES)] | CONFIG_CAPS_SLOTS_PER_SPACE;
	return CONFIG_CAPS_SLOTS_PER_SPACE + random_below(worker, 1024);
}

static uint64_t random_argument(struct worker *worker)
{
	switch (random_below(worker, 6)) {
	case 0:
		return random_below(worker, 64);
	case 1:
		return random_selector(worker, false);
	case 2:
		return random_below(worker, 512) << 12;
	case 3:
		return edges[random_below(worker, EDGES)];
	default:
		return random_next(worker);
	}
}

/*
 * A delete of a sandbox root gives its slot back at once: the worker lets go of the selector
 * before the call, so that another worker handed that slot is no duplicate.
 */
static bool deletes_root(const struct worker *worker, const struct hc_registers *in,
			 enum sandbox_root *root)
{
	return in->x[0] == HC_ID(HC_GROUP_CAPS, HC_CAP_DELETE) &&
	       sandbox_root_of(worker, in->x[1], root);
}

/* What a successful call left that the worker must tidy up, so the space never fills. */
static void tidy_after(struct worker *worker, int64_t status, const struct hc_registers *in,
		       const struct hc_registers *out)
{
	enum sandbox_root root;

	if (in->x[0] == HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE)) {
		cap_selector child = (cap_selector)out->x[1];
		selector_claim(child, worker->index + 1);
		selector_release(child, worker->index + 1);
		enum cap_status deleted = delete_fully(child);
		if (deleted != CAP_OK)
			mismatch("worker %u: deleting derived %u: %s", worker->index, child,
				 cap_status_name(deleted));
	} else if (deletes_root(worker, in, &root)) {
		/*
		 * PREEMPTED leaves the root with part of its tree: the rest goes. After OK its slot
		 * may already be another worker's and is not touched again.
		 */
		enum cap_status rest = status == CAP_PREEMPTED ? delete_fully(worker->roots[root]) :
								 CAP_OK;
		if (rest != CAP_OK)
			mismatch("worker %u: finishing the delete of %u: %s", worker->index,
				 worker->roots[root], cap_status_name(rest));
		sandbox_rederive(worker, root);
	}
}

static void check_info_result(const struct worker *worker, const struct hc_registers *out)
{
	if (out->x[1] == CAP_TYPE_NULL || out->x[1] >= CAP_TYPE_COUNT ||
	    (out->x[2] & ~(uint64_t)CAP_RIGHTS_ALL) != 0 || out->x[5] > CONFIG_CAPS_MAX_DEPTH)
		mismatch("worker %u: cap.info gave type %llu rights 0x%llx depth %llu", worker->index,
			 (unsigned long long)out->x[1], (unsigned long long)out->x[2],
			 (unsigned long long)out->x[5]);
}

void random_call(struct worker *worker)
{
	struct hc_registers in, out;
	enum sandbox_root root;

	in.x[0] = random_function(worker);
	in.x[1] = random_selector(worker, in.x[0] == HC_ID(HC_GROUP_CAPS, HC_CAP_INFO));
	for (unsigned i = 2; i <= HC_ARGUMENTS; i++)
		in.x[i] = random_argument(worker);
	bool root_deleted = deletes_root(worker, &in, &root);
	if (root_deleted)
		selector_release(worker->roots[root], worker->index + 1);
	out = in;
	int64_t status = (int64_t)hvc_call(&out);
	worker->calls++;

	if (!status_is_defined(status)) {
		mismatch("worker %u: id 0x%llx gave status %lld", worker->index,
			 (unsigned long long)in.x[0], (long long)status);
		return;
	}
	if (status < 0) {
		if (root_deleted)
			selector_claim(worker->roots[root], worker->index + 1);
		for (unsigned i = 1; i <= HC_ARGUMENTS; i++) {
			if (out.x[i] != in.x[i])
				mismatch("worker %u: id 0x%llx failed (%lld) but changed x%u",
					 worker->index, (unsigned long long)in.x[0],
					 (long long)status, i);
		}
		return;
	}
	if (in.x[0] == HC_ID(HC_GROUP_CAPS, HC_CAP_INFO))
		check_info_result(worker, &out);
	tidy_after(worker, status, &in, &out);
}
