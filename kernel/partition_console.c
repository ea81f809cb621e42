/* SPDX-License-Identifier: Apache-2.0 */
/* Partitions' console lines and budgets; the locking rule is in partition_console.h. */
#include "partition_console.h"
#include "partition.h"

#include "caps.h"
#include "console.h"
#include "gtimer.h"

_Static_assert(CONFIG_MORTISE_CONSOLE_BUDGET_BYTES <= HC_CONSOLE_BUDGET_MAX_BYTES &&
		       CONFIG_MORTISE_CONSOLE_BUDGET_PERIOD_US <= HC_CONSOLE_PERIOD_MAX_US,
	       "the default console budget must be one the hypercall accepts");

/* Every function below but the public ones runs with console->lock held. */

static void note_dropped(const struct partition *partition, struct partition_console *console)
{
	if (console->dropped == 0)
		return;
	console_printf("[%s] %llu bytes dropped\n", partition->name,
		       (unsigned long long)console->dropped);
	console->dropped = 0;
}

static void start_period(struct partition_console *console, uint64_t now)
{
	console->period_start = now;
	console->remaining = console->budget_bytes;
}

static void set_budget(struct partition_console *console, uint32_t bytes, uint64_t period_us)
{
	console->budget_bytes = bytes;
	/* Rounds up and never overflows (gtimer.h): at most 60 s of a 64-bit counter. */
	console->period_ticks = gtimer_ticks_from_ns(gtimer_frequency(), period_us * GTIMER_NS_PER_US);
	start_period(console, gtimer_counter());
}

/*
 * Prints the line if the budget has room for its charge (the bytes the partition wrote for it,
 * its newline included), else drops it whole: a line cut at the budget would read as another
 * line. The note of what was dropped comes once, when a new period refills the budget.
 */
static void emit_line(struct partition *partition, size_t charge)
{
	struct partition_console *console = &partition->console;
	uint64_t now = gtimer_counter();

	if (now - console->period_start >= console->period_ticks) {
		start_period(console, now);
		note_dropped(partition, console);
	}
	if (charge <= console->remaining) {
		console->remaining -= (uint32_t)charge;
		console_printf("[%s] %.*s\n", partition->name, (int)console->line_length,
			       console->line);
	} else {
		console->dropped += charge;
	}
	console->line_length = 0;
}

void partition_console_init(struct partition_console *console)
{
	spinlock_init(&console->lock);
	console->line_length = 0;
	console->dropped = 0;
	console->closed = false;
	set_budget(console, CONFIG_MORTISE_CONSOLE_BUDGET_BYTES,
		   CONFIG_MORTISE_CONSOLE_BUDGET_PERIOD_US);
}

void partition_console_write(struct partition *partition, const char *text, size_t length)
{
	struct partition_console *console = &partition->console;

	spin_lock(&console->lock);
	for (size_t i = 0; i < length && !console->closed; i++) {
		if (text[i] == '\n') {
			emit_line(partition, console->line_length + 1);
			continue;
		}
		console->line[console->line_length++] = text[i];
		if (console->line_length == sizeof(console->line))
			emit_line(partition, console->line_length);
	}
	spin_unlock(&console->lock);
}

bool partition_console_set_budget(struct partition *partition, uint64_t bytes, uint64_t period_us)
{
	struct partition_console *console = &partition->console;

	if (bytes == 0 || bytes > HC_CONSOLE_BUDGET_MAX_BYTES || period_us == 0 ||
	    period_us > HC_CONSOLE_PERIOD_MAX_US)
		return false;
	spin_lock(&console->lock);
	set_budget(console, (uint32_t)bytes, period_us);
	note_dropped(partition, console);
	spin_unlock(&console->lock);
	return true;
}

void partition_console_close(struct partition *partition, const char *reason)
{
	struct partition_console *console = &partition->console;

	spin_lock(&console->lock);
	if (!console->closed) {
		if (console->line_length > 0)
			emit_line(partition, console->line_length);
		note_dropped(partition, console);
		console_printf("Mortise: partition %s stopped: %s\n", partition->name, reason);
		console->closed = true;
	}
	spin_unlock(&console->lock);
}
