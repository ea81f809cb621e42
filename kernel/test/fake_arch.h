/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A fake machine under the kernel's core logic on the host (as Hafnium's src/arch/fake): list
 * registers, kicks, the GIC's controls and the vCPU switch are recorded instead of done, so the
 * tests see what vcpu.c, sched.c, resume.c and virq.c asked of the hardware.
 */
#ifndef KERNEL_TEST_FAKE_ARCH_H
#define KERNEL_TEST_FAKE_ARCH_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "partition.h"
#include "vcpu.h"

#define FAKE_LIST_REGISTERS_MAX 16

struct fake_list_register {
	uint32_t intid;
	bool hardware;
};

struct fake_arch {
	unsigned cpu;			/* the CPU the code under test runs on */
	unsigned list_registers;	/* how many the running vCPU has */
	struct fake_list_register lr[FAKE_LIST_REGISTERS_MAX];
	unsigned lr_used;
	bool underflow_interrupt;
	unsigned kicks[CONFIG_MAX_CPUS];	/* cpu_kick calls per CPU */
	uint32_t deactivated;		/* bit = INTID (below 32) gicv3_deactivate was called for */
	uint32_t physical_sgis_sent;	/* bit = INTID of irq_send_guest_sgi */
	unsigned idle_waits;		/* irq_wait_idle calls */
	struct vcpu *loaded, *unloaded;	/* the last vcpu_arch_load / vcpu_arch_unload */
	struct vcpu *left_cpu;		/* the last vcpu_context_leave_cpu ... */
	bool left_cpu_keeps;		/* ... and whether its FP/SIMD state went with it */
	uint64_t timer_deadline;	/* what vcpu_context_timer_deadline reports */
	uint64_t counter;		/* gtimer_counter */
	bool partitions_running;	/* partitions_any_running */
	jmp_buf *entered;		/* vcpu_enter and kernel_power_off longjmp here (1: entered, 2: off) */
	struct vcpu *entered_vcpu;
	const struct trap_frame *entered_frame; /* what a switch entered (vcpu_enter_switched) */
	const char *stop_reason;	/* the last partition_stop's */
};

extern struct fake_arch fake;

/* A fresh machine of cpus CPUs, the code running on CPU 0, with list_registers list registers. */
void fake_arch_reset(unsigned cpus, unsigned list_registers);
/* The code under test runs on CPU cpu from now on (cpu_this). */
void fake_run_on(unsigned cpu);
/* A partition for tests (not from partition.c): running unless stopped is set later. */
struct partition *fake_partition(void);
/* A vCPU of partition on cpu, through vcpu_create; started when start is true. */
struct vcpu *fake_vcpu(struct partition *partition, unsigned cpu, uint8_t priority, bool start);
/* sched.configure of vcpu: priority, and budget and period in counter ticks. */
void fake_configure(struct vcpu *vcpu, uint8_t priority, uint64_t budget, uint64_t period);
/* The armed EL2 timer's deadline, UINT64_MAX when it is disabled. */
uint64_t fake_el2_timer(void);
/* What was last written to the GICR_ISACTIVER0 of cpu's redistributor (bit = INTID made active). */
uint32_t fake_private_active_set(unsigned cpu);
/* True when a list register holds intid. */
bool fake_listed(uint32_t intid);

#endif
