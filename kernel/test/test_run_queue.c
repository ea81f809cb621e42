/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A CPU's run queue on the host (fake_arch.h): its order (priority, then the order vCPUs were
 * bound to the CPU), its bitmap across the words of priorities, and that it is exact: a vCPU
 * leaves it as soon as it may not run (a pause, a spent budget, WFI, a destroyed partition) and
 * is back as soon as it may (a wake-up here, a kick from another CPU, a replenished budget, a
 * resume).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fake_arch.h"
#include "run_queue.h"
#include "sched.h"
#include "vcpu.h"

#define ORDER_MAX 8

/*
 * The queue of cpu in the order the scheduler would take it, highest priority first; checks on
 * the way that the bitmap, the back links and the count say what the lists hold.
 */
static unsigned queue_order(unsigned cpu, struct vcpu **order)
{
	const struct run_queue *queue = &machine.cpus[cpu].ready;
	unsigned count = 0;

	for (int priority = RUN_QUEUE_PRIORITIES - 1; priority >= 0; priority--) {
		unsigned word = (unsigned)priority / RUN_QUEUE_WORD_BITS;
		bool bit = (queue->words[word] >> (priority % RUN_QUEUE_WORD_BITS)) & 1;
		assert_int_equal(bit, queue->first[priority] != NULL);
		assert_int_equal((queue->levels >> word) & 1, queue->words[word] != 0);
		const struct vcpu *previous = NULL;
		for (struct vcpu *vcpu = queue->first[priority]; vcpu != NULL; vcpu = vcpu->next_ready) {
			assert_true(vcpu->queued);
			assert_int_equal(vcpu->priority, priority);
			assert_ptr_equal(vcpu->previous_ready, previous);
			assert_true(count < ORDER_MAX);
			order[count++] = vcpu;
			previous = vcpu;
		}
	}
	assert_int_equal(queue->count, count);
	return count;
}

