/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libc-min <limits.h>: deliberately empty.
 *
 * The compiler's own limits.h (found first: its directory precedes this one on the include path)
 * defines every C11 5.2.4.2.1 limit, but it also pulls in the C library's limits.h with
 * #include_next. Under -nostdinc there was none and <limits.h> failed to compile. libc-min has
 * nothing to add, so this file only ends that search.
 */
#ifndef LIBC_MIN_LIMITS_H
#define LIBC_MIN_LIMITS_H
#endif
