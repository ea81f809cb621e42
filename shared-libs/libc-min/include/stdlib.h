/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libc-min <stdlib.h>: strtoul (libfdt parses overlay phandles with it) and abort.
 *
 * On target LIBC_MIN_NAME(strtoul) is plain strtoul; in host unit tests it is libc_min_strtoul
 * (see libc_min_name.h).
 */
#ifndef LIBC_MIN_STDLIB_H
#define LIBC_MIN_STDLIB_H

#include <stddef.h>

#include "libc_min_name.h"

/*
 * C11 7.22.1.4, except that a freestanding image has no errno: an out-of-range value returns
 * ULONG_MAX (also for a negative subject) with nothing else to tell it apart from a genuine
 * ULONG_MAX. Bases 2 to 36 and 0 (0x/0X prefix: 16, leading 0: 8, otherwise 10) are accepted; any
 * other base converts nothing, returns 0 and stores text in *end.
 */
unsigned long LIBC_MIN_NAME(strtoul)(const char *restrict text, char **restrict end, int base);

/*
 * Not defined by libc-min: each image defines abort() for itself, because only the image knows
 * how to stop (report on its console, then halt the CPU or ask the hypervisor to end the
 * partition). libc-min calls it when a stack canary check fails. The name is the same on the host,
 * where it is glibc's abort.
 */
_Noreturn void abort(void);

#endif
