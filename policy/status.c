/* SPDX-License-Identifier: Apache-2.0 */
#include "policy_internal.h"

static const char *const status_names[POLICY_STATUS_COUNT] = {
	[POLICY_OK] = "POLICY_OK",
	[POLICY_ERR_TRUNCATED] = "POLICY_ERR_TRUNCATED",
	[POLICY_ERR_MAGIC] = "POLICY_ERR_MAGIC",
	[POLICY_ERR_VERSION] = "POLICY_ERR_VERSION",
	[POLICY_ERR_SIZE] = "POLICY_ERR_SIZE",
	[POLICY_ERR_CHECKSUM] = "POLICY_ERR_CHECKSUM",
	[POLICY_ERR_TABLE] = "POLICY_ERR_TABLE",
	[POLICY_ERR_STRING] = "POLICY_ERR_STRING",
	[POLICY_ERR_REFERENCE] = "POLICY_ERR_REFERENCE",
	[POLICY_ERR_VALUE] = "POLICY_ERR_VALUE",
	[POLICY_ERR_NO_SPACE] = "POLICY_ERR_NO_SPACE",
};

const char *policy_status_name(enum policy_status status)
{
	if ((unsigned)status >= POLICY_STATUS_COUNT)
		return "POLICY_STATUS_UNKNOWN";
	return status_names[status];
}

static const char *const table_names[POLICY_TABLE_COUNT + 1] = {
	[POLICY_TABLE_STRINGS] = "strings",   [POLICY_TABLE_PARTITIONS] = "partitions",
	[POLICY_TABLE_MEMORY] = "memory",     [POLICY_TABLE_CPUS] = "cpus",
	[POLICY_TABLE_POOLS] = "pools",	      [POLICY_TABLE_DEVICES] = "devices",
	[POLICY_TABLE_IRQS] = "irqs",	      [POLICY_TABLE_CHANNELS] = "channels",
	[POLICY_TABLE_GRANTS] = "grants",     [POLICY_TABLE_HEADER] = "header",
};

const char *policy_table_name(enum policy_table table)
{
	if ((unsigned)table > POLICY_TABLE_HEADER)
		return "unknown-table";
	return table_names[table];
}

static const uint32_t entry_sizes[POLICY_TABLE_COUNT] = {
	[POLICY_TABLE_STRINGS] = 1u,
	[POLICY_TABLE_PARTITIONS] = POLICY_PARTITION_ENTRY,
	[POLICY_TABLE_MEMORY] = POLICY_MEMORY_ENTRY,
	[POLICY_TABLE_CPUS] = POLICY_CPU_ENTRY,
	[POLICY_TABLE_POOLS] = POLICY_POOL_ENTRY,
	[POLICY_TABLE_DEVICES] = POLICY_DEVICE_ENTRY,
	[POLICY_TABLE_IRQS] = POLICY_IRQ_ENTRY,
	[POLICY_TABLE_CHANNELS] = POLICY_CHANNEL_ENTRY,
	[POLICY_TABLE_GRANTS] = POLICY_GRANT_ENTRY,
};

uint32_t policy_entry_size(enum policy_table table)
{
	return (unsigned)table < POLICY_TABLE_COUNT ? entry_sizes[table] : 0;
}

static const char *const kind_names[POLICY_KIND_COUNT] = {
	[POLICY_KIND_TENON] = "tenon",
	[POLICY_KIND_LINUX] = "linux",
	[POLICY_KIND_COMPONENT] = "component",
};

const char *policy_kind_name(enum policy_kind kind)
{
	return (unsigned)kind < POLICY_KIND_COUNT ? kind_names[kind] : "unknown-kind";
}

static const char *const role_names[POLICY_ROLE_COUNT] = {
	[POLICY_ROLE_NONE] = "none",
	[POLICY_ROLE_ROOT] = "root",
	[POLICY_ROLE_SCHED] = "sched",
	[POLICY_ROLE_LINUX_VMM] = "linux-vmm",
};

const char *policy_role_name(enum policy_role role)
{
	return (unsigned)role < POLICY_ROLE_COUNT ? role_names[role] : "unknown-role";
}
