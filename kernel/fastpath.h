/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypercall fast path (CONFIG_MORTISE_FASTPATH), after seL4's fastpath.c: the calls guests
 * make at run time, taken with only the registers a C call clobbers saved. It decodes each by
 * one table lookup into the entries of the one routing table (hypercall.h), checks and acts
 * through hc_run as hc_dispatch does, and hands anything else to the general path. Shared with the assembly entry
 * (arch/aarch64/fastpath_entry.S).
 */
#ifndef KERNEL_FASTPATH_H
#define KERNEL_FASTPATH_H

/* What the entry does next. */
#define FASTPATH_DONE 0	     /* return to the same vCPU with the frame's x0..x7 */
#define FASTPATH_DECLINED -1 /* nothing done: the general path takes the exception */
/* Any other positive value: acted, and the scheduler decides who runs next (sched_schedule). */
/* With this bit: a VMM context answered an exit, and its guest goes on (hand_off_return). */
#define FASTPATH_HAND_OFF_BIT 30
#define FASTPATH_HAND_OFF (1 << FASTPATH_HAND_OFF_BIT)

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * The hypercall id in x0 of the vCPU running on this CPU, whose frame (vcpu.h registers) holds its
 * x0..x7 (a guest's exception always has one): FASTPATH_DECLINED before anything changes for a
 * call that is not one of the fast ones.
 */
int fastpath_hypercall(uint64_t id);
/* Builds the fast calls' decode table from the routing table: once, before any guest runs. */
void fastpath_init(void);
#endif

#endif
