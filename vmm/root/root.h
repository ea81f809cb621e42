/* SPDX-License-Identifier: Apache-2.0 */
/* The root component's parts: main.c reads the boot archive, build.c makes each partition. */
#ifndef VMM_ROOT_H
#define VMM_ROOT_H

#include <stdbool.h>
#include <stdint.h>

#include "caps.h"
#include "cpio.h"
#include "policy_blob.h"

/* Boot capabilities (kernel/boot_partitions.c). */
#define SEL_CONSOLE 0
#define SEL_SELF 1
#define SEL_RAM 2
#define SEL_IRQS 3
#define SEL_ARCHIVE 4

/* Where partitions see their RAM and enter: the arm64 Image convention of this platform. */
#define PARTITION_RAM_IPA CONFIG_PLATFORM_RAM_BASE
#define PARTITION_ENTRY_IPA CONFIG_PLATFORM_LOAD_ADDRESS

struct boot_archive {
	const void *data;
	uint64_t size;
	struct policy_blob policy;
};

/* Where a partition's devicetree goes: the last DEVICETREE_SIZE bytes of its RAM. */
#define DEVICETREE_SIZE 0x10000ULL

struct partition_layout {
	uint64_t ram_ipa, ram_size;
	uint64_t devicetree_ipa;
	unsigned vcpus;
	bool console;
};

/* devicetree.c: the partition's DTB in buffer; its size, or 0 if it does not fit. */
size_t partition_devicetree(void *buffer, size_t size, const struct partition_layout *layout);

enum cap_status root_call(struct hc_registers *r, uint32_t function, uint64_t a1, uint64_t a2,
			  uint64_t a3, uint64_t a4, uint64_t a5);

#define ROOT_MAX_PARTITIONS CONFIG_CAPS_MAX_SPACES
#define ROOT_MAX_VCPUS_PER_PARTITION 8

/* What the root holds over a partition it built: the capabilities grants are delegated from. */
struct built_partition {
	bool built;
	cap_selector partition, memory;
	cap_selector vcpus[ROOT_MAX_VCPUS_PER_PARTITION];
	unsigned vcpu_count;
	cap_selector exit_endpoint; /* for a VMM component: where its guests' exits go */
	bool has_exit_endpoint;
};

/*
 * Creates and fills partition index of the policy and creates its vCPUs (not started); false
 * (with a console line) if not.
 */
bool build_partition(const struct boot_archive *archive, uint32_t index,
		     struct built_partition *built);

/* grants.c: the policy's capability grants and VMM links between built partitions. */
unsigned apply_grants(const struct boot_archive *archive, struct built_partition *built,
		      uint32_t count);
unsigned connect_vmms(const struct boot_archive *archive, struct built_partition *built,
		      uint32_t count);

#endif
