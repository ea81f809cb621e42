/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tenon's EL1 vector table and its interrupt entry (tenon_arch.h, "Interrupt entry"). Every slot
 * but one branches to the shared table's same slot (shared-libs/exception: full trap frame,
 * exception_dispatch). The exception: an IRQ taken from a thread at EL1 (current EL with SPx),
 * the path every interrupt of a Tenon thread takes.
 *
 * It saves only what a C call may clobber, the AAPCS64 caller-saved registers x0-x18 and x30
 * (AAPCS64 6.1.1), with ELR_EL1 and SPSR_EL1 for the return and for nesting. The callee-saved
 * registers need no saving here: the handler keeps them as any C function does, and when the
 * exit switches threads, the context switch saves them in the thread's context (context.S) like
 * any call that switches. The preempted thread's frame stays on its own stack and it resumes
 * through this same return when it is picked again.
 *
 * Acknowledging, finding the handler, the nesting depth and the end of the interrupt are done
 * here too, as FreeRTOS's AArch64 port does in its stub: in C each would cost a call and a frame.
 * Only the outermost exit with work to do (deferred work, a switch) calls C.
 */
#include "irq_table.h"
#include "tenon_irq_layout.h"

#define IRQ_FRAME_SIZE (22 * 8)
#define IRQ_FRAME_ELR (20 * 8)

/* The caller-saved registers at the bottom of the frame but x0 and x1, which open and close it;
 * op is stp to save, ldp to restore. */
