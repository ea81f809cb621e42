/* SPDX-License-Identifier: Apache-2.0 */
/*
 * How much kernel memory each partition's capability space and stage-2 tables get: Mortise takes
 * them from memory its creator donates (caps.h, HC_PARTITION_CREATE), so the root pays for them from
 * the partition's own memory, sized from what it maps there: its RAM, its devices (at their
 * physical addresses) and the channels it is an end of (somewhere in its channel window). Each
 * mapping is counted as if it shared no table with another, so the sum never falls short.
 */
#include "root.h"

uint64_t partition_table_bytes(const struct boot_archive *archive, uint32_t index, uint64_t ram_pa,
			       uint64_t ram_size)
{
	const struct policy_blob *policy = &archive->policy;
	uint64_t tables = 1 + hc_stage2_tables(PARTITION_RAM_IPA, ram_pa, ram_size);
	uint32_t devices = policy_blob_count(policy, POLICY_TABLE_DEVICES);
	uint32_t channels = policy_blob_count(policy, POLICY_TABLE_CHANNELS);
	struct policy_device device;
	struct policy_channel channel;

	for (uint32_t i = 0; i < devices; i++) {
		if (policy_blob_device(policy, i, &device) && device.partition == index)
			tables += hc_stage2_tables(device.base, device.base, device.size);
	}
	for (uint32_t i = 0; i < channels; i++) {
		if (policy_blob_channel(policy, i, &channel) &&
		    (channel.first == index || channel.second == index))
			tables += hc_stage2_tables_anywhere(channel.size);
	}
	return HC_CAP_SPACE_MEMORY_SIZE + tables * HC_STAGE2_TABLE_SIZE;
}
