/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The <string.h> functions.
 *
 * memcpy, memmove and memset move whole 64-bit words with aligned loads and stores only: target code
 * is built with -mstrict-align because before the MMU is on every access is to Device memory, where
 * an unaligned access takes an Alignment fault (Arm ARM B2.5, "Alignment support"). When source and
 * destination differ in alignment (a cpio archive's file data is only 4-byte aligned, and Mortise
 * copies boot images out of it), each destination word is assembled from two aligned source words
 * by shifting. No word is read that lies partly outside the source range: the bytes up to the first
 * aligned source word are gathered one by one instead. Only the first and last few bytes of a copy
 * go byte by byte.
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

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the shifted word copies assume little-endian words"
#endif

#define BITS_PER_BYTE 8u

/* The `count` bytes at p as the low bytes of a word (little-endian), the rest zero. */
static word_t gather_low_bytes(const unsigned char *p, size_t count)
{
	word_t value = 0;

	for (size_t i = 0; i < count; i++)
		value |= (word_t)p[i] << (BITS_PER_BYTE * i);
	return value;
}

/*
 * dst is word-aligned, src is not. carry holds the `lead` bytes from src up to its next word
 * boundary; each step loads the aligned word after them and stores carry plus that word's first
 * bytes, keeping its remaining `lead` bytes as the next carry. Returns the bytes copied (a multiple
 * of the word size); the caller copies the rest from dst + returned, src + returned.
 */
NO_LOOP_TO_LIBCALL
static size_t copy_words_shifted_ascending(unsigned char *dst, const unsigned char *src, size_t n)
{
	const size_t lead = WORD_SIZE - (size_t)word_misalignment(src);
	const unsigned in_shift = BITS_PER_BYTE * (unsigned)lead;
	const unsigned out_shift = BITS_PER_BYTE * (unsigned)(WORD_SIZE - lead);
	const word_t *in = (const word_t *)(src + lead);
	word_t *out = (word_t *)dst;
	word_t carry = gather_low_bytes(src, lead);
	size_t copied = 0;

	/* The next source word ends at src + copied + lead + WORD_SIZE, which must be within n. */
	for (; n - copied >= lead + WORD_SIZE; copied += WORD_SIZE) {
		word_t next = *in++;
		*out++ = carry | (next << in_shift);
		carry = next >> out_shift;
	}
	return copied;
}

/*
 * The mirror image, from the ends down: dst_end is word-aligned, src_end is not. carry holds the
 * `trail` bytes between src_end's word boundary below it and src_end, in its high bytes. Each word
 * loaded lies wholly within the n bytes below src_end.
 */
NO_LOOP_TO_LIBCALL
static size_t copy_words_shifted_descending(unsigned char *dst_end, const unsigned char *src_end,
					    size_t n)
{
	const size_t trail = (size_t)word_misalignment(src_end);
	const unsigned in_shift = BITS_PER_BYTE * (unsigned)trail;
	const unsigned out_shift = BITS_PER_BYTE * (unsigned)(WORD_SIZE - trail);
	const word_t *in = (const word_t *)(src_end - trail);
	word_t *out = (word_t *)dst_end;
	word_t carry = gather_low_bytes(src_end - trail, trail) << out_shift;
	size_t copied = 0;

	for (; n - copied >= trail + WORD_SIZE; copied += WORD_SIZE) {
		word_t next = *--in;
		*--out = carry | (next >> in_shift);
		carry = next << out_shift;
	}
	return copied;
}

/*
 * Four aligned words, all loaded before any is stored, so that overlapping ranges copy right in
 * either direction; fewer loop steps, and the compiler pairs the accesses (LDP/STP).
 */
static inline void copy_four_words(unsigned char *dst, const unsigned char *src)
{
	const word_t *in = (const word_t *)src;
	word_t w0 = in[0], w1 = in[1], w2 = in[2], w3 = in[3];
	word_t *out = (word_t *)dst;

	out[0] = w0;
	out[1] = w1;
	out[2] = w2;
	out[3] = w3;
}

/*
 * Safe also for overlapping buffers when dst is below src: every source byte is read before the
 * store that could overwrite it (a shifted store ends below the source word loaded for it).
 */
NO_LOOP_TO_LIBCALL
static void copy_ascending(unsigned char *dst, const unsigned char *src, size_t n)
{
	for (; n > 0 && word_misalignment(dst) != 0; n--)
		*dst++ = *src++;
	if (word_misalignment(src) == 0) {
		for (; n >= 4 * WORD_SIZE; n -= 4 * WORD_SIZE) {
			copy_four_words(dst, src);
			dst += 4 * WORD_SIZE;
			src += 4 * WORD_SIZE;
		}
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			*(word_t *)dst = *(const word_t *)src;
			dst += WORD_SIZE;
			src += WORD_SIZE;
		}
	} else if (n >= WORD_SIZE) {
		size_t copied = copy_words_shifted_ascending(dst, src, n);
		dst += copied;
		src += copied;
		n -= copied;
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
	for (; n > 0 && word_misalignment(dst) != 0; n--)
		*--dst = *--src;
	if (word_misalignment(src) == 0) {
		for (; n >= 4 * WORD_SIZE; n -= 4 * WORD_SIZE) {
			dst -= 4 * WORD_SIZE;
			src -= 4 * WORD_SIZE;
			copy_four_words(dst, src);
		}
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			dst -= WORD_SIZE;
			src -= WORD_SIZE;
			*(word_t *)dst = *(const word_t *)src;
		}
	} else if (n >= WORD_SIZE) {
		size_t copied = copy_words_shifted_descending(dst, src, n);
		dst -= copied;
		src -= copied;
		n -= copied;
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
