/* SPDX-License-Identifier: Apache-2.0 */
#include "vcpu.h"

#include "arch/aarch64/guest_exception.h"
#include "channel.h"
#include "console.h"
#include "gtimer.h"
#include "kernel.h"
#include "partition.h"
#include "psci.h"
#include "sync.h"

/* EL1h with D, A, I and F masked, as the arm64 boot protocol requires. */
#define SPSR_EL1H_MASKED 0x3c5ULL
#define MPIDR_RES1 (1ULL << 31)

static struct vcpu vcpus[CONFIG_MORTISE_MAX_VCPUS];
static unsigned vcpu_count;
/* Set once boot has started its partitions: before that, no vCPU running is not the end. */
static bool vcpus_started;
/*
 * Creating and dedicating: components on several CPUs may do either at once. Taken inside the
 * capability lock (partition.vcpu_create, vcpu.dedicate and boot code hold it), never the other
 * way round.
 */
static struct spinlock vcpu_table_lock;

/* The vCPUs bound to cpu, read without the lock: a list only ever grows at its tail. */
#define for_each_vcpu_on(cpu, item)                                                                 \
	for (struct vcpu *item = __atomic_load_n(&machine.cpus[cpu].bound, __ATOMIC_ACQUIRE);    \
	     item != NULL; item = __atomic_load_n(&item->next_on_cpu, __ATOMIC_ACQUIRE))
/* The vCPUs of partition, read the same way. */
#define for_each_vcpu_of(partition, item)                                                           \
	for (struct vcpu *item = __atomic_load_n(&(partition)->vcpus, __ATOMIC_ACQUIRE);          \
	     item != NULL; item = __atomic_load_n(&item->next_in_partition, __ATOMIC_ACQUIRE))

static bool cpu_dedicated_locked(unsigned cpu)
{
	for_each_vcpu_on(cpu, vcpu) {
		if (vcpu->dedicated)
			return true;
	}
	return false;
}

/* Appends vcpu to its CPU's and its partition's lists, which are read without the lock. */
static void link_locked(struct vcpu *vcpu)
{
	struct vcpu **on_cpu = &machine.cpus[vcpu->cpu].bound;
	struct vcpu **of_partition = &vcpu->partition->vcpus;

	while (*on_cpu != NULL)
		on_cpu = &(*on_cpu)->next_on_cpu;
	while (*of_partition != NULL)
		of_partition = &(*of_partition)->next_in_partition;
	__atomic_store_n(on_cpu, vcpu, __ATOMIC_RELEASE);
	__atomic_store_n(of_partition, vcpu, __ATOMIC_RELEASE);
}

static struct vcpu *create_locked(struct partition *partition, unsigned cpu, uint8_t priority,
				  uint64_t entry_ipa, uint64_t argument)
{
	if (vcpu_count == CONFIG_MORTISE_MAX_VCPUS || cpu >= machine.platform.cpu_count ||
	    cpu_dedicated_locked(cpu))
		return NULL;
	struct vcpu *vcpu = &vcpus[vcpu_count];

	*vcpu = (struct vcpu){.id = (uint16_t)vcpu_count,
			      .priority = priority,
			      .cpu = cpu,
			      .state = VCPU_CREATED,
			      .partition = partition,
			      .registers = {.elr = entry_ipa, .spsr = SPSR_EL1H_MASKED}};
	vcpu->registers.x[0] = argument;
	/* Each partition sees its vCPUs as CPUs 0, 1, ... of its own machine. */
	vcpu->index = partition->vcpu_count++;
	vcpu_context_reset(&vcpu->context, MPIDR_RES1 | vcpu->index, partition->features);
	__atomic_store_n(&vcpu_count, vcpu_count + 1, __ATOMIC_RELEASE);
	link_locked(vcpu);
	return vcpu;
}

struct vcpu *vcpu_create(struct partition *partition, unsigned cpu, uint8_t priority,
			 uint64_t entry_ipa, uint64_t argument)
{
	spin_lock(&vcpu_table_lock);
	struct vcpu *vcpu = create_locked(partition, cpu, priority, entry_ipa, argument);
	spin_unlock(&vcpu_table_lock);
	return vcpu;
}

enum cap_status vcpu_set_partition_features(struct partition *partition, uint32_t features)
{
	enum cap_status status = CAP_INVALID_ARGUMENT;

