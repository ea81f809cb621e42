/* SPDX-License-Identifier: Apache-2.0 */
#include "vcpu.h"

#include "console.h"
#include "kernel.h"
#include "partition.h"
#include "sync.h"

/* EL1h with D, A, I and F masked, as the arm64 boot protocol requires. */
#define SPSR_EL1H_MASKED 0x3c5ULL
#define MPIDR_RES1 (1ULL << 31)

static struct vcpu vcpus[CONFIG_MORTISE_MAX_VCPUS];
static unsigned vcpu_count;

struct vcpu *vcpu_create(struct partition *partition, unsigned cpu, uint8_t priority,
			 uint64_t entry_ipa, uint64_t argument)
{
	if (vcpu_count == CONFIG_MORTISE_MAX_VCPUS || cpu >= machine.platform.cpu_count)
		return NULL;
	struct vcpu *vcpu = &vcpus[vcpu_count];

	*vcpu = (struct vcpu){.id = (uint16_t)vcpu_count,
			      .priority = priority,
			      .cpu = cpu,
			      .state = VCPU_RUNNABLE,
			      .partition = partition,
			      .registers = {.elr = entry_ipa, .spsr = SPSR_EL1H_MASKED}};
	vcpu->registers.x[0] = argument;
	/* Each partition sees its vCPUs as CPUs 0, 1, ... of its own machine. */
	vcpu_context_reset(&vcpu->context, MPIDR_RES1 | partition->vcpu_count++);
	partition->running = true;
	__atomic_store_n(&vcpu_count, vcpu_count + 1, __ATOMIC_RELEASE);
	return vcpu;
}

struct vcpu *vcpu_by_id(uint64_t id)
{
	return id < __atomic_load_n(&vcpu_count, __ATOMIC_ACQUIRE) ? &vcpus[id] : NULL;
}

/* Highest priority first, then creation order: a linear scan of a few dozen vCPUs at most. */
static struct vcpu *vcpu_pick(unsigned cpu)
{
	struct vcpu *best = NULL;
	unsigned count = __atomic_load_n(&vcpu_count, __ATOMIC_ACQUIRE);

	for (unsigned i = 0; i < count; i++) {
		struct vcpu *vcpu = &vcpus[i];
		if (vcpu->cpu == cpu && vcpu->state == VCPU_RUNNABLE &&
		    (best == NULL || vcpu->priority > best->priority))
			best = vcpu;
	}
	return best;
}

static void vcpu_load(struct cpu *cpu, struct vcpu *vcpu)
{
	vcpu_context_restore(&vcpu->context);
	stage2_activate(&vcpu->partition->stage2);
	cpu->vcpu = vcpu;
}

static _Noreturn void vcpu_idle(struct cpu *cpu)
{
	cpu->vcpu = NULL;
	if (!partitions_any_running())
		kernel_power_off();
	exception_park_cpu();
}

void vcpu_schedule(struct trap_frame *frame)
{
	struct cpu *cpu = cpu_this();
	struct vcpu *current = cpu->vcpu;
	struct vcpu *next = vcpu_pick(cpu->index);

	if (next == current)
		return;
	if (current != NULL) {
		current->registers = *frame;
		vcpu_context_save(&current->context);
	}
	if (next == NULL)
		vcpu_idle(cpu);
	vcpu_load(cpu, next);
	*frame = next->registers;
}

_Noreturn void vcpu_start_cpu(void)
{
	struct cpu *cpu = cpu_this();

	vcpu_context_init_cpu();
	struct vcpu *first = vcpu_pick(cpu->index);
	if (first == NULL)
		vcpu_idle(cpu);
	vcpu_load(cpu, first);
	vcpu_enter(&first->registers, cpu_stack_top(cpu));
}

void vcpu_stop(struct vcpu *vcpu, const char *reason)
{
	vcpu->state = VCPU_STOPPED;
	partition_stop(vcpu->partition, reason);
}
