/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Exits served on their own CPU (hand_off.h) on the host (fake_arch.h): the guest lends its turn
 * to a VMM context, which the scheduler runs, charges and preempts as the guest; the context's
 * answer goes straight back; a context's fault ends its guest alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "endpoint.h"
#include "fake_arch.h"
#include "hand_off.h"
#include "sched.h"

struct loan {
	struct partition *vmm, *guests;
	struct vcpu *guest, *other, *context;
	struct endpoint endpoint;
	struct trap_frame frame;
};

/*
 * On CPU 0: a guest at priority 1 with 30 ticks per 100, another guest's vCPU at 0, and a VMM
 * context waiting for exits there; the first guest runs.
 */
static void set_up(struct loan *loan)
{
	fake_arch_reset(1, 4);
	*loan = (struct loan){0};
	loan->vmm = fake_partition();
	loan->guests = fake_partition();
	loan->guest = fake_vcpu(loan->guests, 0, 1, true);
	loan->other = fake_vcpu(fake_partition(), 0, 0, true);
	loan->context = fake_vcpu(loan->vmm, 0, 0, true);
	loan->vmm->running = true;
	loan->endpoint.receiver = loan->vmm;
	loan->guest->exit_endpoint = &loan->endpoint;
	assert_true(endpoint_add_context(&loan->endpoint, loan->context));
	fake_configure(loan->guest, 1, 30, 100);
	/* The context's first endpoint.serve: it waits, and the guest runs. */
	machine.cpus[0].vcpu = loan->context;
	assert_int_equal(hand_off_serve(loan->context, 0, 0), CAP_OK);
	assert_int_equal(loan->context->state, VCPU_SERVING);
	sched_schedule(&loan->frame);
	assert_ptr_equal(machine.cpus[0].vcpu, loan->guest);
	assert_int_equal(fake_el2_timer(), 30);
}

/* The guest's exit: a load into w3 of an emulated register, handed to the context. */
static void lend(struct loan *loan)
{
	jmp_buf entered;

	loan->guest->exit = (struct vcpu_exit){
		.kind = VCPU_EXIT_DATA_ABORT,
		.access = {.width = 4, .reg = 3},
		.instruction_length = 4,
	};
	fake.entered = &entered;
	if (setjmp(entered) == 0)
		hand_off_exit(loan->guest);
	fake.entered = NULL;
	assert_ptr_equal(fake.entered_vcpu, loan->context);
}

/* The EL2 timer ends the guest's budget while its context runs on its turn. */
static void spend_the_guests_budget(struct loan *loan)
{
	fake.counter = 30;
	machine.cpus[0].hazards = CPU_HAZARD_TIMED_DUE | CPU_HAZARD_SCHEDULE;
	sched_return(&machine.cpus[0], &loan->context->registers);
}

static void test_exit_runs_the_context_on_the_guests_turn(void **state)
{
	(void)state;
	struct loan loan;

	set_up(&loan);
	lend(&loan);
	assert_int_equal(loan.context->state, VCPU_LENT);
	assert_ptr_equal(loan.context->lender, loan.guest);
	assert_ptr_equal(loan.guest->lent_to, loan.context);
	/* The scheduler's entity is still the guest: queued and on its budget. */
	assert_true(loan.guest->queued);
	assert_false(loan.context->queued);
	assert_int_equal(fake_el2_timer(), 30);

	/* Its budget ends while the context serves: both leave the CPU for the other guest. */
	spend_the_guests_budget(&loan);
	assert_true(loan.guest->sched.throttled);
	assert_ptr_equal(fake.unloaded, loan.context);
	assert_ptr_equal(machine.cpus[0].vcpu, loan.other);
	assert_int_equal(loan.context->state, VCPU_LENT);

	/* Its next period: the guest's turn again, and what runs on it is the context. */
	fake.counter = 100;
	machine.cpus[0].hazards = CPU_HAZARD_TIMED_DUE | CPU_HAZARD_SCHEDULE;
	sched_return(&machine.cpus[0], &loan.other->registers);
	assert_ptr_equal(machine.cpus[0].vcpu, loan.context);
	assert_ptr_equal(fake.entered_frame, &loan.context->registers);
	assert_int_equal(fake_el2_timer(), 130);
}

