/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Which process's EL0 state the CPU holds. Tenon's kernel code is built without FP/SIMD and
 * never touches SP_EL0 or TPIDR_EL0 (it runs on SP_EL1), so a process's FP/SIMD registers, user
 * stack pointer and thread pointer stay in the CPU while kernel threads run, and are swapped only
 * when a different process is about to return to EL0. Its translation table goes with them: the
 * kernel runs on any process's table, so TTBR0 only has to change at the same moment.
 */
#include "process_internal.h"

#include "cpu.h"

static struct process *user_owner;

void user_return_prepare(struct process *process)
{
	if (user_owner == process)
		return;
	if (user_owner != NULL)
		user_registers_save(&user_owner->user);
	user_registers_load(&process->user);
	/* ASID-tagged: no TLB maintenance for the switch (Arm ARM D8.13.1). */
	sysreg_write(ttbr0_el1, address_space_ttbr(&process->space));
	__asm__ volatile("isb" ::: "memory");
	user_owner = process;
}

void user_context_forget(struct process *process)
{
	if (user_owner != process)
		return;
	sysreg_write(ttbr0_el1, address_space_kernel_ttbr());
	__asm__ volatile("isb" ::: "memory");
	user_owner = NULL;
}
