/* SPDX-License-Identifier: Apache-2.0 */
#include "policy_internal.h"

/*
 * CRC-32 as in IEEE 802.3 (reflected polynomial 0xedb88320, initial value and final xor all ones),
 * the one zlib and `crc32` compute, so a blob can be checked with standard tools. Bitwise: a policy
 * is read once at boot, and a table would cost 1 KiB of image for no measurable gain.
 */
uint32_t policy_crc32_update(uint32_t state, const void *data, size_t size)
{
	const uint8_t *bytes = data;

	for (size_t i = 0; i < size; i++) {
		state ^= bytes[i];
		for (unsigned bit = 0; bit < 8; bit++)
			state = (state >> 1) ^ (0xedb88320u & (0u - (state & 1u)));
	}
	return state;
}

uint32_t policy_crc32(const void *data, size_t size)
{
	return ~policy_crc32_update(POLICY_CRC32_INIT, data, size);
}
