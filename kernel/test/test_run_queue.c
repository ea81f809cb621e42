/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A CPU's run queue on the host (fake_arch.h): its order (priority, then the order vCPUs were
 * bound to the CPU), what leaves it (a pause, a spent budget, WFI, a destroyed partition), and
 * what puts a vCPU back (a wake-up here, a kick from another CPU, a replenished budget).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fake_arch.h"
#include "run_queue.h"
#include "sched.h"
#include "vcpu.h"

static bool in_queue(unsigned cpu, const struct vcpu *vcpu)
{
	for (const struct vcpu *queued = machine.cpus[cpu].ready; queued != NULL;
	     queued = queued->next_ready) {
		if (queued == vcpu)
			return true;
	}
	return false;
}

static void test_highest_priority_first_then_bound_order(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *partition = fake_partition();
	struct vcpu *low = fake_vcpu(partition, 0, 0, true);
	struct vcpu *high = fake_vcpu(partition, 0, 2, true);
	struct vcpu *high_later = fake_vcpu(partition, 0, 2, true);
	struct vcpu *middle = fake_vcpu(partition, 0, 1, true);
	struct cpu *cpu = &machine.cpus[0];

	assert_ptr_equal(cpu->ready, high);
	assert_ptr_equal(high->next_ready, high_later);
	assert_ptr_equal(high_later->next_ready, middle);
	assert_ptr_equal(middle->next_ready, low);
	assert_null(low->next_ready);
	assert_ptr_equal(run_queue_first(cpu), high);
	/* Queued twice is queued once. */
	run_queue_add(cpu, high);
	assert_ptr_equal(high->next_ready, high_later);
}

/* Among equals the one bound first runs, whichever was woken first. */
static void test_equals_run_in_bound_order_whatever_the_wake_order(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *partition = fake_partition();
	struct vcpu *first = fake_vcpu(partition, 0, 0, true), *second = fake_vcpu(partition, 0, 0, true);
	struct cpu *cpu = &machine.cpus[0];

	struct trap_frame frame = {0};
	sched_schedule(&frame);
	assert_ptr_equal(cpu->vcpu, first);
	fake.timer_deadline = 10;
	sched_wait_for_interrupt(first);
	sched_schedule(&frame);
	assert_ptr_equal(cpu->vcpu, second);
	assert_ptr_equal(run_queue_first(cpu), second);
	assert_false(in_queue(0, first));
	/* Its timer's deadline, on the EL2 timer: it preempts the one that runs. */
	assert_int_equal(fake.el2_timer, 10);
	fake.counter = 10;
	cpu->hazards = CPU_HAZARD_TIMED_DUE | CPU_HAZARD_SCHEDULE;
	sched_return(cpu, &frame);
	assert_ptr_equal(cpu->vcpu, first);
	assert_ptr_equal(cpu->ready, first);
	assert_ptr_equal(first->next_ready, second);
}

/* A paused vCPU leaves the queue at the next pick; resumed here, it is back in its place. */
static void test_paused_leaves_and_resumed_returns(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *partition = fake_partition();
	struct vcpu *low = fake_vcpu(partition, 0, 0, true), *high = fake_vcpu(partition, 0, 1, true);
	struct cpu *cpu = &machine.cpus[0];

	sched_set_paused(high, true);
	assert_ptr_equal(run_queue_first(cpu), low);
	assert_false(in_queue(0, high));
	assert_false(high->queued);
	sched_set_paused(high, false);
	assert_ptr_equal(run_queue_first(cpu), high);
	assert_ptr_equal(high->next_ready, low);
}

/* A vCPU whose budget is spent is not picked until its next period. */
static void test_budget_exhausted_is_not_picked(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *partition = fake_partition();
	struct vcpu *low = fake_vcpu(partition, 0, 0, true), *high = fake_vcpu(partition, 0, 1, true);
	struct cpu *cpu = &machine.cpus[0];
	struct trap_frame frame = {0};

	fake_configure(high, 1, 30, 100);
	sched_schedule(&frame);
	assert_ptr_equal(cpu->vcpu, high);
	fake.counter = 30;
	cpu->hazards = CPU_HAZARD_TIMED_DUE;
	sched_return(cpu, &frame);
	assert_ptr_equal(cpu->vcpu, low);
	assert_ptr_equal(run_queue_first(cpu), low);
	assert_false(in_queue(0, high));
	fake.counter = 100;
	cpu->hazards = CPU_HAZARD_TIMED_DUE;
	sched_return(cpu, &frame);
	assert_ptr_equal(cpu->vcpu, high);
	assert_ptr_equal(cpu->ready, high);
}

/* Destroyed, a vCPU leaves its CPU's queue with its list, even one still runnable there. */
static void test_destroyed_leaves_the_queue(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *doomed = fake_partition(), *other = fake_partition();
	struct vcpu *leaving = fake_vcpu(doomed, 0, 1, true), *staying = fake_vcpu(other, 0, 0, true);
	struct cpu *cpu = &machine.cpus[0];

	cpu->vcpu = staying;
	assert_true(in_queue(0, leaving));
	assert_true(vcpu_retire(doomed));
	assert_false(in_queue(0, leaving));
	assert_ptr_equal(cpu->ready, staying);
	assert_null(staying->next_ready);
}

/*
 * Made runnable from another CPU, a vCPU is queued when that CPU's kick is taken here; a new
 * priority moves it in the queue.
 */
static void test_kick_and_new_priority_requeue(void **state)
{
	(void)state;
	fake_arch_reset(2, 4);
	struct partition *partition = fake_partition();
	struct vcpu *low = fake_vcpu(partition, 1, 0, false), *high = fake_vcpu(partition, 1, 1, false);
	struct cpu *cpu = &machine.cpus[1];
	struct trap_frame frame = {0};

	assert_true(vcpu_start(low));
	assert_true(vcpu_start(high));
	assert_null(cpu->ready);
	fake_run_on(1);
	cpu->vcpu = low;
	sched_return(cpu, &frame);
	assert_ptr_equal(cpu->vcpu, high);
	assert_ptr_equal(high->next_ready, low);

	fake_configure(low, 2, 100, 100);
	sched_return(cpu, &frame);
	assert_ptr_equal(cpu->vcpu, low);
	assert_ptr_equal(cpu->ready, low);
	assert_ptr_equal(low->next_ready, high);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_highest_priority_first_then_bound_order),
		cmocka_unit_test(test_equals_run_in_bound_order_whatever_the_wake_order),
		cmocka_unit_test(test_paused_leaves_and_resumed_returns),
		cmocka_unit_test(test_budget_exhausted_is_not_picked),
		cmocka_unit_test(test_destroyed_leaves_the_queue),
		cmocka_unit_test(test_kick_and_new_priority_requeue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
