/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tenon's EL1 vector table and its interrupt entry (tenon_arch.h, "Interrupt entry"). Every slot
 * but one branches to the shared table's same slot (shared-libs/exception: full trap frame,
 * exception_dispatch). The exception: an IRQ taken from a thread at EL1 (current EL with SPx),
 * the path every interrupt of a Tenon thread takes.
 *
 * It saves only what a C call may clobber, the AAPCS64 caller-saved registers x0-x17 and x30
 * (AAPCS64 6.1.1), with ELR_EL1 and SPSR_EL1 for the return and for nesting. The callee-saved
 * registers need no saving here: the handler keeps them as any C function does, and when the
 * exit switches threads, the context switch saves them in the thread's context (context.S) like
 * any call that switches. The preempted thread's frame stays on its own stack and it resumes
 * through this same return when it is picked again.
 *
 * x18, the platform register (AAPCS64 6.1.1), is Tenon's: its C code is compiled with
 * -ffixed-x18 (Makefile, image-cflags) and never touches it, and x18 holds this CPU's struct
 * tenon_cpu at EL1 (tenon_arch_cpu_register_load). So it is neither saved here nor computed:
 * the nesting depth is one load away. An EL0 process may use x18 as it likes: the shared entry
 * from EL0 saves and restores it in the full frame, and Tenon loads its own value before it runs
 * anything interruptible (process.c). test/tenon-tests/x18-reserved.sh checks the images.
 *
 * Acknowledging, finding the handler, the nesting depth and the end of the interrupt are done
 * here too, as FreeRTOS's AArch64 port does in its stub: in C each would cost a call and a frame.
 * Only the outermost exit with work to do (deferred work, a switch) calls C. When the whole path
 * fits in the vector's 32 instructions, it runs there, without a branch out of the slot.
 */
#include "irq_table.h"
#include "tenon_irq_layout.h"

/* x0-x17, then ELR and SPSR; x30 and the INTID are pushed on top while the handler runs. */
#define IRQ_FRAME_SIZE (20 * 8)
#define IRQ_FRAME_ELR (18 * 8)

