/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Scheduling contexts on the host (fake_arch.h): budget accounting and replenishment per period,
 * and the pick with budgets, pauses and the EL2 timer that ends a budget.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fake_arch.h"
#include "sched.h"
#include "sched_context.h"

static void test_budget_is_charged_throttled_and_replenished(void **state)
{
	(void)state;
	struct sched_context context = {0};

	sched_context_set(&context, 30, 100, 0);
	assert_true(context.enforced);
	assert_false(sched_context_charge(&context, 10));
	assert_int_equal(context.remaining, 20);
	assert_int_equal(sched_context_next_event(&context, true), 30);
	assert_int_equal(sched_context_next_event(&context, false), 100);
	assert_true(sched_context_charge(&context, 35));
	assert_true(context.throttled);
	assert_int_equal(context.overruns, 1);
	assert_int_equal(context.consumed, 35);
	/* Throttled, it is charged nothing more and counted once. */
	assert_false(sched_context_charge(&context, 40));
	assert_int_equal(context.overruns, 1);
	assert_int_equal(sched_context_next_event(&context, true), 100);
	sched_context_replenish(&context, 99);
	assert_true(context.throttled);
	sched_context_replenish(&context, 100);
	assert_false(context.throttled);
	assert_int_equal(context.remaining, 30);
	assert_int_equal(context.replenish_at, 200);
	/* Periods it missed are gone, not owed: the next one starts on the grid. */
	sched_context_replenish(&context, 450);
	assert_int_equal(context.replenish_at, 500);
	assert_int_equal(context.remaining, 30);
}

static void test_budget_equal_to_period_is_not_enforced(void **state)
{
	(void)state;
	struct sched_context context = {0};

	sched_context_set(&context, 100, 100, 0);
	assert_false(context.enforced);
	assert_false(sched_context_charge(&context, 1000));
	assert_int_equal(context.consumed, 0);
	assert_int_equal(sched_context_next_event(&context, true), UINT64_MAX);
}

/*
 * A high-priority vCPU with 30 ticks per 100 runs until the EL2 timer ends its budget; the low one
 * runs meanwhile; at the next period the high one preempts it again.
 */
static void test_pick_runs_the_highest_priority_with_budget(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *partition = fake_partition();
	struct vcpu *low = fake_vcpu(partition, 0, 0, true), *high = fake_vcpu(partition, 0, 0, true);
	struct trap_frame frame = {0};

	machine.cpus[0].vcpu = low;
	fake_configure(high, 5, 30, 100);
	assert_true(machine.cpus[0].sched_pending);
	assert_int_equal(machine.cpus[0].hazards, CPU_HAZARD_SCHEDULE);
	sched_schedule(&frame);
	assert_ptr_equal(machine.cpus[0].vcpu, high);
	assert_int_equal(high->priority, 5);
	assert_int_equal(fake_el2_timer(), 30);

	fake.counter = 30;
	machine.cpus[0].hazards = CPU_HAZARD_TIMED_DUE | CPU_HAZARD_SCHEDULE;
	sched_return(&machine.cpus[0], &frame);
	assert_true(high->sched.throttled);
	assert_ptr_equal(machine.cpus[0].vcpu, low);
	assert_int_equal(fake_el2_timer(), 100);

	fake.counter = 100;
	machine.cpus[0].hazards = CPU_HAZARD_TIMED_DUE | CPU_HAZARD_SCHEDULE;
	sched_return(&machine.cpus[0], &frame);
	assert_ptr_equal(machine.cpus[0].vcpu, high);
	assert_int_equal(high->sched.remaining, 30);
	assert_int_equal(high->sched.overruns, 1);
	assert_int_equal(fake_el2_timer(), 130);
}

static void test_paused_vcpu_is_not_picked_until_resumed(void **state)
{
	(void)state;
	fake_arch_reset(2, 4);
	struct partition *partition = fake_partition();
	struct vcpu *low = fake_vcpu(partition, 1, 0, true), *high = fake_vcpu(partition, 1, 1, true);
	struct trap_frame frame = {0};
	unsigned kicks = fake.kicks[1];

	sched_set_paused(high, true);
	assert_int_equal(fake.kicks[1], kicks + 1);
	fake_run_on(1);
	machine.cpus[1].vcpu = high;
	sched_schedule(&frame);
	assert_ptr_equal(machine.cpus[1].vcpu, low);
	sched_set_paused(high, false);
	sched_schedule(&frame);
	assert_ptr_equal(machine.cpus[1].vcpu, high);
}

/* A vCPU moved to another CPU leaves its list there once off it, and joins the other's. */
static void test_move_is_done_by_its_cpu(void **state)
{
	(void)state;
	fake_arch_reset(2, 4);
	struct partition *partition = fake_partition();
	struct vcpu *mover = fake_vcpu(partition, 0, 0, true), *stayer = fake_vcpu(partition, 0, 0, true);
	struct trap_frame frame = {0};

	machine.cpus[0].vcpu = mover;
	assert_int_equal(vcpu_move(mover, 1), CAP_OK);
	fake_configure(mover, 0, 100, 100);
	sched_schedule(&frame);
	assert_ptr_equal(machine.cpus[0].vcpu, stayer);
	assert_int_equal(mover->cpu, 1);
	assert_ptr_equal(machine.cpus[1].bound, mover);
	assert_ptr_equal(machine.cpus[0].bound, stayer);
	assert_null(stayer->next_on_cpu);
	assert_true(machine.cpus[1].sched_pending);
	/* What CPU 0's registers held of its FP/SIMD state went with it, saved. */
	assert_ptr_equal(fake.left_cpu, mover);
	assert_true(fake.left_cpu_keeps);
}

/*
 * Alone on its CPU, a vCPU without a budget waits for its interrupt loaded (the quickest wake-up);
 * one with a budget leaves the CPU instead, so that its wait is not charged as run time.
 */
static void test_budgeted_vcpu_alone_in_wfi_leaves_its_cpu(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *partition = fake_partition();
	struct vcpu *vcpu = fake_vcpu(partition, 0, 0, true);
	unsigned waits = fake.idle_waits;

	machine.cpus[0].vcpu = vcpu;
	sched_wait_for_interrupt(vcpu);
	assert_int_equal(fake.idle_waits, waits + 1);
	assert_int_equal(vcpu->state, VCPU_RUNNABLE);

	fake_configure(vcpu, 0, 30, 100);
	struct trap_frame frame = {0};
	sched_schedule(&frame);
	assert_true(vcpu->sched.enforced);
	sched_wait_for_interrupt(vcpu);
	assert_int_equal(fake.idle_waits, waits + 1);
	assert_int_equal(vcpu->state, VCPU_IDLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_budget_is_charged_throttled_and_replenished),
		cmocka_unit_test(test_budget_equal_to_period_is_not_enforced),
		cmocka_unit_test(test_pick_runs_the_highest_priority_with_budget),
		cmocka_unit_test(test_paused_vcpu_is_not_picked_until_resumed),
		cmocka_unit_test(test_move_is_done_by_its_cpu),
		cmocka_unit_test(test_budgeted_vcpu_alone_in_wfi_leaves_its_cpu),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
