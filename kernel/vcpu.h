/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vCPUs: bound to one physical CPU each (the paper's Mode 1). A CPU runs the highest-priority
 * runnable vCPU bound to it; a VMM component's vCPU outranks its guests', so a guest's exit is
 * handled as soon as it is taken. Exits the kernel does not handle itself go to the vCPU's exit
 * endpoint, held by its VMM component, which resumes or stops the vCPU.
 */
#ifndef KERNEL_VCPU_H
#define KERNEL_VCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/aarch64/vcpu_context.h"
#include "caps.h"
#include "exception.h"

struct partition;
struct endpoint;

#define VCPU_SPI_WORDS ((CAP_IRQ_LIMIT + 63) / 64)

enum vcpu_state {
	VCPU_CREATED, /* not started yet */
	VCPU_RUNNABLE,
	VCPU_EXITED,	     /* waiting for its VMM component to resume it */
	VCPU_WAITING_EXIT, /* a component blocked in endpoint_wait */
	VCPU_STOPPED,
	VCPU_IDLE, /* in WFI, switched out for another vCPU: an interrupt or its timer wakes it */
};

/*
 * What an exit tells the VMM component (the endpoint_wait results, x1..x7). For an abort: the
 * IPA and the value written; for a firmware call (HVC/SMC): the guest's x0 and x1, then x2 and x3
 * in arguments. far, an abort's virtual address, is Mortise's own: what an abort it injects for
 * that exit reports (HC_VCPU_RESUME_ABORT).
 */
struct vcpu_exit {
	uint64_t esr;
	uint64_t ipa;
	uint64_t value;
	uint64_t elr;
	uint64_t arguments[2];
	uint64_t far;
};

#define VCPU_MESSAGE_REGISTERS 8

struct vcpu {
	uint16_t id; /* the object of vCPU capabilities */
	uint8_t priority;
	unsigned cpu;
	enum vcpu_state state;
	struct partition *partition;
	struct endpoint *exit_endpoint; /* NULL: an exit stops the vCPU */
	struct trap_frame registers;	 /* while not running */
	struct vcpu_context context;
	/* Its saved list registers link physical interrupts of its CPU (vgic.h); own CPU only. */
	bool links_physical;
	struct vcpu_exit exit;
	struct vcpu *next_exited; /* queue of exits on an endpoint */
	/*
	 * Results for x0..x5 handed over by another CPU while this vCPU was blocked; applied when
	 * it next runs, since its registers may still be being saved when they arrive.
	 */
	bool has_message;
	uint64_t message[VCPU_MESSAGE_REGISTERS];
	/*
	 * How its VMM resumed it (HC_VCPU_RESUME_*), applied likewise by its own CPU: the exit's
	 * registers may not be saved yet when the VMM, on another CPU, answers.
	 */
	bool has_resume;
	uint64_t resume_action, resume_value;
	/* Likewise a restart its VMM asked for (PSCI CPU_ON): enter here with x0 = argument. */
	bool has_restart;
	uint64_t restart_entry, restart_argument;
	/* SGIs other vCPUs of its partition sent it, waiting for a list register (bit = INTID). */
	uint16_t pending_sgis;
	/*
	 * SPIs that arrived while it was not running or had no list register free: passed-through
	 * ones (injected with HW = 1) and virtual ones (channel doorbells).
	 */
	uint64_t pending_spis[VCPU_SPI_WORDS];
	uint64_t pending_virtual_spis[VCPU_SPI_WORDS];
	/*
	 * The virtual SPIs its guest's distributor has enabled. Only a vCPU whose VMM emulates a
	 * distributor (one with an exit endpoint) waits for that; any other takes them all.
	 */
	uint64_t virtual_spis_enabled[VCPU_SPI_WORDS];
	bool spis_waiting; /* some bit of either may be set: the cheap check on every entry */
	/*
	 * Its private interrupts (timers, bit = INTID) that fired while every list register was
	 * taken: acknowledged and still active, held for it on its own CPU until one frees.
	 */
	uint32_t held_private;
	/* While VCPU_IDLE: the physical counter value at which its timers fire (UINT64_MAX: never). */
	uint64_t wake_deadline;
	unsigned index; /* within its partition: Aff0 of its virtual MPIDR */
	/*
	 * Alone on its CPU for good, it takes its timer, SGIs and passed-through SPIs straight from
	 * the GIC (vcpu_dedicate): the paper's Mode 1, no exit in an interrupt's path.
	 */
	bool dedicated;
	bool channel_end; /* some channel rings it: never dedicated (channel_table_lock) */
	struct vcpu *next_on_cpu; /* the next vCPU bound to its CPU (struct cpu bound) */
	struct vcpu *next_in_partition; /* the next vCPU of its partition (struct partition vcpus) */
};

#define VCPU_PRIORITY_COMPONENT 1
#define VCPU_PRIORITY_GUEST 0

/*
 * A vCPU of partition bound to physical CPU cpu, entering at entry_ipa with x0 = argument, not
 * yet runnable; NULL when the table is full or the CPU does not exist.
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
 * on a GIC whose kicks
 * can be Group 0 (CAP_NOT_SUPPORTED otherwise). Such a vCPU takes no virtual interrupts: no
 * channel doorbell rings it.
 */
enum cap_status vcpu_dedicate(struct vcpu *vcpu);

/*
 * Makes a created vCPU runnable and wakes its CPU if that CPU is idle. False, changing nothing,
 * once its partition has stopped: a stopped partition's interrupts and endpoints are released
 * (partition_stop), and it stays stopped.
 */
bool vcpu_start(struct vcpu *vcpu);
/* Makes a blocked or exited vCPU runnable again, from any CPU, and wakes its CPU. */
void vcpu_wake(struct vcpu *vcpu);
/*
 * ICC_SGI1R_EL1 as the vCPU wrote it: the SGI goes to the vCPUs of its own partition it names,
 * never further (GICv3 12.2.8 for the field layout).
 */
void vcpu_send_sgi(struct vcpu *sender, uint64_t sgi1r);
/*
 * Puts the running vCPU's waiting interrupts into its list registers; if some still find none,
 * asks for the maintenance interrupt that says the guest has emptied them.
 */
void vcpu_deliver_pending(struct vcpu *vcpu);
/* True when interrupts wait for a list register of vcpu. */
bool vcpu_has_pending(const struct vcpu *vcpu);
/*
 * Private interrupt intid of the running vCPU (its timer) has fired on this CPU (acknowledged,
 * priority dropped, still active): into a list register, or held until one frees. Inline: it is
 * every timer interrupt's path.
 */
#define VCPU_PRIVATE_PRIORITY 0xa0
static inline void vcpu_raise_private(struct vcpu *vcpu, uint32_t intid)
{
	if (!vgic_inject_hardware(intid, VCPU_PRIVATE_PRIORITY))
		vcpu->held_private |= 1u << intid;
}
/*
 * Physical SPI intid, passed through to vcpu, has fired on this CPU (acknowledged, priority
 * dropped, still active): into a list register if vcpu runs here, else kept until it does.
 */
void vcpu_raise_spi(struct vcpu *vcpu, uint32_t intid);
/* Virtual SPI intid (no physical interrupt behind it) for vcpu, from any CPU. */
void vcpu_raise_virtual_spi(struct vcpu *vcpu, uint32_t intid);
/* Its VMM's guest enabled or disabled virtual SPI intid; a pending one is delivered once enabled. */
void vcpu_set_virtual_spi_enabled(struct vcpu *vcpu, uint32_t intid, bool enabled);
/*
 * The running vCPU executed WFI (trapped): returns at once if an interrupt already waits for it.
 * If another vCPU could use its CPU, it becomes VCPU_IDLE and the next schedule switches it
 * out, until an interrupt for it or its timer's deadline (on the EL2 timer) wakes it. Alone, it
 * waits here, loaded, until this CPU takes an interrupt: the quickest wake-up.
 */
void vcpu_wait_for_interrupt(struct vcpu *vcpu);
/* The EL2 timer fired: idle vCPUs of this CPU whose deadline has come run again. */
void vcpu_wake_idle_due(void);
/*
 * Starts a created vCPU, or one its VMM keeps exited (a CPU it turned off), afresh at entry_ipa
 * with x0 = argument and its EL1 state at reset: PSCI CPU_ON as the VMM serves it. False as
 * vcpu_start, changing nothing.
 */
bool vcpu_restart(struct vcpu *vcpu, uint64_t entry_ipa, uint64_t argument);

/*
 * PSCI CPU_ON for a partition that has no VMM to serve it: starts its vCPU whose virtual MPIDR
 * affinity is target, created and never started, at entry_ipa with x0 = context. A PSCI status:
 * ALREADY_ON once it was started, INVALID_PARAMETERS when the partition has no such vCPU.
 */
int32_t vcpu_power_on(struct partition *partition, uint64_t target, uint64_t entry_ipa,
		      uint64_t context);

/*
 * Resumes an exited vCPU as its VMM says: HC_VCPU_RESUME_NEXT with the load's value, RETRY, or
 * ABORT (only for a data abort exit: the caller checks) into its EL1 abort vector.
 */
void vcpu_resume(struct vcpu *vcpu, uint64_t action, uint64_t value);
struct vcpu *vcpu_by_id(uint64_t id);

/*
 * Called from a trap with the interrupted vCPU's frame: if another vCPU should run on this CPU,
 * saves the current one into itself and loads the next into frame, so the exception return enters
 * it. With nothing left to run, powers off (nothing runs anywhere) or parks the CPU.
 */
void vcpu_schedule(struct trap_frame *frame);
/* Runs the vCPUs bound to this CPU from now on, waiting while it has none; never returns. */
_Noreturn void vcpu_start_cpu(void);

/* arch/aarch64/vcpu_entry.S: loads frame on a fresh EL2 stack and erets into the guest. */
_Noreturn void vcpu_enter(const struct trap_frame *frame, uintptr_t stack_top);

/*
 * Stops a vCPU for good and its partition with it (reason on the console): the partition's vCPUs
 * running on other CPUs leave them at their next exception, which a kick makes come at once.
 */
void vcpu_stop(struct vcpu *vcpu, const char *reason);

#endif
