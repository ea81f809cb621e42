/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Who holds what after boot, computed with caps/ itself: the policy blob is opened with the
 * policy library's reader and its capabilities are replayed into a struct cap_system the way the
 * root component will set them up, so the derivation tree, rights subsets and slot limits are
 * those of the real library.
 *
 * The replay (policy/README.md gives the rules it follows):
 * - one capability space per partition, numbered by partition index;
 * - the root component holds a root capability (cap_create) with every right over every object:
 *   each partition, its vCPUs, its exits (endpoint), each memory range, each device range, each
 *   channel, each pool's scheduling context, each routed IRQ, the console;
 * - what the blob's tables give a partition besides grants (its memory, devices, IRQs, channel
 *   ends, the console flag) is delegated to it by the root with the rights it needs to use it
 *   (see implicit_rights below);
 * - each grant is delegated (cap_delegate) from the grantor's capability. A grantor other than
 *   the root needs a partition capability with grant over the holder for cap_delegate, which the
 *   policy does not give it: the boot code lends it one (cap_create) for the delegation and
 *   deletes it after, so the delegated capability is the grantor's child in the derivation tree,
 *   as a revoke by that grantor expects.
 * VCPU and ENDPOINT objects are partition indices: "the vCPUs of" and "the exits of" a partition.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"

#define TEMPORARY_BUDGET 8

const char *cap_origin_name(enum cap_origin origin)
{
	static const char *const names[ORIGIN_COUNT] = {"root", "implicit", "grant"};
	return (unsigned)origin < ORIGIN_COUNT ? names[origin] : "?";
}

const char *rights_text(cap_rights rights, char buffer[6])
{
	static const char letters[] = "rwxgc";
	for (unsigned i = 0; i < 5; i++)
		buffer[i] = rights & (1u << i) ? letters[i] : '-';
	buffer[5] = '\0';
	return buffer;
}

/* Rights the boot code gives with what a partition's own tables hand it. */
static const cap_rights implicit_memory = CAP_RIGHT_READ | CAP_RIGHT_WRITE | CAP_RIGHT_EXECUTE;
static const cap_rights implicit_device = CAP_RIGHT_READ | CAP_RIGHT_WRITE;
static const cap_rights implicit_irq = CAP_RIGHT_READ;
static const cap_rights implicit_channel = CAP_RIGHT_READ | CAP_RIGHT_WRITE;
static const cap_rights implicit_console = CAP_RIGHT_WRITE;

struct object {
	enum cap_type type;
	uint64_t object, size;
	uint32_t owner; /* the partition whose object it is (grants name objects this way) */
	uint32_t table_index; /* channel, pool or IRQ table index */
	cap_selector root_selector;
	char name[96];
};

struct slot_meta {
	enum cap_origin origin;
	uint16_t grantor;
};

struct replay {
	struct authority *authority;
	struct object *objects;
	size_t object_count;
	uint16_t root;
	struct slot_meta (*meta)[CONFIG_CAPS_SLOTS_PER_SPACE];
	FILE *errors;
};

static void add_error(struct authority *authority, FILE *errors, const char *format, ...)
{
	char buffer[512];
	va_list arguments;

	va_start(arguments, format);
	vsnprintf(buffer, sizeof(buffer), format, arguments);
	va_end(arguments);
	authority->errors =
		xrealloc(authority->errors, (authority->error_count + 1) * sizeof(*authority->errors));
	authority->errors[authority->error_count++] = xstrdup(buffer);
	fprintf(errors, "tenon-audit: %s\n", buffer);
}

static const char *partition_name(const struct authority *authority, uint32_t index)
{
	return index < authority->partition_count ? authority->partitions[index].name : "?";
}

static struct object *add_object(struct replay *replay, enum cap_type type, uint64_t object,
				 uint64_t size, uint32_t owner, uint32_t table_index)
{
	replay->objects =
		xrealloc(replay->objects, (replay->object_count + 1) * sizeof(*replay->objects));
	struct object *added = &replay->objects[replay->object_count++];
	*added = (struct object){type, object, size, owner, table_index, CAP_NONE, ""};
	return added;
}

