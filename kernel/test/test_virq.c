/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Virtual interrupts on the host (fake_arch.h): SGI targets decoded from ICC_SGI1R_EL1 reach the
 * vCPUs of the sender's partition they name and no other; interrupts that find no free list
 * register stay pending, with the maintenance interrupt asked for, until one frees; a virtual
 * SPI waits for its guest's distributor to enable it; a held timer interrupt is given back when
 * its vCPU leaves; a virtual timer that asserts when its vCPU is loaded is listed there and its
 * PPI made active, unless its interrupt is listed already.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "exit_decode.h"
#include "fake_arch.h"
#include "virq.h"

/* ICC_SGI1R_EL1 (GICv3 12.2.8): INTID, target list, range selector, IRM, Aff1. */
static uint64_t sgi1r(unsigned intid, uint16_t targets, unsigned range, bool all, unsigned aff1)
{
	return (uint64_t)intid << 24 | targets | (uint64_t)range << 44 | (uint64_t)all << 40 |
	       (uint64_t)aff1 << 16;
}

static void send(struct vcpu *sender, uint64_t value)
{
	virq_send_sgi(sender, exit_decode_sgi(value));
}

static void test_sgi_targets_decode(void **state)
{
	(void)state;
	struct virq_sgi sgi = exit_decode_sgi(sgi1r(5, 0x0005, 1, false, 0));
	assert_int_equal(sgi.intid, 5);
	assert_false(sgi.all_but_self);
	assert_int_equal(sgi.first_index, 16);
	assert_int_equal(sgi.targets, 0x0005);

	sgi = exit_decode_sgi(sgi1r(15, 0x00ff, 0, true, 0));
	assert_int_equal(sgi.intid, 15);
	assert_true(sgi.all_but_self);
	assert_int_equal(sgi.targets, 0);

	/* Aff1 = 1 names CPUs no partition has (its vCPUs are Aff0 values of Aff1..3 zero). */
	sgi = exit_decode_sgi(sgi1r(2, 0x0003, 0, false, 1));
	assert_int_equal(sgi.targets, 0);
}

static void test_sgi_reaches_only_the_named_vcpus_of_its_partition(void **state)
{
	(void)state;
	fake_arch_reset(4, 4);
	struct partition *own = fake_partition(), *other = fake_partition();
	struct vcpu *v0 = fake_vcpu(own, 0, 0, true), *v1 = fake_vcpu(own, 1, 0, true),
		    *v2 = fake_vcpu(own, 2, 0, true), *stranger = fake_vcpu(other, 3, 0, true);
	memset(fake.kicks, 0, sizeof(fake.kicks));

	send(v0, sgi1r(3, 0x0004, 0, false, 0));
	assert_int_equal(v2->arch.pending_sgis, 1u << 3);
	assert_int_equal(v1->arch.pending_sgis, 0);
	assert_int_equal(fake.kicks[2], 1);
	assert_int_equal(fake.kicks[1], 0);

	send(v1, sgi1r(4, 0, 0, true, 0));
	assert_int_equal(v0->arch.pending_sgis, 1u << 4);
	assert_int_equal(v1->arch.pending_sgis, 0);
	assert_int_equal(v2->arch.pending_sgis, 1u << 3 | 1u << 4);
	assert_int_equal(stranger->arch.pending_sgis, 0);
	assert_int_equal(fake.kicks[3], 0);

	/* Range 1 names indices 16 and up: none here. */
	send(v0, sgi1r(6, 0xffff, 1, false, 0));
	assert_int_equal(v1->arch.pending_sgis, 0);
}

static void test_sgi_to_itself_is_listed_at_once(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct vcpu *vcpu = fake_vcpu(fake_partition(), 0, 0, true);
	machine.cpus[0].vcpu = vcpu;

	send(vcpu, sgi1r(1, 0x0001, 0, false, 0));
	assert_true(fake_listed(1));
	assert_int_equal(vcpu->arch.pending_sgis, 0);
	assert_int_equal(fake.kicks[0], 0);
}

