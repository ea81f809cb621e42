/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Exceptions guests take to EL2: synchronous ones (exits), decoded here into what core code acts
 * on (exit.h, exit_decode.h), and interrupts (irq.c). Each one's frame is the running vCPU's
 * own registers (vcpu_entry.S), and each ends on the way back into a guest, where the scheduler
 * runs once (sched.h).
 */
#include "trap.h"
#include "endpoint.h"
#include "exit_decode.h"
#include "fastpath.h"
#include "hand_off.h"
#include "guest_psci.h"
#include "hypercall.h"
#include "irq.h"
#include "partition.h"
#include "sched.h"
#include "vcpu.h"
#include "virq.h"

#include "console.h"
#include "cpu.h"
#include "debug_pmu.h"
#include "exception.h"
#include "guest_exception.h"

/* SMCCC owning entity of a function id (DEN0028 2.5); 4 = standard secure services, i.e. PSCI. */
#define SMCCC_OWNER(function_id) (((function_id) >> 24) & 0x3f)
#define SMCCC_OWNER_STANDARD 4

/* A trapped FP/SIMD access (CPTR_EL2.TFP, Arm ARM D17.2.37): the vCPU's first since it was loaded. */
#define ESR_EC_FP_ASIMD 0x07u

/* ESR ISS of a trapped WFI or WFE: TI, bits 1:0, is 0 for WFI (Arm ARM D17.2.37.2). */
#define ESR_WFX_IS_WFI(esr) (((esr) & 3) == 0)

/*
 * Its decoded exit to vcpu's VMM: on this CPU to its context there, if one waits (no return);
 * else across CPUs. With no VMM there any more, the exit stops it.
 */
static void deliver_exit(struct vcpu *vcpu)
{
	hand_off_exit(vcpu);
	if (!endpoint_deliver(vcpu->exit_endpoint, vcpu))
		partition_stop(vcpu, "exit with no VMM to handle it");
}

/*
 * A partition with a VMM has its firmware served there: PSCI CPU_ON, a reset that reloads the
 * guest, whatever its OS expects. The VMM answers with HC_VCPU_RESUME (x0 = its result).
 */
static void guest_call(struct vcpu *vcpu, struct trap_frame *frame)
{
	bool firmware = frame->x[0] >> 32 == 0 && SMCCC_OWNER(frame->x[0]) == SMCCC_OWNER_STANDARD;

	if (firmware && vcpu->exit_endpoint != NULL) {
		exit_decode_firmware_call(&vcpu->exit, frame->esr, frame->elr, frame->x);
		deliver_exit(vcpu);
	} else if (firmware)
		guest_psci_call(vcpu, frame);
	else
		hypercall_handle(vcpu, frame);
#ifndef CONFIG_MORTISE_FASTPATH
	/*
	 * A VMM context's endpoint.serve answered: its guest goes on (hand_off.h). With the fast
	 * path, which takes every endpoint.serve, its own exit does this.
	 */
	if (vcpu->state == VCPU_ANSWERED)
		hand_off_return(frame);
#endif
}

/*
 * What a fault nobody handles ends: the partition, or for a VMM context serving an exit, that
 * exit's guest and the context alone (hand_off.h).
 */
static void stop_faulted(struct vcpu *vcpu, const char *reason)
{
	if (vcpu->lender != NULL)
		hand_off_fault(vcpu);
	else
		partition_stop(vcpu, reason);
}

static void guest_abort(struct vcpu *vcpu, const struct trap_frame *frame)
{
	exit_decode_abort(&vcpu->exit, frame->esr, sysreg_read(hpfar_el2), frame->far, frame->elr,
			  frame->x);
	if (vcpu->exit_endpoint == NULL) {
		console_printf("Mortise: partition %s: abort at IPA 0x%llx, ESR 0x%llx, ELR 0x%llx\n",
			       vcpu->partition->name, (unsigned long long)vcpu->exit.ipa,
			       (unsigned long long)frame->esr, (unsigned long long)frame->elr);
		stop_faulted(vcpu, "stage-2 fault and no VMM to tell");
		return;
	}
	deliver_exit(vcpu);
}

