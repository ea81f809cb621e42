/* SPDX-License-Identifier: Apache-2.0 */
/* Mortise boot: from the loader's DTB to every CPU online and the banner. */
#include "boot_partitions.h"
#include "frames.h"
#include "hypercall.h"
#include "machine.h"
#include "memory.h"
#include "power.h"
#include "trap.h"

#include <stddef.h>

#include "console.h"
#include "cpu.h"
#include "exception.h"
#include "psci.h"

#define MORTISE_VERSION "0.1.0"

struct machine machine;

static const char *psci_conduit_name(enum dtb_psci_conduit conduit)
{
	return conduit == DTB_PSCI_SMC ? "smc" : conduit == DTB_PSCI_HVC ? "hvc" : "none";
}

static void read_platform(const void *dtb)
{
	struct dtb_diagnostic diagnostic = {0};
	struct dtb_platform *platform = &machine.platform;

	enum dtb_status status = dtb_read_platform(dtb, platform, &diagnostic);

	/* Read before any other query can fail, so that the boot error below can power off. */
	psci_init(platform->psci == DTB_PSCI_SMC   ? PSCI_CONDUIT_SMC :
		  platform->psci == DTB_PSCI_HVC ? PSCI_CONDUIT_HVC :
						   PSCI_CONDUIT_NONE);
	if (status != DTB_OK)
		kernel_boot_error("cannot read the devicetree", &diagnostic);
	if (platform->uart_base != CONFIG_PLATFORM_EARLY_UART)
		console_attach_pl011(platform->uart_base);
}

static void print_banner(unsigned online)
{
	const struct dtb_platform *platform = &machine.platform;
	uint32_t psci = psci_version();

	console_printf("Mortise %s (%s) at EL2: %u of %u CPUs online, %llu MiB memory, GICv%u with "
		       "%u interrupt lines, PSCI %u.%u over %s\n",
		       MORTISE_VERSION, CONFIG_PLATFORM_NAME, online, platform->cpu_count,
		       (unsigned long long)(machine.memory_bytes >> 20), platform->gic.version,
		       machine.arch.gic.interrupt_lines, psci >> 16, psci & 0xffff,
		       psci_conduit_name(platform->psci));
}

void kernel_main(const void *dtb);
void kernel_main(const void *dtb)
{
	console_attach_pl011(CONFIG_PLATFORM_EARLY_UART);
	exception_install();
	read_platform(dtb);
	if (!memory_init(dtb) || !frames_init())
		kernel_power_off();
	if (!machine_arch_init())
		kernel_power_off();

	uint64_t self = cpu_mpidr_affinity();
	machine.boot_cpu = machine.platform.cpu_count;
	for (unsigned i = 0; i < machine.platform.cpu_count; i++) {
		machine.cpus[i] = (struct cpu){.index = i, .mpidr = machine.platform.cpu_mpidr[i]};
		if (machine.cpus[i].mpidr == self)
			machine.boot_cpu = i;
	}
	if (machine.boot_cpu == machine.platform.cpu_count) {
		console_printf("Mortise: boot error: the boot CPU (MPIDR 0x%llx) is not in /cpus\n",
			       (unsigned long long)self);
		kernel_power_off();
	}
	cpu_adopt_boot_stack(&machine.cpus[machine.boot_cpu]);
	cpu_init_local(&machine.cpus[machine.boot_cpu]);

	print_banner(cpus_start_secondaries());
	hypercall_init();
	trap_init();
	boot_partitions_start();
}
