/* SPDX-License-Identifier: Apache-2.0 */
/* A validated manifest into the blob tables; the result is re-read by the reader as a self-check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

struct strings {
	char data[262144]; /* room for a full command line in every partition */
	uint32_t size;
};

static uint32_t intern(struct strings *s, const char *text_value)
{
	size_t length = strlen(text_value) + 1;

	for (uint32_t at = 1; at < s->size; at += (uint32_t)strlen(s->data + at) + 1)
		if (strcmp(s->data + at, text_value) == 0)
			return at;
	if (s->size + length > sizeof(s->data)) {
		fprintf(stderr, "tenon-policy: string table over %zu bytes\n", sizeof(s->data));
		exit(1);
	}
	memcpy(s->data + s->size, text_value, length);
	s->size += (uint32_t)length;
	return s->size - (uint32_t)length;
}

/* An optional string: 0, the table's leading NUL, when absent (the reader reads it so). */
static uint32_t intern_optional(struct strings *s, const char *text_value)
{
	return text_value[0] ? intern(s, text_value) : 0;
}

static uint16_t index16(int index)
{
	return index == UNRESOLVED ? POLICY_NONE : (uint16_t)index;
}

/*
 * Static CPUs, the root's first: a root CPU that a component shares has two entries, and the
 * reader accepts the second only after the root's (policy_blob.h, struct policy_cpu).
 */
static uint32_t static_cpus(const struct manifest *m, struct policy_cpu *cpus)
{
	uint32_t count = 0;

	for (int pass = 0; pass < 2; pass++)
		for (unsigned i = 0; i < m->partition_count; i++) {
			const struct m_partition *p = &m->partitions[i];
			if ((pass == 0) != (p->role == POLICY_ROLE_ROOT))
				continue;
			for (unsigned c = 0; c < p->cpu_count; c++)
				cpus[count++] = (struct policy_cpu){.cpu = (uint16_t)p->cpus[c],
								    .owner_kind = POLICY_CPU_STATIC,
								    .owner = (uint16_t)i};
		}
	return count;
}

