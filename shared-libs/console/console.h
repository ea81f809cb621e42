/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console: the one place an image prints. Lines from different CPUs never interleave mid-line (a
 * lock), and a CPU that faults while printing can still print its fault report (the lock notices
 * that its holder is the same CPU and lets it through rather than deadlocking).
 *
 * Lock order: the console lock is the innermost lock of an image. A caller may print while
 * holding locks of its own (Mortise prints a partition's line under that partition's console
 * lock, kernel/partition_console.h); while the console lock is held only the device's write runs,
 * which takes no lock, so no cycle can form through it.
 */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stddef.h>
#include <stdint.h>

typedef size_t (*console_write_fn)(void *device, const char *text, size_t length);

/* Output before a device is attached is dropped. */
void console_attach(console_write_fn write, void *device);
/* Attaches a PL011 at base (see pl011.h); the state lives in the console library. */
void console_attach_pl011(uintptr_t base);

void console_write(const char *text, size_t length);
size_t console_printf(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