/* The CPUs the policy gives owner (a partition or a pool, by kind), one bit each. */
static uint64_t cpu_set(const struct policy_blob *blob, enum policy_cpu_owner kind, uint32_t owner)
{
	uint64_t cpus = 0;
	struct policy_cpu cpu;

	for (uint32_t i = 0; i < policy_blob_count(blob, POLICY_TABLE_CPUS); i++)
		if (policy_blob_cpu(blob, i, &cpu) && cpu.owner_kind == kind && cpu.owner == owner &&
		    cpu.cpu < CAP_SCHED_CPUS)
			cpus |= 1ULL << cpu.cpu;
	return cpus;
}

static void collect_objects(struct replay *replay)
{
	struct authority *authority = replay->authority;
	const struct policy_blob *blob = &authority->blob;

	for (uint32_t p = 0; p < authority->partition_count; p++) {
		const char *name = partition_name(authority, p);
		snprintf(add_object(replay, CAP_TYPE_PARTITION, p, 0, p, p)->name, 96, "%s", name);
		snprintf(add_object(replay, CAP_TYPE_VCPU, p, 0, p, p)->name, 96, "vcpus of %s", name);
		snprintf(add_object(replay, CAP_TYPE_ENDPOINT, p, 0, p, p)->name, 96, "exits of %s",
			 name);
	}
	for (uint32_t i = 0; i < policy_blob_count(blob, POLICY_TABLE_MEMORY); i++) {
		struct policy_memory m;
		policy_blob_memory(blob, i, &m);
		snprintf(add_object(replay, CAP_TYPE_MEMORY, m.base, m.size, m.partition, i)->name, 96,
			 "memory of %s", partition_name(authority, m.partition));
	}
	for (uint32_t i = 0; i < policy_blob_count(blob, POLICY_TABLE_DEVICES); i++) {
		struct policy_device d;
		policy_blob_device(blob, i, &d);
		snprintf(add_object(replay, CAP_TYPE_MEMORY, d.base, d.size, POLICY_NONE, i)->name, 96,
			 "device %s", policy_blob_string(blob, d.path));
	}
	for (uint32_t i = 0; i < policy_blob_count(blob, POLICY_TABLE_CHANNELS); i++) {
		struct policy_channel c;
		policy_blob_channel(blob, i, &c);
		snprintf(add_object(replay, CAP_TYPE_CHANNEL, i, 0, POLICY_NONE, i)->name, 96,
			 "channel %s", policy_blob_string(blob, c.name));
	}
	/*
	 * Sched contexts as the root makes them (vmm/root/build.c): over a static partition's CPUs,
	 * for a component that creates its vCPUs; and over each pool's CPUs. Either allows every
	 * priority, as the root's own from Mortise does.
	 */
	for (uint32_t p = 0; p < authority->partition_count; p++) {
		uint64_t cpus = cpu_set(blob, POLICY_CPU_STATIC, p);
		if (cpus != 0)
			snprintf(add_object(replay, CAP_TYPE_SCHED_CONTEXT, cpus, CAP_SCHED_PRIORITY_MAX,
					    p, POLICY_NONE)->name,
				 96, "CPUs of %s", partition_name(authority, p));
	}
	for (uint32_t i = 0; i < policy_blob_count(blob, POLICY_TABLE_POOLS); i++) {
		struct policy_pool pool;
		policy_blob_pool(blob, i, &pool);
		snprintf(add_object(replay, CAP_TYPE_SCHED_CONTEXT, cpu_set(blob, POLICY_CPU_POOL, i),
				    CAP_SCHED_PRIORITY_MAX, POLICY_NONE, i)->name,
			 96, "pool %s", policy_blob_string(blob, pool.name));
	}
	for (uint32_t i = 0; i < policy_blob_count(blob, POLICY_TABLE_IRQS); i++) {
		struct policy_irq irq;
		policy_blob_irq(blob, i, &irq);
		snprintf(add_object(replay, CAP_TYPE_IRQ, irq.intid, 0, irq.partition, i)->name, 96,
			 "INTID %u", irq.intid);
	}
	snprintf(add_object(replay, CAP_TYPE_CONSOLE, 0, 0, POLICY_NONE, 0)->name, 96, "console");
}

