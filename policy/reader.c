/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The blob reader: the boot-time trust boundary between the compiled policy and the root
 * component. Every field is checked before it is used; see policy_blob.h for the layout.
 */
#include <string.h>

#include "array_length.h"
#include "gicv3.h"
#include "policy_internal.h"

static const uint8_t *entry(const struct policy_blob *blob, enum policy_table table, uint32_t i)
{
	return blob->data + blob->offset[table] + i * policy_entry_size(table);
}

static void decode_partition(const uint8_t *p, struct policy_partition *out)
{
	out->name = load32(p);
	out->image = load32(p + 4);
	out->kind = (uint8_t)load8(p + 8);
	out->role = (uint8_t)load8(p + 9);
	out->flags = (uint8_t)load8(p + 10);
	out->vmm = (uint16_t)load16(p + 12);
	out->pool = (uint16_t)load16(p + 14);
	out->vcpus = (uint16_t)load16(p + 16);
	out->initrd = load32(p + 20);
	out->bootargs = load32(p + 24);
	out->console_bytes = load32(p + 32);
	out->console_period_us = load32(p + 36);
	out->budget_us = load32(p + 40);
	out->period_us = load32(p + 44);
	out->priority = (uint8_t)load8(p + 48);
	out->max_instances = (uint16_t)load16(p + 50);
}

static void decode_memory(const uint8_t *p, struct policy_memory *out)
{
	out->base = load64(p);
	out->size = load64(p + 8);
	out->partition = (uint16_t)load16(p + 16);
	out->flags = (uint16_t)load16(p + 18);
}

static void decode_cpu(const uint8_t *p, struct policy_cpu *out)
{
	out->cpu = (uint16_t)load16(p);
	out->owner_kind = (uint8_t)load8(p + 2);
	out->owner = (uint16_t)load16(p + 4);
}

static void decode_pool(const uint8_t *p, struct policy_pool *out)
{
	out->name = load32(p);
	out->scheduler = (uint16_t)load16(p + 4);
}

static void decode_device(const uint8_t *p, struct policy_device *out)
{
	out->path = load32(p);
	out->partition = (uint16_t)load16(p + 4);
	out->base = load64(p + 8);
	out->size = load64(p + 16);
}

static void decode_irq(const uint8_t *p, struct policy_irq *out)
{
	out->intid = load32(p);
	out->partition = (uint16_t)load16(p + 4);
	out->device = (uint16_t)load16(p + 6);
}

static void decode_channel(const uint8_t *p, struct policy_channel *out)
{
	out->name = load32(p);
	out->first = (uint16_t)load16(p + 4);
	out->second = (uint16_t)load16(p + 6);
	out->base = load64(p + 8);
	out->size = load64(p + 16);
	out->flags = load32(p + 24);
}

static void decode_grant(const uint8_t *p, struct policy_grant *out)
{
	out->holder = (uint16_t)load16(p);
	out->grantor = (uint16_t)load16(p + 2);
	out->type = (uint8_t)load8(p + 4);
	out->rights = (uint8_t)load8(p + 5);
	out->object = load32(p + 8);
	out->flags = load32(p + 12);
}

/* Reserved bytes of each entry, which version 1 requires to be zero: {offset, length} pairs. */
struct reserved_span {
	uint8_t offset, length;
};
static const struct reserved_span reserved_spans[POLICY_TABLE_COUNT][5] = {
	[POLICY_TABLE_PARTITIONS] = {{11, 1}, {18, 2}, {28, 4}, {49, 1}, {52, 4}},
	[POLICY_TABLE_MEMORY] = {{20, 4}},
	[POLICY_TABLE_CPUS] = {{3, 1}, {6, 2}},
	[POLICY_TABLE_POOLS] = {{6, 2}},
	[POLICY_TABLE_DEVICES] = {{6, 2}},
	[POLICY_TABLE_CHANNELS] = {{28, 4}},
	[POLICY_TABLE_GRANTS] = {{6, 2}},
};

/* What the CPU entries read so far made of each CPU (see struct policy_cpu). */
enum cpu_use {
	CPU_FREE,
	CPU_ROOT,	/* the root's alone: one component may still get it */
	CPU_TAKEN,	/* no further entry may name it */
};