static void test_answer_goes_straight_back_to_the_guest(void **state)
{
	(void)state;
	struct loan loan;
	jmp_buf entered;

	set_up(&loan);
	lend(&loan);
	loan.guest->registers.elr = 0x1000;
	assert_int_equal(hand_off_serve(loan.context, HC_VCPU_RESUME_NEXT, 0x1234567890), CAP_OK);
	assert_int_equal(loan.context->state, VCPU_ANSWERED);
	assert_int_equal(loan.guest->registers.x[3], 0x34567890);
	assert_int_equal(loan.guest->registers.elr, 0x1004);
	fake.entered = &entered;
	if (setjmp(entered) == 0)
		hand_off_return(&loan.context->registers);
	fake.entered = NULL;
	assert_ptr_equal(machine.cpus[0].vcpu, loan.guest);
	assert_int_equal(loan.context->state, VCPU_SERVING);
	assert_null(loan.guest->lent_to);
	assert_null(loan.context->lender);
	/* Waiting again: the next exit finds it. */
	lend(&loan);
	assert_ptr_equal(machine.cpus[0].vcpu, loan.context);
}

static void test_refused_answer_changes_nothing(void **state)
{
	(void)state;
	struct loan loan;

	set_up(&loan);
	/* Not a context: another vCPU of the VMM has no loan to answer. */
	struct vcpu *stranger = fake_vcpu(loan.vmm, 0, 0, false);
	assert_int_equal(hand_off_serve(stranger, HC_VCPU_RESUME_NEXT, 0), CAP_INVALID_ARGUMENT);
	assert_int_equal(stranger->state, VCPU_CREATED);
	lend(&loan);
	loan.guest->exit.kind = VCPU_EXIT_FIRMWARE_CALL;
	/* A firmware call has no access to abort. */
	assert_int_equal(hand_off_serve(loan.context, HC_VCPU_RESUME_ABORT, 0),
			 CAP_INVALID_ARGUMENT);
	assert_int_equal(hand_off_serve(loan.context, 99, 0), CAP_INVALID_ARGUMENT);
	assert_int_equal(loan.context->state, VCPU_LENT);
	assert_ptr_equal(loan.guest->lent_to, loan.context);
	assert_false(loan.guest->has_resume);
}

static void test_faulting_context_stops_its_guest_alone(void **state)
{
	(void)state;
	struct loan loan;

	set_up(&loan);
	lend(&loan);
	hand_off_fault(loan.context);
	assert_string_equal(fake.stop_reason, "its VMM context faulted");
	assert_true(loan.guests->stopped);
	assert_true(loan.vmm->running);
	assert_int_equal(loan.context->state, VCPU_STOPPED);
	assert_null(loan.guest->lent_to);
	assert_false(loan.guest->queued);
	sched_schedule(&loan.context->registers);
	assert_ptr_equal(fake.unloaded, loan.context);
	assert_false(loan.context->queued);
}

/*
 * The context stops its own guest (vcpu.stop): it finishes on a turn of its own, queued at its
 * priority (the other guest's, bound before it, runs first).
 */
static void test_loan_ends_when_the_guest_stops(void **state)
{
	(void)state;
	struct loan loan;

	set_up(&loan);
	lend(&loan);
	partition_stop(loan.guest, "stopped by its VMM");
	sched_schedule(&loan.context->registers);
	assert_null(loan.context->lender);
	assert_int_equal(loan.context->state, VCPU_RUNNABLE);
	assert_true(loan.context->queued);
	assert_ptr_equal(machine.cpus[0].vcpu, loan.other);
	machine.cpus[0].vcpu = loan.context;
	/* Its next endpoint.serve answers nobody and waits. */
	assert_int_equal(hand_off_serve(loan.context, HC_VCPU_RESUME_NEXT, 0), CAP_OK);
	assert_int_equal(loan.context->state, VCPU_SERVING);
}