/* Does grant-style object reference (type, object, flags) name this object? (policy_blob.h) */
static bool grant_names(const struct object *object, const struct policy_grant *grant)
{
	uint32_t reference = grant->object;

	if (object->type != grant->type)
		return false;
	switch (grant->type) {
	case CAP_TYPE_PARTITION:
	case CAP_TYPE_VCPU:
	case CAP_TYPE_ENDPOINT:
	case CAP_TYPE_MEMORY:
		return object->owner == reference;
	case CAP_TYPE_SCHED_CONTEXT:
		if (grant->flags & POLICY_GRANT_PARTITION_CPUS)
			return object->owner == reference;
		return object->owner == POLICY_NONE && object->table_index == reference;
	case CAP_TYPE_CHANNEL:
	case CAP_TYPE_IRQ:
		return object->table_index == reference;
	default:
		return true;
	}
}

static enum cap_status delegate(struct replay *replay, uint16_t grantor, cap_selector selector,
				uint16_t holder, cap_rights rights, enum cap_origin origin)
{
	struct cap_system *system = replay->authority->system;
	cap_selector partition_selector, delegated;
	enum cap_status status;
	bool lent = grantor != replay->root;

	if (lent) {
		status = cap_create(system, grantor, CAP_TYPE_PARTITION, holder, 0, CAP_RIGHT_GRANT,
				    &partition_selector);
		if (status != CAP_OK)
			return status;
	} else {
		partition_selector = replay->objects[holder * 3].root_selector;
	}
	status = cap_delegate(system, grantor, selector, partition_selector, rights, &delegated);
	if (lent && cap_delete(system, grantor, partition_selector, TEMPORARY_BUDGET) != CAP_OK)
		status = CAP_NO_MEMORY;
	if (status == CAP_OK)
		replay->meta[holder][delegated] = (struct slot_meta){origin, grantor};
	return status;
}

static void give_implicit(struct replay *replay, uint16_t holder, const struct object *object,
			  cap_rights rights)
{
	enum cap_status status = delegate(replay, replay->root, object->root_selector, holder, rights,
					  ORIGIN_IMPLICIT);
	if (status != CAP_OK)
		add_error(replay->authority, replay->errors, "%s cannot be given %s: %s",
			  partition_name(replay->authority, holder), object->name,
			  cap_status_name(status));
}

static void replay_implicit(struct replay *replay)
{
	const struct policy_blob *blob = &replay->authority->blob;

	for (size_t i = 0; i < replay->object_count; i++) {
		const struct object *object = &replay->objects[i];
		struct policy_channel channel;
		struct policy_device device;

		switch (object->type) {
		case CAP_TYPE_MEMORY:
			if (object->owner != POLICY_NONE) {
				if (object->owner != replay->root)
					give_implicit(replay, (uint16_t)object->owner, object,
						      implicit_memory);
			} else if (policy_blob_device(blob, object->table_index, &device) &&
				   device.partition != replay->root) {
				give_implicit(replay, device.partition, object, implicit_device);
			}
			break;
		case CAP_TYPE_IRQ:
			if (object->owner != replay->root)
				give_implicit(replay, (uint16_t)object->owner, object, implicit_irq);
			break;
		case CAP_TYPE_CHANNEL:
			policy_blob_channel(blob, object->table_index, &channel);
			if (channel.first != replay->root)
				give_implicit(replay, channel.first, object, implicit_channel);
			if (channel.second != replay->root)
				give_implicit(replay, channel.second, object, implicit_channel);
			break;
		case CAP_TYPE_CONSOLE:
			for (uint16_t p = 0; p < replay->authority->partition_count; p++)
				if (p != replay->root &&
				    replay->authority->partitions[p].partition.flags &
					    POLICY_PARTITION_CONSOLE)
					give_implicit(replay, p, object, implicit_console);
			break;
		default:
			break;
		}
	}
}

/* The grantor's capability over object with at least rights, or CAP_NONE. */
static cap_selector find_held(const struct replay *replay, uint16_t space,
			      const struct object *object, cap_rights rights)
{
	for (cap_selector s = 0; s < CONFIG_CAPS_SLOTS_PER_SPACE; s++) {
		struct cap_info info;
		if (cap_info(replay->authority->system, space, s, &info) == CAP_OK &&
		    info.type == object->type && info.object == object->object &&
		    info.size == object->size && (info.rights & rights) == rights)
			return s;
	}
	return CAP_NONE;
}

