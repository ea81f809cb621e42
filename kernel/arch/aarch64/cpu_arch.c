/* SPDX-License-Identifier: Apache-2.0 */
/* What every CPU sets up in its own AArch64 registers, and the GIC the machine has. */
#include "cpu_arch.h"
#include "machine.h"

#include "console.h"
#include "cpu.h"

/*
 * CNTHCTL_EL2 event stream: an event every 2^(EVNTI+1) counter ticks wakes CPUs in WFE, so a wait
 * for a CPU that never checks in still sees its deadline (Arm ARM D11.1.3, "Event streams").
 * Bit 15 of a 62.5 MHz counter is about 1 ms.
 */
#define CNTHCTL_EVNTEN (1u << 2)
#define CNTHCTL_EVNTI_SHIFT 4
#define CNTHCTL_EVNTI_MASK (0xfu << CNTHCTL_EVNTI_SHIFT)
#define EVENT_STREAM_COUNTER_BIT 15u

__attribute__((cold))
bool machine_arch_init(void)
{
	const struct dtb_gic *gic = &machine.platform.gic;
	enum gicv3_status status = gicv3_distributor_init(
		&machine.arch.gic, gic->distributor_base, gic->redistributor_base, gic->redistributor_size);

	if (status != GICV3_OK)
		console_printf("Mortise: boot error: GIC distributor at 0x%llx: %s\n",
			       (unsigned long long)gic->distributor_base, gicv3_status_name(status));
	return status == GICV3_OK;
}

__attribute__((cold))
void cpu_arch_init_local(struct cpu *cpu)
{
	sysreg_write(tpidr_el2, (uintptr_t)cpu);
	uint64_t control = sysreg_read(cnthctl_el2) & ~(uint64_t)CNTHCTL_EVNTI_MASK;
	sysreg_write(cnthctl_el2, control | CNTHCTL_EVNTEN |
					  (EVENT_STREAM_COUNTER_BIT << CNTHCTL_EVNTI_SHIFT));
}

extern char boot_stack[];
uintptr_t cpu_stack_tops[CONFIG_MAX_CPUS];

void cpu_set_stack(const struct cpu *cpu, void *stack)
{
	cpu_stack_tops[cpu->index] = (uintptr_t)stack + CONFIG_MORTISE_STACK_SIZE;
}

void cpu_adopt_boot_stack(const struct cpu *cpu)
{
	cpu_set_stack(cpu, boot_stack);
}
