/* SPDX-License-Identifier: Apache-2.0 */
/* The capability system and the routing table of every hypercall group (caps.h). */
#ifndef KERNEL_HYPERCALL_H
#define KERNEL_HYPERCALL_H

#include "caps.h"
#include "exception.h"
#include "partition.h"
#include "vcpu.h"

extern struct cap_system kernel_caps;
/* Every group the kernel offers, each at the index of its number (hypercall.c). */
extern const struct hc_table hypercall_table;
void hypercall_init(void);
/* Dispatches the hypercall in frame->x[0..7] for vcpu and writes the results back. */
void hypercall_handle(struct vcpu *vcpu, struct trap_frame *frame);

/* One routing-table entry of a caps.h HC_*_FUNCTIONS list: its handler is <group>_<name>_call. */
#define HC_KERNEL_FUNCTION(group, number, name, requirement)                                      \
	[number] = {#name, group##_##name##_call, HC_REQUIRES_##requirement},

/* hypercall_vcpu.c */
extern const struct hc_group hypercall_vcpu_group;
extern const struct hc_group hypercall_endpoint_group;
/* hypercall_partition.c, the endpoint group's handler that creates a vCPU as partition ones do */
extern const struct hc_group hypercall_partition_group;
enum cap_status endpoint_context_create_call(struct hc_call *call);
/* channel.c */
extern const struct hc_group hypercall_channel_group;
/* hypercall_sched.c */
extern const struct hc_group hypercall_sched_group;

#endif
