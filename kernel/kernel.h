/* SPDX-License-Identifier: Apache-2.0 */
/* Mortise's internal interfaces between its boot-time parts. */
#ifndef KERNEL_H
#define KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "dtb.h"
#include "gicv3.h"

#define MORTISE_VERSION "0.1.0"

struct cpu {
	unsigned index;
	uint64_t mpidr;
	uintptr_t redistributor;
	bool online;
};

/* What the kernel learnt at boot; written by the boot CPU before any secondary starts. */
struct machine {
	struct dtb_platform platform;
	struct gicv3 gic;
	struct cpu cpus[CONFIG_MAX_CPUS];
	unsigned boot_cpu;
	uint64_t memory_bytes;
};

extern struct machine machine;

/* cpus.c */
unsigned cpus_start_secondaries(void);
void cpu_init_local(struct cpu *cpu);

/* memory.c */
bool memory_init(const void *dtb);

/* power.c */
_Noreturn void kernel_power_off(void);
_Noreturn void kernel_boot_error(const char *what, const struct dtb_diagnostic *diagnostic);

/* selftest.c: compiled only with CONFIG_MORTISE_SELFTEST_BOOTARGS */
#ifdef CONFIG_MORTISE_SELFTEST_BOOTARGS
void selftest_on_secondary(const struct cpu *cpu);
#else
static inline void selftest_on_secondary(const struct cpu *cpu)
{
	(void)cpu;
}
#endif

#endif
