/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vCPUs made, dedicated, moved, retired and freed: the root component's and sched's calls, on no
 * path a running guest waits on, compiled for size (kernel/build.mk). Starting one and finding one
 * by its number are vcpu.c's.
 */
#include "vcpu.h"
#include "channel.h"
#include "endpoint.h"
#include "frames.h"
#include "hypercall.h"
#include "irq.h"
#include "partition.h"
#include "timed_queue.h"
#include "virq.h"

#include "sync.h"
#include "vcpu_table.h"

/*
 * Each vCPU lives in a page of its partition's kernel memory, donated by whoever created the
 * partition (HC_VCPU_MEMORY_SIZE): this table only gives them the numbers capabilities name.
 * NULL entries are free, the lowest taken first; vcpus_live counts the others. Written under
 * vcpu_table_lock within the capability lock, under which vcpu_by_id's callers read it.
 */
_Static_assert(sizeof(struct vcpu) <= HC_VCPU_MEMORY_SIZE, "a vCPU fits its page");
struct vcpu *vcpus[CONFIG_MORTISE_MAX_VCPUS];
unsigned vcpus_live;
/*
 * Creating and dedicating: components on several CPUs may do either at once. Taken inside the
 * capability lock (partition.vcpu_create, vcpu.dedicate and boot code hold it), never the other
 * way round.
 */
static struct spinlock vcpu_table_lock;

static bool cpu_dedicated_locked(unsigned cpu)
{
	for_each_vcpu_on(cpu, vcpu) {
		if (vcpu->dedicated)
			return true;
	}
	return false;
}

/* Appends vcpu to its CPU's and its partition's lists, which are read without the lock. */
static void link_locked(struct vcpu *vcpu)
{
	struct vcpu **on_cpu = &machine.cpus[vcpu->cpu].bound;
	struct vcpu **of_partition = &vcpu->partition->vcpus;

	while (*on_cpu != NULL)
		on_cpu = &(*on_cpu)->next_on_cpu;
	vcpu->bound_order = machine.cpus[vcpu->cpu].bind_count++;
	while (*of_partition != NULL)
		of_partition = &(*of_partition)->next_in_partition;
	__atomic_store_n(on_cpu, vcpu, __ATOMIC_RELEASE);
	__atomic_store_n(of_partition, vcpu, __ATOMIC_RELEASE);
}

/* The lowest free number, or CONFIG_MORTISE_MAX_VCPUS when there is none. */
static unsigned free_id_locked(void)
{
	unsigned id = 0;

	while (id < CONFIG_MORTISE_MAX_VCPUS && vcpus[id] != NULL)
		id++;
	return id;
}

static struct vcpu *create_locked(struct partition *partition, unsigned cpu, uint8_t priority,
				  uint64_t entry_ipa, uint64_t argument)
{
	unsigned id = free_id_locked();

	if (id == CONFIG_MORTISE_MAX_VCPUS || cpu >= machine.platform.cpu_count ||
	    cpu_dedicated_locked(cpu))
		return NULL;
	/* Last, since it cannot be given back before the partition is destroyed. */
	struct vcpu *vcpu = frames_take_kernel_page(&partition->stage2);
	if (vcpu == NULL)
		return NULL;
	*vcpu = (struct vcpu){.id = (uint16_t)id,
			      .priority = priority,
			      .cpu = cpu,
			      .state = VCPU_CREATED,
			      .partition = partition};
	/* Each partition sees its vCPUs as CPUs 0, 1, ... of its own machine. */
	vcpu->index = partition->vcpu_count++;
	vcpu_arch_reset(vcpu, &vcpu->registers, entry_ipa, argument);
#ifdef CONFIG_MORTISE_FASTPATH
	hc_call_init(&vcpu->hypercall, &kernel_caps, partition->id,
		     (struct hc_registers *)vcpu->registers.x, vcpu);
#endif
	__atomic_store_n(&vcpus[id], vcpu, __ATOMIC_RELEASE);
	__atomic_store_n(&vcpus_live, vcpus_live + 1, __ATOMIC_RELAXED);
	link_locked(vcpu);
	return vcpu;
}

struct vcpu *vcpu_create(struct partition *partition, unsigned cpu, uint8_t priority,
			 uint64_t entry_ipa, uint64_t argument)
{
	spin_lock(&vcpu_table_lock);
	struct vcpu *vcpu = create_locked(partition, cpu, priority, entry_ipa, argument);
	spin_unlock(&vcpu_table_lock);
	return vcpu;
}

enum cap_status vcpu_set_partition_features(struct partition *partition, uint32_t features)
{
	enum cap_status status = CAP_INVALID_ARGUMENT;

