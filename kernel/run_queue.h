/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A CPU's run queue (struct cpu ready): the vCPUs bound to it that may run, as a list per priority
 * and a bitmap of the priorities whose list is not empty, so that the vCPU the scheduler runs is
 * found by two count-leading-zeros, not a walk (the shape of seL4's ready queues). Among equals
 * the one bound to the CPU first runs (struct vcpu bound_order): a list is kept in that order,
 * and only an insertion walks it, past the vCPUs of the same priority bound earlier.
 *
 * Exact, not lazy: a vCPU is in it exactly while it is runnable (not paused, throttled, moving,
 * idle, exited or stopped) as far as this CPU has been told. What changes that here updates it
 * at once (vcpu_notify_cpu, the scheduler's charge and replenishment, a new priority); the
 * running vCPU's own WFI, exit or stop is seen by the scheduler before it picks; a change made by
 * another CPU comes with a kick, whose CPU_HAZARD_REQUEUE makes this one look again at every vCPU
 * bound to it (run_queue_refresh).
 *
 * Owned by its CPU: only that CPU touches it, with interrupts masked; no lock.
 */
#ifndef KERNEL_RUN_QUEUE_H
#define KERNEL_RUN_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A priority is a byte (caps.h, CAP_SCHED_PRIORITY_MAX). */
#define RUN_QUEUE_PRIORITIES 256
#define RUN_QUEUE_WORD_BITS 64
#define RUN_QUEUE_WORDS (RUN_QUEUE_PRIORITIES / RUN_QUEUE_WORD_BITS)

struct vcpu;
struct cpu;

struct run_queue {
	uint64_t levels;		 /* bit w: words[w] is not 0 */
	uint64_t words[RUN_QUEUE_WORDS]; /* bit p % 64 of word p / 64: first[p] is not NULL */
	unsigned count;			 /* vCPUs queued */
	/* Per priority, the vCPU bound first; the others follow (struct vcpu next_ready). */
	struct vcpu *first[RUN_QUEUE_PRIORITIES];
};

/* Queues vcpu, bound to queue's CPU, at vcpu->priority in its place; nothing if it is queued. */
void run_queue_insert(struct run_queue *queue, struct vcpu *vcpu);
/* Takes vcpu out of queue, wherever it is; nothing if it is not queued. */
void run_queue_remove(struct run_queue *queue, struct vcpu *vcpu);
/* vcpu is in cpu's queue if and only if it is runnable now. */
void run_queue_update(struct cpu *cpu, struct vcpu *vcpu);
/*
 * guest, switched out on cpu in a loan (hand_off.h; its context not loaded there), has stopped:
 * its stop's notice reached cpu (run_queue_update) or it is being destroyed (vcpu_reap). The
 * loan ends, or the context would stay lent, never run: it finishes on a turn of its own what
 * it was doing, or stops with its VMM (whose stop has stopped the guest too, partition_stop).
 */
void run_queue_end_loan(struct cpu *cpu, struct vcpu *guest);
/* run_queue_update for every vCPU bound to cpu: what other CPUs changed is seen. */
void run_queue_refresh(struct cpu *cpu);

/* The vCPU to run: the first of the highest priority queued; NULL when the queue is empty. */
static inline struct vcpu *run_queue_first(const struct run_queue *queue)
{
	if (queue->levels == 0)
		return NULL;
	unsigned word = RUN_QUEUE_WORD_BITS - 1 - (unsigned)__builtin_clzll(queue->levels);
	unsigned bit = RUN_QUEUE_WORD_BITS - 1 - (unsigned)__builtin_clzll(queue->words[word]);

	return queue->first[word * RUN_QUEUE_WORD_BITS + bit];
}

/* Whether a vCPU other than vcpu is queued; queued tells whether vcpu itself is. */
static inline bool run_queue_has_other(const struct run_queue *queue, bool queued)
{
	return queue->count > (queued ? 1u : 0u);
}

#endif
