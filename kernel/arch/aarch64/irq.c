/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Physical interrupts taken while a guest runs (HCR_EL2.IMO routes them all to EL2). The running
 * vCPU's virtual timer is handed to it through a list register; nothing else is routed to
 * guests yet, so anything else is deactivated and reported.
 */
#include "kernel.h"
#include "vcpu.h"

#include "console.h"
#include "cpu.h"
#include "exception.h"
#include "gicv3.h"

#define CNTV_CTL_ENABLE (1u << 0)
#define CNTV_CTL_ISTATUS (1u << 2)
#define VIRTUAL_TIMER_PRIORITY 0xa0

static bool running_timer_fired(void)
{
	uint64_t control = sysreg_read(cntv_ctl_el0);

	return (control & (CNTV_CTL_ENABLE | CNTV_CTL_ISTATUS)) ==
	       (CNTV_CTL_ENABLE | CNTV_CTL_ISTATUS);
}

static void guest_irq(struct trap_frame *frame)
{
	(void)frame;
	uint32_t intid = gicv3_acknowledge();

	if (intid == GICV3_INTID_SPURIOUS)
		return;
	/* The priority drop only: with HW = 1, the guest's EOI deactivates the physical interrupt. */
	gicv3_end_of_interrupt(intid);
	/*
	 * A timer of a vCPU switched out just before its interrupt arrived is not this vCPU's: its
	 * state was saved with the interrupt condition, and fires again when it runs.
	 */
	if (intid == machine.platform.timer.el1_virtual_intid && cpu_this()->vcpu != NULL &&
	    running_timer_fired() && vgic_inject_hardware(intid, VIRTUAL_TIMER_PRIORITY))
		return;
	gicv3_deactivate(intid);
	if (intid != machine.platform.timer.el1_virtual_intid)
		console_printf("Mortise: CPU %u: interrupt %u has no owner\n", cpu_this()->index,
			       intid);
}

void irq_init(void)
{
	exception_set_handler(EXCEPTION_LOWER_A64_IRQ, guest_irq);
}

void irq_init_cpu(struct cpu *cpu)
{
	uint32_t timer = machine.platform.timer.el1_virtual_intid;
	enum gicv3_status status =
		gicv3_irq_configure(&machine.gic, cpu->redistributor, timer, VIRTUAL_TIMER_PRIORITY,
				    false);

	if (status == GICV3_OK)
		status = gicv3_irq_enable(&machine.gic, cpu->redistributor, timer);
	if (status != GICV3_OK)
		console_printf("Mortise: CPU %u: virtual timer interrupt %u: %s\n", cpu->index, timer,
			       gicv3_status_name(status));
}