static void test_dedicated_vcpu_sends_to_itself_through_the_gic(void **state)
{
	(void)state;
	fake_arch_reset(1, 4);
	struct vcpu *vcpu = fake_vcpu(fake_partition(), 0, 0, false);
	assert_int_equal(vcpu_dedicate(vcpu), CAP_OK);
	machine.cpus[0].vcpu = vcpu;

	send(vcpu, sgi1r(2, 0x0001, 0, false, 0));
	assert_int_equal(fake.physical_sgis_sent, 1u << 2);
	assert_false(fake_listed(2));
	/* The kick SGI is Mortise's: a guest cannot send it. */
	send(vcpu, sgi1r(8, 0x0001, 0, false, 0));
	assert_int_equal(fake.physical_sgis_sent, 1u << 2);
}

static void test_pending_waits_for_a_free_list_register(void **state)
{
	(void)state;
	fake_arch_reset(1, 1);
	struct vcpu *vcpu = fake_vcpu(fake_partition(), 0, 0, true);
	machine.cpus[0].vcpu = vcpu;

	send(vcpu, sgi1r(1, 0x0001, 0, false, 0));
	send(vcpu, sgi1r(2, 0x0001, 0, false, 0));
	assert_true(fake_listed(1));
	assert_false(fake_listed(2));
	assert_true(virq_has_pending(vcpu));
	assert_true(fake.underflow_interrupt);

	/* The guest took the first: the maintenance interrupt's delivery lists the second. */
	fake.lr_used = 0;
	virq_deliver_pending(vcpu);
	assert_true(fake_listed(2));
	assert_false(virq_has_pending(vcpu));
	assert_false(fake.underflow_interrupt);
}

static void test_virtual_spi_waits_until_its_distributor_enables_it(void **state)
{
	(void)state;
	fake_arch_reset(2, 4);
	struct endpoint *vmm = (struct endpoint *)&fake; /* any: a VMM emulates its distributor */
	struct vcpu *vcpu = fake_vcpu(fake_partition(), 1, 0, true);
	vcpu->exit_endpoint = vmm;
	memset(fake.kicks, 0, sizeof(fake.kicks));

	virq_raise_virtual_spi(vcpu, 40);
	assert_int_equal(fake.kicks[1], 1);
	assert_true(virq_has_pending(vcpu));

	fake_run_on(1);
	machine.cpus[1].vcpu = vcpu;
	virq_deliver_pending(vcpu);
	assert_false(fake_listed(40));
	assert_false(virq_has_pending(vcpu));

	bool pending;
	assert_int_equal(virq_set_spi_enabled(vcpu, 31, true, &pending), CAP_INVALID_ARGUMENT);
	assert_int_equal(virq_set_spi_enabled(vcpu, CAP_IRQ_LIMIT, true, &pending),
			 CAP_INVALID_ARGUMENT);
	/* Its VMM sees the ring waiting behind the shut gate, and one other SPI not rung. */
	assert_int_equal(virq_set_spi_enabled(vcpu, 41, false, &pending), CAP_OK);
	assert_false(pending);
	assert_int_equal(virq_set_spi_enabled(vcpu, 40, false, &pending), CAP_OK);
	assert_true(pending);
	assert_int_equal(virq_set_spi_enabled(vcpu, 40, true, &pending), CAP_OK);
	assert_true(pending);
	assert_true(virq_has_pending(vcpu));
	virq_deliver_pending(vcpu);
	assert_true(fake_listed(40));
	/* Handed to the GIC interface: no longer pending here. */
	assert_int_equal(virq_set_spi_enabled(vcpu, 40, true, &pending), CAP_OK);
	assert_false(pending);
}

