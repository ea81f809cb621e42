/* SPDX-License-Identifier: Apache-2.0 */
/* The end of the machine: powered off once nothing runs, or on a boot error. */
#ifndef KERNEL_POWER_H
#define KERNEL_POWER_H

#include "dtb.h"

_Noreturn void kernel_power_off(void);
_Noreturn void kernel_boot_error(const char *what, const struct dtb_diagnostic *diagnostic);

#endif
