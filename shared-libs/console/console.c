/* SPDX-License-Identifier: Apache-2.0 */
#include "console.h"

#include <stdarg.h>
#include <stdbool.h>

#include "cpu.h"
#include "fmt.h"
#include "sync.h"

#define CONSOLE_NO_OWNER UINT64_MAX

static struct spinlock console_lock = SPINLOCK_INIT;
static uint64_t console_owner = CONSOLE_NO_OWNER;
static console_write_fn console_device_write;
static void *console_device;

void console_attach(console_write_fn write, void *device)
{
	console_device = device;
	console_device_write = write;
}

/* Returns false when this CPU already holds the lock: it faulted while printing. */
static bool console_enter(void)
{
	uint64_t self = cpu_mpidr_affinity();

	if (__atomic_load_n(&console_owner, __ATOMIC_RELAXED) == self)
		return false;
	spin_lock(&console_lock);
	__atomic_store_n(&console_owner, self, __ATOMIC_RELAXED);
	return true;
}

static void console_leave(bool entered)
{
	if (!entered)
		return;
	__atomic_store_n(&console_owner, CONSOLE_NO_OWNER, __ATOMIC_RELAXED);
	spin_unlock(&console_lock);
}

static void console_sink(void *context, const char *text, size_t length)
{
	(void)context;
	if (console_device_write != NULL)
		console_device_write(console_device, text, length);
}

void console_write(const char *text, size_t length)
{
	bool entered = console_enter();
	console_sink(NULL, text, length);
	console_leave(entered);
}

size_t console_printf(const char *format, ...)
{
	va_list args;

	va_start(args, format);
	bool entered = console_enter();
	size_t length = fmt_vformat(console_sink, NULL, format, args);
	console_leave(entered);
	va_end(args);
	return length;
}
