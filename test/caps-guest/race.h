/* SPDX-License-Identifier: Apache-2.0 */
/* race.c and its secondary entry: the capability race on several CPUs at once. */
#ifndef CAPS_GUEST_RACE_H
#define CAPS_GUEST_RACE_H

#include "boot.h"

/* This vCPU and up to three more, one per CPU of the -smp 4 machine. */
#define RACE_CPUS 4
#define RACE_STACK_SIZE 8192

#ifndef __ASSEMBLY__
#include <stdint.h>

/* arch/aarch64/secondary_entry.S: where the extra vCPUs start, x0 = worker number. */
void race_secondary_entry(void);
/* What the entry calls on each extra vCPU; returns when its rounds are done. */
void race_worker_main(uint64_t worker);
#endif

#endif
