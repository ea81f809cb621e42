/* SPDX-License-Identifier: Apache-2.0 */
/* Partitions and their vCPUs: isolated guests, each with a stage-2 space and a capability space. */
#ifndef KERNEL_PARTITION_H
#define KERNEL_PARTITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stage2.h"
#include "caps.h"
#include "partition_console.h"

struct vcpu;

#define PARTITION_NAME_LENGTH HC_PARTITION_NAME_SIZE

/* The kernel tables whose entries a partition's hypercalls create, each charged to it. */
enum table_kind {
	TABLE_VCPUS,
	TABLE_ENDPOINTS,
	TABLE_CHANNELS,
	TABLE_PARTITIONS,
	TABLE_KINDS,
};

struct partition {
	char name[PARTITION_NAME_LENGTH];
	/* The number of its capability space; its VMID is id + 1. Reused once it is destroyed. */
	uint16_t id;
	bool in_use; /* a free entry otherwise (partition_destroy) */
	bool root;   /* the root component: never destroyed */
	/* Whose partition quota it took, to whom its quotas go back (NULL: boot code's). */
	struct partition *charged;
	struct stage2 stage2;
	uint64_t ram_ipa, ram_pa, ram_size;
	bool running;	     /* it has vCPUs and has not stopped */
	bool stopped;	     /* for good: set once by partition_stop, before running is cleared */
	/*
	 * How many more entries of each table its hypercalls may create (caps.h, table quotas).
	 * Atomic: its vCPUs on several CPUs take from it at once, without a lock.
	 */
	unsigned quota[TABLE_KINDS];
	/* HC_FEATURE_*: its vCPUs' debug and PMU registers; fixed once it has a vCPU (vcpu_lifecycle.c lock) */
	uint32_t features;
	unsigned vcpu_count; /* its vCPUs so far: the next one's MPIDR */
	/* Being destroyed: each CPU's reap_passes when it began (vcpu_retire); capability lock. */
	bool retiring;
	unsigned retire_passes[CONFIG_MAX_CPUS];
	/* Its vCPUs in index order (vcpu->next_in_partition); grows at its tail only. */
	struct vcpu *vcpus;
	/*
	 * Console output is collected per line, so lines of different partitions never mix, and
	 * printed within a byte budget; guarded by console.lock (partition_console.h).
	 */
	struct partition_console console;
};

/*
 * An empty partition, its stage-2 tables in the donated [table_base, + table_size), no quota: the
 * statuses of frames_donate, CAP_INVALID_ARGUMENT below HC_PARTITION_MEMORY_MIN, CAP_NO_MEMORY
 * when no partition is left. A failed create donates nothing. The caller holds the capability
 * lock, which guards the partition table.
 */
enum cap_status partition_create(const char *name, uint64_t table_base, uint64_t table_size,
				 struct partition **created);
/*
 * Takes count entries of table from partition's quota (partition NULL: boot code, not charged);
 * false, taking nothing, if it has fewer left. partition_quota_return gives them back.
 */
bool partition_quota_take(struct partition *partition, enum table_kind table, unsigned count);
void partition_quota_return(struct partition *partition, enum table_kind table, unsigned count);
struct partition *partition_by_id(uint64_t id);
/*
 * Destroys partition for caller (partition.destroy, capability lock held): stops it, waits for
 * its vCPUs to leave their CPUs (CAP_PREEMPTED until they have: call again), then frees its vCPUs,
 * endpoints, channels and capability space with every capability naming them or derived from
 * what it held, forgets its VMID's TLB entries, counts its mappings out of the page states,
 * returns its kernel memory undonated and its quotas to the partition it was charged to.
 * CAP_DENIED for the root component and the caller's own; CAP_INVALID_ARGUMENT, changing
 * nothing, while it has partitions of its own, a vCPU dedicated to its CPU (Mode 1), or guests of
 * another partition whose exits it receives.
 */
enum cap_status partition_destroy(struct partition *partition, const struct partition *caller);
/* How many partitions exist, and how many VMIDs they hold (one each): hypervisor.stats. */
unsigned partitions_in_use(void);
unsigned partition_vmids_in_use(void);
/*
 * A boot partition: table_pages pages of kernel memory and ram_size bytes (0: none) of fresh RAM
 * at ram_ipa, both from Mortise's own memory. NULL when that is exhausted.
 */
struct partition *partition_create_with_ram(const char *name, uint64_t ram_ipa, uint64_t ram_size,
					    size_t table_pages);
/* Copies an image into the partition's RAM at ipa; false if it does not fit. */
bool partition_load(struct partition *partition, uint64_t ipa, const void *image, size_t size);
/*
 * The one way a partition stops, for good: vcpu, one of its vCPUs (the caller's own, or the one
 * an exit or a VMM's call is about), stops, then its partition with it (reason on the console),
 * its interrupts and endpoints released; its vCPUs running on other CPUs leave them at their next
 * exception, which a kick makes come at once. A stopped partition's vCPU is simply marked.
 */
void partition_stop(struct vcpu *vcpu, const char *reason);
/*
 * True once partitions ran and none runs any more: some has stopped (only a running one can) and
 * none is running. Before boot starts its partitions, nothing running is not the end.
 */
bool partitions_done(void);

#endif
