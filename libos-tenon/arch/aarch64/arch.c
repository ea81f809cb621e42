/* SPDX-License-Identifier: Apache-2.0 */
/* tenon_arch.h for AArch64 at EL1: DAIF masking, WFI, new thread contexts. */
#include "tenon_arch.h"

#include "cpu.h"

void tenon_arch_thread_trampoline(void);

uint64_t tenon_arch_irq_save(void)
{
	uint64_t saved = sysreg_read(daif);

	cpu_irq_disable();
	return saved;
}

/* DAIF.I is bit 7 (Arm ARM C5.2.2); only the IRQ mask is ours to give back. */
#define DAIF_I (1u << 7)

bool tenon_arch_irq_was_enabled(uint64_t saved)
{
	return (saved & DAIF_I) == 0;
}

void tenon_arch_irq_restore(uint64_t saved)
{
	if (tenon_arch_irq_was_enabled(saved))
		cpu_irq_enable();
}

void tenon_arch_irq_enable(void)
{
	cpu_irq_enable();
}

void tenon_arch_idle(void)
{
	cpu_wait_for_interrupt();
}

void tenon_arch_context_init(struct tenon_arch_context *context, void *stack_top,
			     void (*start)(void))
{
	for (unsigned i = 0; i < 12; i++)
		context->callee_saved[i] = 0;
	context->callee_saved[0] = (uint64_t)(uintptr_t)start; /* x19 */
	context->callee_saved[11] = (uint64_t)(uintptr_t)tenon_arch_thread_trampoline; /* x30 */
	context->sp = (uint64_t)(uintptr_t)stack_top & ~15ull;
	context->reserved = 0;
}
