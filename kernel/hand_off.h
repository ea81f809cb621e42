/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Exits served on the CPU where they happen (NOVA's per-CPU portals, seL4's call with a donated
 * scheduling context). A VMM has a context on a guest's CPU: a vCPU of its own partition bound
 * there (endpoint.context_create), waiting in endpoint.serve. An exit there switches straight from
 * the guest's vCPU to that context, and the context's next endpoint.serve answers it and switches
 * straight back: no IPI, no scheduler pass, no capability of the guest looked up.
 *
 * The scheduler's entity stays the guest's vCPU: it stays queued, its budget is charged and it is
 * preempted as ever; only what its CPU executes on its turn changes (struct vcpu lent_to and
 * lender). A guest's exit thus cannot make anything else run, and the context's time is the
 * guest's. All of it is the CPU's own: both vCPUs are bound to it.
 */
#ifndef KERNEL_HAND_OFF_H
#define KERNEL_HAND_OFF_H

#include "caps.h"
#include "machine.h"
#include "vcpu.h"

struct endpoint;

/*
 * guest, running on this CPU, has exited to its VMM: if the VMM's context on this CPU waits,
 * guest lends it its turn, and the context runs now with the exit's message. Returns only when
 * none waits (the exit goes through endpoint_deliver).
 */
void hand_off_exit(struct vcpu *guest);
/*
 * endpoint.serve from context: answers the exit it serves (HC_VCPU_RESUME_* action, value) and
 * waits for the next. The guest goes on at once, through hand_off_return, when context->answered
 * names it; otherwise the scheduler decides what runs. A refused call changes nothing.
 */
enum cap_status hand_off_serve(struct vcpu *context, uint64_t action, uint64_t value);
/*
 * The end of an endpoint.serve that answered (context->answered set), the context's registers
 * all in frame: enters the guest.
 */
_Noreturn void hand_off_return(struct trap_frame *frame);
/*
 * context, serving an exit, faulted: its guest stops (its exit has nobody to answer it), and so
 * does context, alone: the VMM's other contexts and vCPUs go on.
 */
void hand_off_fault(struct vcpu *context);
/*
 * The scheduler, executing a context lent by a guest: the guest while both partitions run, the
 * turn being the guest's. Else the loan ends: with its guest stopped, the context runs on as its
 * own vCPU to finish what it was doing; with its VMM stopped, the guest stops too.
 */
struct vcpu *hand_off_settle(struct cpu *cpu, struct vcpu *context);

#endif