bool manifest_compile(const struct manifest *m, const char *output)
{
	static struct strings strings;
	static struct policy_partition partitions[MAX_PARTITIONS];
	static struct policy_memory memory[MAX_PARTITIONS];
	static struct policy_cpu cpus[MAX_PARTITIONS * MAX_LIST + MAX_POOLS * MAX_LIST];
	static struct policy_pool pools[MAX_POOLS];
	static struct policy_device devices[MAX_PARTITIONS * MAX_LIST];
	static struct policy_irq irqs[MAX_PARTITIONS * MAX_LIST];
	static struct policy_channel channels[MAX_CHANNELS];
	static struct policy_grant grants[MAX_GRANTS];
	struct policy_tables t = {
		.partitions = partitions, .memory = memory, .cpus = cpus, .pools = pools,
		.devices = devices, .irqs = irqs, .channels = channels, .grants = grants,
	};
	uint32_t *n = t.count;

	strings.size = 1; /* offset 0 is the empty string */
	strings.data[0] = '\0';
	for (unsigned i = 0; i < m->partition_count; i++) {
		const struct m_partition *p = &m->partitions[i];
		partitions[i] = (struct policy_partition){
			.name = intern(&strings, p->name),
			.image = intern(&strings, p->image),
			.kind = (uint8_t)p->kind,
			.role = (uint8_t)p->role,
			.flags = (uint8_t)((p->console ? POLICY_PARTITION_CONSOLE : 0) |
					   (p->pmu ? POLICY_PARTITION_PMU : 0) |
					   (p->debug ? POLICY_PARTITION_DEBUG : 0)),
			.vmm = index16(p->vmm_index),
			.pool = index16(p->pool_index),
			.vcpus = (uint16_t)p->vcpus,
			.initrd = intern_optional(&strings, p->initrd),
			.bootargs = intern_optional(&strings, p->bootargs),
			.console_bytes = p->console_bytes,
			.console_period_us = p->console_period_us,
		};
		if (is_template(p)) {
			partitions[i].budget_us = p->budget_us;
			partitions[i].period_us = p->period_us;
			partitions[i].priority = p->priority;
			partitions[i].max_instances = p->max_instances;
		}
		memory[n[POLICY_TABLE_MEMORY]++] = (struct policy_memory){
			.base = p->base, .size = p->size, .partition = (uint16_t)i,
			.flags = p->fixed ? POLICY_MEMORY_FIXED : 0,
		};
		for (unsigned d = 0; d < p->device_count; d++) {
			const struct m_device *device = &p->devices[d];
			devices[n[POLICY_TABLE_DEVICES]++] = (struct policy_device){
				.path = intern(&strings, device->path), .partition = (uint16_t)i,
				.base = device->base, .size = device->size};
			for (unsigned k = 0; k < device->intid_count; k++)
				irqs[n[POLICY_TABLE_IRQS]++] = (struct policy_irq){
					.intid = device->intids[k], .partition = (uint16_t)i,
					.device = (uint16_t)(n[POLICY_TABLE_DEVICES] - 1)};
		}
		for (unsigned k = 0; k < p->irq_count; k++)
			irqs[n[POLICY_TABLE_IRQS]++] = (struct policy_irq){
				.intid = p->irqs[k], .partition = (uint16_t)i, .device = POLICY_NONE};
	}
	n[POLICY_TABLE_PARTITIONS] = m->partition_count;
	n[POLICY_TABLE_CPUS] = static_cpus(m, cpus);
	for (unsigned i = 0; i < m->pool_count; i++) {
		const struct m_pool *pool = &m->pools[i];
		pools[i] = (struct policy_pool){.name = intern(&strings, pool->name),
						.scheduler = (uint16_t)pool->scheduler_index};
		for (unsigned c = 0; c < pool->cpu_count; c++)
			cpus[n[POLICY_TABLE_CPUS]++] = (struct policy_cpu){
				.cpu = (uint16_t)pool->cpus[c], .owner_kind = POLICY_CPU_POOL,
				.owner = (uint16_t)i};
	}
	n[POLICY_TABLE_POOLS] = m->pool_count;
	for (unsigned i = 0; i < m->channel_count; i++) {
		const struct m_channel *c = &m->channels[i];
		channels[i] = (struct policy_channel){
			.name = intern(&strings, c->name),
			.first = (uint16_t)c->end_index[0], .second = (uint16_t)c->end_index[1],
			.base = c->base, .size = c->size,
			.flags = (c->doorbell ? POLICY_CHANNEL_DOORBELL : 0) |
				 (c->control ? POLICY_CHANNEL_CONTROL : 0) |
				 (c->read_only ? POLICY_CHANNEL_READ_ONLY : 0) |
				 (c->linux_pci ? POLICY_CHANNEL_LINUX_PCI : 0)};
	}
	n[POLICY_TABLE_CHANNELS] = m->channel_count;
	for (unsigned i = 0; i < m->grant_count; i++) {
		const struct m_grant *g = &m->grants[i];
		grants[i] = (struct policy_grant){
			.holder = (uint16_t)g->holder, .grantor = (uint16_t)g->grantor,
			.type = (uint8_t)g->type, .rights = (uint8_t)g->rights,
			.object = (uint32_t)g->object,
			.flags = g->of_partition ? POLICY_GRANT_PARTITION_CPUS : 0};
	}
	n[POLICY_TABLE_GRANTS] = m->grant_count;
	t.strings = strings.data;
	t.strings_size = strings.size;

	size_t size = policy_blob_size(&t);
	uint8_t *blob = size ? malloc(size) : NULL;
	struct policy_blob opened;
	struct policy_diagnostic d;
	if (!blob || policy_blob_write(&t, blob, size, &size) != POLICY_OK) {
		fprintf(stderr, "%s: the policy does not fit a blob of %u bytes\n", m->file,
			POLICY_BLOB_MAX_SIZE);
		free(blob);
		return false;
	}
	if (policy_blob_open(&opened, blob, size, &d) != POLICY_OK) {
		fprintf(stderr, "%s: internal error: the blob written does not read back: %s %s[%u]: %s\n",
			m->file, policy_status_name(d.status), policy_table_name(d.table), d.index,
			d.what);
		free(blob);
		return false;
	}
	FILE *f = fopen(output, "wb");
	bool ok = f && fwrite(blob, 1, size, f) == size;
	if (f && fclose(f) != 0)
		ok = false;
	if (!ok)
		fprintf(stderr, "%s: cannot write\n", output);
	free(blob);
	return ok;
}
