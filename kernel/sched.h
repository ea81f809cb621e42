/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The per-CPU scheduler (mechanism only): a CPU runs the highest-priority runnable vCPU bound to
 * it, in creation order among equals; a guest's exit taken by its VMM's vCPU on the same CPU runs
 * that vCPU at once, with no pick, on the guest's priority and budget (sched_hand_off). A vCPU in WFI leaves its CPU to others until an
 * interrupt or its timer's deadline (on the EL2 timer) wakes it; with nothing to run the CPU
 * waits in WFI. Mode 1 and Mode 2: kernel/README.md.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdbool.h>

#include "exception.h"
#include "machine.h"

struct cpu;
struct vcpu;
struct sched_request;

/*
 * Called from a trap with the interrupted vCPU's frame: if another vCPU should run on this CPU,
 * saves the current one into itself and loads the next into frame, so the exception return enters
 * it. With nothing left to run, powers off (nothing runs anywhere) or waits for work.
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
/*
 * The trap under way made next, a vCPU bound to this CPU, runnable to run here at once: the
 * scheduler at its end switches to it without a pick, unless an interrupt asks this CPU to look
 * again or next may not run (sched.c, next_on). A VMM component's vCPU taking an exit here, which
 * then runs on the exiting vCPU's scheduling context (struct vcpu donor), and that vCPU when it
 * resumes it: NOVA's portals, seL4's donated scheduling context.
 */
static inline void sched_hand_off(struct vcpu *next)
{
	cpu_this()->handoff = next;
}
/*
 * server, running on this CPU, waits again or stops serving its donor: the donor's budget is
 * charged for the time server ran on it, and server runs on its own from now.
 */
void sched_end_donation(struct vcpu *server);
/* Runs the vCPUs bound to this CPU from now on, waiting while it has none; never returns. */
_Noreturn void sched_start_cpu(void);

#endif
