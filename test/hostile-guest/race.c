/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The derive/delete race of issue 14: every worker derives from the one RAM capability at once,
 * each in its own MiB of it, reads back what it got and deletes it. A selector handed to two
 * workers, a capability that reads back as something else, a slot left behind or one gone are
 * all mismatches.
 */
#include "hostile.h"

#define RACE_CHILDREN 3u
#define RACE_PAGES (RACE_SPAN / PAGE_SIZE / 2)

/* Rights that tell the workers apart: what one derives never reads back as another's. */
static cap_rights race_rights(const struct worker *worker, unsigned child)
{
	static const cap_rights by_worker[HOSTILE_WORKERS] = {
		CAP_RIGHT_READ, CAP_RIGHT_READ | CAP_RIGHT_WRITE, CAP_RIGHT_READ | CAP_RIGHT_EXECUTE};

	return by_worker[worker->index] | (child & 1 ? CAP_RIGHT_GRANT : 0);
}

static void check_read_back(const struct worker *worker, cap_selector selector, cap_rights rights,
			    uint64_t offset, uint64_t size)
{
	struct cap_info got;
	enum cap_status status = info(selector, &got);

	if (status != CAP_OK)
		mismatch("worker %u: derived %u reads back %lld", worker->index, selector,
			 (long long)status);
	else if (got.type != CAP_TYPE_MEMORY || got.rights != rights ||
		 got.object != shared.ram_base + offset || got.size != size || got.depth != 1)
		mismatch("worker %u: derived %u reads back type %d rights 0x%x object 0x%llx size "
			 "0x%llx depth %u, not its own",
			 worker->index, selector, got.type, got.rights,
			 (unsigned long long)got.object, (unsigned long long)got.size, got.depth);
}

void race_round(struct worker *worker)
{
	cap_selector children[RACE_CHILDREN];
	uint64_t offsets[RACE_CHILDREN], sizes[RACE_CHILDREN];

	for (unsigned i = 0; i < RACE_CHILDREN; i++) {
		uint64_t page = (worker->race_rounds * RACE_CHILDREN + i) % RACE_PAGES;
		offsets[i] = RACE_OFFSET + worker->index * RACE_SPAN + page * PAGE_SIZE;
		sizes[i] = PAGE_SIZE << (i & 1);
		children[i] = CAP_NONE;
		enum cap_status status = derive(SEL_RAM, race_rights(worker, i), offsets[i],
						sizes[i], &children[i]);
		if (status == CAP_NO_MEMORY)
			worker->race_refusals++;
		else if (status != CAP_OK)
			mismatch("worker %u: race derive: %lld", worker->index, (long long)status);
		else
			selector_claim(children[i], worker->index + 1);
	}
	for (unsigned i = 0; i < RACE_CHILDREN; i++) {
		if (children[i] != CAP_NONE)
			check_read_back(worker, children[i], race_rights(worker, i), offsets[i],
					sizes[i]);
	}
	for (unsigned i = 0; i < RACE_CHILDREN; i++) {
		if (children[i] == CAP_NONE)
			continue;
		selector_release(children[i], worker->index + 1);
		enum cap_status status = delete_fully(children[i]);
		if (status != CAP_OK)
			mismatch("worker %u: race delete of %u: %lld", worker->index, children[i],
				 (long long)status);
	}
	worker->race_rounds++;
}

/*
 * Once every worker has tidied up: each slot holds a capability exactly when someone was given
 * it, and every capability is of a type that exists.
 */
void final_consistency_check(void)
{
	for (cap_selector selector = 0; selector < CONFIG_CAPS_SLOTS_PER_SPACE; selector++) {
		struct cap_info got;
		enum cap_status status = info(selector, &got);
		bool held = selector_owner(selector) != OWNER_NONE;

		if (status == CAP_OK && (got.type == CAP_TYPE_NULL || got.type >= CAP_TYPE_COUNT))
			mismatch("slot %u holds type %d, which does not exist", selector, got.type);
		else if (status == CAP_OK && !held)
			mismatch("slot %u holds type %d object 0x%llx size 0x%llx that nobody was "
				 "given",
				 selector, got.type, (unsigned long long)got.object,
				 (unsigned long long)got.size);
		else if (status == CAP_INVALID_CAP && held)
			mismatch("slot %u lost what holder %u has", selector,
				 selector_owner(selector));
		else if (status != CAP_OK && status != CAP_INVALID_CAP)
			mismatch("slot %u: cap.info %lld", selector, (long long)status);
	}
}
