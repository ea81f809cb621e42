/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vCPU lifecycle, the scheduler and the VMM resume protocol on the host (fake_arch.h), after
 * Hafnium's src/vcpu_test.cc: state transitions and what refuses them, the scheduler's pick
 * (priority, then creation order, only running partitions), WFI idling until a deadline, and an
 * exit decoded from its syndrome completed as its VMM answers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "exit_decode.h"
#include "fake_arch.h"
#include "resume.h"
#include "sched.h"

static void test_create_numbers_vcpus_per_partition_and_checks_the_cpu(void **state)
{
	(void)state;
	fake_arch_reset(2, 4);
	struct partition *first = fake_partition(), *second = fake_partition();

	assert_int_equal(fake_vcpu(first, 0, 0, false)->index, 0);
	assert_int_equal(fake_vcpu(second, 0, 0, false)->index, 0);
	assert_int_equal(fake_vcpu(first, 1, 0, false)->index, 1);
	assert_null(vcpu_create(first, 2, 0, 0, 0));
	struct vcpu *created = fake_vcpu(first, 1, 0, false);
	assert_int_equal(created->state, VCPU_CREATED);
	assert_int_equal(created->registers.elr, 0x1000);
	assert_ptr_equal(vcpu_by_id(created->id), created);
}

/* A vCPU lives in a page of its partition's kernel memory; without one, nothing is created. */
static void test_create_takes_a_page_of_its_partitions_kernel_memory(void **state)
{
	(void)state;
	fake_arch_reset(2, 4);
	struct partition *partition = fake_partition();
	partition->stage2.table_size = partition->stage2.table_used + HC_VCPU_MEMORY_SIZE;

	struct vcpu *first = fake_vcpu(partition, 0, 0, false);
	assert_int_equal(partition->stage2.table_used, partition->stage2.table_size);
	unsigned live = vcpus_in_use();
	assert_null(vcpu_create(partition, 0, 0, 0, 0));
	assert_int_equal(vcpus_in_use(), live);
	assert_int_equal(partition->vcpu_count, 1);
	assert_ptr_equal(partition->vcpus, first);
	assert_null(first->next_in_partition);
	assert_int_equal(fake_vcpu(fake_partition(), 0, 0, false)->index, 0);
}

static void test_start_refused_once_its_partition_stopped(void **state)
{
	(void)state;
	fake_arch_reset(2, 4);
	struct partition *partition = fake_partition();
	struct vcpu *vcpu = fake_vcpu(partition, 1, 0, false);

	partition->stopped = true;
	assert_false(vcpu_start(vcpu));
	assert_int_equal(vcpu->state, VCPU_CREATED);
	assert_false(partition->running);

	partition->stopped = false;
	assert_true(vcpu_start(vcpu));
	assert_int_equal(vcpu->state, VCPU_RUNNABLE);
	assert_true(partition->running);
	assert_int_equal(fake.kicks[1], 1);
}

static void test_stop_leaves_a_vcpu_running_elsewhere_to_its_cpu(void **state)
{
	(void)state;
	fake_arch_reset(2, 4);
	struct partition *partition = fake_partition();
	struct vcpu *here = fake_vcpu(partition, 0, 0, true), *there = fake_vcpu(partition, 1, 0, true);
	machine.cpus[0].vcpu = here;
	machine.cpus[1].vcpu = there;

	vcpu_mark_stopped(there);
	assert_int_equal(there->state, VCPU_RUNNABLE);
	vcpu_mark_stopped(here);
	assert_int_equal(here->state, VCPU_STOPPED);
	there->state = VCPU_EXITED;
	vcpu_mark_stopped(there);
	assert_int_equal(there->state, VCPU_STOPPED);
}

