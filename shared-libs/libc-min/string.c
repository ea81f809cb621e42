/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The <string.h> functions.
 *
 * memcpy, memmove and memset move whole 64-bit words once the pointers are word-aligned, but only
 * when source and destination share their alignment: target code is built with -mstrict-align
 * because before the MMU is on every access is to Device memory, where an unaligned access takes an
 * Alignment fault (Arm ARM B2.5, "Alignment support"). Everything else is a byte loop.
 */
#include <stdint.h>

#include "include/string.h"

/*
 * GCC recognises fill and copy loops and may replace them with calls to memset or memcpy
 * (-ftree-loop-distribute-patterns). GCC 12 leaves that off under -ffreestanding, but it is on in
 * the hosted test build (the tests would then check glibc instead of this code), and with another
 * compiler version or flag set memcpy would call itself forever. The functions holding such loops
 * opt out explicitly.
 */
#if defined(__GNUC__) && !defined(__clang__)
#define NO_LOOP_TO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define NO_LOOP_TO_LIBCALL
#endif

/* may_alias: the bytes being copied may have any type; a word access must not break aliasing. */
typedef uint64_t __attribute__((may_alias)) word_t;

#define WORD_SIZE sizeof(word_t)

static int word_misalignment(const void *p)
{
	return (int)((uintptr_t)p % WORD_SIZE);
}

static int same_word_alignment(const void *a, const void *b)
{
	return word_misalignment(a) == word_misalignment(b);
}

/* Safe also for overlapping buffers when dst is below src: each word is read before it is written. */
NO_LOOP_TO_LIBCALL
static void copy_ascending(unsigned char *dst, const unsigned char *src, size_t n)
{
	if (same_word_alignment(dst, src)) {
		for (; n > 0 && word_misalignment(dst) != 0; n--)
			*dst++ = *src++;
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			*(word_t *)dst = *(const word_t *)src;
			dst += WORD_SIZE;
			src += WORD_SIZE;
		}
	}
	for (; n > 0; n--)
		*dst++ = *src++;
}

/* For overlapping buffers with dst above src: copies from the end so no byte is overwritten unread. */
NO_LOOP_TO_LIBCALL
static void copy_descending(unsigned char *dst, const unsigned char *src, size_t n)
{
	dst += n;
	src += n;
	if (same_word_alignment(dst, src)) {
		for (; n > 0 && word_misalignment(dst) != 0; n--)
			*--dst = *--src;
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			dst -= WORD_SIZE;
			src -= WORD_SIZE;
			*(word_t *)dst = *(const word_t *)src;
		}
	}
	for (; n > 0; n--)
		*--dst = *--src;
}

void *LIBC_MIN_NAME(memchr)(const void *s, int c, size_t n)
{
	const unsigned char *p = s;
	unsigned char wanted = (unsigned char)c;

	for (; n > 0; n--, p++) {
		if (*p == wanted)
			return (void *)p;
	}
	return NULL;
}

int LIBC_MIN_NAME(memcmp)(const void *a, const void *b, size_t n)
{
	const unsigned char *pa = a;
	const unsigned char *pb = b;

	for (; n > 0; n--, pa++, pb++) {
		if (*pa != *pb)
			return *pa - *pb;
	}
	return 0;
}

NO_LOOP_TO_LIBCALL
void *LIBC_MIN_NAME(memcpy)(void *restrict dst, const void *restrict src, size_t n)
{
	copy_ascending(dst, src, n);
	return dst;
}

NO_LOOP_TO_LIBCALL
void *LIBC_MIN_NAME(memmove)(void *dst, const void *src, size_t n)
{
	/* Unsigned distance: dst below src wraps to a huge value, so only dst inside [src, src+n) descends. */
	if ((uintptr_t)dst - (uintptr_t)src >= n)
		copy_ascending(dst, src, n);
	else
		copy_descending(dst, src, n);
	return dst;
}

NO_LOOP_TO_LIBCALL
void *LIBC_MIN_NAME(memset)(void *s, int c, size_t n)
{
	unsigned char *p = s;
	unsigned char byte = (unsigned char)c;
	word_t pattern = byte * (word_t)0x0101010101010101u;

	for (; n > 0 && word_misalignment(p) != 0; n--)
		*p++ = byte;
	for (; n >= WORD_SIZE; n -= WORD_SIZE) {
		*(word_t *)p = pattern;
		p += WORD_SIZE;
	}
	for (; n > 0; n--)
		*p++ = byte;
	return s;
}

char *LIBC_MIN_NAME(strchr)(const char *s, int c)
{
	char wanted = (char)c;

	for (;; s++) {
		if (*s == wanted)
			return (char *)s;
		if (*s == '\0')
			return NULL;
	}
}

int LIBC_MIN_NAME(strcmp)(const char *a, const char *b)
{
	const unsigned char *pa = (const unsigned char *)a;
	const unsigned char *pb = (const unsigned char *)b;

	for (; *pa != '\0' && *pa == *pb; pa++, pb++)
		;
	return *pa - *pb;
}

int LIBC_MIN_NAME(strncmp)(const char *a, const char *b, size_t n)
{
	const unsigned char *pa = (const unsigned char *)a;
	const unsigned char *pb = (const unsigned char *)b;

	for (; n > 0; n--, pa++, pb++) {
		if (*pa != *pb || *pa == '\0')
			return *pa - *pb;
	}
	return 0;
}

size_t LIBC_MIN_NAME(strlen)(const char *s)
{
	const char *end = s;

	while (*end != '\0')
		end++;
	return (size_t)(end - s);
}

size_t LIBC_MIN_NAME(strnlen)(const char *s, size_t max)
{
	size_t length = 0;

	while (length < max && s[length] != '\0')
		length++;
	return length;
}

char *LIBC_MIN_NAME(strrchr)(const char *s, int c)
{
	char wanted = (char)c;
	const char *last = NULL;

	for (;; s++) {
		if (*s == wanted)
			last = s;
		if (*s == '\0')
			return (char *)last;
	}
}
