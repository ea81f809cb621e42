/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A CPU's timed events on the host (fake_arch.h): earliest first, what the EL2 timer is set for,
 * what a wake-up from another CPU leaves stale, a preempted budget made whole at its period's
 * start, and what leaves with a vCPU that is destroyed or moves to another CPU.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fake_arch.h"
#include "sched.h"
#include "timed_queue.h"
#include "vcpu.h"

/* sleeper, running on CPU 0, goes idle until deadline; the next runnable vCPU runs instead. */
static void sleep_until(struct vcpu *sleeper, uint64_t deadline, struct trap_frame *frame)
{
	assert_ptr_equal(machine.cpus[0].vcpu, sleeper);
	fake.timer_deadline = deadline;
	sched_wait_for_interrupt(sleeper);
	assert_int_equal(sleeper->state, VCPU_IDLE);
	sched_schedule(frame);
}

static void test_earliest_first_and_moved_when_added_again(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *partition = fake_partition();
	struct vcpu *a = fake_vcpu(partition, 0, 0, false), *b = fake_vcpu(partition, 0, 0, false);
	struct vcpu *c = fake_vcpu(partition, 0, 0, false);
	struct cpu *cpu = &machine.cpus[0];

	assert_int_equal(timed_queue_first_at(cpu), UINT64_MAX);
	timed_queue_add(cpu, a, 300);
	timed_queue_add(cpu, b, 100);
	timed_queue_add(cpu, c, 300);
	assert_ptr_equal(cpu->timed, b);
	assert_ptr_equal(b->next_timed, a);
	assert_ptr_equal(a->next_timed, c);
	timed_queue_add(cpu, c, 50);
	assert_ptr_equal(cpu->timed, c);
	assert_ptr_equal(c->next_timed, b);
	assert_null(a->next_timed);
	assert_null(timed_queue_take_due(cpu, 49));
	assert_ptr_equal(timed_queue_take_due(cpu, 100), c);
	assert_false(c->timed);
	assert_ptr_equal(timed_queue_take_due(cpu, 100), b);
	assert_null(timed_queue_take_due(cpu, 100));
	timed_queue_remove(cpu, a);
	timed_queue_remove(cpu, a);
	assert_null(cpu->timed);
	assert_int_equal(timed_queue_first_at(cpu), UINT64_MAX);
}

/*
 * The EL2 timer is set for the earliest idle deadline, and when it fires only that entry is
 * done: the other sleeper stays idle, queued for its own deadline.
 */
static void test_timer_fires_for_the_earliest_and_does_only_what_is_due(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *partition = fake_partition();
	struct vcpu *early = fake_vcpu(partition, 0, 0, true), *late = fake_vcpu(partition, 0, 0, true);
	struct vcpu *worker = fake_vcpu(partition, 0, 0, true);
	struct cpu *cpu = &machine.cpus[0];
	struct trap_frame frame = {0};

	sched_schedule(&frame);
	sleep_until(early, 500, &frame);
	sleep_until(late, 900, &frame);
	assert_ptr_equal(cpu->vcpu, worker);
	assert_int_equal(fake_el2_timer(), 500);
	fake.counter = 500;
	cpu->hazards = CPU_HAZARD_TIMED_DUE | CPU_HAZARD_SCHEDULE;
	sched_return(cpu, &frame);
	assert_ptr_equal(cpu->vcpu, early);
	assert_int_equal(late->state, VCPU_IDLE);
	assert_ptr_equal(cpu->timed, late);
	assert_int_equal(fake_el2_timer(), 900);
}

/*
 * Woken from another CPU, an idle vCPU keeps its entry: when it is loaded the entry goes; when it
 * is not, the entry comes due, finds nothing to do and is dropped.
 */
static void test_remote_wake_leaves_a_stale_entry_dropped_later(void **state)
{
	(void)state;
	fake_arch_reset(2, 4);
	struct partition *partition = fake_partition();
	struct vcpu *sleeper = fake_vcpu(partition, 0, 0, true);
	struct vcpu *worker = fake_vcpu(partition, 0, 0, true);
	struct cpu *cpu = &machine.cpus[0];
	struct trap_frame frame = {0};

	sched_schedule(&frame);
	sleep_until(sleeper, 500, &frame);
	fake_run_on(1);
	vcpu_wake_if_idle(sleeper);
	vcpu_notify_cpu(sleeper);
	fake_run_on(0);
	assert_true(sleeper->timed);
	sched_return(cpu, &frame);
	assert_ptr_equal(cpu->vcpu, sleeper);
	assert_false(sleeper->timed);
	assert_int_equal(fake_el2_timer(), UINT64_MAX);

	/* Now woken while a higher priority runs: not loaded, so its entry waits to come due. */
	sleep_until(sleeper, 800, &frame);
	fake_configure(worker, 1, 100, 100);
	sched_return(cpu, &frame);
	assert_ptr_equal(cpu->vcpu, worker);
	fake_run_on(1);
	vcpu_wake_if_idle(sleeper);
	vcpu_notify_cpu(sleeper);
	fake_run_on(0);
	sched_return(cpu, &frame);
	assert_ptr_equal(cpu->vcpu, worker);
	assert_true(sleeper->timed);
	fake.counter = 800;
	cpu->hazards = CPU_HAZARD_TIMED_DUE | CPU_HAZARD_SCHEDULE;
	sched_return(cpu, &frame);
	assert_ptr_equal(cpu->vcpu, worker);
	assert_int_equal(sleeper->state, VCPU_RUNNABLE);
	assert_null(cpu->timed);
	assert_int_equal(fake_el2_timer(), UINT64_MAX);
}

