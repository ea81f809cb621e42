/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Randomized model test: thousands of random operation sequences (fixed seeds, so a failure
 * repeats) run against the library and against a deliberately naive reference model kept here:
 * a flat array of records with parent ids, searched linearly. After every step the returned
 * status, the outputs and the FULL state (every slot of every space: type, rights, object, size,
 * depth and the identity of the parent) must agree, and cap_system_check() must pass.
 *
 * Each sequence mixes valid and invalid arguments (spaces, selectors, 64-bit register values,
 * rights, ranges, budgets) and sends a third of the operations through hc_dispatch instead of the
 * C calls. Some sequences activate every space and mostly grow trees, to reach the depth limit,
 * full spaces and (where the configuration allows) an empty pool.
 */
#include <stdio.h>

#include "array_length.h"
#include "caps_test.h"

#define MAX_RECORDS 16384

struct record {
	bool alive;
	uint16_t space, slot;
	uint8_t type, rights;
	uint64_t object, size;
	unsigned depth;
	int parent; /* record id, -1 for a root */
};

struct model {
	struct record records[MAX_RECORDS]; /* ids grow with creation: a higher id is newer */
	int count;
	int slots[SPACES][SLOTS]; /* record id or -1 */
	bool active[SPACES];
	unsigned live;
};

/* ---- The reference model: every rule written out the plain way ------------------------------- */

static void model_init(struct model *m)
{
	m->count = 0;
	m->live = 0;
	for (unsigned s = 0; s < SPACES; s++) {
		m->active[s] = false;
		for (unsigned i = 0; i < SLOTS; i++)
			m->slots[s][i] = -1;
	}
}

static enum cap_status model_lookup(const struct model *m, uint64_t space, uint64_t selector,
				    int type, uint64_t required, int *found)
{
	if (space >= SPACES || !m->active[space] || selector >= SLOTS)
		return CAP_INVALID_CAP;
	int id = m->slots[space][selector];
	if (id < 0)
		return CAP_INVALID_CAP;
	if (type != CAP_TYPE_NULL && m->records[id].type != type)
		return CAP_INVALID_CAP;
	if ((m->records[id].rights & required) != required)
		return CAP_DENIED;
	*found = id;
	return CAP_OK;
}

static int lowest_free_slot(const struct model *m, unsigned space)
{
	for (int i = 0; i < SLOTS; i++)
		if (m->slots[space][i] < 0)
			return i;
	return -1;
}

static bool room_for(const struct model *m, unsigned space, int parent)
{
	if (parent >= 0 && m->records[parent].depth + 1 > MAX_DEPTH)
		return false;
	return lowest_free_slot(m, space) >= 0;
}

static int add_record(struct model *m, unsigned space, uint8_t type, uint8_t rights,
		      uint64_t object, uint64_t size, int parent)
{
	int slot = lowest_free_slot(m, space);
	struct record *r = &m->records[m->count];
	*r = (struct record){
		.alive = true,
		.space = (uint16_t)space,
		.slot = (uint16_t)slot,
		.type = type,
		.rights = rights,
		.object = object,
		.size = size,
		.parent = parent,
		.depth = parent < 0 ? 0 : m->records[parent].depth + 1,
	};
	m->slots[space][slot] = m->count++;
	m->live++;
	return slot;
}

static enum cap_status model_create(struct model *m, uint64_t space, uint64_t type, uint64_t object,
				    uint64_t size, uint64_t rights, int *slot)
{
	if (space >= SPACES || !m->active[space] || type == CAP_TYPE_NULL ||
	    type >= CAP_TYPE_COUNT || rights > CAP_RIGHTS_ALL)
		return CAP_INVALID_ARGUMENT;
	if (type == CAP_TYPE_MEMORY) {
		if (size == 0 || object + size < object || object + size == 0)
			return CAP_INVALID_ARGUMENT;
	} else if (type == CAP_TYPE_IRQ) {
		if (object >= CAP_IRQ_LIMIT || size > CAP_IRQ_LIMIT - object)
			return CAP_INVALID_ARGUMENT;
	} else if (type == CAP_TYPE_SCHED_CONTEXT) {
		if (object == 0 || size > CAP_SCHED_PRIORITY_MAX)
			return CAP_INVALID_ARGUMENT;
	} else if (size != 0) {
		return CAP_INVALID_ARGUMENT;
	}
	if (type == CAP_TYPE_PARTITION && object >= SPACES)
		return CAP_INVALID_ARGUMENT;
	if (!room_for(m, (unsigned)space, -1))
		return CAP_NO_MEMORY;
	*slot = add_record(m, (unsigned)space, (uint8_t)type, (uint8_t)rights, object, size, -1);
	return CAP_OK;
}

