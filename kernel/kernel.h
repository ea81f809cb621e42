/* SPDX-License-Identifier: Apache-2.0 */
/* Mortise's internal interfaces between its boot-time parts. */
#ifndef KERNEL_H
#define KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "caps.h"
#include "dtb.h"
#include "gicv3.h"

#define MORTISE_VERSION "0.1.0"

struct vcpu;
struct partition;

struct cpu {
	unsigned index;
	uint64_t mpidr;
	uintptr_t redistributor;
	bool online;
	struct vcpu *vcpu; /* the vCPU running on this CPU, NULL when none */
	/* Every vCPU bound to this CPU, in creation order: what its scheduler looks at. */
	struct vcpu *bound;
	bool direct_interrupts; /* its vCPU takes its interrupts from the GIC (irq_direct_enter) */
	/* How many of its switched-out vCPUs link physical interrupts (vcpu->links_physical). */
	unsigned vcpus_linking_physical;
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
/* This CPU's entry in machine.cpus (TPIDR_EL2 holds it from cpu_init_local on). */
struct cpu *cpu_this(void);
uintptr_t cpu_stack_top(const struct cpu *cpu);

/* hypercall.c: the capability system and the routing table of every hypercall group. */
extern struct cap_system kernel_caps;
void hypercall_init(void);
struct trap_frame;
/* Dispatches the hypercall in frame->x[0..7] for vcpu and writes the results back. */
void hypercall_handle(struct vcpu *vcpu, struct trap_frame *frame);
/* hypercall_vcpu.c */
extern const struct hc_group hypercall_vcpu_group;
extern const struct hc_group hypercall_endpoint_group;
/* hypercall_partition.c */
/* One routing-table entry of a caps.h HC_*_FUNCTIONS list: its handler is <group>_<name>_call. */
#define HC_KERNEL_FUNCTION(group, number, name, requirement)                                      \
	[number] = {#name, group##_##name##_call, HC_REQUIRES_##requirement},

extern const struct hc_group hypercall_partition_group;
extern const struct hc_group hypercall_channel_group;

/* trap.c: exits from guests. */
void trap_init(void);

/* irq.c: physical interrupts while guests run. */
void irq_init(void);
void irq_init_cpu(struct cpu *cpu);
/*
 * Passes physical SPI intid through to vcpu: routed to its CPU, enabled, injected with HW = 1.
 * CAP_INVALID_ARGUMENT for no SPI of this GIC, CAP_DENIED if it is someone's already.
 */
enum cap_status irq_pass_through(uint32_t intid, struct vcpu *vcpu);
/*
 * Enables or disables at the GIC an SPI passed through to partition; CAP_INVALID_ARGUMENT if it
 * is not one of partition's.
 */
enum cap_status irq_set_enabled(uint32_t intid, const struct partition *partition, bool enabled);
/* The partition has stopped: its SPIs are disabled and nobody's again. */
void irq_release_partition(const struct partition *partition);
/* Interrupts CPU cpu so that it delivers what other CPUs left for its vCPU (vcpu.h). */
void cpu_kick(unsigned cpu);
/*
 * Direct interrupts for a dedicated vCPU (vcpu.h). Supported when the GIC lets kicks be Group 0.
 * prepare: once, enables the guest's SGIs on cpu; enter: when the vCPU is loaded there, EOImode
 * 0; leave: when it has stopped, clears what it left active, masked or enabled, EOImode 1 again.
 */
bool irq_direct_supported(void);
void irq_direct_prepare(struct cpu *cpu);
void irq_direct_enter(struct cpu *cpu);
void irq_direct_leave(struct cpu *cpu);
/* Every SGI but the kick is a guest's to send. */
bool irq_sgi_is_guests(uint32_t intid);
/* A passed-through SPI Mortise acknowledged: inactive again, so its level signals it anew. */
void irq_clear_active(uint32_t intid);
/*
 * An idle CPU's wait: WFI, then whatever interrupts came are handed on. WFI rather than WFE: an
 * emulator halts the CPU in WFI, where WFE spins, and a kick SGI wakes it.
 */
void irq_wait_idle(void);

/* boot_partitions.c: partitions from the boot modules; runs them on this CPU. */
_Noreturn void boot_partitions_start(void);

/* memory.c */
bool memory_init(const void *dtb);
/* Whole pages of RAM, align_pages a power of two; NULL when exhausted. */
void *memory_alloc(size_t pages, size_t align_pages);
/* Whether [base, base + size) lies in one RAM range: only RAM is mapped cacheable at EL2. */
bool memory_is_ram(uint64_t base, uint64_t size);
/* True when [base, base + size) overlaps any RAM: device mappings never may. */
bool memory_touches_ram(uint64_t base, uint64_t size);
/* The RAM past the kernel's own (MORTISE_MEMORY_MIB): what the root component builds with. */
struct dtb_range memory_for_partitions(void);
/* True when [base, base + size) overlaps the GIC's frames (distributor to last redistributor). */
bool memory_touches_gic(uint64_t base, uint64_t size);

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
