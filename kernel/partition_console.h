/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A partition's console: the line its vCPUs are writing and the byte budget that bounds how much
 * of the shared console (one UART, one global lock) it may take per period.
 *
 * Locking: each partition's console has a lock of its own (struct partition_console.lock), which
 * guards every field below. A vCPU appends a whole console.write call under it, so bytes of one
 * call are never split, duplicated or lost, and the line length cannot pass the buffer while
 * another CPU prints the line. The line is printed with console_printf, which takes the global
 * console lock (shared-libs/console) inside the partition's: the order is always partition lock,
 * then console lock. Nothing holding the console lock takes a partition's (the console library
 * only writes the UART), and no code holds two partitions' locks at once, so there is no cycle.
 * vCPUs of one partition that write one line in several calls interleave as they would on a UART
 * they share: the partition orders its own writers; lines of different partitions never mix.
 */
#ifndef KERNEL_PARTITION_CONSOLE_H
#define KERNEL_PARTITION_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sync.h"

#define PARTITION_LINE_LENGTH 160

struct partition;

struct partition_console {
	struct spinlock lock; /* guards this whole struct */
	char line[PARTITION_LINE_LENGTH];
	size_t line_length; /* < PARTITION_LINE_LENGTH between calls */
	/*
	 * The budget: at most budget_bytes of the partition's bytes printed per period of
	 * period_ticks (generic timer, CNTPCT_EL0, so deterministic under QEMU -icount). A period
	 * starts with the first line after the previous one ended, with the whole budget again.
	 */
	uint32_t budget_bytes;
	uint64_t period_ticks;
	uint64_t period_start;
	uint32_t remaining; /* of budget_bytes, in the current period */
	uint64_t dropped;   /* bytes dropped since the last note */
	bool closed;	    /* the partition stopped: its last line is printed */
};

/* Mortise's default budget (Kconfig), a period starting now. */
void partition_console_init(struct partition_console *console);
/* Appends guest console bytes, printing each completed line prefixed with the partition name. */
void partition_console_write(struct partition *partition, const char *text, size_t length);
/*
 * Sets the budget (HC_PARTITION_SET_CONSOLE_BUDGET), a full one for a period starting now, so the
 * note of any bytes dropped comes at once; false (nothing changed) for bytes or period_us of 0 or
 * beyond caps.h's bounds.
 */
bool partition_console_set_budget(struct partition *partition, uint64_t bytes, uint64_t period_us);
/*
 * Prints what is left of the partition's line, the note of any bytes dropped, then the reason it
 * stopped, and ignores its console from then on: the stop report is its last line. Prints nothing
 * when it was closed already (two CPUs stopping it at once report it once).
 */
void partition_console_close(struct partition *partition, const char *reason);

#endif
