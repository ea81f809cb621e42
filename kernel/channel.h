/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Channel doorbells: a channel's two ends are vCPUs, each with the virtual SPI it takes a ring
 * on. The shared memory of a channel is an ordinary memory capability mapped into both
 * partitions; the kernel object is only the doorbell, so ringing costs one hypercall and one
 * list register, and the rung vCPU's CPU is kicked if it is another one.
 */
#ifndef KERNEL_CHANNEL_H
#define KERNEL_CHANNEL_H

#include <stdint.h>

#include "caps.h"
#include "vcpu.h"

struct channel_end {
	struct vcpu *vcpu;
	uint32_t intid; /* a virtual SPI, in the vCPU's own INTID space */
};

struct channel {
	uint16_t id; /* the object of channel capabilities */
	struct channel_end ends[HC_CHANNEL_ENDS]; /* no vCPUs: a free entry */
	struct partition *charged; /* whose channel quota it took (NULL: boot code's) */
};

/*
 * A new channel in *created: CAP_INVALID_ARGUMENT if an end is dedicated, CAP_NO_MEMORY when the
 * table is full. The callers have checked the INTIDs (HC_CHANNEL_CREATE).
 */
enum cap_status channel_create(const struct channel_end ends[HC_CHANNEL_ENDS],
			       struct partition *charged, struct channel **created);
/*
 * Destroying partition (capability lock held, its vCPUs off every CPU): the channels with an end
 * among its vCPUs are freed with every capability naming them, their charges given back; what
 * others charged to it goes to heir.
 */
void channels_destroy(const struct partition *partition, struct partition *heir);
/*
 * Marks vcpu dedicated unless it is the end of a channel (false then), atomically against
 * channel_create, which refuses a dedicated end: a vCPU never becomes both.
 */
bool channel_dedicate_unless_end(struct vcpu *vcpu);
struct channel *channel_by_id(uint64_t id);
/* How many channels exist: hypervisor.stats. */
unsigned channels_in_use(void);
/* Pends end's INTID at end's vCPU; a stopped vCPU keeps it and never runs again. */
void channel_ring(const struct channel *channel, unsigned end);

#endif
