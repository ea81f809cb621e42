/* SPDX-License-Identifier: Apache-2.0 */
/* The serve guest's servers: their entry (arch/aarch64/server_entry.S) and stacks. */
#ifndef SERVE_GUEST_SERVE_H
#define SERVE_GUEST_SERVE_H

#include "boot.h"

/* This guest's vCPU on CPU 0, and a server on each of CPUs 1 and 2 (its sched context's). */
#define SERVE_CPUS 3
#define SERVER_STACK_SIZE 8192

#ifndef __ASSEMBLY__
#include <stdint.h>

/* Where a server starts (partition.vcpu_create with this entry, x0 = its CPU, 1 or 2). */
void server_entry(void);
/* What the entry calls on the server's own stack, its MMU on. */
void server_main(uint64_t cpu);
#endif

#endif
