/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pl011: polled transmit on an Arm PrimeCell UART (PL011 TRM, DDI 0183).
 *
 * Polled, not interrupt-driven: the console must work in exception handlers and before the GIC is
 * up, and a hypervisor console is written rarely enough that waiting on the FIFO costs nothing.
 */
#ifndef PL011_H
#define PL011_H

#include <stddef.h>
#include <stdint.h>

/* Register offsets and bits the driver uses (PL011 TRM 3.2, 3.3). */
#define PL011_DR 0x000
#define PL011_FR 0x018
#define PL011_CR 0x030
#define PL011_FR_TXFF (1u << 5)
#define PL011_FR_BUSY (1u << 3)
#define PL011_CR_UARTEN (1u << 0)
#define PL011_CR_TXE (1u << 8)

/*
 * Bounds a wait for FIFO space: a UART that never drains (absent or wedged device) drops output
 * instead of hanging the CPU that prints.
 */
#define PL011_TX_SPIN_LIMIT 1000000u

struct pl011 {
	uintptr_t base;
};

/* Enables the transmitter; the baud rate is left as firmware set it (QEMU ignores it). */
void pl011_init(struct pl011 *uart, uintptr_t base);
/* Returns the number of bytes accepted; fewer than length only if the FIFO never drained. */
size_t pl011_write(const struct pl011 *uart, const char *text, size_t length);
/* Waits until every accepted byte has left the shift register, e.g. before powering off. */
void pl011_flush(const struct pl011 *uart);

#endif
