/* SPDX-License-Identifier: Apache-2.0 */
/*
 * exception: the vector table of the EL an image runs at (EL2 for Mortise, EL1 for Tenon), a
 * handler per vector, and the report an unexpected exception gets: ESR (its class and fault status
 * named with CONFIG_LIB_EXCEPTION_NAMES), FAR, ELR, SPSR and every register, after which only the
 * faulting CPU is parked.
 */
#ifndef EXCEPTION_H
#define EXCEPTION_H

/* sizeof(struct trap_frame), for the assembly too. */
#define TRAP_FRAME_SIZE (36 * 8)

#ifdef __ASSEMBLER__
/*
 * The part of struct trap_frame (below) every entry saves (stp) and restores (ldp) alike, x2..x17,
 * at sp: for vectors.S and for an image's own lower-EL entry (exception_lower_sync, _irq).
 */
.macro trap_frame_x2_x17 pair_op
	\pair_op	x2, x3, [sp, #16 * 1]
	\pair_op	x4, x5, [sp, #16 * 2]
	\pair_op	x6, x7, [sp, #16 * 3]
	\pair_op	x8, x9, [sp, #16 * 4]
	\pair_op	x10, x11, [sp, #16 * 5]
	\pair_op	x12, x13, [sp, #16 * 6]
	\pair_op	x14, x15, [sp, #16 * 7]
	\pair_op	x16, x17, [sp, #16 * 8]
.endm

/* Offsets of struct trap_frame's sp and esr (far follows it). */
#define TRAP_FRAME_SP (31 * 8)
#define TRAP_FRAME_ESR (34 * 8)

/*
 * At EL2, from a lower EL (exception.h, "lower EL frames"): sp is the running context's own frame,
 * saved as far as the caller needs. Leaves sp = the EL2 stack for C that its sp names; clobbers
 * x2.
 */
.macro lower_el_to_stack
	ldr	x2, [sp, #TRAP_FRAME_SP]
	mov	sp, x2
.endm

/* As lower_el_to_stack, leaving \frame (x0 unless named) = the frame. */
.macro lower_el_frame_to_stack frame=x0
	mov	\frame, sp
	lower_el_to_stack
.endm

/* Back from C on that stack: sp = the frame, whose address the stack's top slot holds. */
.macro lower_el_stack_to_frame
	ldr	x2, [sp]
	mov	sp, x2
.endm
#else
#include <stdint.h>

/* Vector table slots in architectural order (Arm ARM D1.10.2, "Exception vectors"). */
enum exception_vector {
	EXCEPTION_CURRENT_SP0_SYNC,
	EXCEPTION_CURRENT_SP0_IRQ,
	EXCEPTION_CURRENT_SP0_FIQ,
	EXCEPTION_CURRENT_SP0_SERROR,
	EXCEPTION_CURRENT_SPX_SYNC,
	EXCEPTION_CURRENT_SPX_IRQ,
	EXCEPTION_CURRENT_SPX_FIQ,
	EXCEPTION_CURRENT_SPX_SERROR,
	EXCEPTION_LOWER_A64_SYNC,
	EXCEPTION_LOWER_A64_IRQ,
	EXCEPTION_LOWER_A64_FIQ,
	EXCEPTION_LOWER_A64_SERROR,
	EXCEPTION_LOWER_A32_SYNC,
	EXCEPTION_LOWER_A32_IRQ,
	EXCEPTION_LOWER_A32_FIQ,
	EXCEPTION_LOWER_A32_SERROR,
	EXCEPTION_VECTOR_COUNT,
};

/*
 * Saved by the vector stub; the layout is shared with arch/aarch64/vectors.S. sp is the stack
 * pointer before the exception for exceptions from the same EL; from a lower EL it is ours (at
 * EL2: the stack the handler runs on, below).
 *
 * Lower EL frames, at EL2 (a hypervisor's): an exception from a lower EL saves its registers
 * straight into the frame of the context that ran there, a vCPU's own, so that switching to
 * another needs no copy and the return restores from whichever frame it enters. The image enters
 * a lower EL with SP_EL2 at the end of that frame (sp = frame + TRAP_FRAME_SIZE), the frame's sp
 * set to the EL2 stack its handlers run on, and the 8 bytes at that stack pointer holding the
 * frame's address: the vector saves through sp, then runs C on the stack (lower_el_frame_to_stack)
 * and finds the frame again there (lower_el_stack_to_frame). Exceptions taken at EL2 itself keep
 * their frame on the EL2 stack. At EL1 both kinds do.
 */
struct trap_frame {
	uint64_t x[31];
	uint64_t sp;
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};

_Static_assert(sizeof(struct trap_frame) == TRAP_FRAME_SIZE, "vectors.S frame layout");

/* Exception classes (ESR_ELx.EC, Arm ARM D17.2.37) the images handle or report by name. */
#define ESR_EC_SHIFT 26
#define ESR_EC_MASK 0x3fu
#define ESR_EC_UNKNOWN 0x00u
#define ESR_EC_WFX 0x01u
#define ESR_EC_HVC64 0x16u
#define ESR_EC_SMC64 0x17u
#define ESR_EC_SYSREG 0x18u
#define ESR_EC_IABT_LOWER 0x20u
#define ESR_EC_IABT_SAME 0x21u
#define ESR_EC_DABT_LOWER 0x24u
#define ESR_EC_DABT_SAME 0x25u
#define ESR_EC_BRK64 0x3cu

/* Data abort ISS fields valid when ISV (bit 24) is set (Arm ARM D17.2.37.8). */
#define ESR_DABT_VALID(esr) (((esr) >> 24) & 1)
#define ESR_DABT_SIZE_LOG2(esr) (((esr) >> 22) & 3)
#define ESR_DABT_SIGN_EXTEND(esr) (((esr) >> 21) & 1)
#define ESR_DABT_REGISTER(esr) ((unsigned)((esr) >> 16) & 0x1f)
#define ESR_DABT_64BIT_REGISTER(esr) (((esr) >> 15) & 1)
#define ESR_DABT_IS_WRITE(esr) (((esr) >> 6) & 1)

static inline uint32_t esr_class(uint64_t esr)
{
	return (uint32_t)(esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
}

/* Returns to the interrupted context when it returns (with the frame as it leaves it). */
typedef void (*exception_handler)(struct trap_frame *frame);

/* Points VBAR of this CPU at the table; each CPU calls it once. */
void exception_install(void);
/* NULL restores the default: report and park. */
void exception_set_handler(enum exception_vector vector, exception_handler handler);

#ifdef CONFIG_LIB_EXCEPTION_NAMES
const char *exception_class_name(uint32_t exception_class);
/* Instruction/data fault status code (ESR ISS bits 5:0) for aborts; NULL for other classes. */
const char *exception_fault_name(uint64_t esr);
/* The report's names after the raw ESR: " class" and, for an abort, ", direction, fault". */
void exception_report_names(uint64_t esr);
#endif
void exception_report(const struct trap_frame *frame, enum exception_vector vector);

/* Masks interrupts and waits forever: the other CPUs go on. */
_Noreturn void exception_park_cpu(void);

/* Called by the vector stubs. */
void exception_dispatch(struct trap_frame *frame, uint64_t vector);

/*
 * CONFIG_LIB_EXCEPTION_LOWER_EL_ENTRY: the image's own first look at the two exceptions from a
 * lower EL that carry its fast paths (a hypervisor's hypercalls and interrupts), in assembly.
 * exception_lower_sync and exception_lower_irq are entered from their slots with sp at the
 * running context's struct trap_frame (lower EL frames, above), into which x0 and x1 alone are
 * saved, and every other register as the exception left it. Each either returns from the
 * exception itself, or goes on with the general path: to exception_entry_lower with x1 = the slot
 * and x2..x30 untouched (as if the slot had gone there), or, once it saved
 * x0..x18 and x30 in the frame itself (and ESR and FAR, if the function reads them), to
 * exception_entry_rest with x4 = a function it calls as x4(frame, x1) instead of
 * exception_dispatch. Both end by restoring the frame and returning.
 */

#endif /* __ASSEMBLER__ */

#endif
