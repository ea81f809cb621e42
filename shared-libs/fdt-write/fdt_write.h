/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fdt-write: the parts every partition devicetree shares, written with libfdt's sequential-write
 * API (between fdt_begin_node and fdt_end_node of the node they belong in). Each returns false
 * when libfdt refused a step (most often: the buffer is full).
 */
#ifndef FDT_WRITE_H
#define FDT_WRITE_H

#include <stdbool.h>
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

#endif