static enum cap_status model_derive(struct model *m, uint64_t space, uint64_t selector,
				    uint64_t rights, uint64_t offset, uint64_t size, int *slot)
{
	int parent;
	enum cap_status status = model_lookup(m, space, selector, CAP_TYPE_NULL, 0, &parent);
	if (status != CAP_OK)
		return status;
	const struct record *p = &m->records[parent];
	if (rights & ~(uint64_t)p->rights)
		return CAP_INVALID_ARGUMENT;
	uint64_t object = p->object;
	if (p->type == CAP_TYPE_MEMORY) {
		if (offset == 0 && size == 0)
			size = p->size;
		/* In 128 bits nothing wraps: the plainest statement of "inside the parent". */
		unsigned __int128 end = (unsigned __int128)offset + size;
		if (size == 0 || end > p->size)
			return CAP_INVALID_ARGUMENT;
		object += offset;
	} else if (p->type == CAP_TYPE_IRQ) {
		/* Size 0 is one INTID; taking the whole keeps the parent's own size. */
		unsigned __int128 count = p->size == 0 ? 1 : p->size;
		unsigned __int128 end = (unsigned __int128)offset + (size == 0 ? 1 : size);
		if (end > count)
			return CAP_INVALID_ARGUMENT;
		if (offset == 0 && size == 0)
			size = p->size;
		object += offset;
	} else if (p->type == CAP_TYPE_SCHED_CONTEXT) {
		/* A set of CPUs within the parent's and a ceiling no higher; both 0: a copy. */
		if (offset == 0 && size == 0) {
			offset = p->object;
			size = p->size;
		}
		if (offset == 0 || (offset | p->object) != p->object || size > p->size)
			return CAP_INVALID_ARGUMENT;
		object = offset;
	} else if (offset != 0 || size != 0) {
		return CAP_INVALID_ARGUMENT;
	}
	if (!room_for(m, (unsigned)space, parent))
		return CAP_NO_MEMORY;
	*slot = add_record(m, (unsigned)space, p->type, (uint8_t)rights, object, size, parent);
	return CAP_OK;
}

static enum cap_status model_delegate(struct model *m, uint64_t space, uint64_t selector,
				      uint64_t partition_selector, uint64_t rights, int *slot)
{
	int parent, partition;
	enum cap_status status =
		model_lookup(m, space, selector, CAP_TYPE_NULL, CAP_RIGHT_GRANT, &parent);
	if (status != CAP_OK)
		return status;
	status = model_lookup(m, space, partition_selector, CAP_TYPE_PARTITION, CAP_RIGHT_GRANT,
			      &partition);
	if (status != CAP_OK)
		return status;
	const struct record *p = &m->records[parent];
	if (rights & ~(uint64_t)p->rights)
		return CAP_INVALID_ARGUMENT;
	uint64_t target = m->records[partition].object;
	if (target >= SPACES || !m->active[target])
		return CAP_INVALID_CAP;
	if (!room_for(m, (unsigned)target, parent))
		return CAP_NO_MEMORY;
	*slot = add_record(m, (unsigned)target, p->type, (uint8_t)rights, p->object, p->size,
			   parent);
	return CAP_OK;
}

static int newest_child(const struct model *m, int id)
{
	for (int c = m->count - 1; c > id; c--)
		if (m->records[c].alive && m->records[c].parent == id)
			return c;
	return -1;
}

static void remove_record(struct model *m, int id)
{
	struct record *r = &m->records[id];
	r->alive = false;
	m->slots[r->space][r->slot] = -1;
	m->live--;
}