/* x2-x17 at the bottom of the frame; op is stp to save, ldp to restore. */
.macro caller_saved_x2_x17 op
	\op	x2, x3, [sp, #16 * 1]
	\op	x4, x5, [sp, #16 * 2]
	\op	x6, x7, [sp, #16 * 3]
	\op	x8, x9, [sp, #16 * 4]
	\op	x10, x11, [sp, #16 * 5]
	\op	x12, x13, [sp, #16 * 6]
	\op	x14, x15, [sp, #16 * 7]
	\op	x16, x17, [sp, #16 * 8]
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
 * Puts the depth back, one less, and leaves in w3 the whole word of tenon_irq_layout.h: zero
 * when the exit has nothing to do. One read-modify-write of the word does both (depth >= 1: no
 * borrow reaches the flags). Nothing else on this CPU writes the word while interrupts are
 * masked; another CPU's need_resched stored meanwhile may be lost, but it comes with a reschedule
 * SGI whose handler sets it again on this CPU (tenon_reschedule_interrupt).
 */
.macro nesting_leave
	ldr	w3, [x18, #TENON_CPU_IRQ_NESTING]
	sub	w3, w3, #1
	str	w3, [x18, #TENON_CPU_IRQ_NESTING]
.endm

/*
 * The interrupt itself, from the acknowledge to the exit's test, with interrupts masked and the
 * caller-saved registers but x30 free; x30 and the INTID stay in 16 bytes of stack while the
 * handler runs. Goes on to done when the exit has nothing to do, to work otherwise (w3: the
 * interrupt word), with x30 back as it was.
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
.macro irq_take done, work
	mrs	x0, icc_iar1_el1
	/* "The effects of reading ICC_IAR0_EL1 and ICC_IAR1_EL1 on the state of a returned INTID
	 * are not guaranteed to be visible until after the execution of a DSB" (IHI 0069, 4.1.1):
	 * the handler quiets its device next, and the interrupt must be active in the
	 * redistributor first, or a level still asserted could be seen pending again. Linux's
	 * gic_read_iar has the same barrier. */
	dsb	sy
	/* The table has a slot for every INTID below 1024 (irq_table.h), the special ones
	 * included, and the mask keeps the load inside it whatever the controller returns. */
	and	x1, x0, #(IRQ_HANDLER_SLOTS - 1)
	ldr	x4, irq_handlers_address
	ldr	x4, [x4, x1, lsl #3]
	ldrh	w2, [x18, #TENON_CPU_IRQ_NESTING]
	add	w2, w2, #1
	strh	w2, [x18, #TENON_CPU_IRQ_NESTING]
	stp	x30, x0, [sp, #-16]!
#if CONFIG_TENON_IRQ_MAX_NESTING > 1
	branch_at_bound w2, 1f
	msr	daifclr, #2
1:
#endif
	blr	x4
	msr	daifset, #2
	ldp	x30, x0, [sp], #16
	/* EOImode 0, as the platform sets the CPU interface up (platform.c): drop and deactivate.
	 * "A write of a Special INTID is ignored" (ICC_EOIR1_EL1, Arm ARM), so the spurious INTID,
	 * which acknowledged nothing, needs no path of its own. */
	msr	icc_eoir1_el1, x0
	nesting_leave
	cbz	w3, \done
	b	\work
.endm

/*
 * The exit's work, for irq_take's work label: none while nested (the outermost exit does it);
 * at depth 0, tenon_interrupt_exit_work, which may switch threads. x30 is the interrupted code's
 * and stays on the stack across the call.
 */
.macro irq_exit_work done
	tst	w3, #0xffff
	b.ne	\done
	/* The priority drop takes effect before deferred work unmasks; the ERET that ends the
	 * common exit is synchronising enough there. */
	isb
	str	x30, [sp, #-16]!
	mov	x0, x18
	bl	tenon_interrupt_exit_work
	ldr	x30, [sp], #16
	b	\done
.endm

/*
 * With a bound that one bit tests (or no nesting), the save, irq_take and its branches fit the 32
 * instructions of the vector slot; otherwise the slot saves and branches out.
 */
#if CONFIG_TENON_IRQ_MAX_NESTING == 1 || defined(NESTING_BOUND_BIT)
#define IRQ_PATH_IN_SLOT 1
#else
#define IRQ_PATH_IN_SLOT 0
#endif

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

	/* Slot 5, current EL with SPx, IRQ. */
	.balign 0x80
irq_slot:
	stp	x0, x1, [sp, #-IRQ_FRAME_SIZE]!
	caller_saved_x2_x17 stp
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x0, x1, [sp, #IRQ_FRAME_ELR]
#if IRQ_PATH_IN_SLOT
	irq_take irq_thread_return, irq_thread_work
#else
	b	irq_from_thread
#endif
	.if . - irq_slot > 0x80
	.error "the IRQ path overflows its vector slot"
	.endif

	.irp slot, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	shared_slot \slot
	.endr

	.text
	.balign 4
	.type irq_from_thread, %function
irq_from_thread:
#if !IRQ_PATH_IN_SLOT
	irq_take irq_thread_return, irq_thread_work
#endif
irq_thread_work:
	irq_exit_work irq_thread_return
irq_thread_return:
	ldp	x0, x1, [sp, #IRQ_FRAME_ELR]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	caller_saved_x2_x17 ldp
	ldp	x0, x1, [sp], #IRQ_FRAME_SIZE
	eret
	.size irq_from_thread, . - irq_from_thread

	/* For an IRQ that the shared entry took and dispatched to C (from EL0: process.c, which
	 * loaded x18 first). */
	.global irq_entry
	.type irq_entry, %function
irq_entry:
	irq_take irq_entry_done, irq_entry_work
irq_entry_work:
	irq_exit_work irq_entry_done
irq_entry_done:
	ret
	.size irq_entry, . - irq_entry

	/* Where the table is, for a single PC-relative load (irq_take). */
	.balign 8
irq_handlers_address:
	.quad	irq_handlers

/* x18 := this CPU's struct tenon_cpu: its index in TPIDR_EL1 (smp.c) with several CPUs. */
	.global tenon_arch_cpu_register_load
	.type tenon_arch_cpu_register_load, %function
tenon_arch_cpu_register_load:
#if CONFIG_TENON_SMP_CPUS > 1
	mrs	x18, tpidr_el1
	adrp	x0, tenon_cpu_stride
	ldr	x0, [x0, #:lo12:tenon_cpu_stride]
	adrp	x1, tenon_cpus
	add	x1, x1, #:lo12:tenon_cpus
	madd	x18, x18, x0, x1
#else
	adrp	x18, tenon_cpus
	add	x18, x18, #:lo12:tenon_cpus
#endif
	ret
	.size tenon_arch_cpu_register_load, . - tenon_arch_cpu_register_load

	.global tenon_vectors_install
	.type tenon_vectors_install, %function
tenon_vectors_install:
	adr	x0, tenon_vectors
	msr	vbar_el1, x0
	isb
	ret
	.size tenon_vectors_install, . - tenon_vectors_install
