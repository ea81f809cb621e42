/* SPDX-License-Identifier: Apache-2.0 */
/* Entering a vCPU: the EL2 controls that make EL1 a guest, then the first eret. */
#include "kernel.h"
#include "partition.h"

#include "cpu.h"

/* HCR_EL2 (Arm ARM D17.2.48). */
#define HCR_VM (1ULL << 0)   /* stage-2 translation on */
#define HCR_SWIO (1ULL << 1) /* set/way invalidation by the guest becomes clean+invalidate */
#define HCR_FMO (1ULL << 3)  /* physical FIQ, IRQ and SError go to EL2 ... */
#define HCR_IMO (1ULL << 4)
#define HCR_AMO (1ULL << 5)
#define HCR_FB (1ULL << 9)	 /* ... guest TLB and cache maintenance broadcast ... */
#define HCR_BSU_INNER (1ULL << 10) /* ... in the inner shareable domain */
#define HCR_TSC (1ULL << 19)	 /* guest SMC traps to us: firmware calls are ours to decide */
#define HCR_RW (1ULL << 31)	 /* EL1 is AArch64 */
#define HCR_GUEST (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_INNER | \
		   HCR_TSC | HCR_RW)

/* CNTHCTL_EL2 without E2H: EL1 may read the physical counter and use the physical timer. */
#define CNTHCTL_EL1PCTEN (1ULL << 0)
#define CNTHCTL_EL1PCEN (1ULL << 1)

/* The reset state a guest expects: MMU and caches off, RES1 bits set (Arm ARM D17.2.118). */
#define SCTLR_EL1_RESET 0x30d00800ULL
/* CPTR_EL2 without E2H: RES1 bits only, so FP/SIMD and SVE do not trap. */
#define CPTR_EL2_NO_TRAPS 0x33ffULL
/* EL1h with D, A, I and F masked, as the arm64 boot protocol requires. */
#define SPSR_EL1H_MASKED 0x3c5ULL
#define MPIDR_RES1 (1ULL << 31)

_Noreturn void vcpu_run(struct vcpu *vcpu, uint64_t entry_ipa, uint64_t argument)
{
	struct cpu *cpu = cpu_this();

	sysreg_write(sctlr_el1, SCTLR_EL1_RESET);
	sysreg_write(cptr_el2, CPTR_EL2_NO_TRAPS);
	sysreg_write(cnthctl_el2, sysreg_read(cnthctl_el2) | CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
	sysreg_write(cntvoff_el2, 0);
	sysreg_write(vpidr_el2, sysreg_read(midr_el1));
	/* The guest sees itself as CPU 0 of its own machine. */
	sysreg_write(vmpidr_el2, MPIDR_RES1);
	stage2_activate(&vcpu->partition->stage2);
	sysreg_write(hcr_el2, HCR_GUEST);
	__asm__ volatile("isb" ::: "memory");

	vcpu->entry = (struct trap_frame){.elr = entry_ipa, .spsr = SPSR_EL1H_MASKED};
	vcpu->entry.x[0] = argument;
	cpu->vcpu = vcpu;
	vcpu->partition->running = true;
	vcpu_enter(&vcpu->entry, cpu_stack_top(cpu));
}
