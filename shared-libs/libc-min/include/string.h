/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libc-min <string.h>: the memory and string functions target code and Debian's libfdt.a call.
 *
 * On target every LIBC_MIN_NAME(f) is plain f, so these are the C11 7.24 prototypes (plus POSIX
 * strnlen, which libfdt uses). In host unit tests they are libc_min_f: see libc_min_name.h.
 * No locale: comparisons are by unsigned char value, as C11 7.24.4 specifies.
 */
#ifndef LIBC_MIN_STRING_H
#define LIBC_MIN_STRING_H

#include <stddef.h>

#include "libc_min_name.h"

void *LIBC_MIN_NAME(memchr)(const void *s, int c, size_t n);
int LIBC_MIN_NAME(memcmp)(const void *a, const void *b, size_t n);
void *LIBC_MIN_NAME(memcpy)(void *restrict dst, const void *restrict src, size_t n);
void *LIBC_MIN_NAME(memmove)(void *dst, const void *src, size_t n);
void *LIBC_MIN_NAME(memset)(void *s, int c, size_t n);

char *LIBC_MIN_NAME(strchr)(const char *s, int c);
int LIBC_MIN_NAME(strcmp)(const char *a, const char *b);
int LIBC_MIN_NAME(strncmp)(const char *a, const char *b, size_t n);
size_t LIBC_MIN_NAME(strlen)(const char *s);
size_t LIBC_MIN_NAME(strnlen)(const char *s, size_t max);
char *LIBC_MIN_NAME(strrchr)(const char *s, int c);

#endif