static void test_dedicate_only_alone_without_vmm_or_channel(void **state)
{
	(void)state;
	fake_arch_reset(3, 4);
	struct partition *partition = fake_partition();
	struct vcpu *shared = fake_vcpu(partition, 0, 0, false);
	fake_vcpu(partition, 0, 0, false);
	struct vcpu *with_vmm = fake_vcpu(partition, 1, 0, false);
	struct vcpu *alone = fake_vcpu(partition, 2, 0, false);

	assert_int_equal(vcpu_dedicate(shared), CAP_INVALID_ARGUMENT);
	with_vmm->exit_endpoint = (struct endpoint *)&fake;
	assert_int_equal(vcpu_dedicate(with_vmm), CAP_INVALID_ARGUMENT);
	alone->channel_end = true;
	assert_int_equal(vcpu_dedicate(alone), CAP_INVALID_ARGUMENT);
	alone->channel_end = false;
	assert_int_equal(vcpu_dedicate(alone), CAP_OK);
	assert_true(alone->dedicated);
	assert_null(vcpu_create(partition, 2, 0, 0, 0));
}

static void test_restart_once_claims_a_created_vcpu_once(void **state)
{
	(void)state;
	fake_arch_reset(2, 4);
	struct vcpu *vcpu = fake_vcpu(fake_partition(), 1, 0, false);
	bool started = false;

	assert_true(vcpu_restart_once(vcpu, 0x2000, 7, &started));
	assert_true(started);
	assert_false(vcpu_restart_once(vcpu, 0x3000, 8, &started));
	vcpu_apply_pending(&machine.cpus[1], vcpu, &vcpu->registers);
	assert_int_equal(vcpu->registers.elr, 0x2000);
	assert_int_equal(vcpu->registers.x[0], 7);
	assert_false(vcpu->has_restart);
}

static void test_pick_priority_then_creation_order_of_running_partitions(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *guests = fake_partition(), *other = fake_partition();
	struct partition *vmm = fake_partition();
	struct vcpu *first = fake_vcpu(guests, 0, VCPU_PRIORITY_GUEST, true);
	struct vcpu *second = fake_vcpu(other, 0, VCPU_PRIORITY_GUEST, true);
	struct vcpu *component = fake_vcpu(vmm, 0, VCPU_PRIORITY_COMPONENT, false);

	/* A trap's frame is the running vCPU's own registers; a switch enters the next one's. */
	machine.cpus[0].vcpu = first;
	first->registers.elr = 0x1234;
	sched_schedule(&first->registers);
	assert_null(fake.unloaded);
	assert_null(fake.entered_frame);

	assert_true(vcpu_start(component));
	component->registers.elr = 0x5000;
	sched_schedule(&first->registers);
	assert_ptr_equal(fake.unloaded, first);
	assert_ptr_equal(fake.loaded, component);
	assert_ptr_equal(fake.entered_frame, &component->registers);
	assert_int_equal(first->registers.elr, 0x1234);

	component->state = VCPU_WAITING_EXIT;
	sched_schedule(&component->registers);
	assert_ptr_equal(fake.loaded, first);
	assert_ptr_equal(fake.entered_frame, &first->registers);
	assert_int_equal(first->registers.elr, 0x1234);

	/* Its partition stops, which tells its vCPUs' CPUs (partition_stop). */
	guests->running = false;
	vcpu_notify_cpu(first);
	sched_schedule(&first->registers);
	assert_ptr_equal(fake.loaded, second);
}

