/* SPDX-License-Identifier: Apache-2.0 */
/* Tenon boot: devicetree, console, GIC, tenon-rt, the clock. Every Tenon image starts here. */
#include "tenon.h"

#include "console.h"
#include "hvc.h"
#include "cpu.h"
#include "exception.h"
#include "gtimer.h"
#include "psci.h"

static struct dtb_platform platform;
static struct gicv3 gic;

static void boot_error(const char *what, const struct dtb_diagnostic *diagnostic)
{
	console_printf("Tenon: boot error: %s: %s at %s %s: expected %s\n", what,
		       dtb_status_name(diagnostic->status), diagnostic->node, diagnostic->property,
		       diagnostic->expected);
	tenon_power_off();
}

void platform_start(const void *dtb, struct tenon_thread *main, unsigned main_priority)
{
	struct dtb_diagnostic diagnostic = {0};
	uintptr_t redistributor;

	/*
	 * No output before the devicetree names the console: as a Mortise guest there is no UART
	 * at the platform's address, and touching it would stop the partition.
	 */
	tenon_vectors_install();
	/* One pass; its PSCI conduit is read even when the rest fails, so a boot error powers off. */
	enum dtb_status read = dtb_read_platform(dtb, &platform, &diagnostic);
	psci_init(platform.psci == DTB_PSCI_SMC	  ? PSCI_CONDUIT_SMC :
		  platform.psci == DTB_PSCI_HVC ? PSCI_CONDUIT_HVC :
						  PSCI_CONDUIT_NONE);
	if (read != DTB_OK) {
		console_attach_pl011(CONFIG_PLATFORM_EARLY_UART);
		boot_error("cannot read the devicetree", &diagnostic);
	}
	if (platform.hypervisor_console)
		console_attach(hvc_console_write, &platform.console_capability);
	else
		console_attach_pl011(platform.uart_base);

	/* A guest whose hypervisor keeps the distributor has only its CPU interface to set up. */
	enum gicv3_status status = GICV3_OK;
	redistributor = 0;
	if (platform.gic.cpu_interface_only)
		status = gicv3_cpu_interface_enable();
	else
		status = gicv3_distributor_init(&gic, platform.gic.distributor_base,
						platform.gic.redistributor_base,
						platform.gic.redistributor_size);
	if (status == GICV3_OK && !platform.gic.cpu_interface_only)
		status = gicv3_cpu_init(&gic, &redistributor);
	if (status != GICV3_OK) {
		console_printf("Tenon: boot error: GIC: %s\n", gicv3_status_name(status));
		tenon_power_off();
	}
	console_printf("Tenon %s at EL1: %llu MiB memory, GICv%u, timer %llu Hz, tick %u Hz\n",
		       TENON_VERSION, (unsigned long long)(platform.memory[0].size >> 20),
		       platform.gic.version, (unsigned long long)gtimer_frequency(), CONFIG_TENON_TICK_HZ);
#if CONFIG_TENON_SMP_CPUS > 1
	smp_set_cpu_index(0);
#endif
	tenon_arch_cpu_register_load();
	enum tenon_status kernel = tenon_kernel_init(main, "main", main_priority);
	if (kernel != TENON_OK) {
		console_printf("Tenon: boot error: scheduler: %s\n", tenon_status_name(kernel));
		tenon_power_off();
	}
	console_printf("Tenon: scheduler: %u priorities, %s, slice %u us, priority inheritance %s\n",
		       CONFIG_TENON_PRIORITIES, TENON_TICKLESS ? "tickless" : "periodic tick",
		       CONFIG_TENON_TIME_SLICE_US, TENON_MUTEX_PI ? "on" : "off");

	irq_init(platform.gic.cpu_interface_only ? NULL : &gic, redistributor);
	clock_start(platform.timer.el1_virtual_intid);
#if CONFIG_TENON_SMP_CPUS > 1
	smp_start(&platform, platform.gic.cpu_interface_only ? NULL : &gic);
#endif
	cpu_irq_enable();
}

const struct dtb_platform *platform_description(void)
{
	return &platform;
}