/* true when done (or failed for good), false when the grantor does not hold it yet. */
static bool replay_grant(struct replay *replay, uint32_t index, bool last_chance)
{
	struct authority *authority = replay->authority;
	struct policy_grant grant;
	char rights[6];

	policy_blob_grant(&authority->blob, index, &grant);
	for (int pass = 0; pass < 2; pass++) {
		/* Pass 0 checks that the grantor holds everything; pass 1 delegates it. */
		for (size_t i = 0; i < replay->object_count; i++) {
			const struct object *object = &replay->objects[i];
			if (!grant_names(object, &grant))
				continue;
			cap_selector selector =
				grant.grantor == replay->root
					? object->root_selector
					: find_held(replay, grant.grantor, object,
						    grant.rights | CAP_RIGHT_GRANT);
			if (selector == CAP_NONE) {
				if (last_chance)
					add_error(authority, replay->errors,
						  "grant %u: %s cannot pass %s (%s) to %s: it holds "
						  "no such capability with grant",
						  index, partition_name(authority, grant.grantor),
						  object->name, rights_text(grant.rights, rights),
						  partition_name(authority, grant.holder));
				return last_chance;
			}
			if (pass == 0)
				continue;
			enum cap_status status = delegate(replay, grant.grantor, selector, grant.holder,
							  grant.rights, ORIGIN_GRANT);
			if (status != CAP_OK)
				add_error(authority, replay->errors, "grant %u: %s to %s: %s", index,
					  object->name, partition_name(authority, grant.holder),
					  cap_status_name(status));
		}
	}
	return true;
}

static void replay_grants(struct replay *replay)
{
	uint32_t count = policy_blob_count(&replay->authority->blob, POLICY_TABLE_GRANTS);
	bool *done = calloc(count ? count : 1, sizeof(*done));
	bool progress = true;

	/* A grant made by a component needs the grants that gave it the capability first. */
	while (progress) {
		progress = false;
		for (uint32_t i = 0; i < count; i++)
			if (!done[i] && replay_grant(replay, i, false))
				done[i] = progress = true;
	}
	for (uint32_t i = 0; i < count; i++)
		if (!done[i])
			replay_grant(replay, i, true);
	free(done);
}

static void list_capabilities(struct replay *replay)
{
	struct authority *authority = replay->authority;
	const struct cap_system *system = authority->system;

	for (uint16_t space = 0; space < authority->partition_count; space++) {
		struct partition_authority *holder = &authority->partitions[space];
		for (cap_selector s = 0; s < CONFIG_CAPS_SLOTS_PER_SPACE; s++) {
			struct cap_info info;
			if (cap_info(system, space, s, &info) != CAP_OK)
				continue;
			holder->caps = xrealloc(holder->caps, (holder->cap_count + 1) *
								      sizeof(*holder->caps));
			struct held_cap *held = &holder->caps[holder->cap_count++];
			memset(held, 0, sizeof(*held));
			held->selector = s;
			held->info = info;
			held->origin = replay->meta[space][s].origin;
			held->grantor = replay->meta[space][s].grantor;
			cap_ref parent = system->spaces[space]->slots[s].parent;
			if (parent != CAP_NONE) {
				held->has_parent = true;
				held->parent_space = cap_at(system, parent)->space;
				held->parent_selector = cap_at(system, parent)->slot;
			}
			snprintf(held->object_name, sizeof(held->object_name), "%s %llu",
				 cap_type_name(info.type), (unsigned long long)info.object);
			for (size_t i = 0; i < replay->object_count; i++) {
				const struct object *object = &replay->objects[i];
				if (object->type == info.type && object->object == info.object &&
				    object->size == info.size) {
					snprintf(held->object_name, sizeof(held->object_name), "%s",
						 object->name);
					break;
				}
			}
		}
	}
}

static enum audit_status replay_policy(struct authority *authority, FILE *errors)
{
	static struct slot_meta meta[CONFIG_CAPS_MAX_SPACES][CONFIG_CAPS_SLOTS_PER_SPACE];
	struct replay replay = {authority, NULL, 0, POLICY_NONE, meta, errors};
	struct cap_system *system = authority->system;