static void test_spi_for_an_idle_vcpu_wakes_it(void **state)
{
	(void)state;
	fake_arch_reset(2, 4);
	struct vcpu *vcpu = fake_vcpu(fake_partition(), 1, 0, true);
	vcpu->state = VCPU_IDLE;
	memset(fake.kicks, 0, sizeof(fake.kicks));

	virq_raise_spi(vcpu, 33);
	assert_int_equal(vcpu->state, VCPU_RUNNABLE);
	assert_int_equal(vcpu->arch.pending_spis[0], 1ULL << 33);
	assert_int_equal(fake.kicks[1], 1);
}

static void test_held_timer_interrupt_is_given_back(void **state)
{
	(void)state;
	fake_arch_reset(1, 1);
	struct vcpu *vcpu = fake_vcpu(fake_partition(), 0, 0, true);
	machine.cpus[0].vcpu = vcpu;

	virq_raise_private(vcpu, 27);
	virq_raise_private(vcpu, 30);
	assert_true(fake_listed(27));
	assert_int_equal(vcpu->arch.held_private, 1u << 30);
	assert_true(virq_has_pending(vcpu));

	virq_return_held_private(vcpu);
	assert_int_equal(vcpu->arch.held_private, 0);
	assert_int_equal(fake.deactivated, 1u << 30);
}

static void test_load_lists_an_asserted_virtual_timer_and_keeps_its_ppi_quiet(void **state)
{
	(void)state;
	fake_arch_reset(2, 4);
	fake_run_on(1);
	struct vcpu *vcpu = fake_vcpu(fake_partition(), 1, 0, true);
	virq_init_virtual_timer(27);
	uint64_t lr = 1ULL << 62 | 1ULL << 61 | 1ULL << 60 | 0xa0ULL << 48 | 27ULL << 32 | 27;

	/* Enabled, not masked, but its deadline not reached; then masked; then stopped. */
	static const uint64_t quiet[] = {0x1, 0x7, 0x4};
	for (unsigned i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++) {
		cpu_fake_set(cntv_ctl_el0, quiet[i]);
		virq_load_private(&machine.cpus[1], vcpu);
		assert_int_equal(cpu_fake_get(ich_lr0_el2), 0);
		assert_int_equal(fake_private_active_set(1), 0);
	}

	cpu_fake_set(cntv_ctl_el0, 0x5);
	virq_load_private(&machine.cpus[1], vcpu);
	assert_int_equal(cpu_fake_get(ich_lr0_el2), lr);
	assert_int_equal(fake_private_active_set(1), 1u << 27);
	assert_int_equal(fake_private_active_set(0), 0);
}

static void test_load_leaves_a_timer_listed_already_alone(void **state)
{
	(void)state;
	fake_arch_reset(1, 1);
	struct vcpu *vcpu = fake_vcpu(fake_partition(), 0, 0, true);
	virq_init_virtual_timer(27);
	cpu_fake_set(cntv_ctl_el0, 0x5);
	/* Its list registers hold the timer's interrupt, which it was handling when switched out. */
	vcpu->arch.context.vgic.in_use = 1;
	fake.lr[fake.lr_used++] = (struct fake_list_register){27, true};

	virq_load_private(&machine.cpus[0], vcpu);
	assert_int_equal(fake_private_active_set(0), 0);
	assert_int_equal(cpu_fake_get(ich_lr0_el2), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sgi_targets_decode),
		cmocka_unit_test(test_sgi_reaches_only_the_named_vcpus_of_its_partition),
		cmocka_unit_test(test_sgi_to_itself_is_listed_at_once),
		cmocka_unit_test(test_dedicated_vcpu_sends_to_itself_through_the_gic),
		cmocka_unit_test(test_pending_waits_for_a_free_list_register),
		cmocka_unit_test(test_virtual_spi_waits_until_its_distributor_enables_it),
		cmocka_unit_test(test_spi_for_an_idle_vcpu_wakes_it),
		cmocka_unit_test(test_held_timer_interrupt_is_given_back),
		cmocka_unit_test(test_load_lists_an_asserted_virtual_timer_and_keeps_its_ppi_quiet),
		cmocka_unit_test(test_load_leaves_a_timer_listed_already_alone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