struct checker {
	const struct policy_blob *blob;
	struct policy_diagnostic *diagnostic;
	enum policy_table table;
	uint32_t index;
	uint8_t cpu_use[CONFIG_MAX_CPUS]; /* enum cpu_use, indexed by CPU */
};

static enum policy_status fail(struct checker *c, enum policy_status status, uint32_t field,
			       const char *what)
{
	c->diagnostic->status = status;
	c->diagnostic->table = c->table;
	c->diagnostic->index = c->index;
	c->diagnostic->offset = c->table == POLICY_TABLE_HEADER
					? field
					: c->blob->offset[c->table] +
						  c->index * policy_entry_size(c->table) + field;
	c->diagnostic->what = what;
	return status;
}

static bool name_ok(const struct policy_blob *blob, uint32_t offset)
{
	/* The table ends with NUL (checked first), so any offset inside it is terminated. */
	return offset < blob->count[POLICY_TABLE_STRINGS] &&
	       blob->data[blob->offset[POLICY_TABLE_STRINGS] + offset] != '\0';
}

/* An optional string: 0 (absent, the table's leading NUL) or a name as name_ok() wants it. */
static bool optional_ok(const struct policy_blob *blob, uint32_t offset)
{
	return offset == 0 || name_ok(blob, offset);
}

/* A kernel command line the root may copy into a fixed buffer and a devicetree as it is. */
static bool bootargs_ok(const struct policy_blob *blob, uint32_t offset)
{
	const uint8_t *s = blob->data + blob->offset[POLICY_TABLE_STRINGS] + offset;
	uint32_t length = 0;

	/* optional_ok() came first: the string is inside the table, which ends with NUL. */
	for (; s[length] != '\0'; length++)
		if (length == POLICY_BOOTARGS_MAX || s[length] < 0x20 || s[length] > 0x7e)
			return false;
	return true;
}

static bool index_ok(const struct policy_blob *blob, enum policy_table table, uint32_t index)
{
	return index < blob->count[table];
}

static bool range_ok(uint64_t base, uint64_t size)
{
	return size != 0 && base + size - 1 >= base;
}

static enum policy_status check_reserved(struct checker *c, const uint8_t *p)
{
	for (unsigned s = 0; s < ARRAY_LENGTH(reserved_spans[0]); s++) {
		const struct reserved_span *span = &reserved_spans[c->table][s];
		for (unsigned b = 0; b < span->length; b++)
			if (p[span->offset + b] != 0)
				return fail(c, POLICY_ERR_VALUE, span->offset + b,
					    "reserved byte is not zero");
	}
	return POLICY_OK;
}

/* initrd and bootargs: valid strings, and only where a Linux kernel will read them. */
static enum policy_status check_linux_boot(struct checker *c, const struct policy_partition *e)
{
	if (!optional_ok(c->blob, e->initrd))
		return fail(c, POLICY_ERR_STRING, 20,
			    "initrd name outside the string table or empty");
	if (!optional_ok(c->blob, e->bootargs))
		return fail(c, POLICY_ERR_STRING, 24, "bootargs outside the string table or empty");
	if (e->kind != POLICY_KIND_LINUX && e->initrd != 0)
		return fail(c, POLICY_ERR_VALUE, 20, "initrd on a partition that is not Linux");
	if (e->kind != POLICY_KIND_LINUX && e->bootargs != 0)
		return fail(c, POLICY_ERR_VALUE, 24, "bootargs on a partition that is not Linux");
	if (e->bootargs != 0 && !bootargs_ok(c->blob, e->bootargs))
		return fail(c, POLICY_ERR_VALUE, 24,
			    "bootargs longer than POLICY_BOOTARGS_MAX or not printable ASCII");
	return POLICY_OK;
}

/* Both fields or neither, within what the hypercall accepts, and only with the console. */
static enum policy_status check_console_budget(struct checker *c,
					       const struct policy_partition *e)
{
	if (e->console_bytes == 0 && e->console_period_us == 0)
		return POLICY_OK;
	if (!(e->flags & POLICY_PARTITION_CONSOLE))
		return fail(c, POLICY_ERR_VALUE, 32, "console budget without the console");
	if (e->console_bytes == 0 || e->console_bytes > HC_CONSOLE_BUDGET_MAX_BYTES)
		return fail(c, POLICY_ERR_VALUE, 32,
			    "console budget bytes not in 1..HC_CONSOLE_BUDGET_MAX_BYTES");
	if (e->console_period_us == 0 || e->console_period_us > HC_CONSOLE_PERIOD_MAX_US)
		return fail(c, POLICY_ERR_VALUE, 36,
			    "console budget period not in 1..HC_CONSOLE_PERIOD_MAX_US");
	return POLICY_OK;
}

