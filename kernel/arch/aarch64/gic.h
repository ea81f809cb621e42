/* SPDX-License-Identifier: Apache-2.0 */
/* What gic.c and irq.c share about the physical GIC beyond the kernel's irq.h. */
#ifndef KERNEL_ARCH_AARCH64_GIC_H
#define KERNEL_ARCH_AARCH64_GIC_H

#include <stddef.h>

#include "caps.h"

struct vcpu;

/* The SGI one CPU sends another to make it look again at what it should run (cpu_kick). */
#define KICK_SGI 8

/*
 * The vCPU each passed-through SPI goes to; NULL: the SPI is nobody's and stays disabled. Set
 * once by a compare-and-swap (irq_pass_through), cleared when its partition stops.
 */
extern struct vcpu *spi_owners[CAP_IRQ_LIMIT];

/* Inline: every passed-through interrupt's path asks. */
static inline struct vcpu *gic_spi_owner(uint32_t intid)
{
	return intid < CAP_IRQ_LIMIT ? __atomic_load_n(&spi_owners[intid], __ATOMIC_ACQUIRE) : NULL;
}

#endif