	if ((features & ~HC_FEATURES_ALL) != 0)
		return CAP_INVALID_ARGUMENT;
	if (!debug_pmu_supported(features))
		return CAP_NOT_SUPPORTED;
	spin_lock(&vcpu_table_lock);
	if (partition->vcpus == NULL) {
		partition->features = features;
		status = CAP_OK;
	}
	spin_unlock(&vcpu_table_lock);
	return status;
}

/* Under vcpu_table_lock and channel_table_lock: no channel and no other vCPU can take it now. */
static void dedicate_locked(struct vcpu *vcpu)
{
	irq_direct_prepare(&machine.cpus[vcpu->cpu]);
	__atomic_store_n(&vcpu->dedicated, true, __ATOMIC_RELEASE);
}

enum cap_status vcpu_dedicate(struct vcpu *vcpu)
{
	enum cap_status status = CAP_OK;

	if (!irq_direct_supported())
		return CAP_NOT_SUPPORTED;
	spin_lock(&vcpu_table_lock);
	if (vcpu->state != VCPU_CREATED || vcpu->exit_endpoint != NULL)
		status = CAP_INVALID_ARGUMENT;
	for_each_vcpu_on(vcpu->cpu, other) {
		if (other != vcpu)
			status = CAP_INVALID_ARGUMENT;
	}
	if (status == CAP_OK && !channel_dedicate_unless_end(vcpu, dedicate_locked))
		status = CAP_INVALID_ARGUMENT;
	spin_unlock(&vcpu_table_lock);
	return status;
}

/* Tells vcpu's CPU, if it is another, to look again at what it should run. */
static void notify_cpu(const struct vcpu *vcpu)
{
	if (vcpu->cpu != cpu_this()->index)
		cpu_kick(vcpu->cpu);
}

/*
 * After making an interrupt pending for vcpu: an idle one may run again (the caller tells its
 * CPU). Sequentially consistent against vcpu_wait_for_interrupt, which sets VCPU_IDLE before it
 * looks for pending interrupts: one of the two sees the other.
 */
static void vcpu_wake_if_idle(struct vcpu *vcpu)
{
	enum vcpu_state idle = VCPU_IDLE;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_compare_exchange_n(&vcpu->state, &idle, VCPU_RUNNABLE, false, __ATOMIC_SEQ_CST,
				    __ATOMIC_SEQ_CST);
}

void vcpu_wake(struct vcpu *vcpu)
{
	__atomic_store_n(&vcpu->state, VCPU_RUNNABLE, __ATOMIC_RELEASE);
	notify_cpu(vcpu);
}

bool vcpu_start(struct vcpu *vcpu)
{
	struct partition *partition = vcpu->partition;

	/* Against partition_stop, which sets stopped and then clears running (partition.c). */
	if (__atomic_load_n(&partition->stopped, __ATOMIC_SEQ_CST))
		return false;
	__atomic_store_n(&partition->running, true, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&partition->stopped, __ATOMIC_SEQ_CST)) {
		__atomic_store_n(&partition->running, false, __ATOMIC_SEQ_CST);
		return false;
	}
	__atomic_store_n(&vcpu->state, VCPU_RUNNABLE, __ATOMIC_RELEASE);
	__atomic_store_n(&vcpus_started, true, __ATOMIC_RELEASE);
	notify_cpu(vcpu);
	return true;
}

struct vcpu *vcpu_by_id(uint64_t id)
{
	return id < __atomic_load_n(&vcpu_count, __ATOMIC_ACQUIRE) ? &vcpus[id] : NULL;
}

static void vcpu_deliver_held_private(struct vcpu *vcpu)
{
	for (uint32_t held = vcpu->held_private, intid = 0; held != 0; intid++, held >>= 1) {
		if ((held & 1) && vgic_inject_hardware(intid, VCPU_PRIVATE_PRIORITY))
			vcpu->held_private &= ~(1u << intid);
	}
}

/*
 * Off its CPU, a held timer interrupt is given back (deactivated) like an untaken one in a list
 * register: the saved timer fires again when the vCPU runs, and meanwhile the PPI is the CPU's.
 */
static void vcpu_return_held_private(struct vcpu *vcpu)
{
	for (uint32_t held = vcpu->held_private, intid = 0; held != 0; intid++, held >>= 1) {
		if (held & 1)
			gicv3_deactivate(intid);
	}
	vcpu->held_private = 0;
}

