/* SPDX-License-Identifier: Apache-2.0 */
#include "pl011.h"

#include <stdbool.h>

#include "cpu.h"

void pl011_init(struct pl011 *uart, uintptr_t base)
{
	uart->base = base;
	uint32_t control = mmio_read32(base + PL011_CR);
	mmio_write32(base + PL011_CR, control | PL011_CR_UARTEN | PL011_CR_TXE);
}

static bool pl011_wait_while(const struct pl011 *uart, uint32_t flag)
{
	for (uint32_t spins = 0; spins < PL011_TX_SPIN_LIMIT; spins++) {
		if ((mmio_read32(uart->base + PL011_FR) & flag) == 0)
			return true;
	}
	return false;
}

size_t pl011_write(const struct pl011 *uart, const char *text, size_t length)
{
	for (size_t i = 0; i < length; i++) {
		if (!pl011_wait_while(uart, PL011_FR_TXFF))
			return i;
		mmio_write32(uart->base + PL011_DR, (uint8_t)text[i]);
	}
	return length;
}

void pl011_flush(const struct pl011 *uart)
{
	pl011_wait_while(uart, PL011_FR_BUSY);
}