static bool in_queue(unsigned cpu, const struct vcpu *vcpu)
{
	struct vcpu *order[ORDER_MAX];
	unsigned count = queue_order(cpu, order);

	for (unsigned i = 0; i < count; i++) {
		if (order[i] == vcpu)
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
	struct vcpu *order[ORDER_MAX];

	assert_int_equal(queue_order(0, order), 4);
	assert_ptr_equal(order[0], high);
	assert_ptr_equal(order[1], high_later);
	assert_ptr_equal(order[2], middle);
	assert_ptr_equal(order[3], low);
	assert_ptr_equal(run_queue_first(&machine.cpus[0].ready), high);
	/* Queued twice is queued once. */
	run_queue_insert(&machine.cpus[0].ready, high);
	assert_int_equal(queue_order(0, order), 4);
}

/* The bitmap across its words: the highest priority is found in whichever word holds it. */
static void test_pick_across_the_words_of_the_bitmap(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *partition = fake_partition();
	static const uint8_t priorities[] = {0, 63, 64, 127, 128, 200, 255};
	struct vcpu *vcpus[sizeof(priorities)];
	struct run_queue *queue = &machine.cpus[0].ready;

	for (unsigned i = 0; i < sizeof(priorities); i++)
		vcpus[i] = fake_vcpu(partition, 0, priorities[i], true);
	for (unsigned i = sizeof(priorities); i-- > 0;) {
		assert_ptr_equal(run_queue_first(queue), vcpus[i]);
		run_queue_remove(queue, vcpus[i]);
	}
	assert_null(run_queue_first(queue));
	assert_int_equal(queue->levels, 0);
	/* Back in any order, the highest comes first. */
	run_queue_insert(queue, vcpus[1]);
	run_queue_insert(queue, vcpus[4]);
	run_queue_insert(queue, vcpus[0]);
	assert_ptr_equal(run_queue_first(queue), vcpus[4]);
	run_queue_remove(queue, vcpus[4]);
	assert_ptr_equal(run_queue_first(queue), vcpus[1]);
	assert_int_equal(queue->levels, 1);
}

/* Among equals the one bound first comes first, whichever was queued first; any may leave. */
static void test_equals_in_bound_order_and_removed_from_anywhere(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *partition = fake_partition();
	struct vcpu *a = fake_vcpu(partition, 0, 5, false), *b = fake_vcpu(partition, 0, 5, false);
	struct vcpu *c = fake_vcpu(partition, 0, 5, false);
	struct run_queue *queue = &machine.cpus[0].ready;
	struct vcpu *order[ORDER_MAX];

	run_queue_insert(queue, c);
	run_queue_insert(queue, a);
	run_queue_insert(queue, b);
	assert_int_equal(queue_order(0, order), 3);
	assert_ptr_equal(order[0], a);
	assert_ptr_equal(order[1], b);
	assert_ptr_equal(order[2], c);
	run_queue_remove(queue, b);
	assert_int_equal(queue_order(0, order), 2);
	assert_ptr_equal(order[1], c);
	run_queue_remove(queue, a);
	assert_ptr_equal(run_queue_first(queue), c);
	run_queue_remove(queue, c);
	run_queue_remove(queue, c);
	assert_int_equal(queue_order(0, order), 0);
	assert_int_equal(queue->words[0], 0);
}

/* Among equals the one bound first runs: a wake-up puts it back ahead of the one that ran. */
static void test_equals_run_in_bound_order_whatever_the_wake_order(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *partition = fake_partition();
	struct vcpu *first = fake_vcpu(partition, 0, 0, true), *second = fake_vcpu(partition, 0, 0, true);
	struct cpu *cpu = &machine.cpus[0];
	struct vcpu *order[ORDER_MAX];

	struct trap_frame frame = {0};
	sched_schedule(&frame);
	assert_ptr_equal(cpu->vcpu, first);
	fake.timer_deadline = 10;
	sched_wait_for_interrupt(first);
	sched_schedule(&frame);
	assert_ptr_equal(cpu->vcpu, second);
	assert_int_equal(queue_order(0, order), 1);
	assert_ptr_equal(order[0], second);
	/* Its timer's deadline, on the EL2 timer: it preempts the one that runs. */
	assert_int_equal(fake_el2_timer(), 10);
	fake.counter = 10;
	cpu->hazards = CPU_HAZARD_TIMED_DUE | CPU_HAZARD_SCHEDULE;
	sched_return(cpu, &frame);
	assert_ptr_equal(cpu->vcpu, first);
	assert_int_equal(queue_order(0, order), 2);
	assert_ptr_equal(order[0], first);
	assert_ptr_equal(order[1], second);
}

/* A vCPU paused on its own CPU leaves the queue at once, not at the next pick; resumed, it is back. */
static void test_paused_leaves_at_once_and_resumed_returns(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *partition = fake_partition();
	struct vcpu *low = fake_vcpu(partition, 0, 0, true), *high = fake_vcpu(partition, 0, 1, true);
	struct vcpu *order[ORDER_MAX];

	sched_set_paused(high, true);
	assert_false(high->queued);
	assert_int_equal(queue_order(0, order), 1);
	assert_ptr_equal(run_queue_first(&machine.cpus[0].ready), low);
	sched_set_paused(high, false);
	assert_int_equal(queue_order(0, order), 2);
	assert_ptr_equal(order[0], high);
	assert_ptr_equal(order[1], low);
}

/* The running vCPU's WFI takes it out of the queue before the pick; alone, it stays loaded. */
static void test_running_vcpu_in_wfi_leaves_before_the_pick(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *partition = fake_partition();
	struct vcpu *high = fake_vcpu(partition, 0, 1, true), *low = fake_vcpu(partition, 0, 0, true);
	struct cpu *cpu = &machine.cpus[0];
	struct trap_frame frame = {0};

	sched_schedule(&frame);
	assert_ptr_equal(cpu->vcpu, high);
	fake.timer_deadline = 100;
	sched_wait_for_interrupt(high);
	assert_int_equal(high->state, VCPU_IDLE);
	sched_schedule(&frame);
	assert_ptr_equal(cpu->vcpu, low);
	assert_false(in_queue(0, high));
	/* With no other queued, WFI waits loaded (no switch), and the queue says so. */
	assert_false(run_queue_has_other(&cpu->ready, low->queued));
	unsigned waits = fake.idle_waits;
	sched_wait_for_interrupt(low);
	assert_int_equal(fake.idle_waits, waits + 1);
	assert_int_equal(low->state, VCPU_RUNNABLE);
}

/* A vCPU whose budget is spent leaves the queue at the charge, and is back at its next period. */
static void test_budget_exhausted_leaves_until_replenished(void **state)
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
	assert_false(in_queue(0, high));
	assert_ptr_equal(run_queue_first(&cpu->ready), low);
	fake.counter = 100;
	cpu->hazards = CPU_HAZARD_TIMED_DUE;
	sched_return(cpu, &frame);
	assert_ptr_equal(cpu->vcpu, high);
	assert_ptr_equal(run_queue_first(&cpu->ready), high);
}

