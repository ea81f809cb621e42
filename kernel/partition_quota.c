/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Table quotas (caps.h): taken when a hypercall creates an entry, given back when partition.destroy
 * frees it. Apart from partition.c so that the tables' own files (vcpu.c, endpoint.c, channel.c)
 * give charges back without calling into partition.c, which calls them.
 */
#include "partition.h"

bool partition_quota_take(struct partition *partition, enum table_kind table, unsigned count)
{
	if (partition == NULL)
		return true;
	unsigned *quota = &partition->quota[table];
	unsigned left = __atomic_load_n(quota, __ATOMIC_RELAXED);

	do {
		if (left < count)
			return false;
	} while (!__atomic_compare_exchange_n(quota, &left, left - count, true, __ATOMIC_ACQ_REL,
					      __ATOMIC_RELAXED));
	return true;
}

void partition_quota_return(struct partition *partition, enum table_kind table, unsigned count)
{
	if (partition != NULL)
		__atomic_fetch_add(&partition->quota[table], count, __ATOMIC_ACQ_REL);
}