static void test_idle_vcpu_leaves_its_cpu_until_its_deadline(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *partition = fake_partition();
	struct vcpu *sleeper = fake_vcpu(partition, 0, 0, true);
	struct vcpu *worker = fake_vcpu(partition, 0, 0, true);
	struct trap_frame frame = {0};

	/* Alone, or with an interrupt waiting, WFI does not give the CPU away. */
	machine.cpus[0].vcpu = worker;
	worker->state = VCPU_EXITED;
	/* Its exit, as the scheduler's pass after it sees it. */
	run_queue_update(&machine.cpus[0], worker);
	sched_wait_for_interrupt(sleeper);
	assert_int_equal(fake.idle_waits, 1);
	assert_int_equal(sleeper->state, VCPU_RUNNABLE);
	vcpu_wake(worker);

	machine.cpus[0].vcpu = sleeper;
	fake.timer_deadline = 500;
	sched_wait_for_interrupt(sleeper);
	assert_int_equal(sleeper->state, VCPU_IDLE);
	sched_schedule(&frame);
	assert_ptr_equal(fake.loaded, worker);
	assert_int_equal(fake_el2_timer(), 500);

	/* The EL2 timer fires early: nothing is due; then at the deadline the sleeper runs first. */
	fake.counter = 499;
	machine.cpus[0].hazards = CPU_HAZARD_TIMED_DUE | CPU_HAZARD_SCHEDULE;
	sched_return(&machine.cpus[0], &frame);
	assert_int_equal(sleeper->state, VCPU_IDLE);
	assert_ptr_equal(machine.cpus[0].vcpu, worker);
	fake.counter = 500;
	machine.cpus[0].hazards = CPU_HAZARD_TIMED_DUE | CPU_HAZARD_SCHEDULE;
	sched_return(&machine.cpus[0], &frame);
	assert_int_equal(machine.cpus[0].hazards, 0);
	assert_ptr_equal(fake.loaded, sleeper);
	assert_int_equal(fake_el2_timer(), UINT64_MAX);
}

static void test_nothing_left_to_run_powers_off(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct vcpu *last = fake_vcpu(fake_partition(), 0, 0, true);
	struct trap_frame frame = {0};
	jmp_buf entered;

	fake.entered = &entered;
	machine.cpus[0].vcpu = last;
	last->state = VCPU_STOPPED;
	fake.partitions_running = false;
	if (setjmp(entered) == 0) {
		sched_schedule(&frame);
		fail_msg("the scheduler returned with nothing to run");
	}
	assert_ptr_equal(fake.unloaded, last);
	assert_null(machine.cpus[0].vcpu);
	fake.entered = NULL;
}

/* ESR_EL2 of a stage-2 data abort with a valid syndrome (Arm ARM D17.2.37.8). */
static uint64_t data_abort(unsigned size_log2, bool sign, unsigned reg, bool wide, bool write)
{
	return (uint64_t)ESR_EC_DABT_LOWER << ESR_EC_SHIFT | 1ULL << 25 | 1ULL << 24 |
	       (uint64_t)size_log2 << 22 | (uint64_t)sign << 21 | (uint64_t)reg << 16 |
	       (uint64_t)wide << 15 | (uint64_t)write << 6;
}

static void test_abort_decodes_address_and_access(void **state)
{
	(void)state;
	uint64_t x[31] = {0};
	x[5] = 0xabcd;
	uint64_t ipa = 0x9000123ULL;
	uint64_t hpfar = (ipa >> 12) << 4;

	struct vcpu_exit exit;

	exit_decode_abort(&exit, data_abort(0, true, 3, false, false), hpfar,
			  0xffff000000000123ULL, 0x4000, x);
	assert_int_equal(exit.kind, VCPU_EXIT_DATA_ABORT);
	assert_int_equal(exit.ipa, ipa);
	assert_int_equal(exit.pc, 0x4000);
	assert_int_equal(exit.access.width, 1);
	assert_int_equal(exit.access.reg, 3);
	assert_true(exit.access.sign_extend);
	assert_false(exit.access.wide_register);
	assert_false(exit.access.write);
	assert_int_equal(exit.value, 0);

	exit_decode_abort(&exit, data_abort(2, false, 5, false, true), hpfar, 0x123, 0x4000, x);
	assert_true(exit.access.write);
	assert_int_equal(exit.access.width, 4);
	assert_int_equal(exit.value, 0xabcd);

	/* A store of the zero register writes 0; a load into it loads nothing. */
	exit_decode_abort(&exit, data_abort(3, false, 31, true, true), hpfar, 0x123, 0x4000, x);
	assert_int_equal(exit.value, 0);
	assert_int_equal(exit.access.reg, VCPU_EXIT_NO_REGISTER);

	/* No syndrome (ISV = 0): no register to complete. */
	exit_decode_abort(&exit, data_abort(3, false, 5, true, false) & ~(1ULL << 24), hpfar, 0x123,
			  0x4000, x);
	assert_int_equal(exit.access.reg, VCPU_EXIT_NO_REGISTER);

	exit_decode_abort(&exit, (uint64_t)ESR_EC_IABT_LOWER << ESR_EC_SHIFT, hpfar, 0x123, 0x4000,
			  x);
	assert_int_equal(exit.kind, VCPU_EXIT_INSTRUCTION_ABORT);
	assert_false(exit.access.write);
}