/* A pool's Tenon partition is a template with every field in range; no other has any. */
static enum policy_status check_template(struct checker *c, const struct policy_partition *e)
{
	if (e->pool == POLICY_NONE || e->kind != POLICY_KIND_TENON) {
		if (e->budget_us || e->period_us || e->priority || e->max_instances)
			return fail(c, POLICY_ERR_VALUE, 40, "template fields on no template");
		return POLICY_OK;
	}
	if (e->period_us == 0 || e->period_us > POLICY_TEMPLATE_PERIOD_MAX_US)
		return fail(c, POLICY_ERR_VALUE, 44,
			    "template period not in 1..POLICY_TEMPLATE_PERIOD_MAX_US");
	if (e->budget_us == 0 || e->budget_us > e->period_us)
		return fail(c, POLICY_ERR_VALUE, 40, "template budget not in 1..its period");
	if (e->priority == 0)
		return fail(c, POLICY_ERR_VALUE, 48, "template priority 0");
	if (e->max_instances == 0 || e->max_instances > POLICY_TEMPLATE_INSTANCES_MAX)
		return fail(c, POLICY_ERR_VALUE, 50,
			    "template instances not in 1..POLICY_TEMPLATE_INSTANCES_MAX");
	return POLICY_OK;
}

static enum policy_status check_partition(struct checker *c, const uint8_t *p)
{
	const struct policy_blob *blob = c->blob;
	struct policy_partition e;

	decode_partition(p, &e);
	if (!name_ok(blob, e.name))
		return fail(c, POLICY_ERR_STRING, 0, "partition name outside the string table or empty");
	if (!name_ok(blob, e.image))
		return fail(c, POLICY_ERR_STRING, 4, "image name outside the string table or empty");
	if (e.kind >= POLICY_KIND_COUNT)
		return fail(c, POLICY_ERR_VALUE, 8, "unknown partition kind");
	if (e.role >= POLICY_ROLE_COUNT ||
	    (e.kind == POLICY_KIND_COMPONENT) != (e.role != POLICY_ROLE_NONE))
		return fail(c, POLICY_ERR_VALUE, 9, "component role does not match the kind");
	if (e.flags & ~POLICY_PARTITION_FLAGS)
		return fail(c, POLICY_ERR_VALUE, 10, "unknown partition flag");
	if (e.role == POLICY_ROLE_ROOT && (e.flags & (POLICY_PARTITION_PMU | POLICY_PARTITION_DEBUG)))
		return fail(c, POLICY_ERR_VALUE, 10, "the root component cannot have the PMU or debug");
	if (e.vmm != POLICY_NONE && (!index_ok(blob, POLICY_TABLE_PARTITIONS, e.vmm) ||
				     e.vmm == c->index))
		return fail(c, POLICY_ERR_REFERENCE, 12, "VMM is no other partition");
	if (e.pool != POLICY_NONE && !index_ok(blob, POLICY_TABLE_POOLS, e.pool))
		return fail(c, POLICY_ERR_REFERENCE, 14, "pool index out of range");
	if (e.vcpus == 0)
		return fail(c, POLICY_ERR_VALUE, 16, "partition has no vCPU");
	enum policy_status status = check_linux_boot(c, &e);
	if (status == POLICY_OK)
		status = check_console_budget(c, &e);
	return status == POLICY_OK ? check_template(c, &e) : status;
}

static enum policy_status check_memory(struct checker *c, const uint8_t *p)
{
	struct policy_memory e;

	decode_memory(p, &e);
	if (!range_ok(e.base, e.size))
		return fail(c, POLICY_ERR_VALUE, 8, "memory range empty or wrapping");
	if (!index_ok(c->blob, POLICY_TABLE_PARTITIONS, e.partition))
		return fail(c, POLICY_ERR_REFERENCE, 16, "memory owner is no partition");
	if (e.flags & ~POLICY_MEMORY_FLAGS)
		return fail(c, POLICY_ERR_VALUE, 18, "unknown memory flag");
	return POLICY_OK;
}