/* Stopped, or its partition was: it will not run again unless restarted afresh. */
static bool vcpu_finished(const struct vcpu *vcpu)
{
	return __atomic_load_n(&vcpu->state, __ATOMIC_ACQUIRE) == VCPU_STOPPED ||
	       !__atomic_load_n(&vcpu->partition->running, __ATOMIC_ACQUIRE);
}

/* Only on the vCPU's own CPU: the PPIs its list registers link are that CPU's. */
static void vcpu_set_links_physical(struct cpu *cpu, struct vcpu *vcpu, bool links)
{
	if (vcpu->links_physical != links)
		cpu->vcpus_linking_physical += links ? 1u : -1u;
	vcpu->links_physical = links;
}

/*
 * Ends the links of this CPU's vCPUs that were stopped while switched out in a handler; called
 * before each pick, out of line since it is rarely needed.
 */
static __attribute__((noinline)) void vcpu_release_finished(struct cpu *cpu)
{
	for_each_vcpu_on(cpu->index, vcpu) {
		if (vcpu->links_physical && vcpu != cpu->vcpu && vcpu_finished(vcpu)) {
			vgic_release_hardware(&vcpu->context.vgic);
			vcpu_set_links_physical(cpu, vcpu, false);
		}
	}
}

/* Highest priority first, then creation order, among the few vCPUs bound to this CPU. */
static struct vcpu *vcpu_pick(unsigned cpu)
{
	struct vcpu *best = NULL;

	for_each_vcpu_on(cpu, vcpu) {
		if (__atomic_load_n(&vcpu->state, __ATOMIC_ACQUIRE) == VCPU_RUNNABLE &&
		    __atomic_load_n(&vcpu->partition->running, __ATOMIC_ACQUIRE) &&
		    (best == NULL || vcpu->priority > best->priority))
			best = vcpu;
	}
	return best;
}

/* The value an emulated load leaves in its register: sized, sign-extended if asked. */
static uint64_t load_result(uint64_t esr, uint64_t value)
{
	unsigned bits = 8u << ESR_DABT_SIZE_LOG2(esr);

	if (bits < 64) {
		value &= (1ULL << bits) - 1;
		if (ESR_DABT_SIGN_EXTEND(esr) && (value >> (bits - 1)) != 0)
			value |= ~0ULL << bits;
	}
	if (!ESR_DABT_64BIT_REGISTER(esr))
		value &= 0xffffffffULL;
	return value;
}

void vcpu_resume(struct vcpu *vcpu, uint64_t action, uint64_t value)
{
	vcpu->resume_action = action;
	vcpu->resume_value = value;
	__atomic_store_n(&vcpu->has_resume, true, __ATOMIC_RELEASE);
	vcpu_wake(vcpu);
}

/*
 * What other CPUs left for this vCPU while it was blocked or exited, applied on its own CPU: a
 * message becomes its hypercall's results; a resume completes the emulated access.
 */
static void vcpu_apply_pending(struct vcpu *vcpu, struct trap_frame *registers)
{
	if (__atomic_load_n(&vcpu->has_restart, __ATOMIC_ACQUIRE)) {
		*registers = (struct trap_frame){.elr = vcpu->restart_entry, .spsr = SPSR_EL1H_MASKED};
		registers->x[0] = vcpu->restart_argument;
		bool loaded = cpu_this()->vcpu == vcpu;
		if (loaded) {
			vcpu_context_save(&vcpu->context);
			vcpu_return_held_private(vcpu);
		}
		vgic_release_hardware(&vcpu->context.vgic);
		vcpu_set_links_physical(cpu_this(), vcpu, false);
		vcpu_context_reset(&vcpu->context, vcpu->context.vmpidr_el2,
				   vcpu->partition->features);
		__atomic_store_n(&vcpu->has_restart, false, __ATOMIC_RELAXED);
		/* Only a fresh start: whatever the VMM said about its last exit no longer applies. */
		__atomic_store_n(&vcpu->has_resume, false, __ATOMIC_RELAXED);
		if (loaded)
			vcpu_context_restore(&vcpu->context);
		return;
	}
	if (__atomic_load_n(&vcpu->has_message, __ATOMIC_ACQUIRE)) {
		for (unsigned i = 0; i < VCPU_MESSAGE_REGISTERS; i++)
			registers->x[i] = vcpu->message[i];
		__atomic_store_n(&vcpu->has_message, false, __ATOMIC_RELAXED);
	}
	if (__atomic_load_n(&vcpu->has_resume, __ATOMIC_ACQUIRE)) {
		uint64_t esr = vcpu->exit.esr;
		bool is_load = esr_class(esr) == ESR_EC_DABT_LOWER && ESR_DABT_VALID(esr) &&
			       !ESR_DABT_IS_WRITE(esr);
		/* A firmware call's ELR is already past it; its result goes to x0 (SMCCC). */
		bool is_call = esr_class(esr) == ESR_EC_HVC64 || esr_class(esr) == ESR_EC_SMC64;
		if (vcpu->resume_action == HC_VCPU_RESUME_ABORT) {
			guest_inject_data_abort(&vcpu->context, cpu_this()->vcpu == vcpu, registers, esr,
					   vcpu->exit.far);
		} else if (vcpu->resume_action == HC_VCPU_RESUME_NEXT && is_call) {
			registers->x[0] = vcpu->resume_value;
		} else if (vcpu->resume_action == HC_VCPU_RESUME_NEXT) {
			if (is_load && ESR_DABT_REGISTER(esr) != 31)
				registers->x[ESR_DABT_REGISTER(esr)] =
					load_result(esr, vcpu->resume_value);
			registers->elr += 4;
		}
		__atomic_store_n(&vcpu->has_resume, false, __ATOMIC_RELAXED);
	}
}

