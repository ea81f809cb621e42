/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A CPU's run queue (struct cpu ready): the vCPUs bound to it that may run, highest priority
 * first and, among equals, in the order they were bound to it (struct vcpu bound_order), so that
 * its first runnable entry is the vCPU the scheduler runs, found without a walk of every vCPU of
 * the CPU. Touched by its own CPU alone, with interrupts masked.
 *
 * An entry that stops being runnable (WFI, an exit, a pause, a spent budget, a stopped partition)
 * stays until run_queue_first meets it. What makes a vCPU runnable on its own CPU adds it there
 * (vcpu_notify_cpu, a wake-up or replenishment of the scheduler); from another CPU, the kick that
 * follows makes this one rebuild its queue from its list of bound vCPUs (CPU_HAZARD_REQUEUE), as
 * does a change of priority.
 */
#ifndef KERNEL_RUN_QUEUE_H
#define KERNEL_RUN_QUEUE_H

#include <stdbool.h>

struct cpu;
struct vcpu;

/* Queues vcpu, bound to cpu, in its place: nothing if it is queued already or not runnable. */
void run_queue_add(struct cpu *cpu, struct vcpu *vcpu);
/* Takes vcpu out of cpu's queue (vcpu_reap: it leaves the CPU), wherever it is in it. */
void run_queue_remove(struct cpu *cpu, struct vcpu *vcpu);
/* The vCPU cpu runs next, NULL when none is runnable; entries not runnable any more leave. */
struct vcpu *run_queue_first(struct cpu *cpu);
/* Whether a runnable vCPU other than vcpu is queued on cpu. */
bool run_queue_has_other(const struct cpu *cpu, const struct vcpu *vcpu);
/* Empties cpu's queue and queues every runnable vCPU bound to it. */
void run_queue_rebuild(struct cpu *cpu);

#endif
