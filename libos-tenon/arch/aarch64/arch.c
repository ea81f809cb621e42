/* SPDX-License-Identifier: Apache-2.0 */
/* tenon_arch.h for AArch64 at EL1: WFI, new thread contexts (masking is inline, tenon_arch_irq.h). */
#include "tenon_arch.h"

#include "cpu.h"

void tenon_arch_thread_trampoline(void);

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
