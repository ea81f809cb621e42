/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The VMM's vCPUs on its guests' CPUs (the root creates them: vmm/README.md): each waits for
 * exits on its CPU, where Mortise hands it the exits of the guest vCPUs there directly and it
 * runs on their scheduling context (kernel/README.md). Same address space, same capabilities,
 * same code as vCPU 0: each runs serve_exits on a stack of its own.
 */
#include "linux_vmm.h"

#include "console.h"
#include "exception.h"
#include "psci.h"

#define CONTEXT_STACK_SIZE 0x4000

/* context_entry.S: where PSCI CPU_ON starts a context, x0 its stack top. */
extern const char linux_vmm_context_entry[];

static uint8_t context_stacks[LINUX_VMM_MAX_CONTEXTS][CONTEXT_STACK_SIZE]
	__attribute__((aligned(16)));

/* context_entry.S calls it on the context's own stack, its MMU on. */
_Noreturn void context_main(void);
_Noreturn void context_main(void)
{
	exception_install();
	serve_exits();
	/* Waiting failed (said): the exits of this CPU go to the VMM's other vCPUs. */
	exception_park_cpu();
}

void contexts_start(const struct vmm_config *config)
{
	psci_init(PSCI_CONDUIT_HVC);
	for (unsigned i = 0; i < config->context_count; i++) {
		uintptr_t stack_top = (uintptr_t)context_stacks[i] + CONTEXT_STACK_SIZE;
		enum psci_status status = psci_cpu_on(
			config->contexts[i], (uintptr_t)linux_vmm_context_entry, stack_top);
		if (status != PSCI_SUCCESS)
			console_printf("linux-vmm: my vCPU %u to serve exits did not start: %s\n",
				       config->contexts[i], psci_status_name(status));
	}
}