/* ICC_SGI1R_EL1 fields (GICv3 12.2.8). */
#define SGI1R_TARGET_LIST(value) ((value) & 0xffffu)
#define SGI1R_AFFINITY_ABOVE_0(value) ((value) & 0x00ff00ff00ff0000ULL) /* Aff3, Aff2, Aff1 */
#define SGI1R_INTID(value) ((unsigned)((value) >> 24) & 0xf)
#define SGI1R_ALL_BUT_SELF(value) (((value) >> 40) & 1)
#define SGI1R_RANGE(value) ((unsigned)((value) >> 44) & 0xf)
#define SGI_PRIORITY 0xa0

#define SPI_PRIORITY 0xa0

bool vcpu_has_pending(const struct vcpu *vcpu)
{
	return __atomic_load_n(&vcpu->pending_sgis, __ATOMIC_ACQUIRE) != 0 ||
	       __atomic_load_n(&vcpu->spis_waiting, __ATOMIC_ACQUIRE) || vcpu->held_private != 0;
}

static bool virtual_spi_enabled(const struct vcpu *vcpu, uint32_t intid)
{
	return vcpu->exit_endpoint == NULL ||
	       (__atomic_load_n(&vcpu->virtual_spis_enabled[intid / 64], __ATOMIC_ACQUIRE) >>
		(intid % 64)) & 1;
}

/* Moves the SPIs pending in bitmap into list registers; those that find none stay pending. */
static void vcpu_deliver_spi_bitmap(struct vcpu *vcpu, uint64_t *bitmap, bool hardware)
{
	for (unsigned word = 0; word < VCPU_SPI_WORDS; word++) {
		if (__atomic_load_n(&bitmap[word], __ATOMIC_RELAXED) == 0)
			continue;
		uint64_t pending = __atomic_exchange_n(&bitmap[word], 0, __ATOMIC_ACQ_REL);
		for (unsigned bit = 0; pending != 0; bit++, pending >>= 1) {
			uint32_t intid = word * 64 + bit;
			if (!(pending & 1))
				continue;
			/* Its guest's distributor keeps it disabled: pending, and no reason to look again. */
			if (!hardware && !virtual_spi_enabled(vcpu, intid)) {
				__atomic_fetch_or(&bitmap[word], 1ULL << bit, __ATOMIC_RELEASE);
				continue;
			}
			/* Inactive again, its level interrupts a dedicated vCPU directly. */
			if (hardware && vcpu->dedicated) {
				irq_clear_active(intid);
				continue;
			}
			if (hardware ? vgic_inject_hardware(intid, SPI_PRIORITY) :
				       vgic_inject_virtual(intid, SPI_PRIORITY))
				continue;
			__atomic_fetch_or(&bitmap[word], 1ULL << bit, __ATOMIC_RELEASE);
			__atomic_store_n(&vcpu->spis_waiting, true, __ATOMIC_RELEASE);
		}
	}
}

static void vcpu_deliver_spis(struct vcpu *vcpu)
{
	if (!__atomic_exchange_n(&vcpu->spis_waiting, false, __ATOMIC_ACQ_REL))
		return;
	vcpu_deliver_spi_bitmap(vcpu, vcpu->pending_spis, true);
	vcpu_deliver_spi_bitmap(vcpu, vcpu->pending_virtual_spis, false);
}

