/* SPDX-License-Identifier: Apache-2.0 */
/* sched-proto internals: little-endian fields of a record, at any alignment. */
#ifndef SCHED_PROTO_BYTES_H
#define SCHED_PROTO_BYTES_H

#include <stdbool.h>
#include <stdint.h>

static inline uint32_t get16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static inline uint32_t get32(const uint8_t *p) { return get16(p) | get16(p + 2) << 16; }
static inline uint64_t get64(const uint8_t *p) { return get32(p) | (uint64_t)get32(p + 4) << 32; }
static inline void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}
static inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}
static inline void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}
/* True when length bytes at p are all zero. */
static inline bool all_zero(const uint8_t *p, unsigned length)
{
	for (unsigned i = 0; i < length; i++)
		if (p[i])
			return false;
	return true;
}
/*
 * A name field of SCHED_NAME_SIZE bytes: printable ASCII up to a NUL, zeros after it. Empty is
 * allowed here; the caller says whether it may be.
 */
static inline bool name_field_ok(const uint8_t *p, unsigned size)
{
	unsigned length = 0;
	while (length < size && p[length])
		if (p[length] < 0x21 || p[length++] > 0x7e)
			return false;
	return length < size && all_zero(p + length, size - length);
}

#endif
