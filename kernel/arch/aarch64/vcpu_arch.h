/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The AArch64 half of a vCPU (struct vcpu arch, as Bao's vcpu_arch): its EL1 state, and the
 * interrupts that wait for its list registers (virq.c).
 */
#ifndef KERNEL_ARCH_AARCH64_VCPU_ARCH_H
#define KERNEL_ARCH_AARCH64_VCPU_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "caps.h"
#include "exception.h"
#include "vcpu_context.h"

struct cpu;
struct vcpu;

#define VIRQ_SPI_WORDS ((CAP_IRQ_LIMIT + 63) / 64)

struct vcpu_arch {
	struct vcpu_context context;
	/* Its saved list registers link physical interrupts of its CPU (vgic.h); own CPU only. */
	bool links_physical;
	/*
	 * SPIs that arrived while it was not running or had no list register free: passed-through
	 * ones (injected with HW = 1) and virtual ones (channel doorbells).
	 */
	uint64_t pending_spis[VIRQ_SPI_WORDS];
	uint64_t pending_virtual_spis[VIRQ_SPI_WORDS];
	/*
	 * The virtual SPIs its guest's distributor has enabled. Only a vCPU whose VMM emulates a
	 * distributor (one with an exit endpoint) waits for that; any other takes them all.
	 */
	uint64_t virtual_spis_enabled[VIRQ_SPI_WORDS];
	/*
	 * What waits for its list registers, in one word that every entry reads once (virq.h):
	 * nonzero when anything does. Its parts are written apart, each as its comment says; a
	 * read of the whole sees each part whole (aligned single-copy atomic, Arm ARM B2.2.1).
	 */
	union {
		uint64_t virqs_waiting;
		struct {
			/*
			 * Its private interrupts (timers, bit = INTID) that fired while every list
			 * register was taken: acknowledged and still active, held for it on its own
			 * CPU until one frees. Own CPU only.
			 */
			uint32_t held_private;
			/* SGIs other vCPUs of its partition sent it (bit = INTID). Atomic. */
			uint16_t pending_sgis;
			/* Some bit of pending_spis or pending_virtual_spis may be set. Atomic. */
			bool spis_waiting;
		};
	};
};

/*
 * A fresh vCPU entering at entry with x0 = argument, its EL1 state at reset (MMU off, interrupts
 * masked, as the arm64 boot protocol wants); on restart, the state it had is thrown away, on its
 * own CPU (cpu->vcpu == vcpu when loaded there).
 */
void vcpu_arch_reset(struct vcpu *vcpu, struct trap_frame *registers, uint64_t entry,
		     uint64_t argument);
void vcpu_arch_restart(struct cpu *cpu, struct vcpu *vcpu, struct trap_frame *registers,
		       uint64_t entry, uint64_t argument);
/*
 * Enters its EL1 data abort vector for the access it exited on (HC_VCPU_RESUME_ABORT), as a bus
 * would report it (guest_exception.h).
 */
void vcpu_arch_inject_exit_abort(struct cpu *cpu, struct vcpu *vcpu, struct trap_frame *registers);

/*
 * vcpu_entry.S: enters the guest from frame (its vCPU's own registers) on a fresh EL2 stack, with
 * SP_EL2 at the end of frame so that its exceptions save into it (exception.h, "lower EL frames").
 * A switch needs no copy: the frame of the vCPU switched out is already its own.
 */
_Noreturn void vcpu_enter(const struct trap_frame *frame, uintptr_t stack_top);
/*
 * The same entry at the end of a switch (vcpu_entry.S: another name for vcpu_enter), declared as
 * returning so that the host tests' fake can return to the scheduler that called it.
 */
void vcpu_enter_switched(const struct trap_frame *frame, uintptr_t stack_top);

#endif
