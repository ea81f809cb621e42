/* SPDX-License-Identifier: Apache-2.0 */
/* What gic.c and irq.c share about the physical GIC beyond the kernel's irq.h. */
#ifndef KERNEL_ARCH_AARCH64_GIC_H
#define KERNEL_ARCH_AARCH64_GIC_H

/* The SGI one CPU sends another to make it look again at what it should run (cpu_kick). */
#define KICK_SGI 8

#endif
