/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer harness: the peer is hostile and may have written anything into the channel. The
 * input's first 4 bytes are a script of 16 operations (2 bits each: receive on end 0 or 1, send
 * from end 0 or 1), the rest is the channel memory as found, in a heap block of exactly that size
 * so ASan catches any access outside it. No operation may read or write outside the memory, and
 * what each returns must hold together.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msg_ring.h"

#define SCRIPT_BYTES 4u
#define BUFFER_BYTES 64u

static void check_receive(struct msg_ring_endpoint *end)
{
	uint8_t buffer[BUFFER_BYTES];
	size_t length = SIZE_MAX;
	enum msg_ring_status status = msg_ring_receive(end, buffer, sizeof(buffer), &length);

	if (status == MSG_RING_OK && length > sizeof(buffer))
		abort();
	if (status == MSG_RING_TOO_BIG && (length <= sizeof(buffer) ||
					   length > MSG_RING_MAX_MESSAGE))
		abort();
	if (status != MSG_RING_OK && status != MSG_RING_EMPTY && status != MSG_RING_TOO_BIG &&
	    status != MSG_RING_CORRUPT)
		abort();
}

static void check_send(struct msg_ring_endpoint *end, unsigned length)
{
	static const uint8_t message[BUFFER_BYTES];
	enum msg_ring_status status = msg_ring_send(end, message, length);

	if (status != MSG_RING_OK && status != MSG_RING_FULL && status != MSG_RING_TOO_BIG &&
	    status != MSG_RING_CORRUPT)
		abort();
	if (status == MSG_RING_TOO_BIG && length <= msg_ring_max_message(end))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *input, size_t size)
{
	struct msg_ring_endpoint end[2];
	uint32_t script;
	uint8_t *memory;
	size_t memory_size;
	bool attached[2];

	if (size < SCRIPT_BYTES)
		return 0;
	memcpy(&script, input, sizeof(script));
	memory_size = size - SCRIPT_BYTES;
	memory = malloc(memory_size + 1u);
	if (memory == NULL)
		return 0;
	memcpy(memory, input + SCRIPT_BYTES, memory_size);
	for (unsigned e = 0; e < 2; e++) {
		enum msg_ring_status status = msg_ring_attach(&end[e], memory, memory_size, e);
		if (status != MSG_RING_OK && status != MSG_RING_CORRUPT &&
		    status != MSG_RING_BAD_LAYOUT)
			abort();
		if ((status == MSG_RING_BAD_LAYOUT) != (memory_size < MSG_RING_MIN_MEMORY))
			abort();
		attached[e] = status == MSG_RING_OK;
	}
	for (unsigned op = 0; op < 16; op++, script >>= 2) {
		unsigned e = script & 1u;
		if (!attached[e])
			continue;
		if (script & 2u)
			check_send(&end[e], (op * 13u) % BUFFER_BYTES);
		else
			check_receive(&end[e]);
	}
	free(memory);
	return 0;
}
