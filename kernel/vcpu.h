/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vCPUs and their lifecycle: created bound to one physical CPU, started, woken, stopped (Mode 1
 * and Mode 2: kernel/README.md). Which one runs is sched.h's; the interrupts that wait for one,
 * virq.h's; how its VMM resumes it, resume.h's.
 */
#ifndef KERNEL_VCPU_H
#define KERNEL_VCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "caps.h"
#include "exception.h"
#include "exit.h"
#include "fastpath.h"
#include "irq.h"
#include "machine.h"
#include "run_queue.h"
#include "sched_context.h"
#include "vcpu_arch.h"

struct partition;
struct endpoint;

enum vcpu_state {
	VCPU_CREATED, /* not started yet */
	VCPU_RUNNABLE,
	VCPU_EXITED,	     /* waiting for its VMM component to resume it */
	VCPU_WAITING_EXIT, /* a component blocked in endpoint_wait */
	VCPU_STOPPED,
	VCPU_IDLE, /* in WFI, switched out for another vCPU: an interrupt or its timer wakes it */
	VCPU_SERVING, /* a VMM context waiting on its CPU for an exit to serve (hand_off.h) */
	VCPU_LENT,    /* a VMM context serving an exit, on the exiting vCPU's turn (hand_off.h) */
	/*
	 * A VMM context that answered the exit it served, until its guest is entered (hand_off.h):
	 * the fast path, whose way back tests state ^ VCPU_RUNNABLE, finds FASTPATH_HAND_OFF there.
	 */
	VCPU_ANSWERED = VCPU_RUNNABLE | FASTPATH_HAND_OFF,
};

#define VCPU_MESSAGE_REGISTERS 8

struct vcpu {
	uint16_t id; /* the object of vCPU capabilities */
	uint8_t priority;
	unsigned cpu;
	enum vcpu_state state;
	struct partition *partition;
	struct endpoint *exit_endpoint; /* NULL: an exit stops the vCPU */
	struct trap_frame registers; /* its exceptions' frame while it runs (exception.h) */
#ifdef CONFIG_MORTISE_FASTPATH
	/*
	 * Its hypercalls as the fast path runs them (fastpath.h), through registers' x0..x7, made
	 * ready once when it is created: it makes one call at a time, on its own CPU.
	 */
	struct hc_call hypercall;
#endif
	struct vcpu_exit exit;
	struct vcpu *next_exited; /* queue of exits on an endpoint */
	/*
	 * A served exit (hand_off.h): the guest vCPU lends its turn, lent_to, to a VMM context,
	 * whose lender it is; both NULL otherwise. Their CPU's alone: it executes lent_to while the
	 * scheduler keeps running, queueing, charging and preempting the lender.
	 */
	struct vcpu *lent_to, *lender;
	struct endpoint *serves; /* a VMM context: the endpoint whose exits it takes on its CPU */
	/* VCPU_ANSWERED: the guest it goes back to (hand_off_return). Its CPU's alone. */
	struct vcpu *answered;
	/*
	 * What other CPUs left for its own to apply when it next runs (resume.h), each flag atomic
	 * and set once what it names is complete; has_pending, the three read at once (aligned
	 * single-copy atomic, Arm ARM B2.2.1), is nonzero when any is set: one load per entry.
	 */
	union {
		uint32_t has_pending;
		struct {
			bool has_message, has_resume, has_restart;
		};
	};
	/*
	 * Results for x0..x5 handed over by another CPU while this vCPU was blocked; applied when
	 * it next runs, since its registers may still be being saved when they arrive.
	 */
	uint64_t message[VCPU_MESSAGE_REGISTERS];
	/*
	 * How its VMM resumed it (HC_VCPU_RESUME_*), applied likewise by its own CPU: the exit's
	 * registers may not be saved yet when the VMM, on another CPU, answers.
	 */
	uint64_t resume_action, resume_value;
	/* Likewise a restart its VMM asked for (PSCI CPU_ON): enter here with x0 = argument. */
	uint64_t restart_entry, restart_argument;
	/* While VCPU_IDLE: the physical counter value at which its timers fire (UINT64_MAX: never). */
	uint64_t wake_deadline;
	unsigned index; /* within its partition: the CPU number its guest knows it by */
	/*
	 * Alone on its CPU for good, it takes its timer, SGIs and passed-through SPIs straight from
	 * the GIC (vcpu_dedicate): Mode 1 (kernel/README.md), no exit in an interrupt's path.
	 */
	bool dedicated;
	bool channel_end; /* some channel rings it: never dedicated (channel_table_lock) */
	struct vcpu *next_on_cpu; /* the next vCPU bound to its CPU (struct cpu bound) */
	uint64_t bound_order;	  /* its place among them: struct cpu bind_count when it joined */
	/* In its CPU's run queue, and its neighbours there (run_queue.h: its CPU only). */
	bool queued;
	struct vcpu *next_ready, *previous_ready;
	/* In its CPU's timed queue, when it is due there and the next (timed_queue.h: its CPU only). */
	bool timed;
	uint64_t timed_at;
	struct vcpu *next_timed;
	struct vcpu *next_in_partition; /* the next vCPU of its partition (struct partition vcpus) */
	struct partition *charged; /* whose vCPU quota it took (NULL: boot code's): vcpu_table_lock */
	/*
	 * Its partition is being destroyed (vcpu_retire): its own CPU's scheduler unlinks it once it
	 * is off that CPU and sets released; only then may its entry be freed. Atomic.
	 */
	bool retiring, released;
	/* sched.configure moves it to this CPU (with VCPU_HELD_MOVING), done by vcpu_reap. */
	unsigned move_to;
	/*
	 * VCPU_HELD_*: why the scheduler passes it over though it is runnable, as other CPUs set it
	 * (pause, moves; a spent budget is sched.throttled, its own CPU's). One byte, so that the
	 * pick looks at one field more, whatever holds it. Atomic.
	 */
	uint8_t held;
	/* Its budget and period, kept by its CPU; sched_configure hands new ones over in request. */
	struct sched_context sched;
	bool has_sched_request; /* atomic: request is complete */
	struct sched_request {
		uint8_t priority;
		uint64_t budget, period;
		uint32_t budget_us, period_us;
	} request;
	struct vcpu_arch arch;
};