/* The library removes leaves found by following the newest child down; so does the model. */
static enum cap_status model_revoke(struct model *m, uint64_t space, uint64_t selector,
				    uint64_t budget, bool delete_too)
{
	int target;
	enum cap_status status = model_lookup(m, space, selector, CAP_TYPE_NULL, 0, &target);
	if (status != CAP_OK)
		return status;
	if (budget == 0)
		return CAP_INVALID_ARGUMENT;
	for (int child = newest_child(m, target); child >= 0; child = newest_child(m, target)) {
		if (budget == 0)
			return CAP_PREEMPTED;
		int leaf = child;
		for (int below = newest_child(m, leaf); below >= 0; below = newest_child(m, leaf))
			leaf = below;
		remove_record(m, leaf);
		budget--;
	}
	if (!delete_too)
		return CAP_OK;
	if (budget == 0)
		return CAP_PREEMPTED;
	remove_record(m, target);
	return CAP_OK;
}

/* ---- What the sequences reached: each operation must have met each of its outcomes ---------- */

enum operation { OP_CREATE, OP_DERIVE, OP_DELEGATE, OP_REVOKE, OP_DELETE, OP_INFO, OP_COUNT };
static const char *const operation_names[OP_COUNT] = { "create", "derive", "delegate",
						       "revoke", "delete", "info" };
static unsigned long outcomes[OP_COUNT][8]; /* [operation][1 - status] */
static unsigned max_live, max_depth_seen;

static void count(enum operation operation, enum cap_status status)
{
	outcomes[operation][1 - (int)status]++;
}

/* ---- Comparing the whole state --------------------------------------------------------------- */

static uint64_t current_seed;
static unsigned current_step;

#define EXPECT(condition, ...)                                                                     \
	do {                                                                                       \
		if (!(condition)) {                                                                \
			print_error("seed %llu step %u: ", (unsigned long long)current_seed,       \
				    current_step);                                                 \
			fail_msg(__VA_ARGS__);                                                     \
		}                                                                                  \
	} while (0)

static void compare_state(const struct cap_system *system, const struct model *m)
{
	const char *problem = cap_system_check(system);
	EXPECT(problem == NULL, "inconsistent: %s", problem);
	EXPECT(system->entries_in_use == m->live, "entries_in_use %u, model %u",
	       system->entries_in_use, m->live);
	for (unsigned s = 0; s < SPACES; s++) {
		EXPECT((system->spaces[s] != NULL) == m->active[s], "space %u active", s);
		for (unsigned i = 0; i < SLOTS; i++) {
			cap_ref index = m->active[s] ? slot_index(system, (uint16_t)s, i) : CAP_NONE;
			int id = m->slots[s][i];
			if (id < 0) {
				EXPECT(index == CAP_NONE, "space %u slot %u should be empty", s, i);
				continue;
			}
			EXPECT(index != CAP_NONE, "space %u slot %u should hold record %d", s, i,
			       id);
			const struct capability *c = cap_at(system, index);
			const struct record *r = &m->records[id];
			EXPECT(c->type == r->type && c->rights == r->rights &&
				       c->object == r->object && c->size == r->size &&
				       c->depth == r->depth,
			       "space %u slot %u: fields differ", s, i);
			if (r->parent < 0) {
				EXPECT(c->parent == CAP_NONE, "space %u slot %u: not a root", s, i);
			} else {
				const struct record *rp = &m->records[r->parent];
				EXPECT(c->parent != CAP_NONE &&
					       cap_at(system, c->parent)->space == rp->space &&
					       cap_at(system, c->parent)->slot == rp->slot,
				       "space %u slot %u: wrong parent", s, i);
			}
		}
	}
}

/* ---- Random operations --------------------------------------------------------------------- */

struct random {
	uint64_t state;
};

static uint64_t next(struct random *r)
{
	/* xorshift64*: enough for test input, and the same on every host. */
	r->state ^= r->state >> 12;
	r->state ^= r->state << 25;
	r->state ^= r->state >> 27;
	return r->state * 0x2545f4914f6cdd1dull;
}

static uint64_t below(struct random *r, uint64_t bound)
{
	return next(r) % bound;
}

struct sequence {
	struct random random;
	unsigned spaces_in_use; /* most operations pick among spaces 0 .. this - 1 */
	unsigned grow_bias;	/* percent of operations that derive or delegate */
	bool via_hypercall;	/* this step */
};