static void test_resume_completes_a_load_sized_and_sign_extended(void **state)
{
	(void)state;
	fake_arch_reset(2, 4);
	struct vcpu *vcpu = fake_vcpu(fake_partition(), 1, 0, true);
	uint64_t x[31] = {0};

	vcpu->registers.elr = 0x4000;
	exit_decode_abort(&vcpu->exit, data_abort(0, true, 3, false, false), 0, 0, 0x4000, x);
	vcpu->state = VCPU_EXITED;
	vcpu_resume(vcpu, HC_VCPU_RESUME_NEXT, 0x1280);
	assert_int_equal(vcpu->state, VCPU_RUNNABLE);
	assert_int_equal(fake.kicks[1], 2);
	vcpu_apply_pending(&machine.cpus[1], vcpu, &vcpu->registers);
	assert_int_equal(vcpu->registers.x[3], 0xffffff80ULL);
	assert_int_equal(vcpu->registers.elr, 0x4004);

	exit_decode_abort(&vcpu->exit, data_abort(1, false, 4, true, false), 0, 0, 0x4004, x);
	vcpu_resume(vcpu, HC_VCPU_RESUME_NEXT, 0x12345678);
	vcpu_apply_pending(&machine.cpus[1], vcpu, &vcpu->registers);
	assert_int_equal(vcpu->registers.x[4], 0x5678);

	vcpu_resume(vcpu, HC_VCPU_RESUME_RETRY, 0);
	vcpu_apply_pending(&machine.cpus[1], vcpu, &vcpu->registers);
	assert_int_equal(vcpu->registers.elr, 0x4008);
	assert_false(vcpu->has_resume);
}

static void test_resume_of_a_firmware_call_sets_x0_only(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct vcpu *vcpu = fake_vcpu(fake_partition(), 0, 0, true);
	uint64_t x[31] = {0x84000003ULL, 1, 0x8000, 9};

	exit_decode_firmware_call(&vcpu->exit, 0, 0x4004, x);
	assert_int_equal(vcpu->exit.ipa, 0x84000003ULL);
	assert_int_equal(vcpu->exit.arguments[0], 0x8000);
	vcpu->registers.elr = 0x4004;
	vcpu_resume(vcpu, HC_VCPU_RESUME_NEXT, 5);
	vcpu_apply_pending(&machine.cpus[0], vcpu, &vcpu->registers);
	assert_int_equal(vcpu->registers.x[0], 5);
	assert_int_equal(vcpu->registers.elr, 0x4004);
}

static bool bound_to(unsigned cpu, const struct vcpu *wanted)
{
	for_each_vcpu_on(cpu, vcpu) {
		if (vcpu == wanted)
			return true;
	}
	return false;
}

/*
 * Destroying a partition: each CPU unlinks its vCPUs itself, once off them; only then are they
 * freed, their charges given back and their entries made anew.
 */
