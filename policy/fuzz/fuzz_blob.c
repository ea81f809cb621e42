/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The blob reader against arbitrary bytes: open must never read out of bounds, and after a
 * successful open every getter and every string it names must be readable and terminated.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "policy_blob.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t touch(const struct policy_blob *blob, uint32_t string)
{
	return strlen(policy_blob_string(blob, string));
}

static int read_all(const uint8_t *data, size_t size)
{
	struct policy_blob blob;
	struct policy_diagnostic d;
	size_t sum = 0;

	if (policy_blob_open(&blob, data, size, &d) != POLICY_OK) {
		if (d.status == POLICY_OK || d.what == NULL || d.offset > size + 4)
			__builtin_trap();
		return 0;
	}
	struct policy_partition p;
	for (uint32_t i = 0; policy_blob_partition(&blob, i, &p); i++) {
		sum += touch(&blob, p.name) + touch(&blob, p.image) + touch(&blob, p.initrd) +
		       touch(&blob, p.bootargs);
		if (p.vmm != POLICY_NONE && !policy_blob_partition(&blob, p.vmm, &(struct policy_partition){0}))
			__builtin_trap();
	}
	struct policy_memory m;
	for (uint32_t i = 0; policy_blob_memory(&blob, i, &m); i++)
		sum += m.size != 0;
	struct policy_cpu c;
	for (uint32_t i = 0; policy_blob_cpu(&blob, i, &c); i++)
		sum += c.cpu;
	struct policy_pool pool;
	for (uint32_t i = 0; policy_blob_pool(&blob, i, &pool); i++)
		sum += touch(&blob, pool.name);
	struct policy_device dev;
	for (uint32_t i = 0; policy_blob_device(&blob, i, &dev); i++)
		sum += touch(&blob, dev.path);
	struct policy_irq irq;
	for (uint32_t i = 0; policy_blob_irq(&blob, i, &irq); i++)
		sum += irq.intid;
	struct policy_channel ch;
	for (uint32_t i = 0; policy_blob_channel(&blob, i, &ch); i++)
		sum += touch(&blob, ch.name);
	struct policy_grant g;
	for (uint32_t i = 0; policy_blob_grant(&blob, i, &g); i++)
		if (!policy_blob_partition(&blob, g.holder, &p))
			__builtin_trap();
	return sum == (size_t)-1;
}

/*
 * Random bytes almost never carry a matching CRC32, which would stop the fuzzer at the checksum.
 * So each input is also tried with its CRC field recomputed, reaching the table and entry checks.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t sealed[POLICY_BLOB_MAX_SIZE];

	read_all(data, size);
	if (size < 16 || size > sizeof(sealed))
		return 0;
	memcpy(sealed, data, size);
	uint32_t total = (uint32_t)sealed[8] | (uint32_t)sealed[9] << 8 |
			 (uint32_t)sealed[10] << 16 | (uint32_t)sealed[11] << 24;
	if (total < 16 || total > size)
		total = (uint32_t)size;
	memset(sealed + 12, 0, 4);
	uint32_t crc = policy_crc32(sealed, total);
	for (unsigned i = 0; i < 4; i++)
		sealed[12 + i] = (uint8_t)(crc >> (8 * i));
	return read_all(sealed, size);
}