static uint64_t pick_space(struct sequence *q)
{
	unsigned roll = (unsigned)below(&q->random, 100);
	if (roll < 88)
		return below(&q->random, q->spaces_in_use);
	if (roll < 97)
		return below(&q->random, SPACES);
	return roll < 99 ? SPACES : UINT16_MAX;
}

/* A selector: mostly one that holds something (the newest or deepest often, for deep chains). */
static uint64_t pick_selector(struct sequence *q, const struct model *m, uint64_t space)
{
	unsigned roll = (unsigned)below(&q->random, 100);
	if (roll < 80 && space < SPACES) {
		int newest = -1, deepest = -1;
		unsigned start = (unsigned)below(&q->random, SLOTS);
		for (unsigned k = 0; k < SLOTS; k++) {
			unsigned i = (start + k) % SLOTS;
			int id = m->slots[space][i];
			if (id < 0)
				continue;
			if (roll < 40)
				return i;
			if (newest < 0 || id > m->slots[space][newest])
				newest = (int)i;
			if (deepest < 0 ||
			    m->records[id].depth > m->records[m->slots[space][deepest]].depth)
				deepest = (int)i;
		}
		if (newest >= 0)
			return (uint64_t)(roll < 60 ? deepest : newest);
	}
	if (roll < 92)
		return below(&q->random, SLOTS + 3);
	const uint64_t edges[] = { SLOTS,	    UINT32_MAX,	      0x10000,
				   1ull << 32,	    (1ull << 32) + 1, UINT64_MAX,
				   next(&q->random) };
	return edges[below(&q->random, ARRAY_LENGTH(edges))];
}

static const struct record *record_at(const struct model *m, uint64_t space, uint64_t selector)
{
	if (space >= SPACES || selector >= SLOTS || m->slots[space][selector] < 0)
		return NULL;
	return &m->records[m->slots[space][selector]];
}

static uint64_t pick_rights(struct sequence *q, const struct record *parent)
{
	unsigned roll = (unsigned)below(&q->random, 100);
	if (roll < 65 && parent)
		return next(&q->random) & parent->rights;
	if (roll < 90)
		return next(&q->random) & CAP_RIGHTS_ALL;
	if (roll < 96)
		return next(&q->random) & 0xff;
	return next(&q->random);
}

static uint64_t edge_value(struct sequence *q, uint64_t size)
{
	const uint64_t edges[] = { 0,
				   1,
				   size,
				   size - 1,
				   size + 1,
				   UINT64_MAX,
				   UINT64_MAX - 1,
				   1ull << 63,
				   next(&q->random) };
	return edges[below(&q->random, ARRAY_LENGTH(edges))];
}

static void pick_range(struct sequence *q, const struct record *parent, uint64_t *offset,
		       uint64_t *size)
{
	unsigned roll = (unsigned)below(&q->random, 100);
	*offset = *size = 0;
	if (parent && parent->type == CAP_TYPE_SCHED_CONTEXT && roll >= 25 && roll < 88) {
		/* Mostly subsets of its CPUs, now and then a CPU more; ceilings around its own. */
		*offset = parent->object & next(&q->random);
		if (roll >= 75)
			*offset |= 1ull << below(&q->random, CAP_SCHED_CPUS);
		*size = below(&q->random, parent->size + 2);
		return;
	}
	if (!parent || parent->type != CAP_TYPE_MEMORY) {
		if (roll >= 88) {
			*offset = edge_value(q, 1);
			*size = edge_value(q, 1);
		}
		return;
	}
	if (roll < 25)
		return;
	if (roll < 75) {
		*offset = below(&q->random, parent->size);
		*size = 1 + below(&q->random, parent->size - *offset);
		return;
	}
	*offset = edge_value(q, parent->size);
	*size = edge_value(q, parent->size);
}

static uint64_t pick_budget(struct sequence *q)
{
	unsigned roll = (unsigned)below(&q->random, 100);
	if (roll < 50)
		return 1 + below(&q->random, 3);
	if (roll < 85)
		return 1 + below(&q->random, 100);
	return roll < 93 ? 0 : UINT32_MAX;
}

/* ---- One step: the same operation on both sides -------------------------------------------- */

static const struct hc_group *const model_groups[] = { &hc_caps_group };
static const struct hc_table model_table = { .groups = model_groups, .group_count = 1 };