/* The partition a static CPU entry names; false for a pool's CPU. */
static bool static_owner(const struct checker *c, const struct policy_cpu *e,
			 struct policy_partition *owner)
{
	if (e->owner_kind != POLICY_CPU_STATIC)
		return false;
	decode_partition(entry(c->blob, POLICY_TABLE_PARTITIONS, e->owner), owner);
	return true;
}

/*
 * Each CPU once, but for the root's: the root turns its CPU off after starting the partitions, so
 * one other component may follow it there. Not a Tenon or Linux partition, which would run
 * alongside the root while it builds them, and not a pool. The partitions table is checked first.
 */
static enum policy_status check_cpu_shared(struct checker *c, const struct policy_cpu *e)
{
	uint8_t *use = &c->cpu_use[e->cpu];
	struct policy_partition owner;
	bool is_static = static_owner(c, e, &owner);

	switch (*use) {
	case CPU_FREE:
		*use = is_static && owner.role == POLICY_ROLE_ROOT ? CPU_ROOT : CPU_TAKEN;
		return POLICY_OK;
	case CPU_ROOT:
		if (!is_static || owner.kind != POLICY_KIND_COMPONENT ||
		    owner.role == POLICY_ROLE_ROOT)
			return fail(c, POLICY_ERR_VALUE, 0,
				    "root CPU given again, and not to another component");
		*use = CPU_TAKEN;
		return POLICY_OK;
	default:
		return fail(c, POLICY_ERR_VALUE, 0, "CPU already given to another partition or pool");
	}
}

static enum policy_status check_cpu(struct checker *c, const uint8_t *p)
{
	struct policy_cpu e;

	decode_cpu(p, &e);
	if (e.cpu >= CONFIG_MAX_CPUS)
		return fail(c, POLICY_ERR_VALUE, 0, "CPU index beyond CONFIG_MAX_CPUS");
	if (e.owner_kind >= POLICY_CPU_OWNER_COUNT)
		return fail(c, POLICY_ERR_VALUE, 2, "unknown CPU owner kind");
	if (!index_ok(c->blob,
		      e.owner_kind == POLICY_CPU_STATIC ? POLICY_TABLE_PARTITIONS : POLICY_TABLE_POOLS,
		      e.owner))
		return fail(c, POLICY_ERR_REFERENCE, 4, "CPU owner is no partition or pool");
	return check_cpu_shared(c, &e);
}

static enum policy_status check_pool(struct checker *c, const uint8_t *p)
{
	struct policy_pool e;

	decode_pool(p, &e);
	if (!name_ok(c->blob, e.name))
		return fail(c, POLICY_ERR_STRING, 0, "pool name outside the string table or empty");
	if (!index_ok(c->blob, POLICY_TABLE_PARTITIONS, e.scheduler))
		return fail(c, POLICY_ERR_REFERENCE, 4, "pool scheduler is no partition");
	return POLICY_OK;
}

static enum policy_status check_device(struct checker *c, const uint8_t *p)
{
	struct policy_device e;

	decode_device(p, &e);
	if (!name_ok(c->blob, e.path))
		return fail(c, POLICY_ERR_STRING, 0, "device path outside the string table or empty");
	if (!index_ok(c->blob, POLICY_TABLE_PARTITIONS, e.partition))
		return fail(c, POLICY_ERR_REFERENCE, 4, "device owner is no partition");
	if (!range_ok(e.base, e.size))
		return fail(c, POLICY_ERR_VALUE, 16, "device range empty or wrapping");
	return POLICY_OK;
}

static enum policy_status check_irq(struct checker *c, const uint8_t *p)
{
	struct policy_irq e;

	decode_irq(p, &e);
	if (e.intid < GICV3_FIRST_SPI || e.intid > GICV3_LAST_SPI)
		return fail(c, POLICY_ERR_VALUE, 0, "INTID is no SPI (32..1019)");
	if (!index_ok(c->blob, POLICY_TABLE_PARTITIONS, e.partition))
		return fail(c, POLICY_ERR_REFERENCE, 4, "IRQ owner is no partition");
	if (e.device == POLICY_NONE)
		return POLICY_OK;
	struct policy_device device;
	if (index_ok(c->blob, POLICY_TABLE_DEVICES, e.device))
		decode_device(entry(c->blob, POLICY_TABLE_DEVICES, e.device), &device);
	if (!index_ok(c->blob, POLICY_TABLE_DEVICES, e.device) || device.partition != e.partition)
		return fail(c, POLICY_ERR_REFERENCE, 6, "IRQ device is no device of its partition");
	return POLICY_OK;
}