/* The VMM stops while its context serves: the guest, whose exit nobody will answer, stops too. */
static void test_guest_stops_with_its_vmm(void **state)
{
	(void)state;
	struct loan loan;

	set_up(&loan);
	lend(&loan);
	loan.vmm->running = false;
	sched_schedule(&loan.context->registers);
	assert_string_equal(fake.stop_reason, "its VMM has stopped");
	assert_true(loan.guests->stopped);
	assert_int_equal(loan.context->state, VCPU_STOPPED);
	assert_null(loan.guest->lent_to);
}

/*
 * A guest switched out in a loan is destroyed: its CPU's reap gives the turn back, so that it can
 * be released, and the context finishes on its own turn.
 */
static void test_retiring_guest_gives_its_turn_back(void **state)
{
	(void)state;
	struct loan loan;

	set_up(&loan);
	lend(&loan);
	spend_the_guests_budget(&loan);
	assert_ptr_equal(machine.cpus[0].vcpu, loan.other);
	partition_stop(loan.guest, "destroyed");
	loan.guest->retiring = true;
	machine.cpus[0].reap_pending = true;
	vcpu_reap(&machine.cpus[0]);
	assert_true(loan.guest->released);
	assert_null(loan.guest->lent_to);
	assert_null(loan.context->lender);
	assert_int_equal(loan.context->state, VCPU_RUNNABLE);
	assert_true(loan.context->queued);
}

/*
 * The guest is stopped (not destroyed) while the other guest runs on its throttled turn: the
 * stop's notice gives the turn back, and the context runs on its own, not lent until the guest is
 * destroyed.
 */
static void test_stop_of_a_switched_out_guest_ends_its_loan(void **state)
{
	(void)state;
	struct loan loan;

	set_up(&loan);
	lend(&loan);
	spend_the_guests_budget(&loan);
	assert_ptr_equal(machine.cpus[0].vcpu, loan.other);
	partition_stop(loan.guest, "stopped by its root");
	assert_null(loan.guest->lent_to);
	assert_null(loan.context->lender);
	assert_int_equal(loan.context->state, VCPU_RUNNABLE);
	assert_true(loan.context->queued);
	assert_false(loan.guest->queued);
}

/* The same stop made on another CPU: the kick's look at every vCPU bound here ends the loan. */
static void test_stop_from_another_cpu_ends_the_loan_at_the_kick(void **state)
{
	(void)state;
	struct loan loan;

	set_up(&loan);
	lend(&loan);
	spend_the_guests_budget(&loan);
	loan.guests->stopped = true;
	loan.guests->running = false;
	cpu_kick(0);
	assert_int_equal(loan.context->state, VCPU_LENT);
	sched_return(&machine.cpus[0], &loan.other->registers);
	assert_null(loan.context->lender);
	assert_int_equal(loan.context->state, VCPU_RUNNABLE);
	assert_true(loan.context->queued);
	/* Both at priority 0: the other guest, bound first, goes on; the context is next. */
	assert_ptr_equal(machine.cpus[0].vcpu, loan.other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_runs_the_context_on_the_guests_turn),
		cmocka_unit_test(test_answer_goes_straight_back_to_the_guest),
		cmocka_unit_test(test_refused_answer_changes_nothing),
		cmocka_unit_test(test_faulting_context_stops_its_guest_alone),
		cmocka_unit_test(test_loan_ends_when_the_guest_stops),
		cmocka_unit_test(test_guest_stops_with_its_vmm),
		cmocka_unit_test(test_retiring_guest_gives_its_turn_back),
		cmocka_unit_test(test_stop_of_a_switched_out_guest_ends_its_loan),
		cmocka_unit_test(test_stop_from_another_cpu_ends_the_loan_at_the_kick),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
