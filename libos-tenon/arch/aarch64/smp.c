/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SMP bring-up and the per-CPU half of tenon_arch.h (TENON_SMP_CPUS > 1; with 1 nothing here is
 * linked). Secondary CPUs are started with PSCI CPU_ON through the devicetree's conduit, each on
 * its own stack (which becomes its idle thread's), with its own GIC redistributor, CPU interface
 * and virtual timer. A CPU the devicetree does not list, PSCI refuses (a Mortise guest has one
 * vCPU) or that never checks in is left out: Tenon carries on with those that came up.
 */
#include "tenon.h"

#include "console.h"
#include "cpu.h"
#include "exception.h"
#include "gtimer.h"
#include "psci.h"
#include "sync.h"

#if CONFIG_TENON_SMP_CPUS > 1

/* The reschedule IPI: the last SGI, clear of the low ones images send themselves. */
#define SMP_SGI_RESCHEDULE 15u
#define SMP_SGI_PRIORITY 0x80
/* How long the boot CPU waits for a started CPU to check in. */
#define SMP_ONLINE_TIMEOUT_MS 100u

#define SECONDARIES (CONFIG_TENON_SMP_CPUS > 1 ? CONFIG_TENON_SMP_CPUS - 1 : 1)

void tenon_secondary_entry(void);
void tenon_secondary_main(uint64_t index);

/* MPIDR affinity of each CPU index: what an SGI is addressed to. */
static uint64_t smp_mpidr[CONFIG_TENON_SMP_CPUS];
static const struct gicv3 *smp_gic;
static uint8_t secondary_stacks[SECONDARIES][CONFIG_TENON_IDLE_STACK_SIZE]
	__attribute__((aligned(16)));
/* Read by tenon_secondary_entry; index 0 (the boot CPU) unused. */
uintptr_t tenon_secondary_stack_tops[CONFIG_TENON_SMP_CPUS];
/* Secondaries that failed their own setup, so the boot CPU stops waiting for them. */
static unsigned smp_failed;

/*
 * TPIDR_EL1 holds the CPU index (read by tenon_arch_cpu_index, inline): a register only EL1 reads
 * or writes (EL0 has TPIDR_EL0 and TPIDRRO_EL0), reset UNKNOWN, so every CPU writes it before
 * tenon-rt runs there (Arm ARM D17.2.140).
 */
void smp_set_cpu_index(unsigned index)
{
	sysreg_write(tpidr_el1, index);
}

void tenon_arch_cpu_kick(unsigned index)
{
	/* gicv3_send_sgi orders our stores before the SGI (DSB) and issues it at once (ISB). */
	if (index < CONFIG_TENON_SMP_CPUS)
		gicv3_send_sgi(SMP_SGI_RESCHEDULE, smp_mpidr[index]);
}

static void reschedule_interrupt(uint32_t intid)
{
	(void)intid;
	tenon_reschedule_interrupt();
}

void tenon_secondary_main(uint64_t index)
{
	if (index == 0 || index >= CONFIG_TENON_SMP_CPUS)
		exception_park_cpu();
	smp_set_cpu_index((unsigned)index);
	tenon_arch_cpu_register_load();
	tenon_vectors_install();
	uintptr_t redistributor = 0;
	enum gicv3_status status = smp_gic == NULL ? gicv3_cpu_interface_enable() :
						     gicv3_cpu_init(smp_gic, &redistributor);
	if (status != GICV3_OK) {
		console_printf("Tenon: CPU %u: GIC: %s\n", (unsigned)index, gicv3_status_name(status));
		__atomic_fetch_add(&smp_failed, 1, __ATOMIC_RELEASE);
		exception_park_cpu();
	}
	/* This CPU's SGIs and PPIs (the clock, the reschedule SGI) live in its redistributor. */
	irq_init_cpu((unsigned)index, redistributor);
	tenon_cpu_start_secondary((unsigned)index);
}

static unsigned wait_for_online(unsigned expected)
{
	uint64_t deadline = gtimer_virtual_counter() +
			    gtimer_frequency() * SMP_ONLINE_TIMEOUT_MS / 1000;

	while (tenon_cpus_online() + __atomic_load_n(&smp_failed, __ATOMIC_ACQUIRE) < expected &&
	       gtimer_virtual_counter() < deadline)
		spin_pause();
	return tenon_cpus_online();
}

void smp_start(const struct dtb_platform *platform, const struct gicv3 *gic)
{
	uint64_t self = cpu_mpidr_affinity();
	unsigned next = 1, expected = 1;

	smp_gic = gic;
	smp_mpidr[0] = self;
	irq_register(SMP_SGI_RESCHEDULE, reschedule_interrupt, SMP_SGI_PRIORITY);
	for (unsigned i = 0; i < platform->cpu_count && next < CONFIG_TENON_SMP_CPUS; i++) {
		uint64_t mpidr = platform->cpu_mpidr[i];
		if (mpidr == self)
			continue;
		smp_mpidr[next] = mpidr;
		tenon_secondary_stack_tops[next] =
			(uintptr_t)secondary_stacks[next - 1] + CONFIG_TENON_IDLE_STACK_SIZE;
		enum psci_status status =
			psci_cpu_on(mpidr, (uintptr_t)tenon_secondary_entry, next);
		if (status != PSCI_SUCCESS) {
			console_printf("Tenon: CPU %u (MPIDR 0x%llx) not started: PSCI %s\n", next,
				       (unsigned long long)mpidr, psci_status_name(status));
			continue;
		}
		next++;
		expected++;
	}
	unsigned online = wait_for_online(expected);
	console_printf("Tenon: SMP: %u of %u CPUs online (TENON_SMP_CPUS %u, devicetree %u)\n",
		       online, expected, CONFIG_TENON_SMP_CPUS, platform->cpu_count);
}
#endif