/* Destroyed, a vCPU leaves its CPU's queue with its list, even one still runnable there. */
static void test_destroyed_leaves_the_queue(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct partition *doomed = fake_partition(), *other = fake_partition();
	struct vcpu *leaving = fake_vcpu(doomed, 0, 1, true), *staying = fake_vcpu(other, 0, 0, true);
	struct vcpu *order[ORDER_MAX];

	machine.cpus[0].vcpu = staying;
	assert_true(in_queue(0, leaving));
	assert_true(vcpu_retire(doomed));
	assert_int_equal(queue_order(0, order), 1);
	assert_ptr_equal(order[0], staying);
}

/*
 * Made runnable or paused from another CPU, a vCPU joins or leaves the queue when that CPU's kick
 * is taken here; a new priority moves it in the queue.
 */
static void test_kick_and_new_priority_requeue(void **state)
{
	(void)state;
	fake_arch_reset(2, 4);
	struct partition *partition = fake_partition();
	struct vcpu *low = fake_vcpu(partition, 1, 0, false), *high = fake_vcpu(partition, 1, 1, false);
	struct cpu *cpu = &machine.cpus[1];
	struct trap_frame frame = {0};
	struct vcpu *order[ORDER_MAX];

	assert_true(vcpu_start(low));
	assert_true(vcpu_start(high));
	assert_null(run_queue_first(&cpu->ready));
	fake_run_on(1);
	cpu->vcpu = low;
	sched_return(cpu, &frame);
	assert_ptr_equal(cpu->vcpu, high);
	assert_int_equal(queue_order(1, order), 2);
	assert_ptr_equal(order[1], low);

	fake_run_on(0);
	sched_set_paused(low, true);
	assert_true(in_queue(1, low));
	fake_run_on(1);
	sched_return(cpu, &frame);
	assert_false(in_queue(1, low));
	fake_run_on(0);
	sched_set_paused(low, false);
	fake_run_on(1);
	sched_return(cpu, &frame);

	fake_configure(low, 2, 100, 100);
	sched_return(cpu, &frame);
	assert_ptr_equal(cpu->vcpu, low);
	assert_int_equal(queue_order(1, order), 2);
	assert_ptr_equal(order[0], low);
	assert_ptr_equal(order[1], high);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_highest_priority_first_then_bound_order),
		cmocka_unit_test(test_pick_across_the_words_of_the_bitmap),
		cmocka_unit_test(test_equals_in_bound_order_and_removed_from_anywhere),
		cmocka_unit_test(test_equals_run_in_bound_order_whatever_the_wake_order),
		cmocka_unit_test(test_paused_leaves_at_once_and_resumed_returns),
		cmocka_unit_test(test_running_vcpu_in_wfi_leaves_before_the_pick),
		cmocka_unit_test(test_budget_exhausted_leaves_until_replenished),
		cmocka_unit_test(test_destroyed_leaves_the_queue),
		cmocka_unit_test(test_kick_and_new_priority_requeue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