/* ESR ISS of a trapped MSR/MRS (Arm ARM D17.2.37.4): the register and the direction. */
#define SYSREG_ISS_MASK 0x3ffc1eu
#define SYSREG_ISS(op0, op1, crn, crm, op2)                                                         \
	(((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) | ((crm) << 1))
#define SYSREG_IS_READ(esr) ((esr) & 1)
#define SYSREG_RT(esr) ((unsigned)((esr) >> 5) & 0x1f)
/* ICC_SGI1R_EL1: a guest's SGI traps when HCR_EL2.IMO or FMO is set (GICv3 spec 12.2.22). */
#define ICC_SGI1R_EL1_ISS SYSREG_ISS(3u, 0u, 12u, 11u, 5u)

/* SPSR_EL2.M[4:0] of a trap from AArch64 EL0 (EL0t). */
#define SPSR_MODE_MASK 0x1fu
#define SPSR_MODE_EL0T 0u

/*
 * True when the access was emulated. A vCPU without the debug or PMU feature traps those
 * registers (debug_pmu.h) and reads zero, its writes ignored: Linux writes MDSCR_EL1, OSLAR_EL1,
 * the breakpoint registers and PMUSERENR_EL0 while it boots, as ID_AA64DFR0_EL1 (which Mortise
 * does not trap) says they exist, and an undefined-instruction exception there would end it.
 * From EL0, which its own zero PMUSERENR_EL0 keeps out of the PMU, a PMU access is UNDEFINED.
 */
static bool guest_sysreg(struct vcpu *vcpu, struct trap_frame *frame)
{
	uint64_t esr = frame->esr;
	uint64_t value;

	if ((esr & SYSREG_ISS_MASK) == ICC_SGI1R_EL1_ISS && !SYSREG_IS_READ(esr)) {
		uint64_t sgi1r = SYSREG_RT(esr) == 31 ? 0 : frame->x[SYSREG_RT(esr)];
		virq_send_sgi(vcpu, exit_decode_sgi(sgi1r));
	} else if (debug_pmu_is_pmu_register(esr) &&
		   (frame->spsr & SPSR_MODE_MASK) == SPSR_MODE_EL0T) {
		guest_inject_undefined(frame);
		return true;
	} else if (debug_pmu_emulated(esr, &value)) {
		if (SYSREG_IS_READ(esr) && SYSREG_RT(esr) != 31)
			frame->x[SYSREG_RT(esr)] = value;
	} else {
		return false;
	}
	/* A trapped MSR returns to itself (Arm ARM D1.11.2). */
	frame->elr += 4;
	return true;
}

/*
 * AArch32 coprocessor accesses (ESR EC 0x03 MCR/MRC CP15, 0x04 MCRR/MRRC CP15, 0x05 MCR/MRC
 * CP14, 0x06 LDC/STC CP14, 0x0c MRRC CP14): only EL0 can be AArch32 (HCR_EL2.RW), and what traps
 * there is the PMU or the debug registers (MDCR_EL2). Such a process gets what an EL0 its kernel
 * denies the PMU and the DCC gets: an undefined instruction, handled by its own kernel.
 */
#define ESR_EC_CP15_32 0x03u
#define ESR_EC_CP15_64 0x04u
#define ESR_EC_CP14_32 0x05u
#define ESR_EC_CP14_LS 0x06u
#define ESR_EC_CP14_64 0x0cu

static bool is_aarch32_coprocessor(uint32_t exception_class)
{
	return (exception_class >= ESR_EC_CP15_32 && exception_class <= ESR_EC_CP14_LS) ||
	       exception_class == ESR_EC_CP14_64;
}

/* A trapped WFI or WFE, esr its syndrome; the scheduler runs next. */
static inline void guest_wfx(struct vcpu *vcpu, struct trap_frame *frame, uint64_t esr)
{
	/* Past the instruction (Arm ARM D1.11.2); WFE is a hint to yield, nothing to wait for. */
	frame->elr += 4;
	if (ESR_WFX_IS_WFI(esr))
		sched_wait_for_interrupt(vcpu);
}

static void guest_sync(struct trap_frame *frame)
{
	struct vcpu *vcpu = cpu_this()->vcpu;

	if (vcpu == NULL) {
		exception_report(frame, EXCEPTION_LOWER_A64_SYNC);
		exception_park_cpu();
	}
	switch (esr_class(frame->esr)) {
	case ESR_EC_HVC64:
		guest_call(vcpu, frame);
		break;
	case ESR_EC_SMC64:
		/* A trapped SMC returns to itself, not past it (Arm ARM D1.11.2). */
		frame->elr += 4;
		guest_call(vcpu, frame);
		break;
	case ESR_EC_IABT_LOWER:
	case ESR_EC_DABT_LOWER:
		guest_abort(vcpu, frame);
		break;
	case ESR_EC_FP_ASIMD:
		/* The instruction runs again with its registers; nothing changed for the scheduler. */
		vcpu_context_claim_fpsimd(&vcpu->arch.context);
		return;
	case ESR_EC_WFX:
		guest_wfx(vcpu, frame, frame->esr);
		break;
	case ESR_EC_SYSREG:
		/*
		 * Only a kick, an FIQ of its own, takes a dedicated vCPU's CPU away: an SGI it sent
		 * or an emulated register leaves nothing to schedule.
		 */
		if (guest_sysreg(vcpu, frame)) {
			if (vcpu->dedicated)
				return;
			break;
		}
		/* fall through */
	default:
		/* Not a case of its own: the switch stays as it was for the exits that are frequent. */
		if (is_aarch32_coprocessor(esr_class(frame->esr))) {
			guest_inject_undefined(frame);
			if (vcpu->dedicated)
				return;
			break;
		}
		console_printf("Mortise: partition %s: unhandled exit: EC 0x%02x, ESR 0x%llx, ELR 0x%llx\n",
			       vcpu->partition->name, esr_class(frame->esr),
			       (unsigned long long)frame->esr, (unsigned long long)frame->elr);
		stop_faulted(vcpu, "unhandled exit");
	}
	sched_schedule(frame);
}

static void guest_irq(struct trap_frame *frame)
{
	struct cpu *cpu = cpu_this();

	irq_handle(cpu);
	sched_return(cpu, frame);
}

#ifdef CONFIG_MORTISE_FASTPATH
/*
 * The interrupt fast path's (fastpath_entry.S) way on for an interrupt it acknowledged but does
 * not finish: the general path from there.
 */
void trap_irq_acknowledged(struct trap_frame *frame, uint64_t intid)
{
	struct cpu *cpu = cpu_this();

	irq_handle_acknowledged(cpu, (uint32_t)intid);
	sched_return(cpu, frame);
}

/*
 * Mortise's own timer, acknowledged and its priority dropped by fastpath_entry.S: it always wakes
 * the scheduler.
 */
void trap_el2_timer(struct trap_frame *frame, uint64_t intid)
{
	irq_handle_el2_timer(cpu_this(), (uint32_t)intid);
	sched_schedule(frame);
}

/* A guest's WFI or WFE, from fastpath_entry.S with its ESR, which the frame does not hold. */
void trap_wfx(struct trap_frame *frame, uint64_t esr)
{
	guest_wfx(cpu_this()->vcpu, frame, esr);
	sched_schedule(frame);
}

struct fastpath_timer_intids fastpath_timer_intids;
#endif

static void guest_fiq(struct trap_frame *frame)
{
	struct cpu *cpu = cpu_this();

	irq_handle_fiq(cpu);
	sched_return(cpu, frame);
}

__attribute__((cold))
void trap_init(void)
{
#ifdef CONFIG_MORTISE_FASTPATH
	fastpath_init();
	fastpath_timer_intids = (struct fastpath_timer_intids){
		.el1_virtual = machine.platform.timer.el1_virtual_intid,
		.el2_physical = machine.platform.timer.el2_physical_intid,
	};
#endif
	virq_init_virtual_timer(machine.platform.timer.el1_virtual_intid);
	exception_set_handler(EXCEPTION_LOWER_A64_SYNC, guest_sync);
	exception_set_handler(EXCEPTION_LOWER_A64_IRQ, guest_irq);
	exception_set_handler(EXCEPTION_LOWER_A64_FIQ, guest_fiq);
}
