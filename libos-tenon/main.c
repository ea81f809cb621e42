/* SPDX-License-Identifier: Apache-2.0 */
/* Tenon boot: devicetree, console, GIC, the tick, then the main thread. */
#include "tenon.h"

#include "boot.h"
#include "console.h"
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

static void main_thread(void)
{
	uint64_t start = gtimer_virtual_counter();

	while (tick_count() < CONFIG_TENON_BOOT_TICKS)
		cpu_wait_for_interrupt();
	uint64_t elapsed = gtimer_virtual_counter() - start;
	console_printf("Tenon: main thread: %llu timer ticks at %u Hz in %llu us\n",
		       (unsigned long long)tick_count(), CONFIG_TENON_TICK_HZ,
		       (unsigned long long)(gtimer_ns_from_ticks(gtimer_frequency(), elapsed) / 1000));
}

void image_main(const void *dtb)
{
	struct dtb_diagnostic diagnostic = {0};
	uintptr_t redistributor;

	console_attach_pl011(CONFIG_PLATFORM_EARLY_UART);
	exception_install();
	if (dtb_read_psci(dtb, &platform, &diagnostic) == DTB_OK)
		psci_init(platform.psci == DTB_PSCI_SMC	  ? PSCI_CONDUIT_SMC :
			  platform.psci == DTB_PSCI_HVC ? PSCI_CONDUIT_HVC :
							  PSCI_CONDUIT_NONE);
	if (dtb_read_platform(dtb, &platform, &diagnostic) != DTB_OK)
		boot_error("cannot read the devicetree", &diagnostic);
	if (platform.uart_base != CONFIG_PLATFORM_EARLY_UART)
		console_attach_pl011(platform.uart_base);

	enum gicv3_status status =
		gicv3_distributor_init(&gic, platform.gic.distributor_base,
				       platform.gic.redistributor_base, platform.gic.redistributor_size);
	if (status == GICV3_OK)
		status = gicv3_cpu_init(&gic, &redistributor);
	if (status != GICV3_OK) {
		console_printf("Tenon: boot error: GIC: %s\n", gicv3_status_name(status));
		tenon_power_off();
	}
	console_printf("Tenon %s at EL1: %llu MiB memory, GICv%u, timer %llu Hz, tick %u Hz\n",
		       TENON_VERSION, (unsigned long long)(platform.memory[0].size >> 20),
		       platform.gic.version, (unsigned long long)gtimer_frequency(),
		       CONFIG_TENON_TICK_HZ);

	irq_init(&gic, redistributor);
	tick_start(platform.timer.el1_virtual_intid, CONFIG_TENON_TICK_HZ);
	cpu_irq_enable();
	main_thread();
	console_printf("Tenon: powering off\n");
	tenon_power_off();
}
