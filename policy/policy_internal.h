/* SPDX-License-Identifier: Apache-2.0 */
/* The byte layout of a version 1 blob, shared by the reader and the writer; not an interface. */
#ifndef POLICY_INTERNAL_H
#define POLICY_INTERNAL_H

#include <stdint.h>

#include "policy_blob.h"

/* Header field offsets. */
#define HDR_MAGIC 0u
#define HDR_VERSION 4u
#define HDR_TOTAL_SIZE 8u
#define HDR_CRC32 12u
#define HDR_HEADER_SIZE 16u
#define HDR_TABLE_COUNT 20u
#define HDR_TABLES 24u
/* Per table descriptor: offset, count, entry size, reserved. */
#define HDR_TABLE(t) (HDR_TABLES + 16u * (uint32_t)(t))

#define TABLE_ALIGN 8u

/* Byte-wise access: the blob may sit at any alignment, and the target runs with strict alignment. */
static inline uint32_t load8(const uint8_t *p) { return p[0]; }
static inline uint32_t load16(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8); }
static inline uint32_t load32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}
static inline uint64_t load64(const uint8_t *p)
{
	return (uint64_t)load32(p) | ((uint64_t)load32(p + 4) << 32);
}
static inline void store8(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; }
static inline void store16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}
static inline void store32(uint8_t *p, uint32_t v)
{
	store16(p, v & 0xffffu);
	store16(p + 2, v >> 16);
}
static inline void store64(uint8_t *p, uint64_t v)
{
	store32(p, (uint32_t)v);
	store32(p + 4, (uint32_t)(v >> 32));
}

/* CRC32 in pieces: start from POLICY_CRC32_INIT, invert the final state. */
#define POLICY_CRC32_INIT 0xffffffffu
uint32_t policy_crc32_update(uint32_t state, const void *data, size_t size);

/* Entry size of each table in version 1; 1 for the string table (it counts bytes). */
uint32_t policy_entry_size(enum policy_table table);

#endif
