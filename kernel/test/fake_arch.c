/* SPDX-License-Identifier: Apache-2.0 */
#include "fake_arch.h"

#include <assert.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "channel.h"
#include "frames.h"
#include "hypercall.h"
#include "irq.h"
#include "power.h"
#include "sched.h"
#include "gtimer.h"

struct machine machine;
struct fake_arch fake;
struct cap_system kernel_caps;
static struct partition partitions[4];
static unsigned partition_count;
/* Each fake partition's kernel memory, enough for every vCPU a test makes. */
#define FAKE_KERNEL_PAGES 8

#define FAKE_SGI_BASE 0x10000u /* SGI_base from RD_base */
#define FAKE_GICR_ISACTIVER0 0x300u
static uint32_t fake_sgi_frames[CONFIG_MAX_CPUS][0x400 / 4];

uint32_t fake_private_active_set(unsigned cpu)
{
	return fake_sgi_frames[cpu][FAKE_GICR_ISACTIVER0 / 4];
}

void fake_arch_reset(unsigned cpus, unsigned list_registers)
{
	memset(&machine, 0, sizeof(machine));
	memset(&fake, 0, sizeof(fake));
	cpu_fake_reset();
	memset(partitions, 0, sizeof(partitions));
	partition_count = 0;
	machine.platform.cpu_count = cpus;
	memset(fake_sgi_frames, 0, sizeof(fake_sgi_frames));
	for (unsigned i = 0; i < cpus; i++) {
		machine.cpus[i] = (struct cpu){.index = i, .online = true};
		/* RD_base, so that the SGI_base registers Mortise writes land in the fake. */
		machine.cpus[i].arch.redistributor = (uintptr_t)fake_sgi_frames[i] - FAKE_SGI_BASE;
	}
	fake.list_registers = list_registers;
	cpu_fake_set(cnthp_ctl_el2, 0);
	fake.partitions_running = true;
	fake_run_on(0);
}

struct partition *fake_partition(void)
{
	assert(partition_count < sizeof(partitions) / sizeof(partitions[0]));
	struct partition *partition = &partitions[partition_count];
	partition->id = (uint16_t)partition_count++;
	partition->stage2.table_size = FAKE_KERNEL_PAGES * HC_VCPU_MEMORY_SIZE;
	return partition;
}

/*
 * frames.c: pages of a fake partition's kernel memory, counted in its stage2 like the real ones;
 * the memory itself comes from a pool never given back within one test program, since a test
 * may still read a vCPU of a partition fake_arch_reset has forgotten.
 */
void *frames_take_kernel_page(struct stage2 *stage2)
{
	static _Alignas(HC_VCPU_MEMORY_SIZE) unsigned char pool[64][HC_VCPU_MEMORY_SIZE];
	static unsigned taken;

	if (stage2->table_size - stage2->table_used < HC_VCPU_MEMORY_SIZE)
		return NULL;
	assert(taken < sizeof(pool) / sizeof(pool[0]));
	stage2->table_used += HC_VCPU_MEMORY_SIZE;
	memset(pool[taken], 0, sizeof(pool[taken]));
	return pool[taken++];
}

bool fake_listed(uint32_t intid)
{
	for (unsigned i = 0; i < fake.lr_used; i++) {
		if (fake.lr[i].intid == intid)
			return true;
	}
	return false;
}

/* cpu_arch.c: the inline cpu_this and gtimer_counter read these registers of the CPU fake. */
uintptr_t cpu_stack_tops[CONFIG_MAX_CPUS];

static uint64_t fake_this_cpu(void)
{
	return (uintptr_t)&machine.cpus[fake.cpu];
}

static uint64_t fake_counter(void)
{
	return fake.counter;
}

void fake_run_on(unsigned cpu)
{
	fake.cpu = cpu;
	cpu_fake_on_read("tpidr_el2", fake_this_cpu);
	cpu_fake_on_read("cntpct_el0", fake_counter);
}

/* gic.c and irq.c */
/* What the kick's interrupt leaves that CPU to do (irq.c). */
void cpu_kick(unsigned cpu)
{
	fake.kicks[cpu]++;
	machine.cpus[cpu].hazards |= CPU_HAZARD_SCHEDULE | CPU_HAZARD_REQUEUE;
}

bool irq_direct_supported(void)
{
	return true;
}

void irq_direct_sgis(struct cpu *cpu, bool enabled)
{
	(void)cpu;
	(void)enabled;
}

bool irq_sgi_is_guests(uint32_t intid)
{
	return intid < 16 && intid != 8;
}

enum gicv3_status gicv3_send_sgi(uint32_t intid, uint64_t target_mpidr_affinity)
{
	(void)target_mpidr_affinity;
	fake.physical_sgis_sent |= 1u << intid;
	return GICV3_OK;
}

enum gicv3_status gicv3_irq_clear_active(const struct gicv3 *gic, uintptr_t redistributor,
					 uint32_t intid)
{
	(void)gic;
	(void)redistributor;
	(void)intid;
	return GICV3_OK;
}

/* No SPI is passed through on the fake machine: every one is virtual. */
enum cap_status irq_set_enabled(uint32_t intid, const struct partition *partition, bool enabled)
{
	(void)intid;
	(void)partition;
	(void)enabled;
	return CAP_INVALID_ARGUMENT;
}

void irq_wait_idle(void)
{
	fake.idle_waits++;
}

void gicv3_deactivate(uint32_t intid)
{
	if (intid < 32)
		fake.deactivated |= 1u << intid;
}