static enum cap_status hypercall(struct cap_system *system, uint16_t space, unsigned function,
				 uint64_t x1, uint64_t x2, uint64_t x3, uint64_t x4,
				 struct hc_registers *registers)
{
	*registers = (struct hc_registers){ { HC_ID(HC_GROUP_CAPS, function), x1, x2, x3, x4, 0x55,
					      0x66, 0x77 } };
	struct hc_registers before = *registers;
	enum cap_status status = hc_dispatch(&model_table, system, space, registers, NULL);
	EXPECT(registers->x[0] == (uint64_t)(int64_t)status, "x0 does not hold the status");
	if (status < 0)
		EXPECT(memcmp(&registers->x[1], &before.x[1], 7 * sizeof(uint64_t)) == 0,
		       "a failed hypercall changed x1..x7");
	return status;
}

#define SENTINEL 0xdeadbeefu

static void step_create(struct cap_system *system, struct model *m, struct sequence *q)
{
	uint64_t space = pick_space(q);
	uint64_t type = below(&q->random, 100) < 92 ? 1 + below(&q->random, CAP_TYPE_COUNT - 1)
						    : below(&q->random, CAP_TYPE_COUNT + 2);
	uint64_t object = next(&q->random) & 0xfffffff000ull, size = 0;
	uint64_t rights = below(&q->random, 2) ? CAP_RIGHTS_ALL : pick_rights(q, NULL);
	if (type == CAP_TYPE_MEMORY)
		size = 0x1000 + (next(&q->random) & 0xfffff000ull);
	if (type == CAP_TYPE_PARTITION)
		object = below(&q->random, SPACES + 2);
	if (type == CAP_TYPE_SCHED_CONTEXT) {
		object = next(&q->random) & 0xff;
		size = below(&q->random, CAP_SCHED_PRIORITY_MAX + 2);
	}
	if (below(&q->random, 100) < 8) {
		object = edge_value(q, object);
		size = edge_value(q, size);
	}
	/* The C interface narrows these: so does the model, with the same values. */
	space = (uint16_t)space;
	rights = (uint32_t)rights;
	cap_selector selector = SENTINEL;
	int slot = -1;
	enum cap_status expected = model_create(m, space, type, object, size, rights, &slot);
	enum cap_status status = cap_create(system, (uint16_t)space, (enum cap_type)type, object,
					    size, (cap_rights)rights, &selector);
	count(OP_CREATE, status);
	EXPECT(status == expected, "create: %s, model %s", cap_status_name(status),
	       cap_status_name(expected));
	EXPECT(selector == (status == CAP_OK ? (cap_selector)slot : SENTINEL), "create selector");
}

static void step_space_create(struct cap_system *system, struct model *m, struct sequence *q)
{
	uint64_t space = (uint16_t)pick_space(q);
	enum cap_status expected = CAP_INVALID_ARGUMENT;
	if (space < SPACES && !m->active[space]) {
		m->active[space] = true;
		expected = CAP_OK;
	}
	enum cap_status status = space_create(system, (uint16_t)space);
	EXPECT(status == expected, "space_create: %s", cap_status_name(status));
}

static void step_derive(struct cap_system *system, struct model *m, struct sequence *q)
{
	uint64_t space = (uint16_t)pick_space(q);
	uint64_t selector = pick_selector(q, m, space);
	const struct record *parent = record_at(m, space, selector);
	uint64_t rights = pick_rights(q, parent), offset, size;
	pick_range(q, parent, &offset, &size);
	int slot = -1;
	enum cap_status status, expected;

	if (q->via_hypercall) {
		struct hc_registers registers;
		/* The handler refuses unknown rights before it looks at the rest. */
		expected = selector > UINT32_MAX ? CAP_INVALID_CAP
						 : model_lookup(m, space, selector, 0, 0, &slot);
		if (expected == CAP_OK && rights > CAP_RIGHTS_ALL)
			expected = CAP_INVALID_ARGUMENT;
		else if (expected == CAP_OK)
			expected = model_derive(m, space, selector, rights, offset, size, &slot);
		status = hypercall(system, (uint16_t)space, HC_CAP_DERIVE, selector, rights, offset,
				   size, &registers);
		if (status == CAP_OK)
			EXPECT(expected != CAP_OK || registers.x[1] == (uint64_t)slot,
			       "derive: x1 %llu, model %d", (unsigned long long)registers.x[1],
			       slot);
	} else {
		selector = (uint32_t)selector;
		rights = (uint32_t)rights;
		cap_selector derived = SENTINEL;
		expected = model_derive(m, space, selector, rights, offset, size, &slot);
		status = cap_derive(system, (uint16_t)space, (cap_selector)selector,
				    (cap_rights)rights, offset, size, &derived);
		EXPECT(status != expected ||
			       derived == (status == CAP_OK ? (cap_selector)slot : SENTINEL),
		       "derive selector");
	}
	count(OP_DERIVE, status);
	EXPECT(status == expected, "derive%s: %s, model %s", q->via_hypercall ? " (hvc)" : "",
	       cap_status_name(status), cap_status_name(expected));
}

