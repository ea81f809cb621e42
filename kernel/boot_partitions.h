/* SPDX-License-Identifier: Apache-2.0 */
/* The partitions the boot modules describe: the root component, or Tenon guests and their VMM. */
#ifndef KERNEL_BOOT_PARTITIONS_H
#define KERNEL_BOOT_PARTITIONS_H

/* Builds them and runs them on this CPU. */
_Noreturn void boot_partitions_start(void);

#endif
