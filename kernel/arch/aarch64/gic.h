/* SPDX-License-Identifier: Apache-2.0 */
/* What gic.c and irq.c share about the physical GIC beyond the kernel's irq.h. */
#ifndef KERNEL_ARCH_AARCH64_GIC_H
#define KERNEL_ARCH_AARCH64_GIC_H

#include <stddef.h>

#include "caps.h"
#include "vcpu.h"

struct vcpu;

/* The SGI one CPU sends another to make it look again at what it should run (cpu_kick). */
#define KICK_SGI 8

/*
 * The vCPU each passed-through SPI goes to, as its number + 1 (the smallest type that holds
 * CONFIG_MORTISE_MAX_VCPUS + 1, not a pointer: 1 KiB rather than 8 for the 1020 INTIDs); 0: the
 * SPI is nobody's and stays disabled. Set once by a compare-and-swap (irq_pass_through), cleared
 * when its partition stops, which is before its vCPUs are freed and their numbers reused.
 */
#if CONFIG_MORTISE_MAX_VCPUS < UINT8_MAX
typedef uint8_t spi_owner;
#else
typedef uint16_t spi_owner;
#endif
_Static_assert(CONFIG_MORTISE_MAX_VCPUS < UINT16_MAX, "a vCPU number + 1 fits an spi_owner");
extern spi_owner spi_owners[CAP_IRQ_LIMIT];

/* Every passed-through interrupt's path asks. */
static inline struct vcpu *gic_spi_owner(uint32_t intid)
{
	spi_owner owner =
		intid < CAP_IRQ_LIMIT ? __atomic_load_n(&spi_owners[intid], __ATOMIC_ACQUIRE) : 0;

	return owner != 0 ? vcpu_by_id(owner - 1u) : NULL;
}

#endif
