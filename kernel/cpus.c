/* SPDX-License-Identifier: Apache-2.0 */
/* Secondary CPU bring-up through PSCI CPU_ON, and what every CPU sets up for itself. */
#include "kernel.h"

#include "console.h"
#include "cpu.h"
#include "exception.h"
#include "gtimer.h"
#include "psci.h"
#include "sync.h"
#include "vcpu.h"

extern char secondary_entry[];

/*
 * CNTHCTL_EL2 event stream: an event every 2^(EVNTI+1) counter ticks wakes CPUs in WFE, so a wait
 * for a CPU that never checks in still sees its deadline (Arm ARM D11.1.3, "Event streams").
 * Bit 15 of a 62.5 MHz counter is about 1 ms.
 */
#define CNTHCTL_EVNTEN (1u << 2)
#define CNTHCTL_EVNTI_SHIFT 4
#define CNTHCTL_EVNTI_MASK (0xfu << CNTHCTL_EVNTI_SHIFT)
#define EVENT_STREAM_COUNTER_BIT 15u

static unsigned cpus_online;

static void enable_event_stream(void)
{
	uint64_t control = sysreg_read(cnthctl_el2) & ~(uint64_t)CNTHCTL_EVNTI_MASK;

	sysreg_write(cnthctl_el2, control | CNTHCTL_EVNTEN |
					  (EVENT_STREAM_COUNTER_BIT << CNTHCTL_EVNTI_SHIFT));
}

extern char cpu_stacks[];

struct cpu *cpu_this(void)
{
	return (struct cpu *)(uintptr_t)sysreg_read(tpidr_el2);
}

uintptr_t cpu_stack_top(const struct cpu *cpu)
{
	return (uintptr_t)cpu_stacks + (cpu->index + 1) * (uintptr_t)CONFIG_MORTISE_STACK_SIZE;
}

void cpu_init_local(struct cpu *cpu)
{
	sysreg_write(tpidr_el2, (uintptr_t)cpu);
	enable_event_stream();
	enum gicv3_status status = gicv3_cpu_init(&machine.gic, &cpu->redistributor);
	if (status != GICV3_OK) {
		console_printf("Mortise: CPU %u (MPIDR 0x%llx): GIC CPU interface: %s\n", cpu->index,
			       (unsigned long long)cpu->mpidr, gicv3_status_name(status));
		return;
	}
	irq_init_cpu(cpu);
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
	vcpu_start_cpu();
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