	if ((features & ~HC_FEATURES_ALL) != 0)
		return CAP_INVALID_ARGUMENT;
	if (!debug_pmu_supported(features))
		return CAP_NOT_SUPPORTED;
	spin_lock(&vcpu_table_lock);
	if (partition->vcpus == NULL) {
		partition->features = features;
		status = CAP_OK;
	}
	spin_unlock(&vcpu_table_lock);
	return status;
}

enum cap_status vcpu_dedicate(struct vcpu *vcpu)
{
	enum cap_status status = CAP_OK;

	if (!irq_direct_supported())
		return CAP_NOT_SUPPORTED;
	spin_lock(&vcpu_table_lock);
	if (vcpu->state != VCPU_CREATED || vcpu->exit_endpoint != NULL)
		status = CAP_INVALID_ARGUMENT;
	for_each_vcpu_on(vcpu->cpu, other) {
		if (other != vcpu)
			status = CAP_INVALID_ARGUMENT;
	}
	/* Not started, so nothing runs it before its SGIs are enabled just after. */
	if (status == CAP_OK && !channel_dedicate_unless_end(vcpu))
		status = CAP_INVALID_ARGUMENT;
	if (status == CAP_OK)
		irq_direct_sgis(&machine.cpus[vcpu->cpu], true);
	spin_unlock(&vcpu_table_lock);
	return status;
}

/*
 * Every other CPU has passed its scheduler since the partition began retiring, so no trap that
 * began before (a hypercall that let the capability lock go holding a vCPU, an interrupt for
 * one) is still under way there; those that have not are kicked to.
 */
static bool every_cpu_passed(const struct partition *partition)
{
	bool passed = true;

	for (unsigned cpu = 0; cpu < machine.platform.cpu_count; cpu++) {
		if (cpu == cpu_this()->index || !machine.cpus[cpu].online ||
		    __atomic_load_n(&machine.cpus[cpu].reap_passes, __ATOMIC_ACQUIRE) !=
			    partition->retire_passes[cpu])
			continue;
		passed = false;
		__atomic_store_n(&machine.cpus[cpu].reap_pending, true, __ATOMIC_RELEASE);
		cpu_kick(cpu);
	}
	return passed;
}

bool vcpu_retire(struct partition *partition)
{
	bool released = true;

	spin_lock(&vcpu_table_lock);
	if (!partition->retiring) {
		partition->retiring = true;
		for (unsigned cpu = 0; cpu < machine.platform.cpu_count; cpu++)
			partition->retire_passes[cpu] =
				__atomic_load_n(&machine.cpus[cpu].reap_passes, __ATOMIC_ACQUIRE);
	}
	for_each_vcpu_of(partition, vcpu) {
		__atomic_store_n(&vcpu->retiring, true, __ATOMIC_RELEASE);
		__atomic_store_n(&machine.cpus[vcpu->cpu].reap_pending, true, __ATOMIC_RELEASE);
	}
	spin_unlock(&vcpu_table_lock);
	vcpu_reap(cpu_this());
	for_each_vcpu_of(partition, vcpu) {
		if (!__atomic_load_n(&vcpu->released, __ATOMIC_ACQUIRE)) {
			released = false;
			/* Its CPU switches away from a stopped partition at its next exception. */
			vcpu_notify_cpu(vcpu);
		}
	}
	return every_cpu_passed(partition) && released;
}

/* Appends vcpu, unlinked from its old CPU's list, to that of the CPU it moves to. */
static void move_locked(struct vcpu *vcpu)
{
	unsigned cpu = vcpu->move_to;
	struct vcpu **tail = &machine.cpus[cpu].bound;

	while (*tail != NULL)
		tail = &(*tail)->next_on_cpu;
	vcpu->next_on_cpu = NULL;
	vcpu->bound_order = machine.cpus[cpu].bind_count++;
	__atomic_store_n(&vcpu->cpu, cpu, __ATOMIC_RELEASE);
	__atomic_store_n(tail, vcpu, __ATOMIC_RELEASE);
	/* Its parameters, if they wait still, are the new CPU's to apply. */
	__atomic_store_n(&machine.cpus[cpu].sched_pending, true, __ATOMIC_RELEASE);
	vcpu_hold(vcpu, VCPU_HELD_MOVING, false);
	vcpu_notify_cpu(vcpu);
}