static uint64_t pick_partition_selector(struct sequence *q, const struct model *m, uint64_t space)
{
	if (space < SPACES && below(&q->random, 100) < 80) {
		unsigned start = (unsigned)below(&q->random, SLOTS);
		for (unsigned k = 0; k < SLOTS; k++) {
			unsigned i = (start + k) % SLOTS;
			int id = m->slots[space][i];
			if (id >= 0 && m->records[id].type == CAP_TYPE_PARTITION)
				return i;
		}
	}
	return pick_selector(q, m, space);
}

static void step_delegate(struct cap_system *system, struct model *m, struct sequence *q)
{
	uint64_t space = (uint16_t)pick_space(q);
	uint64_t selector = pick_selector(q, m, space);
	uint64_t partition = pick_partition_selector(q, m, space);
	uint64_t rights = pick_rights(q, record_at(m, space, selector));
	int slot = -1;
	enum cap_status status, expected;

	if (q->via_hypercall) {
		struct hc_registers registers;
		int ignored;
		/* hc_dispatch checks both selectors, then the handler the rights' width. */
		expected = selector > UINT32_MAX
				   ? CAP_INVALID_CAP
				   : model_lookup(m, space, selector, 0, CAP_RIGHT_GRANT, &ignored);
		if (expected == CAP_OK)
			expected = partition > UINT32_MAX
					   ? CAP_INVALID_CAP
					   : model_lookup(m, space, partition, CAP_TYPE_PARTITION,
							  CAP_RIGHT_GRANT, &ignored);
		if (expected == CAP_OK)
			expected = rights > CAP_RIGHTS_ALL
					   ? CAP_INVALID_ARGUMENT
					   : model_delegate(m, space, selector, partition, rights,
							    &slot);
		status = hypercall(system, (uint16_t)space, HC_CAP_DELEGATE, selector, partition,
				   rights, 0x44, &registers);
		if (status == CAP_OK)
			EXPECT(expected != CAP_OK || registers.x[1] == (uint64_t)slot,
			       "delegate: x1");
	} else {
		selector = (uint32_t)selector;
		partition = (uint32_t)partition;
		rights = (uint32_t)rights;
		cap_selector delegated = SENTINEL;
		expected = model_delegate(m, space, selector, partition, rights, &slot);
		status = cap_delegate(system, (uint16_t)space, (cap_selector)selector,
				      (cap_selector)partition, (cap_rights)rights, &delegated);
		EXPECT(status != expected ||
			       delegated == (status == CAP_OK ? (cap_selector)slot : SENTINEL),
		       "delegate selector");
	}
	count(OP_DELEGATE, status);
	EXPECT(status == expected, "delegate%s: %s, model %s", q->via_hypercall ? " (hvc)" : "",
	       cap_status_name(status), cap_status_name(expected));
}

