/* SPDX-License-Identifier: Apache-2.0 */
/* Secondary CPU bring-up through PSCI CPU_ON, and what every CPU sets up for itself. */
#include "machine.h"
#include "irq.h"
#include "memory.h"
#include "sched.h"
#include "selftest.h"

#include "console.h"
#include "exception.h"
#include "gtimer.h"
#include "psci.h"
#include "sync.h"

extern char secondary_entry[];

_Static_assert(CONFIG_MORTISE_STACK_SIZE % PAGE_SIZE == 0, "stacks are allocated in pages");

static unsigned cpus_online;


void cpu_init_local(struct cpu *cpu)
{
	cpu_arch_init_local(cpu);
	if (!irq_init_cpu(cpu))
		return;
	cpu->online = true;
	__atomic_fetch_add(&cpus_online, 1, __ATOMIC_RELEASE);
	event_signal();
}

void kernel_secondary_main(uint64_t index);
void kernel_secondary_main(uint64_t index)
{
	/* The index is ours (the CPU_ON context), but a CPU outside the table must not write it. */
	if (index >= machine.platform.cpu_count)
		exception_park_cpu();
	struct cpu *cpu = &machine.cpus[index];

	exception_install();
	selftest_on_secondary(cpu);
	cpu_init_local(cpu);
	if (!cpu->online)
		exception_park_cpu();
	sched_start_cpu();
}

static unsigned wait_for_online(unsigned expected)
{
	uint64_t deadline = gtimer_counter() + gtimer_frequency() *
							CONFIG_MORTISE_SECONDARY_TIMEOUT_MS / 1000;

	while (__atomic_load_n(&cpus_online, __ATOMIC_ACQUIRE) < expected &&
	       gtimer_counter() < deadline)
		event_wait();
	return __atomic_load_n(&cpus_online, __ATOMIC_ACQUIRE);
}

unsigned cpus_start_secondaries(void)
{
	unsigned expected = cpus_online;

	for (unsigned i = 0; i < machine.platform.cpu_count; i++) {
		struct cpu *cpu = &machine.cpus[i];
		if (i == machine.boot_cpu)
			continue;
		void *stack = memory_alloc(CONFIG_MORTISE_STACK_SIZE / PAGE_SIZE, 1);
		if (stack == NULL) {
			console_printf("Mortise: CPU %u (MPIDR 0x%llx) not started: no memory for "
				       "its stack\n", i, (unsigned long long)cpu->mpidr);
			continue;
		}
		cpu_set_stack(cpu, stack);
		enum psci_status status = psci_cpu_on(cpu->mpidr, (uintptr_t)secondary_entry, i);
		if (status == PSCI_SUCCESS)
			expected++;
		else
			console_printf("Mortise: CPU %u (MPIDR 0x%llx) did not start: PSCI %s\n", i,
				       (unsigned long long)cpu->mpidr, psci_status_name(status));
	}
	unsigned online = wait_for_online(expected);
	for (unsigned i = 0; i < machine.platform.cpu_count; i++) {
		if (!__atomic_load_n(&machine.cpus[i].online, __ATOMIC_ACQUIRE))
			console_printf("Mortise: CPU %u (MPIDR 0x%llx) did not come online\n", i,
				       (unsigned long long)machine.cpus[i].mpidr);
	}
	return online;
}
