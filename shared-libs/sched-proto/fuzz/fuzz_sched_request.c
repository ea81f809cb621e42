// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer: whatever a partition writes into a control channel's request slot. A request the
 * decoder accepts must encode back to the same bytes (nothing it let through is out of domain),
 * and a refusal must leave the output untouched.
 */
#include <assert.h>
#include <string.h>

#include "sched_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sched_request request, untouched;
	uint8_t again[SCHED_REQUEST_SIZE];

	memset(&request, 0xa5, sizeof(request));
	untouched = request;
	enum sched_status status = sched_request_decode(data, size, &request);
	if (status != SCHED_OK) {
		assert(memcmp(&request, &untouched, sizeof(request)) == 0);
		return 0;
	}
	assert(sched_request_encode(&request, again) == SCHED_OK);
	assert(size == SCHED_REQUEST_SIZE && memcmp(again, data, size) == 0);
	return 0;
}
