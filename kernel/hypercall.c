/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypercall routing table: every group the kernel offers, each function declaring the
 * capabilities it needs (caps.h). The dispatcher checks them all before a handler runs, so the
 * handlers below only ever see validated capabilities.
 */
#include "array_length.h"
#include "channel.h"
#include "endpoint.h"
#include "frames.h"
#include "hypercall.h"
#include "partition.h"
#include "vcpu.h"

#include <string.h>

#define MORTISE_ABI_VERSION 0x00010000u

/* Its own lock guards it (caps.h); outermost of all kernel locks (caps/README.md). */
struct cap_system kernel_caps;

static enum cap_status hypervisor_null_call(struct hc_call *call)
{
	(void)call;
	return CAP_OK;
}

static enum cap_status hypervisor_version_call(struct hc_call *call)
{
	call->registers->x[1] = MORTISE_ABI_VERSION;
	return CAP_OK;
}

/* Table usage, for showing that what is created and destroyed leaves nothing behind. */
static enum cap_status hypervisor_stats_call(struct hc_call *call)
{
	uint64_t *x = call->registers->x;

	x[1] = partitions_in_use();
	x[2] = vcpus_in_use();
	x[3] = endpoints_in_use();
	x[4] = channels_in_use();
	x[5] = cap_system_entries_in_use(&kernel_caps);
	x[6] = partition_vmids_in_use();
	x[7] = frames_donated_pages();
	return CAP_OK;
}

static const struct hc_function hypervisor_functions[] = {
	HC_HYPERVISOR_FUNCTIONS(HC_KERNEL_FUNCTION)
};

static const struct hc_group hypervisor_group = {
	"hypervisor", HC_GROUP_HYPERVISOR, ARRAY_LENGTH(hypervisor_functions), hypervisor_functions};

/* Bytes travel in registers: the kernel never reads guest memory on a guest's say-so. */
static enum cap_status console_write_call(struct hc_call *call)
{
	uint64_t length = call->registers->x[2];
	char text[HC_CONSOLE_WRITE_MAX];
	struct vcpu *vcpu = call->context;

	/* Printing waits for the UART: not while other CPUs wait for the capability lock. */
	hc_call_unlock(call);
	if (length > HC_CONSOLE_WRITE_MAX)
		return CAP_INVALID_ARGUMENT;
	memcpy(text, &call->registers->x[3], length);
	partition_console_write(vcpu->partition, text, length);
	return CAP_OK;
}

static const struct hc_function console_functions[] = {
	HC_CONSOLE_FUNCTIONS(HC_KERNEL_FUNCTION)
};

static const struct hc_group console_group = {"console", HC_GROUP_CONSOLE,
					      ARRAY_LENGTH(console_functions), console_functions};

/* Each at the index of its number, where hc_dispatch looks first. */
static const struct hc_group *const hypercall_groups[] = {
	[HC_GROUP_HYPERVISOR] = &hypervisor_group,
	[HC_GROUP_CAPS] = &hc_caps_group,
	[HC_GROUP_CONSOLE] = &console_group,
	[HC_GROUP_VCPU] = &hypercall_vcpu_group,
	[HC_GROUP_ENDPOINT] = &hypercall_endpoint_group,
	[HC_GROUP_PARTITION] = &hypercall_partition_group,
	[HC_GROUP_CHANNEL] = &hypercall_channel_group,
	[HC_GROUP_SCHED] = &hypercall_sched_group,
};

const struct hc_table hypercall_table = {hypercall_groups, ARRAY_LENGTH(hypercall_groups)};

void hypercall_init(void)
{
	cap_system_init(&kernel_caps);
}

/* x0..x7 by value: a few loads and stores inline, where memcpy is a libc call and a loop a loop. */
static void copy_registers(uint64_t *to, const uint64_t *from)
{
#pragma GCC unroll 8
	for (unsigned i = 0; i < HC_ARGUMENTS + 1; i++)
		to[i] = from[i];
}

void hypercall_handle(struct vcpu *vcpu, struct trap_frame *frame)
{
	struct hc_registers registers;

	copy_registers(registers.x, frame->x);
	hc_dispatch(&hypercall_table, &kernel_caps, vcpu->partition->id, &registers, vcpu);
	copy_registers(frame->x, registers.x);
}