/*
 * A budgeted vCPU is queued for its next period, whose start makes its budget whole (a deferrable
 * server), running or preempted with budget left: its entry moves only when its period does.
 */
static void test_preempted_budget_is_whole_at_its_next_period(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *partition = fake_partition();
	struct vcpu *low = fake_vcpu(partition, 0, 0, true), *high = fake_vcpu(partition, 0, 1, true);
	struct cpu *cpu = &machine.cpus[0];
	struct trap_frame frame = {0};

	sched_set_paused(high, true);
	fake_configure(low, 0, 30, 100);
	sched_schedule(&frame);
	assert_ptr_equal(cpu->vcpu, low);
	assert_ptr_equal(cpu->timed, low);
	assert_int_equal(low->timed_at, 100);
	assert_int_equal(fake_el2_timer(), 30);

	fake.counter = 10;
	sched_set_paused(high, false);
	sched_return(cpu, &frame);
	assert_ptr_equal(cpu->vcpu, high);
	assert_int_equal(low->sched.remaining, 20);
	assert_false(low->sched.throttled);
	assert_ptr_equal(cpu->timed, low);
	assert_int_equal(fake_el2_timer(), 100);

	fake.counter = 100;
	cpu->hazards = CPU_HAZARD_TIMED_DUE | CPU_HAZARD_SCHEDULE;
	sched_return(cpu, &frame);
	assert_ptr_equal(cpu->vcpu, high);
	assert_int_equal(low->sched.remaining, 30);
	assert_int_equal(low->sched.replenish_at, 200);
	assert_ptr_equal(cpu->timed, low);
	assert_int_equal(fake_el2_timer(), 200);

	fake.counter = 150;
	sched_set_paused(high, true);
	sched_return(cpu, &frame);
	assert_ptr_equal(cpu->vcpu, low);
	assert_ptr_equal(cpu->timed, low);
	assert_int_equal(low->timed_at, 200);
	assert_int_equal(fake_el2_timer(), 180);
	assert_int_equal(low->sched.overruns, 0);
}

/* A destroyed vCPU leaves the timed queue with its CPU's list. */
static void test_destroyed_leaves_the_timed_queue(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *doomed = fake_partition(), *other = fake_partition();
	struct vcpu *sleeper = fake_vcpu(doomed, 0, 0, true), *worker = fake_vcpu(other, 0, 0, true);
	struct cpu *cpu = &machine.cpus[0];
	struct trap_frame frame = {0};

	sched_schedule(&frame);
	sleep_until(sleeper, 500, &frame);
	assert_ptr_equal(cpu->vcpu, worker);
	assert_ptr_equal(cpu->timed, sleeper);
	assert_true(vcpu_retire(doomed));
	assert_null(cpu->timed);
	assert_false(sleeper->timed);
}

/* Moved to another CPU while idle, a vCPU's deadline goes with it to that CPU's queue. */
static void test_moved_vcpu_takes_its_deadline_along(void **state)
{
	(void)state;
	fake_arch_reset(2, 4);
	struct partition *partition = fake_partition();
	struct vcpu *sleeper = fake_vcpu(partition, 0, 0, true), *worker = fake_vcpu(partition, 0, 0, true);
	struct vcpu *there = fake_vcpu(partition, 1, 0, true);
	struct trap_frame frame = {0};

	sched_schedule(&frame);
	sleep_until(sleeper, 500, &frame);
	assert_ptr_equal(machine.cpus[0].vcpu, worker);
	assert_int_equal(vcpu_move(sleeper, 1), CAP_OK);
	fake_configure(sleeper, 0, 100, 100);
	sched_schedule(&frame);
	assert_int_equal(sleeper->cpu, 1);
	assert_null(machine.cpus[0].timed);

	fake_run_on(1);
	cpu_fake_set(cnthp_ctl_el2, 0);
	sched_schedule(&frame);
	assert_ptr_equal(machine.cpus[1].vcpu, there);
	assert_ptr_equal(machine.cpus[1].timed, sleeper);
	assert_int_equal(fake_el2_timer(), 500);
	fake.counter = 500;
	machine.cpus[1].hazards = CPU_HAZARD_TIMED_DUE | CPU_HAZARD_SCHEDULE;
	sched_return(&machine.cpus[1], &frame);
	assert_int_equal(sleeper->state, VCPU_RUNNABLE);
	assert_null(machine.cpus[1].timed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_earliest_first_and_moved_when_added_again),
		cmocka_unit_test(test_timer_fires_for_the_earliest_and_does_only_what_is_due),
		cmocka_unit_test(test_remote_wake_leaves_a_stale_entry_dropped_later),
		cmocka_unit_test(test_preempted_budget_is_whole_at_its_next_period),
		cmocka_unit_test(test_destroyed_leaves_the_timed_queue),
		cmocka_unit_test(test_moved_vcpu_takes_its_deadline_along),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