void vcpu_reap(struct cpu *cpu)
{
	bool left = false;

	if (!__atomic_load_n(&cpu->reap_pending, __ATOMIC_ACQUIRE))
		return;
	spin_lock(&vcpu_table_lock);
	__atomic_store_n(&cpu->reap_pending, false, __ATOMIC_RELAXED);
	__atomic_store_n(&cpu->reap_passes, cpu->reap_passes + 1, __ATOMIC_RELEASE);
	for (struct vcpu **link = &cpu->bound; *link != NULL;) {
		struct vcpu *vcpu = *link;
		bool retiring = __atomic_load_n(&vcpu->retiring, __ATOMIC_ACQUIRE);
		bool moving = __atomic_load_n(&vcpu->held, __ATOMIC_ACQUIRE) & VCPU_HELD_MOVING;
		/*
		 * A retiring guest switched out in a loan gives its turn back: the context finishes
		 * on its own turn what it was doing (a loaded one's loan ends at its next pass).
		 */
		if (retiring && vcpu->lent_to != NULL && vcpu->lent_to != cpu->vcpu)
			run_queue_end_loan(cpu, vcpu);
		/*
		 * Loaded, in a loan (a guest's turn runs a context of this CPU: hand_off.h), or its
		 * list registers still hold physical interrupts: not yet.
		 */
		if ((!retiring && !moving) || vcpu == cpu->vcpu || vcpu->lent_to != NULL ||
		    vcpu->lender != NULL || virq_links_physical(vcpu)) {
			left |= retiring || moving;
			link = &vcpu->next_on_cpu;
			continue;
		}
		__atomic_store_n(link, vcpu->next_on_cpu, __ATOMIC_RELEASE);
		run_queue_remove(&cpu->ready, vcpu);
		/* A mover's timed event goes with it: its new CPU queues it (apply_requests). */
		timed_queue_remove(cpu, vcpu);
		/* What this CPU's registers hold of it goes with a move, and is dropped with it. */
		vcpu_context_leave_cpu(&vcpu->arch.context, !retiring);
		if (retiring)
			__atomic_store_n(&vcpu->released, true, __ATOMIC_RELEASE);
		else
			move_locked(vcpu);
	}
	if (left)
		__atomic_store_n(&cpu->reap_pending, true, __ATOMIC_RELEASE);
	spin_unlock(&vcpu_table_lock);
}

void vcpus_free(struct partition *partition, struct partition *heir)
{
	spin_lock(&vcpu_table_lock);
	for (struct vcpu *vcpu = partition->vcpus, *next; vcpu != NULL; vcpu = next) {
		next = vcpu->next_in_partition;
		cap_remove_naming(&kernel_caps, CAP_TYPE_VCPU, vcpu->id);
		partition_quota_return(vcpu->charged, TABLE_VCPUS, 1);
		__atomic_store_n(&vcpu->partition, NULL, __ATOMIC_RELEASE);
		/* Its page goes back with the partition's kernel memory (frames_forget). */
		__atomic_store_n(&vcpus[vcpu->id], NULL, __ATOMIC_RELEASE);
		__atomic_store_n(&vcpus_live, vcpus_live - 1, __ATOMIC_RELAXED);
	}
	__atomic_store_n(&partition->vcpus, NULL, __ATOMIC_RELEASE);
	partition->vcpu_count = 0;
	for (unsigned i = 0; i < CONFIG_MORTISE_MAX_VCPUS; i++) {
		if (vcpus[i] != NULL && vcpus[i]->charged == partition)
			vcpus[i]->charged = heir;
	}
	spin_unlock(&vcpu_table_lock);
}

bool vcpus_exit_to(const struct partition *receiver)
{
	bool found = false;

	spin_lock(&vcpu_table_lock);
	for (unsigned i = 0; i < CONFIG_MORTISE_MAX_VCPUS; i++) {
		const struct vcpu *vcpu = vcpus[i];
		found |= vcpu != NULL && vcpu->partition != receiver &&
			 vcpu->exit_endpoint != NULL && vcpu->exit_endpoint->receiver == receiver;
	}
	spin_unlock(&vcpu_table_lock);
	return found;
}

enum cap_status vcpu_move(struct vcpu *vcpu, unsigned cpu)
{
	enum cap_status status = CAP_OK;

	spin_lock(&vcpu_table_lock);
	if (vcpu->dedicated || (cpu != vcpu->cpu && cpu_dedicated_locked(cpu)))
		status = CAP_INVALID_ARGUMENT;
	else if (cpu != vcpu->cpu) {
		vcpu->move_to = cpu;
		vcpu_hold(vcpu, VCPU_HELD_MOVING, true);
		__atomic_store_n(&machine.cpus[vcpu->cpu].reap_pending, true, __ATOMIC_RELEASE);
	}
	spin_unlock(&vcpu_table_lock);
	return status;
}

bool vcpus_dedicated(const struct partition *partition)
{
	for_each_vcpu_of(partition, vcpu) {
		if (__atomic_load_n(&vcpu->dedicated, __ATOMIC_ACQUIRE))
			return true;
	}
	return false;
}
