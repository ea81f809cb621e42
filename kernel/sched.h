/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The per-CPU scheduler (mechanism only): a CPU runs the highest-priority runnable vCPU bound to
 * it, in creation order among equals; a VMM component's vCPU outranks its guests', so a guest's
 * exit is handled as soon as it is taken. A vCPU in WFI leaves its CPU to others until an
 * interrupt or its timer's deadline (on the EL2 timer) wakes it; with nothing to run the CPU
 * waits in WFI. Mode 1 and Mode 2: kernel/README.md.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdbool.h>

#include "exception.h"

struct cpu;
struct vcpu;
struct sched_request;

/*
 * Called from a trap with the interrupted vCPU's frame, its own registers (exception.h, "lower EL
 * frames"): if another vCPU should run on this CPU, enters that one from its registers and does
 * not return. With nothing left to run, powers off (nothing runs anywhere) or waits for work.
 */
void sched_schedule(struct trap_frame *frame);
/*
 * The way back into a guest after an interrupt: runs the scheduler once if this CPU's hazards ask
 * for it (machine.h), else hands the running vCPU what waits for its list registers.
 */
void sched_return(struct cpu *cpu, struct trap_frame *frame);
/*
 * The running vCPU executed WFI (trapped): returns at once if an interrupt already waits for it.
 * If another vCPU could use its CPU, it becomes VCPU_IDLE and the next schedule switches it
 * out, until an interrupt for it or its timer's deadline (on the EL2 timer) wakes it. Alone and
 * without an enforced budget, it waits here, loaded, until this CPU takes an interrupt: the
 * quickest wake-up. A budgeted vCPU always leaves its CPU, so that waiting is never charged.
 */
void sched_wait_for_interrupt(struct vcpu *vcpu);
/*
 * New priority, budget and period for vcpu (sched.configure), applied by its CPU at its next pass
 * with a full budget for a period starting then; its CPU is told at once.
 */
void sched_configure(struct vcpu *vcpu, const struct sched_request *request);
/* sched.pause and sched.resume: a paused vCPU is not picked; its CPU is told at once. */
void sched_set_paused(struct vcpu *vcpu, bool paused);
/* Runs the vCPUs bound to this CPU from now on, waiting while it has none; never returns. */
_Noreturn void sched_start_cpu(void);

#endif
