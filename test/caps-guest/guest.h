/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CAPS_GUEST_H
#define CAPS_GUEST_H

#include <stdint.h>

#include "caps.h"

/* The boot capabilities Mortise gives its boot module (kernel/boot_partitions.c). */
#define SEL_CONSOLE 0
#define SEL_SELF 1
#define SEL_RAM 2
#define SEL_PEER 3
#define SEL_IRQ 4
/* Unmapped RAM to donate to partitions of its own. */
#define SEL_SPARE 5
#define SPARE_PAGES 32
/*
 * Each boot partition's kernel memory, in pages: its capability space, 16 for stage-2 tables and a
 * page for each vCPU it may hold, its boot one and GUEST_VCPU_QUOTA more
 * (kernel/boot_partitions.c).
 */
#define CAP_SPACE_PAGES (HC_CAP_SPACE_MEMORY_SIZE / 4096)
#define BOOT_KERNEL_PAGES (CAP_SPACE_PAGES + 24)
#define SEL_SCHED_CONTEXT 6 /* CPUs GUEST_CPUS (control, grant) */
#define SEL_PEER_CONTROL 7  /* the peer partition again (control, grant) */
#define BOOT_CAPABILITIES 8
#define FIRST_FREE_SELECTOR 8

/* Past a boot-module guest's 16 MiB of RAM at 0x40000000: nothing is mapped there. */
#define OUTSIDE_THE_PARTITION 0x80000000ULL

/* What else kernel/boot_partitions.c gives a boot-module guest, and the peer partition too. */
#define GUEST_CPUS 0x7u
#define GUEST_VCPU_QUOTA 7
#define GUEST_ENDPOINT_QUOTA 3
#define GUEST_CHANNEL_QUOTA 2
#define GUEST_PARTITION_QUOTA 4

/* One hypercall with up to five arguments; results land in *registers. */
enum cap_status guest_call(struct hc_registers *registers, uint32_t function, uint64_t a1,
			   uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

/* checks.c: every hypercall with valid and invalid selectors, types and rights. */
void checks_run(unsigned *passed, unsigned *failed);
/*
 * race.c: derive, read back and delete on every CPU at once; *failed counts what went wrong.
 * Returns the CPUs it raced on: RACE_CPUS on the machine make test gives the guest.
 */
unsigned race_run(unsigned *failed);
/* copy.c: partition.copy across steps, overlapping both ways; *failed counts what went wrong. */
void copy_run(unsigned *failed);
/* bench.c: hypercall costs in cycles (PMCCNTR_EL0, counting EL1 and EL2). */
void bench_run(void);
/* mode2_bench.c: Mode 2 launch, pause, resume and switch costs on this guest's CPU. */
void mode2_bench_run(void);

#endif
