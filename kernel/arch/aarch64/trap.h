/* SPDX-License-Identifier: Apache-2.0 */
/* Exceptions from guests (trap.c): what each CPU's vectors do once boot is done. */
#ifndef KERNEL_ARCH_AARCH64_TRAP_H
#define KERNEL_ARCH_AARCH64_TRAP_H

void trap_init(void);

#endif