/* The partitions table is checked before the channels that name it. */
static bool is_scheduler(const struct policy_blob *blob, uint16_t partition)
{
	struct policy_partition e;

	decode_partition(entry(blob, POLICY_TABLE_PARTITIONS, partition), &e);
	return e.role == POLICY_ROLE_SCHED;
}

static enum policy_status check_channel(struct checker *c, const uint8_t *p)
{
	struct policy_channel e;

	decode_channel(p, &e);
	if (!name_ok(c->blob, e.name))
		return fail(c, POLICY_ERR_STRING, 0, "channel name outside the string table or empty");
	if (!index_ok(c->blob, POLICY_TABLE_PARTITIONS, e.first))
		return fail(c, POLICY_ERR_REFERENCE, 4, "channel end is no partition");
	if (!index_ok(c->blob, POLICY_TABLE_PARTITIONS, e.second) || e.second == e.first)
		return fail(c, POLICY_ERR_REFERENCE, 6, "channel second end is no other partition");
	if (!range_ok(e.base, e.size))
		return fail(c, POLICY_ERR_VALUE, 16, "channel memory empty or wrapping");
	if (e.flags & ~POLICY_CHANNEL_FLAGS)
		return fail(c, POLICY_ERR_VALUE, 24, "unknown channel flag");
	if ((e.flags & POLICY_CHANNEL_CONTROL) && !is_scheduler(c->blob, e.first) &&
	    !is_scheduler(c->blob, e.second))
		return fail(c, POLICY_ERR_VALUE, 24, "control channel with no sched component");
	if ((e.flags & POLICY_CHANNEL_READ_ONLY) && !(e.flags & POLICY_CHANNEL_CONTROL))
		return fail(c, POLICY_ERR_VALUE, 24, "read-only on a channel that is no control channel");
	return POLICY_OK;
}

static enum policy_status check_grant(struct checker *c, const uint8_t *p)
{
	const struct policy_blob *blob = c->blob;
	struct policy_grant e;
	bool object_ok;

	decode_grant(p, &e);
	if (!index_ok(blob, POLICY_TABLE_PARTITIONS, e.holder))
		return fail(c, POLICY_ERR_REFERENCE, 0, "grant holder is no partition");
	if (!index_ok(blob, POLICY_TABLE_PARTITIONS, e.grantor))
		return fail(c, POLICY_ERR_REFERENCE, 2, "grantor is no partition");
	if (e.rights == 0 || (e.rights & ~CAP_RIGHTS_ALL))
		return fail(c, POLICY_ERR_VALUE, 5, "rights empty or with unknown bits");
	if ((e.flags & ~POLICY_GRANT_FLAGS) ||
	    (e.flags != 0 && e.type != CAP_TYPE_SCHED_CONTEXT))
		return fail(c, POLICY_ERR_VALUE, 12, "unknown grant flag, or one on another type");
	switch (e.type) {
	case CAP_TYPE_PARTITION:
	case CAP_TYPE_VCPU:
	case CAP_TYPE_MEMORY:
	case CAP_TYPE_ENDPOINT:
		object_ok = index_ok(blob, POLICY_TABLE_PARTITIONS, e.object);
		break;
	case CAP_TYPE_CHANNEL:
		object_ok = index_ok(blob, POLICY_TABLE_CHANNELS, e.object);
		break;
	case CAP_TYPE_SCHED_CONTEXT:
		object_ok = index_ok(blob, (e.flags & POLICY_GRANT_PARTITION_CPUS) ?
						   POLICY_TABLE_PARTITIONS :
						   POLICY_TABLE_POOLS,
				     e.object);
		break;
	case CAP_TYPE_IRQ:
		object_ok = index_ok(blob, POLICY_TABLE_IRQS, e.object);
		break;
	case CAP_TYPE_CONSOLE:
		object_ok = e.object == 0;
		break;
	default:
		return fail(c, POLICY_ERR_VALUE, 4, "unknown capability type");
	}
	if (!object_ok)
		return fail(c, POLICY_ERR_REFERENCE, 8, "grant object names nothing of its type");
	return POLICY_OK;
}

