/* SPDX-License-Identifier: Apache-2.0 */
/* race.c and its secondary entry: the capability race on several CPUs at once. */
#ifndef CAPS_GUEST_RACE_H
#define CAPS_GUEST_RACE_H

#include "boot.h"

/*
 * This vCPU and two more, each on a CPU of its own, as in issue #14. Not four: QEMU runs each
 * emulated CPU as a host thread that the host may deschedule even at EL2, and with more busy
 * CPUs than host cores (2 in CI) a contended ticket lock waits for descheduled waiters' turns
 * (30 times slower), which real CPUs at EL2 never are.
 */
#define RACE_CPUS 3
#define RACE_STACK_SIZE 8192

#ifndef __ASSEMBLY__
#include <stdint.h>

/* arch/aarch64/secondary_entry.S: where the extra vCPUs start, x0 = worker number. */
void race_secondary_entry(void);
/* What the entry calls on each extra vCPU; returns when its rounds are done. */
void race_worker_main(uint64_t worker);
#endif

#endif
