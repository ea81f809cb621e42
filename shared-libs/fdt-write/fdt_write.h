/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fdt-write: the parts every partition devicetree shares, written with libfdt's sequential-write
 * API (between fdt_begin_node and fdt_end_node of the node they belong in). Each returns false
 * when libfdt refused a step (most often: the buffer is full).
 */
#ifndef FDT_WRITE_H
#define FDT_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FDT_WRITE_MAX_CELLS 16

/* name = <values[0] ... values[count - 1]>; count at most FDT_WRITE_MAX_CELLS. */
bool fdt_write_cells(void *fdt, const char *name, const uint32_t *values, unsigned count);
/* name = <first-hi first-lo second-hi second-lo>: e.g. reg with 2 address and 2 size cells. */
bool fdt_write_u64_pair(void *fdt, const char *name, uint64_t first, uint64_t second);
/*
 * /cpus with cpu@0 .. cpu@(count - 1): reg = N (the vCPU's MPIDR Aff0), compatible "arm,armv8",
 * enable-method "psci".
 */
bool fdt_write_cpus(void *fdt, unsigned count);
/*
 * The architected timer ("arm,armv8-timer"): its four PPIs (secure physical, non-secure
 * physical, virtual, hypervisor), as PPI numbers, level-high.
 */
bool fdt_write_timer(void *fdt, const uint32_t ppis[4]);

/*
 * What a Tenon partition's devicetree says of the partition itself, whoever builds it (the root
 * for a policy's partitions, the sched component for a template's instances), so that the same
 * image boots as either.
 */
struct fdt_partition {
	uint64_t ram_ipa, ram_size;
	uint64_t devicetree_ipa, devicetree_size; /* reserved in the memory reservation block */
	unsigned vcpus;
	/* The hypervisor console at this capability selector, and stdout-path to it. */
	bool console;
	uint32_t console_capability;
};

/*
 * Opens the devicetree in buffer (size bytes) and writes into its root node: its memory, its
 * vCPUs (PSCI over HVC), a GICv3 of which only the virtual CPU interface is the partition's, the
 * architected timer and the console. The caller adds its own nodes, then calls
 * fdt_write_partition_chosen and fdt_write_partition_finish.
 */
bool fdt_write_partition_begin(void *buffer, size_t size, const struct fdt_partition *partition);
/* Opens /chosen with stdout-path to the console when it has one; the caller may add properties. */
bool fdt_write_partition_chosen(void *fdt, const struct fdt_partition *partition);
/* Closes /chosen and the root node and finishes the tree: its size, or 0 if libfdt refused. */
size_t fdt_write_partition_finish(void *fdt);

#endif
