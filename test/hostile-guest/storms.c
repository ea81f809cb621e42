/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SGI and WFI storms. SGIs go out through ICC_SGI1R_EL1, which Mortise traps and emulates (GICv3
 * spec 12.2.22), with random INTIDs, target lists, affinities, range selectors and the
 * broadcast bit (IRM); every worker takes what reaches it by polling ICC_IAR1_EL1 with
 * interrupts masked. WFI traps to Mortise too; a virtual timer a few microseconds away is always
 * armed first, so a worker never sleeps for good.
 */
#include "hostile.h"

#include "console.h"
#include "cpu.h"
#include "gicv3.h"
#include "gtimer.h"
#include "sync.h"

#define SGIS_PER_STORM 8u
#define WFIS_PER_STORM 2u
#define WFI_TICKS 2000u /* 32 us at QEMU's 62.5 MHz */
/* ICC_SGI1R_EL1 fields (GICv3 spec 12.2.22): IRM (broadcast) and the INTID. */
#define SGI1R_IRM (1ULL << 40)
#define SGI1R_INTID_SHIFT 24
#define VIRTUAL_TIMER_INTID 27
#define SGI1R_INTID_MASK (0xfULL << SGI1R_INTID_SHIFT)

void interrupts_init(void)
{
	enum gicv3_status status = gicv3_cpu_interface_enable();

	if (status != GICV3_OK)
		mismatch("GIC CPU interface: %s", gicv3_status_name(status));
}

void drain_interrupts(void)
{
	for (;;) {
		uint32_t intid = gicv3_acknowledge();
		if (intid == GICV3_INTID_SPURIOUS)
			return;
		if (intid == VIRTUAL_TIMER_INTID)
			gtimer_disable(GTIMER_EL1_VIRTUAL);
		gicv3_end_of_interrupt(intid);
	}
}

/* WFI until the virtual timer, ticks from now, or an interrupt wakes the vCPU. */
void sleep_ticks(uint64_t ticks)
{
	gtimer_arm_after(GTIMER_EL1_VIRTUAL, ticks);
	cpu_wait_for_interrupt();
	drain_interrupts();
	gtimer_disable(GTIMER_EL1_VIRTUAL);
}

void sgi_storm(struct worker *worker)
{
	for (unsigned i = 0; i < SGIS_PER_STORM; i++) {
		uint64_t value = random_next(worker);
		/* Mostly to Aff3..1 = 0, where this partition's vCPUs are; sometimes anywhere. */
		if (random_next(worker) & 3)
			value &= SGI1R_INTID_MASK | SGI1R_IRM | 0xffffULL;
		sysreg_write(s3_0_c12_c11_5, value);
		worker->sgis++;
	}
	barrier_instruction();
	drain_interrupts();
}

void wfi_storm(struct worker *worker)
{
	for (unsigned i = 0; i < WFIS_PER_STORM; i++) {
		sleep_ticks(WFI_TICKS);
		worker->wfis++;
	}
}
