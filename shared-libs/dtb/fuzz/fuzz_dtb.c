/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer harness: any bytes as a devicetree, read as a boot reads the platform's and a guest
 * its channels. Neither may crash or read outside the blob (ASan), and what they return must
 * hold together: a failure names a node, a property and what was expected; a channel read OK is
 * either an end (memory, a peer, a ringing end 0 or 1, a doorbell that is an SPI or none) or
 * held only (none of those).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dtb.h"
#include "gicv3.h"

static void check_diagnostic(enum dtb_status status, const struct dtb_diagnostic *diagnostic)
{
	if (status >= DTB_STATUS_COUNT || diagnostic->status != status)
		abort();
	if (status != DTB_OK &&
	    (diagnostic->node == NULL || diagnostic->property == NULL ||
	     diagnostic->expected == NULL || diagnostic->expected[0] == '\0'))
		abort();
}

static void check_channels(const struct dtb_channels *channels)
{
	if (channels->count > DTB_MAX_CHANNELS)
		abort();
	for (unsigned i = 0; i < channels->count; i++) {
		const struct dtb_channel *channel = &channels->channel[i];
		bool end = channel->memory.size != 0;
		if (channel->name == NULL || end != (channel->peer != NULL))
			abort();
		if (end && (channel->peer_end > 1 ||
			    channel->memory.base + channel->memory.size < channel->memory.base))
			abort();
		if (channel->doorbell_intid != 0 &&
		    (!end || channel->doorbell_intid < GICV3_FIRST_SPI ||
		     channel->doorbell_intid > GICV3_LAST_SPI))
			abort();
		(void)strlen(channel->name);
		if (channel->peer != NULL)
			(void)strlen(channel->peer);
	}
}

/*
 * The header's totalsize, which the readers may trust to be readable (their contract), and never
 * less than the header itself: a caller hands over a blob, not a few bytes.
 */
static size_t claimed_size(const uint8_t *data, size_t size)
{
	const size_t totalsize_offset = 4, header_size = 40;
	size_t length = size > header_size ? size : header_size;

	if (size < totalsize_offset + 4)
		return length;
	size_t claimed = (size_t)data[totalsize_offset] << 24 |
			 (size_t)data[totalsize_offset + 1] << 16 |
			 (size_t)data[totalsize_offset + 2] << 8 | data[totalsize_offset + 3];
	return claimed > length && claimed <= DTB_MAX_SIZE ? claimed : length;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/*
	 * A blob is 8-byte aligned and its totalsize bytes are there (zeros past the input): a
	 * buffer of exactly that size lets ASan catch any read beyond it.
	 */
	size_t length = claimed_size(data, size);
	uint8_t *blob = calloc(1, length);
	static struct dtb_platform platform;
	static struct dtb_channels channels;
	struct dtb_diagnostic diagnostic;

	if (blob == NULL)
		return 0;
	memcpy(blob, data, size);
	check_diagnostic(dtb_read_platform(blob, &platform, &diagnostic), &diagnostic);
	enum dtb_status status = dtb_read_channels(blob, &channels, &diagnostic);
	check_diagnostic(status, &diagnostic);
	if (status == DTB_OK)
		check_channels(&channels);
	free(blob);
	return 0;
}