	memset(meta, 0, sizeof(meta));
	cap_system_init(system);
	for (uint16_t p = 0; p < authority->partition_count; p++) {
		cap_space_create(system, p, &authority->spaces[p % CONFIG_CAPS_MAX_SPACES]);
		if (authority->partitions[p].partition.role == POLICY_ROLE_ROOT)
			replay.root = p;
	}
	if (replay.root == POLICY_NONE) {
		add_error(authority, errors, "the policy has no root component");
		return AUDIT_ERR_POLICY;
	}
	collect_objects(&replay);
	for (size_t i = 0; i < replay.object_count; i++) {
		struct object *object = &replay.objects[i];
		enum cap_status status = cap_create(system, replay.root, object->type, object->object,
						    object->size, CAP_RIGHTS_ALL,
						    &object->root_selector);
		if (status != CAP_OK) {
			add_error(authority, errors, "the root cannot hold %s: %s", object->name,
				  cap_status_name(status));
			free(replay.objects);
			return AUDIT_ERR_POLICY;
		}
		meta[replay.root][object->root_selector] =
			(struct slot_meta){ORIGIN_ROOT, replay.root};
	}
	replay_implicit(&replay);
	replay_grants(&replay);
	const char *broken = cap_system_check(system);
	if (broken != NULL)
		add_error(authority, errors, "caps invariant broken after the replay: %s", broken);
	list_capabilities(&replay);
	free(replay.objects);
	return authority->error_count ? AUDIT_ERR_POLICY : AUDIT_OK;
}

enum audit_status authority_load(struct authority *authority, const char *blob_path, FILE *errors)
{
	struct policy_diagnostic diagnostic;
	size_t size;

	memset(authority, 0, sizeof(*authority));
	authority->blob_data = (uint8_t *)read_file(blob_path, &size);
	if (authority->blob_data == NULL) {
		fprintf(errors, "tenon-audit: %s: %s\n", blob_path, strerror(errno));
		return AUDIT_ERR_IO;
	}
	if (policy_blob_open(&authority->blob, authority->blob_data, size, &diagnostic) != POLICY_OK) {
		fprintf(errors, "tenon-audit: %s: %s at byte %u (%s entry %u): %s\n", blob_path,
			policy_status_name(diagnostic.status), diagnostic.offset,
			policy_table_name(diagnostic.table), diagnostic.index, diagnostic.what);
		return AUDIT_ERR_POLICY;
	}
	authority->partition_count = policy_blob_count(&authority->blob, POLICY_TABLE_PARTITIONS);
	if (authority->partition_count > CONFIG_CAPS_MAX_SPACES) {
		fprintf(errors, "tenon-audit: %s: %zu partitions, but caps has %d spaces "
				"(CONFIG_CAPS_MAX_SPACES)\n",
			blob_path, authority->partition_count, CONFIG_CAPS_MAX_SPACES);
		return AUDIT_ERR_POLICY;
	}
	authority->partitions = calloc(authority->partition_count + 1, sizeof(*authority->partitions));
	for (uint32_t p = 0; p < authority->partition_count; p++) {
		policy_blob_partition(&authority->blob, p, &authority->partitions[p].partition);
		authority->partitions[p].name =
			policy_blob_string(&authority->blob, authority->partitions[p].partition.name);
	}
	authority->system = calloc(1, sizeof(*authority->system));
	authority->spaces = calloc(CONFIG_CAPS_MAX_SPACES, sizeof(*authority->spaces));
	if (authority->partitions == NULL || authority->system == NULL || authority->spaces == NULL) {
		fprintf(errors, "tenon-audit: out of memory\n");
		return AUDIT_ERR_IO;
	}
	enum audit_status status = replay_policy(authority, errors);
	reach_compute(authority);
	return status;
}

void authority_free(struct authority *authority)
{
	for (size_t p = 0; p < authority->partition_count && authority->partitions; p++)
		free(authority->partitions[p].caps);
	for (size_t i = 0; i < authority->error_count; i++)
		free(authority->errors[i]);
	free(authority->errors);
	free(authority->partitions);
	free(authority->system);
	free(authority->spaces);
	free(authority->blob_data);
	memset(authority, 0, sizeof(*authority));
}