void vcpu_deliver_pending(struct vcpu *vcpu)
{
	uint16_t pending = __atomic_exchange_n(&vcpu->pending_sgis, 0, __ATOMIC_ACQ_REL);

	if (vcpu->held_private != 0)
		vcpu_deliver_held_private(vcpu);

	for (unsigned intid = 0; pending != 0; intid++, pending >>= 1) {
		/* No free list register: keep it waiting for the next entry. */
		if ((pending & 1) && !vgic_inject_virtual(intid, SGI_PRIORITY))
			__atomic_fetch_or(&vcpu->pending_sgis, (uint16_t)(1u << intid),
					  __ATOMIC_RELEASE);
	}
	vcpu_deliver_spis(vcpu);
	/* A dedicated vCPU would take the maintenance interrupt itself (HCR_EL2.IMO = 0). */
	vgic_set_underflow_interrupt(!vcpu->dedicated && vcpu_has_pending(vcpu));
}

/* Keeps intid pending in bitmap until vcpu next enters, on its own CPU. */
static void vcpu_keep_spi(struct vcpu *vcpu, uint64_t *bitmap, uint32_t intid)
{
	__atomic_fetch_or(&bitmap[intid / 64], 1ULL << (intid % 64), __ATOMIC_RELEASE);
	__atomic_store_n(&vcpu->spis_waiting, true, __ATOMIC_RELEASE);
	vcpu_wake_if_idle(vcpu);
	if (vcpu->cpu != cpu_this()->index)
		cpu_kick(vcpu->cpu);
}

void vcpu_raise_spi(struct vcpu *vcpu, uint32_t intid)
{
	if (cpu_this()->vcpu == vcpu && !vcpu->dedicated &&
	    vgic_inject_hardware(intid, SPI_PRIORITY))
		return;
	vcpu_keep_spi(vcpu, vcpu->pending_spis, intid);
}

void vcpu_raise_virtual_spi(struct vcpu *vcpu, uint32_t intid)
{
	if (cpu_this()->vcpu == vcpu && virtual_spi_enabled(vcpu, intid) &&
	    vgic_inject_virtual(intid, SPI_PRIORITY))
		return;
	vcpu_keep_spi(vcpu, vcpu->pending_virtual_spis, intid);
}

void vcpu_set_virtual_spi_enabled(struct vcpu *vcpu, uint32_t intid, bool enabled)
{
	uint64_t bit = 1ULL << (intid % 64);

	if (!enabled) {
		__atomic_fetch_and(&vcpu->virtual_spis_enabled[intid / 64], ~bit, __ATOMIC_ACQ_REL);
		return;
	}
	__atomic_fetch_or(&vcpu->virtual_spis_enabled[intid / 64], bit, __ATOMIC_ACQ_REL);
	if (__atomic_load_n(&vcpu->pending_virtual_spis[intid / 64], __ATOMIC_ACQUIRE) & bit) {
		__atomic_store_n(&vcpu->spis_waiting, true, __ATOMIC_RELEASE);
		notify_cpu(vcpu);
	}
}

/* Another vCPU of this CPU could run if vcpu left it. */
static bool vcpu_has_company(const struct vcpu *vcpu)
{
	for_each_vcpu_on(vcpu->cpu, other) {
		if (other != vcpu &&
		    __atomic_load_n(&other->state, __ATOMIC_ACQUIRE) == VCPU_RUNNABLE &&
		    __atomic_load_n(&other->partition->running, __ATOMIC_ACQUIRE))
			return true;
	}
	return false;
}