.macro caller_saved_but_x0_x1 op
	\op	x2, x3, [sp, #16 * 1]
	\op	x4, x5, [sp, #16 * 2]
	\op	x6, x7, [sp, #16 * 3]
	\op	x8, x9, [sp, #16 * 4]
	\op	x10, x11, [sp, #16 * 5]
	\op	x12, x13, [sp, #16 * 6]
	\op	x14, x15, [sp, #16 * 7]
	\op	x16, x17, [sp, #16 * 8]
	\op	x18, x30, [sp, #16 * 9]
.endm

/*
 * This CPU's struct tenon_cpu, for cpu_field: with one CPU the page of tenon_cpus (cpu_field adds
 * the rest); with several, its entry, from the index in TPIDR_EL1 (arch/aarch64/smp.c). Clobbers
 * x5 and x6 with several CPUs.
 */
.macro this_cpu base
#if CONFIG_TENON_SMP_CPUS > 1
	mrs	\base, tpidr_el1
	adrp	x5, tenon_cpu_stride
	ldr	x5, [x5, #:lo12:tenon_cpu_stride]
	adrp	x6, tenon_cpus
	add	x6, x6, #:lo12:tenon_cpus
	madd	\base, \base, x5, x6
#else
	adrp	\base, tenon_cpus
#endif
.endm

/* op reg, the field at offset field of the struct tenon_cpu that this_cpu put in base. */
.macro cpu_field op, reg, base, field
#if CONFIG_TENON_SMP_CPUS > 1
	\op	\reg, [\base, #\field]
#else
	\op	\reg, [\base, #:lo12:tenon_cpus + \field]
#endif
.endm

/*
 * Branches to label unless depth, a new nesting depth, is below CONFIG_TENON_IRQ_MAX_NESTING.
 * The depth never passes the bound (at the bound nothing unmasks), so for a bound that is a power
 * of two one bit says it.
 */
#if CONFIG_TENON_IRQ_MAX_NESTING == 2
#define NESTING_BOUND_BIT 1
#elif CONFIG_TENON_IRQ_MAX_NESTING == 4
#define NESTING_BOUND_BIT 2
#elif CONFIG_TENON_IRQ_MAX_NESTING == 8
#define NESTING_BOUND_BIT 3
#elif CONFIG_TENON_IRQ_MAX_NESTING == 16
#define NESTING_BOUND_BIT 4
#endif
.macro branch_at_bound depth, label
#ifdef NESTING_BOUND_BIT
	tbnz	\depth, #NESTING_BOUND_BIT, \label
#else
	cmp	\depth, #CONFIG_TENON_IRQ_MAX_NESTING
	b.hs	\label
#endif
.endm

/*
 * The interrupt itself, from the acknowledge to the exit's work, with interrupts masked and the
 * caller-saved registers free; it keeps the INTID and the old depth in 16 bytes of stack while
 * the handler runs.
 *
 * Nesting: acknowledging set the controller's running priority to this interrupt's, so unmasking
 * for the handler admits only interrupts of higher group priority (GICv3 spec IHI 0069, 4.8); a
 * nested one pushes its frame above ours and returns into the handler. Interrupts are masked again
 * before the end-of-interrupt, so the priority drops happen in the reverse order of
 * acknowledgement, as the spec requires (4.1.1), and the newly admitted interrupts wait for the
 * deferred work or the return. The end-of-interrupt comes before the exit may switch threads:
 * otherwise the running priority would stay raised and mask further interrupts until the
 * preempted thread ran again.
 */
.macro irq_take
	mrs	x0, icc_iar1_el1
	/* The acknowledge's effects are visible only after a DSB (IHI 0069, 4.1.1), as Linux's
	 * gic_read_iar has it. */
	dsb	sy
	/* The spurious INTID (1023) is beyond the table too: one test for both. */
	cmp	x0, #IRQ_HANDLER_SLOTS
	b.hs	9f
	ldr	x4, irq_handlers_address
	ldr	x4, [x4, x0, lsl #3]
	this_cpu x1
	cpu_field ldrh, w2, x1, TENON_CPU_IRQ_NESTING
	add	w3, w2, #1
	cpu_field strh, w3, x1, TENON_CPU_IRQ_NESTING
	stp	x0, x2, [sp, #-16]!
#if CONFIG_TENON_IRQ_MAX_NESTING > 1
	branch_at_bound w3, 1f
	msr	daifclr, #2
1:
#endif
	blr	x4
	msr	daifset, #2
	ldp	x0, x2, [sp], #16
	/* EOImode 0, as the platform sets the CPU interface up (platform.c): drop and deactivate. */
	msr	icc_eoir1_el1, x0
	this_cpu x1
	cpu_field strh, w2, x1, TENON_CPU_IRQ_NESTING
	/* The depth just put back, need_resched and rotate: all zero is the common exit. */
	cpu_field ldr, w3, x1, TENON_CPU_IRQ_NESTING
	cbz	w3, 8f
	/* Nested: the outermost exit does the work. */
	cbnz	w2, 8f
	/* The priority drop takes effect before deferred work unmasks; the ERET that ends the
	 * common exit is synchronising enough there. */
	isb
#if CONFIG_TENON_SMP_CPUS > 1
	mov	x0, x1
#else
	add	x0, x1, #:lo12:tenon_cpus
#endif
	bl	tenon_interrupt_exit_work
	b	8f
9:
	/* Beyond the table: the spurious INTID, which is not ended, or one nobody registered. */
	cmp	x0, #1023 /* GICV3_INTID_SPURIOUS */
	b.eq	8f
	str	x0, [sp, #-16]!
	bl	irq_unhandled
	ldr	x0, [sp], #16
	msr	icc_eoir1_el1, x0
8:
.endm

.macro shared_slot slot
	.balign 0x80
	b	exception_vectors + \slot * 0x80
.endm

	.section .text.tenon_vectors, "ax"
	.balign 0x800
	.global tenon_vectors
tenon_vectors:
	.irp slot, 0, 1, 2, 3, 4
	shared_slot \slot
	.endr

	/* Slot 5, current EL with SPx, IRQ: the save, then the rest out of line. */
	.balign 0x80
	stp	x0, x1, [sp, #-IRQ_FRAME_SIZE]!
	caller_saved_but_x0_x1 stp
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x0, x1, [sp, #IRQ_FRAME_ELR]
	b	irq_from_thread

	.irp slot, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	shared_slot \slot
	.endr

	.text
	.balign 4
	.type irq_from_thread, %function
irq_from_thread:
	irq_take
	ldp	x0, x1, [sp, #IRQ_FRAME_ELR]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	caller_saved_but_x0_x1 ldp
	ldp	x0, x1, [sp], #IRQ_FRAME_SIZE
	eret
	.size irq_from_thread, . - irq_from_thread

	.global irq_entry
	.type irq_entry, %function
irq_entry:
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	irq_take
	ldp	x29, x30, [sp], #16
	ret
	.size irq_entry, . - irq_entry

	/* Where the table is, for a single PC-relative load (irq_take). */
	.balign 8
irq_handlers_address:
	.quad	irq_handlers

	.global tenon_vectors_install
	.type tenon_vectors_install, %function
tenon_vectors_install:
	adr	x0, tenon_vectors
	msr	vbar_el1, x0
	isb
	ret
	.size tenon_vectors_install, . - tenon_vectors_install
