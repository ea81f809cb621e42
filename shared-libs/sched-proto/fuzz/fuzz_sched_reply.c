// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer: whatever a scheduler (or anything else at the channel's far end) writes into the
 * reply slot. A reply the decoder accepts must encode back to the bytes it was read from.
 */
#include <assert.h>
#include <string.h>

#include "sched_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sched_reply reply;
	static uint8_t again[SCHED_REPLY_MAX];

	if (sched_reply_decode(data, size, &reply) != SCHED_OK)
		return 0;
	size_t length = sched_reply_encode(&reply, again, sizeof(again));
	assert(length != 0 && length <= size && memcmp(again, data, length) == 0);
	return 0;
}