static void test_retire_waits_for_each_cpu_to_switch_away(void **state)
{
	(void)state;
	fake_arch_reset(2, 4);
	struct partition *doomed = fake_partition(), *caller = fake_partition();
	struct vcpu *here = fake_vcpu(doomed, 0, 0, true), *there = fake_vcpu(doomed, 1, 0, true);
	struct vcpu *calling = fake_vcpu(caller, 0, 0, true);
	unsigned live = vcpus_in_use();
	here->charged = caller;
	machine.cpus[0].vcpu = calling;
	machine.cpus[1].vcpu = there;
	doomed->running = false;
	unsigned kicks = fake.kicks[1];

	assert_false(vcpu_retire(doomed));
	assert_false(bound_to(0, here));
	assert_true(here->released);
	assert_true(bound_to(1, there));
	assert_true(fake.kicks[1] > kicks);

	/* CPU 1 still runs it: it stays; once switched away, that CPU unlinks it. */
	fake_run_on(1);
	vcpu_reap(&machine.cpus[1]);
	assert_true(bound_to(1, there));
	assert_true(machine.cpus[1].reap_pending);
	machine.cpus[1].vcpu = NULL;
	vcpu_reap(&machine.cpus[1]);
	assert_false(bound_to(1, there));
	assert_false(machine.cpus[1].reap_pending);

	fake_run_on(0);
	assert_true(vcpu_retire(doomed));
	unsigned quota = caller->quota[TABLE_VCPUS];
	uint16_t freed = here->id;
	vcpus_free(doomed, caller);
	assert_int_equal(caller->quota[TABLE_VCPUS], quota + 1);
	assert_int_equal(vcpus_in_use(), live - 2);
	assert_null(vcpu_by_id(freed));
	assert_null(doomed->vcpus);
	assert_ptr_equal(vcpu_by_id(calling->id), calling);
	/* The lowest free entry is made anew. */
	assert_true(fake_vcpu(caller, 1, 0, false)->id <= freed);
}

/* The scheduler unlinks a retiring vCPU as soon as it has switched away from it. */
static void test_schedule_reaps_what_it_switched_away_from(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *doomed = fake_partition(), *other = fake_partition();
	struct vcpu *leaving = fake_vcpu(doomed, 0, 1, true), *staying = fake_vcpu(other, 0, 0, true);
	struct trap_frame frame = {0};
	machine.cpus[0].vcpu = leaving;
	fake.loaded = leaving;

	doomed->running = false;
	vcpu_notify_cpu(leaving);
	leaving->retiring = true;
	machine.cpus[0].reap_pending = true;
	machine.cpus[0].hazards = CPU_HAZARD_SCHEDULE;
	sched_schedule(&frame);
	assert_ptr_equal(machine.cpus[0].vcpu, staying);
	assert_true(leaving->released);
	assert_false(bound_to(0, leaving));
	assert_true(bound_to(0, staying));
	/* Whatever this CPU's registers held of its FP/SIMD state is dropped, not saved. */
	assert_ptr_equal(fake.left_cpu, leaving);
	assert_false(fake.left_cpu_keeps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_numbers_vcpus_per_partition_and_checks_the_cpu),
		cmocka_unit_test(test_create_takes_a_page_of_its_partitions_kernel_memory),
		cmocka_unit_test(test_start_refused_once_its_partition_stopped),
		cmocka_unit_test(test_stop_leaves_a_vcpu_running_elsewhere_to_its_cpu),
		cmocka_unit_test(test_dedicate_only_alone_without_vmm_or_channel),
		cmocka_unit_test(test_restart_once_claims_a_created_vcpu_once),
		cmocka_unit_test(test_pick_priority_then_creation_order_of_running_partitions),
		cmocka_unit_test(test_idle_vcpu_leaves_its_cpu_until_its_deadline),
		cmocka_unit_test(test_nothing_left_to_run_powers_off),
		cmocka_unit_test(test_abort_decodes_address_and_access),
		cmocka_unit_test(test_resume_completes_a_load_sized_and_sign_extended),
		cmocka_unit_test(test_resume_of_a_firmware_call_sets_x0_only),
		cmocka_unit_test(test_retire_waits_for_each_cpu_to_switch_away),
		cmocka_unit_test(test_schedule_reaps_what_it_switched_away_from),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