static void step_revoke(struct cap_system *system, struct model *m, struct sequence *q,
			bool delete_too)
{
	uint64_t space = (uint16_t)pick_space(q);
	uint64_t selector = pick_selector(q, m, space);
	enum cap_status status, expected;

	if (q->via_hypercall) {
		struct hc_registers registers;
		expected = selector > UINT32_MAX
				   ? CAP_INVALID_CAP
				   : model_revoke(m, space, selector, CONFIG_CAPS_REVOKE_BUDGET,
						  delete_too);
		status = hypercall(system, (uint16_t)space,
				   delete_too ? HC_CAP_DELETE : HC_CAP_REVOKE, selector, 0x22, 0x33,
				   0x44, &registers);
	} else {
		uint64_t budget = pick_budget(q);
		selector = (uint32_t)selector;
		expected = model_revoke(m, space, selector, budget, delete_too);
		status = delete_too ? cap_delete(system, (uint16_t)space, (cap_selector)selector,
						 (unsigned)budget)
				    : cap_revoke(system, (uint16_t)space, (cap_selector)selector,
						 (unsigned)budget);
	}
	count(delete_too ? OP_DELETE : OP_REVOKE, status);
	EXPECT(status == expected, "%s%s: %s, model %s", delete_too ? "delete" : "revoke",
	       q->via_hypercall ? " (hvc)" : "", cap_status_name(status),
	       cap_status_name(expected));
}

static void step_info(struct cap_system *system, struct model *m, struct sequence *q)
{
	uint64_t space = (uint16_t)pick_space(q);
	uint64_t selector = pick_selector(q, m, space);
	int id = -1;
	enum cap_status expected = selector > UINT32_MAX
					   ? CAP_INVALID_CAP
					   : model_lookup(m, space, selector, 0, 0, &id);
	struct cap_info info = { .depth = SENTINEL };

	if (q->via_hypercall) {
		struct hc_registers registers;
		enum cap_status status = hypercall(system, (uint16_t)space, HC_CAP_INFO, selector,
						   0x22, 0x33, 0x44, &registers);
		EXPECT(status == expected, "info (hvc): %s", cap_status_name(status));
		info = (struct cap_info){ (enum cap_type)registers.x[1], (cap_rights)registers.x[2],
					  registers.x[3], registers.x[4],
					  (unsigned)registers.x[5] };
	} else {
		if (selector > UINT32_MAX)
			expected = model_lookup(m, space, (uint32_t)selector, 0, 0, &id);
		enum cap_status status =
			cap_info(system, (uint16_t)space, (cap_selector)selector, &info);
		EXPECT(status == expected, "info: %s", cap_status_name(status));
	}
	count(OP_INFO, expected);
	if (expected == CAP_OK) {
		const struct record *r = &m->records[id];
		EXPECT(info.type == r->type && info.rights == r->rights &&
			       info.object == r->object && info.size == r->size &&
			       info.depth == r->depth,
		       "info fields");
	} else if (!q->via_hypercall) {
		EXPECT(info.depth == SENTINEL, "a failed info wrote its output");
	}
}

/* ---- Sequences ----------------------------------------------------------------------------- */

static void run_sequence(struct cap_system *system, struct model *m, uint64_t seed, unsigned steps,
			 bool grow)
{
	struct sequence q = { .random = { seed * 0x9e3779b97f4a7c15ull + 1 } };
	current_seed = seed;
	cap_system_init(system);
	model_init(m);
	q.spaces_in_use = grow ? SPACES : 1 + (unsigned)below(&q.random, SPACES < 4 ? SPACES : 4);
	q.grow_bias = grow ? 84 : 45;
	for (unsigned s = 0; s < q.spaces_in_use; s++) {
		assert_status(space_create(system, (uint16_t)s), CAP_OK);
		m->active[s] = true;
	}
	/* Each space starts with a partition capability for the next one, to delegate with. */
	for (unsigned s = 0; s < q.spaces_in_use; s++) {
		int slot;
		uint64_t next_space = (s + 1) % q.spaces_in_use;
		assert_status(cap_create(system, (uint16_t)s, CAP_TYPE_PARTITION, next_space, 0,
					 CAP_RIGHTS_ALL, NULL),
			      CAP_OK);
		model_create(m, s, CAP_TYPE_PARTITION, next_space, 0, CAP_RIGHTS_ALL, &slot);
	}

	for (current_step = 0; current_step < steps && m->count < MAX_RECORDS - 1; current_step++) {
		q.via_hypercall = below(&q.random, 3) == 0;
		unsigned roll = (unsigned)below(&q.random, 100);
		if (roll < 10)
			step_create(system, m, &q);
		else if (roll < 12)
			step_space_create(system, m, &q);
		else if (roll < 12 + q.grow_bias * 6 / 10)
			step_derive(system, m, &q);
		else if (roll < 12 + q.grow_bias)
			step_delegate(system, m, &q);
		else if (roll < 12 + q.grow_bias + (88 - q.grow_bias) * 3 / 10)
			step_revoke(system, m, &q, false);
		else if (roll < 12 + q.grow_bias + (88 - q.grow_bias) * 6 / 10)
			step_revoke(system, m, &q, true);
		else
			step_info(system, m, &q);
		compare_state(system, m);
		if (m->live > max_live)
			max_live = m->live;
		if (m->count > 0 && m->records[m->count - 1].depth > max_depth_seen)
			max_depth_seen = m->records[m->count - 1].depth;
	}
}