typedef enum policy_status (*entry_check)(struct checker *c, const uint8_t *p);
static const entry_check entry_checks[POLICY_TABLE_COUNT] = {
	[POLICY_TABLE_PARTITIONS] = check_partition, [POLICY_TABLE_MEMORY] = check_memory,
	[POLICY_TABLE_CPUS] = check_cpu,	     [POLICY_TABLE_POOLS] = check_pool,
	[POLICY_TABLE_DEVICES] = check_device,	     [POLICY_TABLE_IRQS] = check_irq,
	[POLICY_TABLE_CHANNELS] = check_channel,     [POLICY_TABLE_GRANTS] = check_grant,
};

static enum policy_status check_header(struct checker *c, const uint8_t *data, size_t size,
				       uint32_t *total)
{
	if (size < HDR_TABLES)
		return fail(c, POLICY_ERR_TRUNCATED, 0, "shorter than the fixed header");
	if (load32(data + HDR_MAGIC) != POLICY_BLOB_MAGIC)
		return fail(c, POLICY_ERR_MAGIC, HDR_MAGIC, "magic is not \"TPOL\"");
	if (load32(data + HDR_VERSION) != POLICY_BLOB_VERSION)
		return fail(c, POLICY_ERR_VERSION, HDR_VERSION, "version is not 1");
	if (load32(data + HDR_HEADER_SIZE) != POLICY_HEADER_SIZE)
		return fail(c, POLICY_ERR_SIZE, HDR_HEADER_SIZE, "header size is not version 1's");
	if (load32(data + HDR_TABLE_COUNT) != POLICY_TABLE_COUNT)
		return fail(c, POLICY_ERR_SIZE, HDR_TABLE_COUNT, "table count is not version 1's");
	*total = load32(data + HDR_TOTAL_SIZE);
	if (*total > POLICY_BLOB_MAX_SIZE || *total < POLICY_HEADER_SIZE)
		return fail(c, POLICY_ERR_SIZE, HDR_TOTAL_SIZE,
			    "total size below the header or above POLICY_BLOB_MAX_SIZE");
	if (*total > size)
		return fail(c, POLICY_ERR_TRUNCATED, HDR_TOTAL_SIZE,
			    "blob shorter than its declared total size");
	/* The CRC covers everything, its own field read as zero. */
	static const uint8_t zero_field[4];
	uint32_t crc = policy_crc32_update(POLICY_CRC32_INIT, data, HDR_CRC32);
	crc = policy_crc32_update(crc, zero_field, sizeof(zero_field));
	crc = policy_crc32_update(crc, data + HDR_CRC32 + 4, *total - HDR_CRC32 - 4);
	if (~crc != load32(data + HDR_CRC32))
		return fail(c, POLICY_ERR_CHECKSUM, HDR_CRC32, "CRC32 does not match the contents");
	return POLICY_OK;
}

static enum policy_status check_tables(struct checker *c, struct policy_blob *blob)
{
	for (unsigned t = 0; t < POLICY_TABLE_COUNT; t++) {
		const uint8_t *d = blob->data + HDR_TABLE(t);
		uint32_t offset = load32(d), count = load32(d + 4), size = load32(d + 8);
		uint64_t end = (uint64_t)offset + (uint64_t)count * policy_entry_size(t);

		if (size != policy_entry_size(t))
			return fail(c, POLICY_ERR_TABLE, HDR_TABLE(t) + 8,
				    "table entry size is not version 1's");
		if (load32(d + 12) != 0)
			return fail(c, POLICY_ERR_VALUE, HDR_TABLE(t) + 12,
				    "reserved table field is not zero");
		if (offset % TABLE_ALIGN != 0 || offset < POLICY_HEADER_SIZE || end > blob->size)
			return fail(c, POLICY_ERR_TABLE, HDR_TABLE(t),
				    "table misaligned or outside the blob");
		if (count > 0xffffu && t != POLICY_TABLE_STRINGS)
			return fail(c, POLICY_ERR_TABLE, HDR_TABLE(t) + 4,
				    "more entries than a 16-bit index can name");
		blob->offset[t] = offset;
		blob->count[t] = count;
	}
	for (unsigned a = 0; a < POLICY_TABLE_COUNT; a++) {
		uint64_t a_end = blob->offset[a] + (uint64_t)blob->count[a] * policy_entry_size(a);
		for (unsigned b = a + 1; b < POLICY_TABLE_COUNT; b++) {
			uint64_t b_end =
				blob->offset[b] + (uint64_t)blob->count[b] * policy_entry_size(b);
			if (blob->count[a] && blob->count[b] && blob->offset[a] < b_end &&
			    blob->offset[b] < a_end)
				return fail(c, POLICY_ERR_TABLE, HDR_TABLE(b),
					    "table overlaps another table");
		}
	}
	uint32_t strings = blob->count[POLICY_TABLE_STRINGS];
	const uint8_t *s = blob->data + blob->offset[POLICY_TABLE_STRINGS];
	if (strings == 0 || s[0] != '\0' || s[strings - 1] != '\0')
		return fail(c, POLICY_ERR_STRING, HDR_TABLE(POLICY_TABLE_STRINGS),
			    "string table empty or not starting and ending with NUL");
	return POLICY_OK;
}

