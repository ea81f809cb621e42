/* SPDX-License-Identifier: Apache-2.0 */
#include "console.h"
#include "pl011.h"

static struct pl011 console_uart;

static size_t console_pl011_write(void *device, const char *text, size_t length)
{
	return pl011_write(device, text, length);
}

void console_attach_pl011(uintptr_t base)
{
	pl011_init(&console_uart, base);
	console_attach(console_pl011_write, &console_uart);
}
