/* SPDX-License-Identifier: Apache-2.0 */
/*
 * How libc-min names its functions.
 *
 * Target images are freestanding: libc-min is their only C library, so its functions carry the
 * standard names (memcpy, strtoul, ...) that the compiler and Debian's libfdt.a call. Host unit
 * tests are hosted: glibc already owns those names, so there the same sources define
 * libc_min_memcpy, libc_min_strtoul, ... and the tests compare them against glibc's.
 * __STDC_HOSTED__ (C11 6.10.8.1) tells the two apart whatever the host architecture is.
 */
#ifndef LIBC_MIN_NAME_H
#define LIBC_MIN_NAME_H

#if __STDC_HOSTED__
#define LIBC_MIN_NAME(name) libc_min_##name
#else
#define LIBC_MIN_NAME(name) name
#endif

#endif