#define VCPU_HELD_PAUSED (1u << 0) /* sched.pause */
#define VCPU_HELD_MOVING (1u << 1) /* to move_to, once its CPU has unlinked it */

static inline void vcpu_hold(struct vcpu *vcpu, uint8_t reason, bool held)
{
	if (held)
		__atomic_fetch_or(&vcpu->held, reason, __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_and(&vcpu->held, (uint8_t)~reason, __ATOMIC_SEQ_CST);
}

#define VCPU_PRIORITY_COMPONENT 1
#define VCPU_PRIORITY_GUEST 0

/*
 * The vCPUs bound to cpu, read without the lock by that CPU alone (others take vcpu_table_lock):
 * a list grows at its tail, and only its own CPU's scheduler removes from it (vcpu_reap).
 */
#define for_each_vcpu_on(cpu, item)                                                                 \
	for (struct vcpu *item = __atomic_load_n(&machine.cpus[cpu].bound, __ATOMIC_ACQUIRE);    \
	     item != NULL; item = __atomic_load_n(&item->next_on_cpu, __ATOMIC_ACQUIRE))
/*
 * The vCPUs of partition, read the same way by its own vCPUs' CPUs; it loses them only when it is
 * destroyed, once none of them is on a CPU (vcpus_free).
 */
#define for_each_vcpu_of(partition, item)                                                           \
	for (struct vcpu *item = __atomic_load_n(&(partition)->vcpus, __ATOMIC_ACQUIRE);          \
	     item != NULL; item = __atomic_load_n(&item->next_in_partition, __ATOMIC_ACQUIRE))

/*
 * A vCPU of partition bound to physical CPU cpu, entering at entry_ipa with x0 = argument, not
 * yet runnable, in a page of partition's kernel memory; NULL when no vCPU number or page is left
 * or the CPU does not exist.
 */
struct vcpu *vcpu_create(struct partition *partition, unsigned cpu, uint8_t priority,
			 uint64_t entry_ipa, uint64_t argument);
/*
 * The HC_FEATURE_* every vCPU of partition will own (HC_PARTITION_SET_FEATURES): only while it
 * has none, since a vCPU's CPU holds the state it owns (CAP_INVALID_ARGUMENT then, and for an
 * unknown bit; CAP_NOT_SUPPORTED for a PMU this machine lacks).
 */
enum cap_status vcpu_set_partition_features(struct partition *partition, uint32_t features);
/*
 * Dedicates vcpu's CPU to it: it takes its physical interrupts directly, its WFI is not trapped,
 * and no other vCPU may be bound to that CPU any more. Only for a created vCPU that is alone on
 * its CPU, sends its exits to no VMM and is no channel's end (CAP_INVALID_ARGUMENT otherwise),
 * on a GIC whose kicks can be Group 0 (CAP_NOT_SUPPORTED otherwise). Such a vCPU takes no
 * virtual interrupts: no channel doorbell rings it.
 */
enum cap_status vcpu_dedicate(struct vcpu *vcpu);

/*
 * Makes a created vCPU runnable and wakes its CPU if that CPU is idle. False, changing nothing,
 * once its partition has stopped: a stopped partition's interrupts and endpoints are released
 * (partition_stop), and it stays stopped.
 */
bool vcpu_start(struct vcpu *vcpu);
/*
 * Its partition is stopping (partition_stop): a vCPU running elsewhere keeps its state, since
 * that CPU owns it until it switches away; any other is VCPU_STOPPED now.
 */
void vcpu_mark_stopped(struct vcpu *vcpu);
struct vcpu *vcpu_by_id(uint64_t id);
/*
 * Destroying partition, which has stopped: its vCPUs retire, and each CPU holding some is told to
 * unlink them (this one at once, vcpu_reap). True once all are released, off every CPU, and every
 * other CPU has passed its scheduler since the first call (no trap begun before is under way);
 * false until then (call again: each call kicks those CPUs anew).
 */
bool vcpu_retire(struct partition *partition);
/* This CPU's scheduler, while on no list iteration: unlinks its retiring vCPUs that are off it. */
void vcpu_reap(struct cpu *cpu);
/*
 * Frees the released vCPUs of partition (vcpu_retire true): their entries may be reused, their
 * charges go back. What others charged to partition is charged to heir from now on.
 */
void vcpus_free(struct partition *partition, struct partition *heir);
/*
 * Whether a vCPU of another partition sends its exits to receiver: a VMM with guests left, which
 * keep a pointer to its endpoint that no lock guards on their exit path.
 */
bool vcpus_exit_to(const struct partition *receiver);
/*
 * vcpu is to run on cpu (an online CPU): its CPU unlinks it once off it and appends it to cpu's
 * list (vcpu_reap), the caller then tells its CPU. CAP_INVALID_ARGUMENT for a dedicated vCPU or
 * a CPU dedicated to another.
 */
enum cap_status vcpu_move(struct vcpu *vcpu, unsigned cpu);
/* Whether a vCPU of partition is dedicated to its CPU (Mode 1). */
bool vcpus_dedicated(const struct partition *partition);
/* How many vCPUs exist: hypervisor.stats. */
unsigned vcpus_in_use(void);

/*
 * Tells vcpu's CPU to look again at what it should run: another with a kick, this one through its
 * hazards, so that a call that woke a vCPU here is seen on its way back (fastpath.c too), with
 * vcpu in its run queue if and only if it is runnable.
 */
static inline void vcpu_notify_cpu(struct vcpu *vcpu)
{
	struct cpu *cpu = cpu_this();

	if (vcpu->cpu != cpu->index) {
		cpu_kick(vcpu->cpu);
	} else {
		run_queue_update(cpu, vcpu);
		cpu->hazards |= CPU_HAZARD_SCHEDULE;
	}
}

/* What its CPU executes when the scheduler runs vcpu: vcpu, or the context it is lent to. */
static inline struct vcpu *vcpu_executing(struct vcpu *vcpu)
{
	return vcpu->lent_to != NULL ? vcpu->lent_to : vcpu;
}

/* Whose turn an executing vCPU runs on: its own, or its lender's. */
static inline struct vcpu *vcpu_turn(struct vcpu *vcpu)
{
	return vcpu->lender != NULL ? vcpu->lender : vcpu;
}

/* The loan of guest's turn to context ends (hand_off.h), context now in state: their CPU's. */
static inline void vcpu_end_loan(struct vcpu *guest, struct vcpu *context,
				 enum vcpu_state state)
{
	guest->lent_to = NULL;
	context->lender = NULL;
	__atomic_store_n(&context->state, state, __ATOMIC_RELEASE);
}

/* Makes a blocked or exited vCPU runnable again, from any CPU, and wakes its CPU. */
static inline void vcpu_wake(struct vcpu *vcpu)
{
	__atomic_store_n(&vcpu->state, VCPU_RUNNABLE, __ATOMIC_RELEASE);
	vcpu_notify_cpu(vcpu);
}

/*
 * After making an interrupt pending for vcpu: an idle one may run again (the caller tells its
 * CPU). Sequentially consistent against sched_wait_for_interrupt, which sets VCPU_IDLE before it
 * looks for pending interrupts: one of the two sees the other.
 */
static inline void vcpu_wake_if_idle(struct vcpu *vcpu)
{
	enum vcpu_state idle = VCPU_IDLE;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_compare_exchange_n(&vcpu->state, &idle, VCPU_RUNNABLE, false, __ATOMIC_SEQ_CST,
				    __ATOMIC_SEQ_CST);
}

#endif