static void test_random_sequences_match_the_model(void **state)
{
	(void)state;
	struct cap_system *system = new_system();
	struct model *m = malloc(sizeof(*m));
	assert_non_null(m);
	for (uint64_t seed = 1; seed <= 1500; seed++)
		run_sequence(system, m, seed, 120, false);
	free(m);
	free(system);
}

/* Long growth-heavy sequences over every space: depth limit, full spaces. */
static void test_growing_sequences_match_the_model(void **state)
{
	(void)state;
	struct cap_system *system = new_system();
	struct model *m = malloc(sizeof(*m));
	assert_non_null(m);
	for (uint64_t seed = 100001; seed <= 100012; seed++)
		run_sequence(system, m, seed, 5 * ALL_SLOTS, true);
	free(m);
	free(system);
}

/* The sequences above prove little unless they reached every outcome: checked here, last. */
static void test_sequences_reached_every_outcome(void **state)
{
	(void)state;
	static const struct {
		enum operation operation;
		enum cap_status status;
	} needed[] = {
		{ OP_CREATE, CAP_OK },
		{ OP_CREATE, CAP_INVALID_ARGUMENT },
		{ OP_CREATE, CAP_NO_MEMORY },
		{ OP_DERIVE, CAP_OK },
		{ OP_DERIVE, CAP_INVALID_CAP },
		{ OP_DERIVE, CAP_INVALID_ARGUMENT },
		{ OP_DERIVE, CAP_NO_MEMORY },
		{ OP_DELEGATE, CAP_OK },
		{ OP_DELEGATE, CAP_INVALID_CAP },
		{ OP_DELEGATE, CAP_DENIED },
		{ OP_DELEGATE, CAP_INVALID_ARGUMENT },
		{ OP_DELEGATE, CAP_NO_MEMORY },
		{ OP_REVOKE, CAP_OK },
		{ OP_REVOKE, CAP_PREEMPTED },
		{ OP_REVOKE, CAP_INVALID_CAP },
		{ OP_REVOKE, CAP_INVALID_ARGUMENT },
		{ OP_DELETE, CAP_OK },
		{ OP_DELETE, CAP_PREEMPTED },
		{ OP_DELETE, CAP_INVALID_CAP },
		{ OP_DELETE, CAP_INVALID_ARGUMENT },
		{ OP_INFO, CAP_OK },
		{ OP_INFO, CAP_INVALID_CAP },
	};
	for (unsigned op = 0; op < OP_COUNT; op++)
		print_message("%-8s OK %lu PREEMPTED %lu INVALID_CAP %lu DENIED %lu NO_MEMORY %lu "
			      "INVALID_ARGUMENT %lu\n",
			      operation_names[op], outcomes[op][1], outcomes[op][0],
			      outcomes[op][3], outcomes[op][4], outcomes[op][5], outcomes[op][6]);
	print_message("most capabilities at once: %u of %u; deepest: %u of %u\n", max_live, ALL_SLOTS,
		      max_depth_seen, MAX_DEPTH);
	for (size_t i = 0; i < ARRAY_LENGTH(needed); i++)
		if (outcomes[needed[i].operation][1 - (int)needed[i].status] == 0)
			fail_msg("no %s ever returned %s", operation_names[needed[i].operation],
				 cap_status_name(needed[i].status));
	assert_int_equal(max_depth_seen, MAX_DEPTH);
}

int run_model_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_sequences_match_the_model),
		cmocka_unit_test(test_growing_sequences_match_the_model),
		cmocka_unit_test(test_sequences_reached_every_outcome),
	};
	return cmocka_run_group_tests_name("caps: model", tests, NULL, NULL);
}
