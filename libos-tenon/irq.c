/* SPDX-License-Identifier: Apache-2.0 */
#include "tenon.h"

#include <stddef.h>

#include "console.h"
#include "cpu.h"
#include "exception.h"

static const struct gicv3 *irq_gic;
static uintptr_t irq_redistributor;
irq_handler irq_handlers[IRQ_HANDLER_SLOTS];
_Static_assert((IRQ_HANDLER_SLOTS & (IRQ_HANDLER_SLOTS - 1)) == 0 &&
		       IRQ_HANDLER_SLOTS > GICV3_INTID_SPURIOUS,
	       "the IRQ entry masks the INTID into the table: a power of two past the special INTIDs");
#if CONFIG_TENON_SMP_CPUS > 1
/*
 * SGIs and PPIs are banked per CPU in its redistributor (GICv3 spec 1.2.1, 12.11), so a private
 * interrupt registered on one CPU is configured in every online CPU's redistributor, and a CPU
 * coming online configures those registered before it (irq_init_cpu). The boot CPU waits for the
 * secondaries while they do, so the two never run at once.
 */
static uintptr_t irq_cpu_redistributor[CONFIG_TENON_SMP_CPUS];
static bool irq_cpu_ready[CONFIG_TENON_SMP_CPUS];
static uint8_t irq_private_priority[GICV3_FIRST_SPI];

static enum gicv3_status configure(uintptr_t redistributor, uint32_t intid, uint8_t priority)
{
	enum gicv3_status status =
		gicv3_irq_configure(irq_gic, redistributor, intid, priority, false);

	return status == GICV3_OK ? gicv3_irq_enable(irq_gic, redistributor, intid) : status;
}

void irq_init_cpu(unsigned index, uintptr_t redistributor)
{
	if (index >= CONFIG_TENON_SMP_CPUS)
		return;
	irq_cpu_redistributor[index] = redistributor;
	for (uint32_t intid = 0; irq_gic != NULL && intid < GICV3_FIRST_SPI; intid++) {
		enum gicv3_status status = irq_handlers[intid] == irq_unhandled ?
			GICV3_OK : configure(redistributor, intid, irq_private_priority[intid]);
		if (status != GICV3_OK)
			console_printf("Tenon: CPU %u: cannot enable interrupt %u: %s\n", index,
				       intid, gicv3_status_name(status));
	}
	__atomic_store_n(&irq_cpu_ready[index], true, __ATOMIC_RELEASE);
}
#endif

/* What an INTID without a handler runs: a report. The IRQ entry ends it. */
void irq_unhandled(uint32_t intid)
{
	console_printf("Tenon: interrupt %u has no handler\n", intid);
}

/* The special INTIDs' slots (1020..1023, the spurious 1023 among them): an acknowledge that
 * returns one acknowledged nothing, and the end-of-interrupt the IRQ entry then writes is
 * ignored (ICC_EOIR1_EL1: "A write of a Special INTID is ignored"). */
static void irq_spurious(uint32_t intid)
{
	(void)intid;
}

void irq_dispatch(struct trap_frame *frame)
{
	(void)frame;
	irq_entry();
}

void irq_init(const struct gicv3 *gic, uintptr_t redistributor)
{
	for (uint32_t intid = 0; intid < IRQ_HANDLER_SLOTS; intid++)
		irq_handlers[intid] = intid < IRQ_FIRST_SPECIAL ? irq_unhandled : irq_spurious;
	irq_gic = gic;
	irq_redistributor = redistributor;
#if CONFIG_TENON_SMP_CPUS > 1
	irq_cpu_redistributor[0] = redistributor;
	irq_cpu_ready[0] = true;
#endif
}

void irq_register(uint32_t intid, irq_handler handler, uint8_t priority)
{
	/* The IRQ entry calls what the table holds, never NULL. */
	if (handler == NULL)
		handler = irq_unhandled;
	/* Without a GIC of our own the hypervisor decides what reaches us: just listen. */
	if (irq_gic == NULL && intid < IRQ_FIRST_SPECIAL) {
		irq_handlers[intid] = handler;
		return;
	}
	enum gicv3_status status = intid < IRQ_FIRST_SPECIAL ?
		gicv3_irq_configure(irq_gic, irq_redistributor, intid, priority, false) :
		GICV3_ERR_BAD_INTID;

	if (status == GICV3_OK) {
		irq_handlers[intid] = handler;
		status = gicv3_irq_enable(irq_gic, irq_redistributor, intid);
	}
#if CONFIG_TENON_SMP_CPUS > 1
	if (status == GICV3_OK && intid < GICV3_FIRST_SPI) {
		irq_private_priority[intid] = priority;
		for (unsigned cpu = 1; cpu < CONFIG_TENON_SMP_CPUS && status == GICV3_OK; cpu++)
			if (__atomic_load_n(&irq_cpu_ready[cpu], __ATOMIC_ACQUIRE))
				status = configure(irq_cpu_redistributor[cpu], intid, priority);
	}
#endif
	if (status != GICV3_OK)
		console_printf("Tenon: cannot enable interrupt %u: %s\n", intid,
			       gicv3_status_name(status));
}
