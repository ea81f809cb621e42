/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host stand-ins for system registers: a small table keyed by register name. Tests preset values
 * with cpu_fake_set() and read back what the code under test wrote with cpu_fake_get().
 */
#ifndef CPU_HOST_CPU_FAKE_H
#define CPU_HOST_CPU_FAKE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

uint64_t cpu_fake_sysreg_read(const char *name);
void cpu_fake_sysreg_write(const char *name, uint64_t value);
/* Number of writes to a register since the last reset: lets tests check an EOI happened once. */
unsigned cpu_fake_write_count(const char *name);
void cpu_fake_reset(void);
/* Called on every read of the named register, to model registers that change by themselves. */
void cpu_fake_on_read(const char *name, uint64_t (*hook)(void));

#define cpu_fake_set(reg, value) cpu_fake_sysreg_write(#reg, (value))
#define cpu_fake_get(reg) cpu_fake_sysreg_read(#reg)

#define sysreg_read(reg) cpu_fake_sysreg_read(#reg)
#define sysreg_write(reg, value) cpu_fake_sysreg_write(#reg, (value))

extern unsigned cpu_fake_wfi_count;

static inline void cpu_wait_for_interrupt(void)
{
	cpu_fake_wfi_count++;
}

static inline void cpu_irq_enable(void)
{
}

static inline void cpu_irq_disable(void)
{
}

static inline void cpu_zero(void *start, size_t size)
{
	memset(start, 0, size);
}

static inline void cpu_sync_caches_for_execution(uintptr_t start, uint64_t size)
{
	(void)start;
	(void)size;
}

extern unsigned cpu_fake_tlb_invalidations;

static inline void cpu_tlb_invalidate_guest(void)
{
	cpu_fake_tlb_invalidations++;
}
#endif
