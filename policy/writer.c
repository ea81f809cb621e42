/* SPDX-License-Identifier: Apache-2.0 */
/* The blob writer: lays the tables out after the header in table order, 8-byte aligned. */
#include <string.h>

#include "policy_internal.h"

static uint64_t align_up(uint64_t value)
{
	return (value + TABLE_ALIGN - 1) & ~(uint64_t)(TABLE_ALIGN - 1);
}

static uint32_t table_count(const struct policy_tables *tables, enum policy_table table)
{
	return table == POLICY_TABLE_STRINGS ? tables->strings_size : tables->count[table];
}

/* Offsets of every table; returns the total size, or 0 beyond POLICY_BLOB_MAX_SIZE. */
static uint64_t layout(const struct policy_tables *tables, uint32_t offsets[POLICY_TABLE_COUNT])
{
	uint64_t at = POLICY_HEADER_SIZE;

	for (unsigned t = 0; t < POLICY_TABLE_COUNT; t++) {
		at = align_up(at);
		offsets[t] = (uint32_t)at;
		at += (uint64_t)table_count(tables, t) * policy_entry_size(t);
		if (at > POLICY_BLOB_MAX_SIZE)
			return 0;
	}
	return align_up(at) > POLICY_BLOB_MAX_SIZE ? 0 : align_up(at);
}

size_t policy_blob_size(const struct policy_tables *tables)
{
	uint32_t offsets[POLICY_TABLE_COUNT];

	return (size_t)layout(tables, offsets);
}

static void encode_partition(uint8_t *p, const struct policy_partition *e)
{
	store32(p, e->name);
	store32(p + 4, e->image);
	store8(p + 8, e->kind);
	store8(p + 9, e->role);
	store8(p + 10, e->flags);
	store16(p + 12, e->vmm);
	store16(p + 14, e->pool);
	store16(p + 16, e->vcpus);
	store32(p + 20, e->initrd);
	store32(p + 24, e->bootargs);
	store32(p + 32, e->console_bytes);
	store32(p + 36, e->console_period_us);
	store32(p + 40, e->budget_us);
	store32(p + 44, e->period_us);
	store8(p + 48, e->priority);
	store16(p + 50, e->max_instances);
}

static void encode_memory(uint8_t *p, const struct policy_memory *e)
{
	store64(p, e->base);
	store64(p + 8, e->size);
	store16(p + 16, e->partition);
	store16(p + 18, e->flags);
}

static void encode_cpu(uint8_t *p, const struct policy_cpu *e)
{
	store16(p, e->cpu);
	store8(p + 2, e->owner_kind);
	store16(p + 4, e->owner);
}

static void encode_pool(uint8_t *p, const struct policy_pool *e)
{
	store32(p, e->name);
	store16(p + 4, e->scheduler);
}

static void encode_device(uint8_t *p, const struct policy_device *e)
{
	store32(p, e->path);
	store16(p + 4, e->partition);
	store64(p + 8, e->base);
	store64(p + 16, e->size);
}

static void encode_irq(uint8_t *p, const struct policy_irq *e)
{
	store32(p, e->intid);
	store16(p + 4, e->partition);
	store16(p + 6, e->device);
}

static void encode_channel(uint8_t *p, const struct policy_channel *e)
{
	store32(p, e->name);
	store16(p + 4, e->first);
	store16(p + 6, e->second);
	store64(p + 8, e->base);
	store64(p + 16, e->size);
	store32(p + 24, e->flags);
}

static void encode_grant(uint8_t *p, const struct policy_grant *e)
{
	store16(p, e->holder);
	store16(p + 2, e->grantor);
	store8(p + 4, e->type);
	store8(p + 5, e->rights);
	store32(p + 8, e->object);
	store32(p + 12, e->flags);
}

#define ENCODE_TABLE(table, array, encode)                                                     \
	for (uint32_t i = 0; i < tables->count[table]; i++)                                    \
		encode(out8 + offsets[table] + i * policy_entry_size(table), &tables->array[i]);

enum policy_status policy_blob_write(const struct policy_tables *tables, void *out,
				     size_t out_size, size_t *written)
{
	uint32_t offsets[POLICY_TABLE_COUNT];
	uint64_t total = layout(tables, offsets);
	uint8_t *out8 = out;

	if (written)
		*written = 0;
	if (total == 0)
		return POLICY_ERR_SIZE;
	if (total > out_size)
		return POLICY_ERR_NO_SPACE;
	memset(out8, 0, (size_t)total);
	store32(out8 + HDR_MAGIC, POLICY_BLOB_MAGIC);
	store32(out8 + HDR_VERSION, POLICY_BLOB_VERSION);
	store32(out8 + HDR_TOTAL_SIZE, (uint32_t)total);
	store32(out8 + HDR_HEADER_SIZE, POLICY_HEADER_SIZE);
	store32(out8 + HDR_TABLE_COUNT, POLICY_TABLE_COUNT);
	for (unsigned t = 0; t < POLICY_TABLE_COUNT; t++) {
		store32(out8 + HDR_TABLE(t), offsets[t]);
		store32(out8 + HDR_TABLE(t) + 4, table_count(tables, t));
		store32(out8 + HDR_TABLE(t) + 8, policy_entry_size(t));
	}
	if (tables->strings_size)
		memcpy(out8 + offsets[POLICY_TABLE_STRINGS], tables->strings, tables->strings_size);
	ENCODE_TABLE(POLICY_TABLE_PARTITIONS, partitions, encode_partition)
	ENCODE_TABLE(POLICY_TABLE_MEMORY, memory, encode_memory)
	ENCODE_TABLE(POLICY_TABLE_CPUS, cpus, encode_cpu)
	ENCODE_TABLE(POLICY_TABLE_POOLS, pools, encode_pool)
	ENCODE_TABLE(POLICY_TABLE_DEVICES, devices, encode_device)
	ENCODE_TABLE(POLICY_TABLE_IRQS, irqs, encode_irq)
	ENCODE_TABLE(POLICY_TABLE_CHANNELS, channels, encode_channel)
	ENCODE_TABLE(POLICY_TABLE_GRANTS, grants, encode_grant)
	/* The CRC field is still zero here, which is how the reader reads it. */
	store32(out8 + HDR_CRC32, policy_crc32(out8, (size_t)total));
	if (written)
		*written = (size_t)total;
	return POLICY_OK;
}
