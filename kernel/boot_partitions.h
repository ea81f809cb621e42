/* SPDX-License-Identifier: Apache-2.0 */
/* The partitions the boot modules describe: the root component, or in a test build its stand-in. */
#ifndef KERNEL_BOOT_PARTITIONS_H
#define KERNEL_BOOT_PARTITIONS_H

#include "hypercall.h"
#include "partition.h"

#include "dtb.h"
#include "memory.h"

/* Builds them and runs them on this CPU. */
_Noreturn void boot_partitions_start(void);

/* ---- Shared with boot_modules.c, under the capability lock ---------------------------------- */

#define PARTITION_ENTRY_IPA CONFIG_PLATFORM_LOAD_ADDRESS
/*
 * Kernel memory of each boot partition, from Mortise's own memory like its RAM: its capability
 * space and 16 tables, of which its RAM takes two (it is 2 MiB-aligned: level 1 and one level 2);
 * the root component gets more for mapping its boot modules by pages. Then one page for each
 * vCPU it may hold (BOOT_VCPU_PAGES).
 */
#define BOOT_TABLE_PAGES (HC_CAP_SPACE_MEMORY_SIZE / PAGE_SIZE + 16)
#define BOOT_VCPU_PAGES(vcpus) ((vcpus) * (HC_VCPU_MEMORY_SIZE / PAGE_SIZE))

struct boot_grant {
	enum cap_type type;
	uint64_t object, size;
	cap_rights rights;
};

/* Creates each capability for holder; false when one cannot be. */
bool boot_grant(const struct partition *holder, const struct boot_grant *grants, unsigned count);
/*
 * The debug and PMU registers a module's partition owns (HC_FEATURE_*): what its module node's
 * "tenonos,features" lists, else `absent`.
 */
uint32_t boot_module_features(int32_t listed, uint32_t absent);
/* A partition with the module loaded at PARTITION_ENTRY_IPA of its RAM; powers off if it fails. */
struct partition *boot_partition_from_module(const char *name, const struct dtb_range *module,
					     size_t table_pages, uint32_t features);
/*
 * Without a root component: partitions made of the modules themselves with CONFIG_MORTISE_BOOT_MODULES
 * (boot_modules.c, for the tests and benchmarks), else a boot error.
 */
void boot_modules_start(const struct dtb_platform *platform);

#endif
