/* SPDX-License-Identifier: Apache-2.0 */
#include "hvc.h"

#include <string.h>

size_t hvc_console_write(void *device, const char *text, size_t length)
{
	const cap_selector *console = device;
	size_t written = 0;

	while (written < length) {
		size_t chunk = length - written;
		if (chunk > HC_CONSOLE_WRITE_MAX)
			chunk = HC_CONSOLE_WRITE_MAX;
		struct hc_registers registers = {
			.x = {HC_ID(HC_GROUP_CONSOLE, HC_CONSOLE_WRITE), *console, chunk}};
		memcpy(&registers.x[3], text + written, chunk);
		if (hvc_call(&registers) != CAP_OK)
			break;
		written += chunk;
	}
	return written;
}