enum policy_status policy_blob_open(struct policy_blob *blob, const void *data, size_t size,
				    struct policy_diagnostic *diagnostic)
{
	struct policy_diagnostic ignored;
	struct checker c = {
		.blob = blob,
		.diagnostic = diagnostic ? diagnostic : &ignored,
		.table = POLICY_TABLE_HEADER,
		.index = 0,
	};
	enum policy_status status;
	uint32_t total = 0;

	memset(blob, 0, sizeof(*blob));
	if (data == NULL)
		size = 0;
	status = check_header(&c, data, size, &total);
	if (status == POLICY_OK) {
		blob->data = data;
		blob->size = total;
		blob->crc32 = load32(blob->data + HDR_CRC32);
		status = check_tables(&c, blob);
	}
	for (unsigned t = POLICY_TABLE_PARTITIONS; status == POLICY_OK && t < POLICY_TABLE_COUNT;
	     t++) {
		c.table = t;
		for (c.index = 0; status == POLICY_OK && c.index < blob->count[t]; c.index++) {
			const uint8_t *p = entry(blob, t, c.index);
			status = check_reserved(&c, p);
			if (status == POLICY_OK)
				status = entry_checks[t](&c, p);
		}
	}
	if (status != POLICY_OK) {
		memset(blob, 0, sizeof(*blob));
		return status;
	}
	*c.diagnostic = (struct policy_diagnostic){POLICY_OK, POLICY_TABLE_HEADER, 0, 0, ""};
	return POLICY_OK;
}

uint32_t policy_blob_count(const struct policy_blob *blob, enum policy_table table)
{
	return (unsigned)table < POLICY_TABLE_COUNT ? blob->count[table] : 0;
}

const char *policy_blob_string(const struct policy_blob *blob, uint32_t offset)
{
	if (offset >= blob->count[POLICY_TABLE_STRINGS])
		return "";
	return (const char *)blob->data + blob->offset[POLICY_TABLE_STRINGS] + offset;
}

#define GETTER(name, type, table, decode)                                                      \
	bool name(const struct policy_blob *blob, uint32_t index, type *out)                   \
	{                                                                                      \
		if (index >= blob->count[table])                                               \
			return false;                                                          \
		decode(entry(blob, table, index), out);                                        \
		return true;                                                                   \
	}

GETTER(policy_blob_partition, struct policy_partition, POLICY_TABLE_PARTITIONS, decode_partition)
GETTER(policy_blob_memory, struct policy_memory, POLICY_TABLE_MEMORY, decode_memory)
GETTER(policy_blob_cpu, struct policy_cpu, POLICY_TABLE_CPUS, decode_cpu)
GETTER(policy_blob_pool, struct policy_pool, POLICY_TABLE_POOLS, decode_pool)
GETTER(policy_blob_device, struct policy_device, POLICY_TABLE_DEVICES, decode_device)
GETTER(policy_blob_irq, struct policy_irq, POLICY_TABLE_IRQS, decode_irq)
GETTER(policy_blob_channel, struct policy_channel, POLICY_TABLE_CHANNELS, decode_channel)
GETTER(policy_blob_grant, struct policy_grant, POLICY_TABLE_GRANTS, decode_grant)
