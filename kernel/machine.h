/* SPDX-License-Identifier: Apache-2.0 */
/* The machine Mortise runs on: its CPUs and what boot learnt about them. */
#ifndef KERNEL_MACHINE_H
#define KERNEL_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "cpu_arch.h"
#include "dtb.h"
#include "run_queue.h"

struct vcpu;

struct cpu {
	unsigned index;
	uint64_t mpidr;
	bool online;
	struct vcpu *vcpu; /* the vCPU running on this CPU, NULL when none */
	/* Every vCPU bound to this CPU, in creation order: what its scheduler looks at. */
	struct vcpu *bound;
	/* How many vCPUs were bound to it so far (struct vcpu bound_order): vcpu_table_lock. */
	uint64_t bind_count;
	/* Its run queue (run_queue.h): own CPU only, with interrupts masked. */
	struct run_queue ready;
	/* Its timed events (timed_queue.h): own CPU only, with interrupts masked. */
	struct vcpu *timed;
	/* CPU_HAZARD_*: set by this CPU's interrupt handling, done by sched_return; own CPU only. */
	unsigned hazards;
	/*
	 * Some vCPU bound here is retiring or moving: the scheduler unlinks it (vcpu_reap); some has
	 * new scheduling parameters (sched_configure). Atomic.
	 */
	bool reap_pending, sched_pending;
	/*
	 * Times this CPU's scheduler looked at reap_pending: a CPU that has, since a partition
	 * stopped, has finished whatever trap it was in then (vcpu_retire). Atomic.
	 */
	unsigned reap_passes;
	struct cpu_arch arch;
};

/*
 * Work an interrupt leaves for the way back into a guest, done there once (NOVA's hazards), so
 * interrupt handling never calls the scheduler: another vCPU may have to run here; the EL2 timer
 * fired (the running vCPU's budget, or an entry of the timed queue, may be due); another CPU
 * changed what may run here.
 */
#define CPU_HAZARD_SCHEDULE (1u << 0)
#define CPU_HAZARD_TIMED_DUE (1u << 1)
/* Another CPU may have changed whether a vCPU of this one may run: its run queue is refreshed. */
#define CPU_HAZARD_REQUEUE (1u << 2)

/* What the kernel learnt at boot; written by the boot CPU before any secondary starts. */
struct machine {
	struct dtb_platform platform;
	struct machine_arch arch;
	struct cpu cpus[CONFIG_MAX_CPUS];
	unsigned boot_cpu;
	uint64_t memory_bytes;
};

extern struct machine machine;

/* cpus.c */
unsigned cpus_start_secondaries(void);
void cpu_init_local(struct cpu *cpu);

/* Each CPU's EL2 stack top, by index: written before the CPU starts (cpu_arch.c), read by head.S. */
extern uintptr_t cpu_stack_tops[CONFIG_MAX_CPUS];

/*
 * This CPU's entry in machine.cpus, from cpu_init_local on (TPIDR_EL2 names it); inline, as the
 * next one: each switch asks.
 */
static inline struct cpu *cpu_this(void)
{
	return (struct cpu *)(uintptr_t)sysreg_read(tpidr_el2);
}

/* The EL2 stack of cpu. */
static inline uintptr_t cpu_stack_top(const struct cpu *cpu)
{
	return cpu_stack_tops[cpu->index];
}
/*
 * The stack a CPU runs on: the boot CPU keeps the one it booted on (in the image); each other
 * CPU gets CONFIG_MORTISE_STACK_SIZE bytes of Mortise's memory before it is started.
 */
void cpu_adopt_boot_stack(const struct cpu *cpu);
void cpu_set_stack(const struct cpu *cpu, void *stack);

#endif