/* vgic.c: the list registers of the running vCPU. */
static bool inject(uint32_t intid, bool hardware)
{
	if (fake_listed(intid))
		return true;
	if (fake.lr_used == fake.list_registers)
		return false;
	fake.lr[fake.lr_used++] = (struct fake_list_register){intid, hardware};
	return true;
}

bool vgic_inject_hardware(uint32_t intid, uint8_t priority)
{
	(void)priority;
	return inject(intid, true);
}

bool vgic_inject_virtual(uint32_t intid, uint8_t priority)
{
	(void)priority;
	return inject(intid, false);
}

bool vgic_list_loaded(const struct vgic_state *state, uint64_t lr)
{
	(void)state;
	uint32_t intid = (uint32_t)lr;
	return !fake_listed(intid) && inject(intid, true);
}

bool vgic_has_pending(void)
{
	return fake.lr_used != 0;
}

void vgic_set_underflow_interrupt(bool enabled)
{
	fake.underflow_interrupt = enabled;
}

void vgic_release_hardware(struct vgic_state *state)
{
	(void)state;
}

/* vcpu_arch.c */
void vcpu_arch_reset(struct vcpu *vcpu, struct trap_frame *registers, uint64_t entry,
		     uint64_t argument)
{
	(void)vcpu;
	*registers = (struct trap_frame){.elr = entry};
	registers->x[0] = argument;
}

void vcpu_arch_restart(struct cpu *cpu, struct vcpu *vcpu, struct trap_frame *registers,
		       uint64_t entry, uint64_t argument)
{
	(void)cpu;
	vcpu_arch_reset(vcpu, registers, entry, argument);
}

void vcpu_arch_inject_exit_abort(struct cpu *cpu, struct vcpu *vcpu, struct trap_frame *registers)
{
	(void)cpu;
	(void)vcpu;
	registers->elr = 0x400; /* an EL1 vector, as far as the tests care */
}

/* The vCPU whose EL1 state this is (vcpu_switch.h saves and restores it). */
static struct vcpu *context_owner(struct vcpu_context *context)
{
	return (struct vcpu *)((char *)context - offsetof(struct vcpu, arch.context));
}

void vcpu_context_restore(struct cpu *cpu, struct vcpu_context *context)
{
	(void)cpu;
	fake.loaded = context_owner(context);
}

void vcpu_context_save(struct vcpu_context *context)
{
	fake.unloaded = context_owner(context);
}

void vcpu_context_leave_cpu(struct vcpu_context *context, bool keep)
{
	fake.left_cpu = context_owner(context);
	fake.left_cpu_keeps = keep;
}

void vcpu_context_set_direct(bool direct)
{
	(void)direct;
}

void stage2_activate(const struct stage2 *stage2)
{
	(void)stage2;
}

void irq_direct_enter(struct cpu *cpu)
{
	(void)cpu;
}

void irq_direct_leave(struct cpu *cpu)
{
	(void)cpu;
}

bool vgic_return_private_listed(struct vgic_state *state)
{
	(void)state;
	return false;
}

uint64_t vcpu_context_timer_deadline(const struct vcpu_context *context)
{
	(void)context;
	return fake.timer_deadline;
}

void vcpu_context_init_cpu(void)
{
}

/* Mortise enters next and never returns; here the scheduler's caller goes on, next loaded. */
void vcpu_enter_switched(const struct trap_frame *frame, uintptr_t stack_top)
{
	(void)stack_top;
	fake.entered_frame = frame;
}

_Noreturn void vcpu_enter(const struct trap_frame *frame, uintptr_t stack_top)
{
	(void)frame;
	(void)stack_top;
	fake.entered_vcpu = cpu_this()->vcpu;
	assert(fake.entered != NULL);
	longjmp(*fake.entered, 1);
}

/* debug_pmu.c, channel.c, partition.c, power.c */
bool debug_pmu_supported(uint32_t features)
{
	(void)features;
	return true;
}

bool channel_dedicate_unless_end(struct vcpu *vcpu)
{
	if (vcpu->channel_end)
		return false;
	vcpu->dedicated = true;
	return true;
}

bool partitions_done(void)
{
	return !fake.partitions_running;
}

/* partition.c's stop as far as the core sees it: the partition runs no more, its vCPUs told. */
void partition_stop(struct vcpu *vcpu, const char *reason)
{
	struct partition *partition = vcpu->partition;

	fake.stop_reason = reason;
	vcpu_mark_stopped(vcpu);
	partition->stopped = true;
	partition->running = false;
	for_each_vcpu_of(partition, other)
		vcpu_notify_cpu(other);
}

_Noreturn void kernel_power_off(void)
{
	assert(fake.entered != NULL);
	longjmp(*fake.entered, 2);
}

/* gtimer's inline gtimer_arm_at and gtimer_disable write the CPU fake's registers. */
uint64_t fake_el2_timer(void)
{
	if ((cpu_fake_get(cnthp_ctl_el2) & GTIMER_CTL_ENABLE) == 0)
		return UINT64_MAX;
	return cpu_fake_get(cnthp_cval_el2);
}

struct vcpu *fake_vcpu(struct partition *partition, unsigned cpu, uint8_t priority, bool start)
{
	struct vcpu *vcpu = vcpu_create(partition, cpu, priority, 0x1000, 0);

	assert(vcpu != NULL);
	if (start)
		assert(vcpu_start(vcpu));
	return vcpu;
}

void fake_configure(struct vcpu *vcpu, uint8_t priority, uint64_t budget, uint64_t period)
{
	const struct sched_request request = {priority, budget, period, 0, 0};
	sched_configure(vcpu, &request);
}