void vcpu_wait_for_interrupt(struct vcpu *vcpu)
{
	if (vcpu_has_pending(vcpu) || vgic_has_pending()) {
		vcpu_deliver_pending(vcpu);
		return;
	}
	if (!vcpu_has_company(vcpu)) {
		irq_wait_idle();
		return;
	}
	enum vcpu_state runnable = VCPU_RUNNABLE;
	if (!__atomic_compare_exchange_n(&vcpu->state, &runnable, VCPU_IDLE, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return;
	/* What arrived meanwhile finds it idle or is found here (vcpu_wake_if_idle). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (vcpu_has_pending(vcpu))
		vcpu_wake_if_idle(vcpu);
}

/* The EL2 timer at the earliest deadline of this CPU's idle vCPUs, off when none has one. */
static void vcpu_idle_timer_update(struct cpu *cpu)
{
	uint64_t earliest = UINT64_MAX;

	for_each_vcpu_on(cpu->index, vcpu) {
		if (__atomic_load_n(&vcpu->state, __ATOMIC_ACQUIRE) == VCPU_IDLE &&
		    vcpu->wake_deadline < earliest)
			earliest = vcpu->wake_deadline;
	}
	if (earliest == UINT64_MAX)
		gtimer_disable(GTIMER_EL2_PHYSICAL);
	else
		gtimer_arm_at(GTIMER_EL2_PHYSICAL, earliest);
}

void vcpu_wake_idle_due(void)
{
	struct cpu *cpu = cpu_this();
	uint64_t now = gtimer_counter();

	for_each_vcpu_on(cpu->index, vcpu) {
		if (vcpu->wake_deadline <= now)
			vcpu_wake_if_idle(vcpu);
	}
	vcpu_idle_timer_update(cpu);
}

bool vcpu_restart(struct vcpu *vcpu, uint64_t entry_ipa, uint64_t argument)
{
	if (__atomic_load_n(&vcpu->partition->stopped, __ATOMIC_ACQUIRE))
		return false;
	vcpu->restart_entry = entry_ipa;
	vcpu->restart_argument = argument;
	__atomic_store_n(&vcpu->has_restart, true, __ATOMIC_RELEASE);
	if (vcpu_start(vcpu))
		return true;
	__atomic_store_n(&vcpu->has_restart, false, __ATOMIC_RELEASE);
	return false;
}

/* MPIDR_EL1 affinity fields: Aff3 (39:32), Aff2, Aff1, Aff0 (23:0). */
#define MPIDR_AFFINITY_MASK 0xff00ffffffULL

int32_t vcpu_power_on(struct partition *partition, uint64_t target, uint64_t entry_ipa,
		      uint64_t context)
{
	for_each_vcpu_of(partition, vcpu) {
		if ((vcpu->context.vmpidr_el2 & MPIDR_AFFINITY_MASK) !=
		    (target & MPIDR_AFFINITY_MASK))
			continue;
		/* Claimed once: two vCPUs asking for the same one at once start it once. */
		bool claimed = false;
		if (__atomic_load_n(&vcpu->state, __ATOMIC_ACQUIRE) != VCPU_CREATED ||
		    !__atomic_compare_exchange_n(&vcpu->has_restart, &claimed, true, false,
						 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return PSCI_ALREADY_ON;
		vcpu->restart_entry = entry_ipa;
		vcpu->restart_argument = context;
		/* Its partition stopped meanwhile (the caller with it): nothing to start any more. */
		return vcpu_start(vcpu) ? PSCI_SUCCESS : PSCI_DENIED;
	}
	return PSCI_INVALID_PARAMETERS;
}

void vcpu_send_sgi(struct vcpu *sender, uint64_t sgi1r)
{
	uint16_t bit = (uint16_t)(1u << SGI1R_INTID(sgi1r));

	/* Aff1..Aff3 name vCPUs this partition does not have: nothing to deliver. */
	if (!SGI1R_ALL_BUT_SELF(sgi1r) && SGI1R_AFFINITY_ABOVE_0(sgi1r) != 0)
		return;
	/* A dedicated vCPU interrupting itself, a real-time guest's software interrupt: no scan. */
	if (sender->dedicated && !SGI1R_ALL_BUT_SELF(sgi1r) &&
	    SGI1R_RANGE(sgi1r) == sender->index / 16 &&
	    SGI1R_TARGET_LIST(sgi1r) == 1u << (sender->index % 16)) {
		if (irq_sgi_is_guests(SGI1R_INTID(sgi1r)))
			gicv3_send_sgi(SGI1R_INTID(sgi1r), machine.cpus[sender->cpu].mpidr);
		return;
	}
	for_each_vcpu_of(sender->partition, target) {
		unsigned aff0 = target->index - 16 * SGI1R_RANGE(sgi1r);
		bool named = SGI1R_ALL_BUT_SELF(sgi1r) ?
				     target != sender :
				     target->index >= 16 * SGI1R_RANGE(sgi1r) && aff0 < 16 &&
					     (SGI1R_TARGET_LIST(sgi1r) >> aff0) & 1;
		if (!named)
			continue;
		/* Physical, taken directly; the kick is Mortise's and never a guest's. */
		if (target->dedicated) {
			if (irq_sgi_is_guests(SGI1R_INTID(sgi1r)))
				gicv3_send_sgi(SGI1R_INTID(sgi1r), machine.cpus[target->cpu].mpidr);
			continue;
		}
		__atomic_fetch_or(&target->pending_sgis, bit, __ATOMIC_RELEASE);
		if (target == sender) {
			vcpu_deliver_pending(target);
			continue;
		}
		vcpu_wake_if_idle(target);
		cpu_kick(target->cpu);
	}
}

static void vcpu_load(struct cpu *cpu, struct vcpu *vcpu)
{
	vcpu_apply_pending(vcpu, &vcpu->registers);
	vcpu_context_restore(&vcpu->context);
	stage2_activate(&vcpu->partition->stage2);
	cpu->vcpu = vcpu;
	vcpu_deliver_pending(vcpu);
	if (vcpu->dedicated) {
		irq_direct_enter(cpu);
		vcpu_context_set_direct(true);
	}
}

/* Only a stop takes a dedicated vCPU off its CPU: what it left there goes with it. */
static void vcpu_unload(struct cpu *cpu, struct vcpu *vcpu, const struct trap_frame *frame)
{
	vcpu->registers = *frame;
	vcpu_context_save(&vcpu->context);
	if (vcpu->dedicated) {
		vcpu_context_set_direct(false);
		irq_direct_leave(cpu);
	} else {
		vcpu_return_held_private(vcpu);
		vgic_set_underflow_interrupt(false);
		vcpu_set_links_physical(cpu, vcpu,
					vgic_return_untaken_private(&vcpu->context.vgic));
	}
	if (__atomic_load_n(&vcpu->state, __ATOMIC_ACQUIRE) == VCPU_IDLE) {
		vcpu->wake_deadline = vcpu_context_timer_deadline(&vcpu->context);
		vcpu_idle_timer_update(cpu);
	}
}

/*
 * With nothing to run, the CPU waits for a vCPU to be started or resumed here, and enters it on a
 * fresh stack. When nothing runs anywhere any more, the machine is done.
 */
static _Noreturn void vcpu_wait_for_work(struct cpu *cpu)
{
	struct vcpu *next;

	cpu->vcpu = NULL;
	for (;;) {
		if (cpu->vcpus_linking_physical != 0)
			vcpu_release_finished(cpu);
		if ((next = vcpu_pick(cpu->index)) != NULL)
			break;
		if (__atomic_load_n(&vcpus_started, __ATOMIC_ACQUIRE) && !partitions_any_running())
			kernel_power_off();
		irq_wait_idle();
	}
	vcpu_load(cpu, next);
	vcpu_enter(&next->registers, cpu_stack_top(cpu));
}

void vcpu_schedule(struct trap_frame *frame)
{
	struct cpu *cpu = cpu_this();
	struct vcpu *current = cpu->vcpu;

	if (cpu->vcpus_linking_physical != 0)
		vcpu_release_finished(cpu);
	struct vcpu *next = vcpu_pick(cpu->index);

	if (next == current) {
		if (current != NULL) {
			vcpu_apply_pending(current, frame);
			if (vcpu_has_pending(current))
				vcpu_deliver_pending(current);
		}
		return;
	}
	if (current != NULL)
		vcpu_unload(cpu, current, frame);
	if (next == NULL)
		vcpu_wait_for_work(cpu);
	vcpu_load(cpu, next);
	*frame = next->registers;
}

_Noreturn void vcpu_start_cpu(void)
{
	struct cpu *cpu = cpu_this();

	vcpu_context_init_cpu();
	vcpu_wait_for_work(cpu);
}

void vcpu_stop(struct vcpu *vcpu, const char *reason)
{
	struct partition *partition = vcpu->partition;

	/* A vCPU running elsewhere keeps its state: that CPU owns it until it switches away. */
	if (vcpu->state != VCPU_RUNNABLE || cpu_this()->vcpu == vcpu)
		__atomic_store_n(&vcpu->state, VCPU_STOPPED, __ATOMIC_RELEASE);
	if (!__atomic_load_n(&partition->running, __ATOMIC_ACQUIRE))
		return;
	partition_stop(partition, reason);
	for_each_vcpu_of(partition, other) {
		if (other->cpu != cpu_this()->index)
			cpu_kick(other->cpu);
	}
}
