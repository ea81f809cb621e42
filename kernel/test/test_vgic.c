/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The list registers on the host (the CPU fake stands in for the ICH_* registers, a buffer for
 * the redistributor's SGI frame): a vCPU switched away gives its physical private interrupts back
 * to the CPU, dropping what it had not taken and keeping what it is handling, whose physical
 * active state the next load puts back; a timer found asserted at a load is listed once, never
 * beside its own INTID, and only where a list register is free; thrown-away state deactivates
 * only the SPIs it still links.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "cpu.h"
#include "machine.h"
#include "vgic.h"

#define LIST_REGISTERS 4
#define SGI_BASE 0x10000u
#define GICR_ISACTIVER0 0x300u
#define VIRTUAL_TIMER 27
#define PHYSICAL_TIMER 30
#define PASSED_SPI 40

/* ICH_LR<n>_EL2 states, bits 63:62 (IHI 0069, 12.4.14). */
#define PENDING (1ULL << 62)
#define ACTIVE (2ULL << 62)

struct machine machine;
uintptr_t cpu_stack_tops[CONFIG_MAX_CPUS];
static uint32_t deactivated; /* bit = INTID - 16 for PPIs, SPIs from bit 16 on (intid - 24) */
static uint32_t sgi_frame[0x400 / 4];

static uint32_t bit(uint32_t intid)
{
	return intid < 32 ? 1u << (intid - 16) : 1u << (intid - 24);
}

void gicv3_deactivate(uint32_t intid)
{
	deactivated |= bit(intid);
}

void gicv3_split_priority_drop(bool split)
{
	(void)split;
}

static uint64_t this_cpu(void)
{
	return (uintptr_t)&machine.cpus[0];
}

static uint64_t elrsr(void)
{
	uint64_t empty = 0;
	static const char *const names[LIST_REGISTERS] = {"ich_lr0_el2", "ich_lr1_el2",
							   "ich_lr2_el2", "ich_lr3_el2"};
	for (unsigned i = 0; i < LIST_REGISTERS; i++) {
		if (cpu_fake_sysreg_read(names[i]) == 0)
			empty |= 1ULL << i;
	}
	return empty;
}

static int setup(void **state)
{
	(void)state;
	cpu_fake_reset();
	memset(&machine, 0, sizeof(machine));
	memset(sgi_frame, 0, sizeof(sgi_frame));
	deactivated = 0;
	machine.cpus[0].arch.redistributor = (uintptr_t)sgi_frame - SGI_BASE;
	cpu_fake_on_read("tpidr_el2", this_cpu);
	cpu_fake_on_read("ich_elrsr_el2", elrsr);
	cpu_fake_set(ich_vtr_el2, LIST_REGISTERS - 1);
	vgic_init_cpu();
	return 0;
}

static uint64_t linked(uint64_t state, uint32_t intid)
{
	return state | 1ULL << 61 | 1ULL << 60 | 0xa0ULL << 48 | (uint64_t)intid << 32 | intid;
}

static uint64_t virtual_sgi(uint32_t intid)
{
	return PENDING | 1ULL << 60 | 0xa0ULL << 48 | intid;
}

/* A vCPU switched out with these four list registers. */
static struct vgic_state switched_out(void)
{
	cpu_fake_set(ich_lr0_el2, linked(PENDING, VIRTUAL_TIMER));
	cpu_fake_set(ich_lr1_el2, linked(ACTIVE, PHYSICAL_TIMER));
	cpu_fake_set(ich_lr2_el2, linked(ACTIVE | PENDING, PASSED_SPI));
	cpu_fake_set(ich_lr3_el2, virtual_sgi(3));
	struct vgic_state saved;
	memset(&saved, 0, sizeof(saved));
	vgic_save(&saved);
	return saved;
}

static void test_switch_away_gives_private_interrupts_back(void **state)
{
	(void)state;
	struct vgic_state saved = switched_out();

	assert_int_equal(saved.in_use, 0xf);
	assert_int_equal(elrsr(), 0xf);
	/* The SPI it is handling still links its physical one: the vCPU is not released yet. */
	assert_true(vgic_return_private(&saved));
	/* Both timers' PPIs are the CPU's again; the untaken one is dropped, the other kept. */
	assert_int_equal(deactivated, bit(VIRTUAL_TIMER) | bit(PHYSICAL_TIMER));
	assert_int_equal(saved.in_use, 0xe);
	assert_int_equal(saved.private_active, 1u << PHYSICAL_TIMER);
}

static void test_load_makes_what_it_handles_active_again(void **state)
{
	(void)state;
	struct vgic_state saved = switched_out();
	vgic_return_private(&saved);

	vgic_restore(&saved);
	assert_int_equal(cpu_fake_get(ich_lr1_el2), linked(ACTIVE, PHYSICAL_TIMER));
	assert_int_equal(cpu_fake_get(ich_lr2_el2), linked(ACTIVE | PENDING, PASSED_SPI));
	assert_int_equal(cpu_fake_get(ich_lr3_el2), virtual_sgi(3));
	assert_int_equal(cpu_fake_get(ich_lr0_el2), 0);
	assert_int_equal(sgi_frame[GICR_ISACTIVER0 / 4], 1u << PHYSICAL_TIMER);
	/* Once: a later switch away decides again from what the registers then hold. */
	assert_int_equal(saved.private_active, 0);

	/* The virtual timer asserts at this load: into the free list register. */
	assert_true(vgic_list_loaded(&saved, linked(PENDING, VIRTUAL_TIMER)));
	assert_int_equal(cpu_fake_get(ich_lr0_el2), linked(PENDING, VIRTUAL_TIMER));
}

static void test_timer_is_not_listed_beside_itself_or_without_room(void **state)
{
	(void)state;
	struct vgic_state saved;
	memset(&saved, 0, sizeof(saved));
	saved.in_use = 0x1;
	saved.lr[0] = linked(ACTIVE, VIRTUAL_TIMER);
	vgic_restore(&saved);
	/* Its handler runs: the level it may have stopped must not become pending again. */
	assert_false(vgic_list_loaded(&saved, linked(PENDING, VIRTUAL_TIMER)));
	assert_int_equal(cpu_fake_get(ich_lr0_el2), linked(ACTIVE, VIRTUAL_TIMER));
	assert_int_equal(cpu_fake_get(ich_lr1_el2), 0);

	saved.in_use = 0xf;
	for (unsigned i = 0; i < LIST_REGISTERS; i++)
		saved.lr[i] = virtual_sgi(i);
	assert_false(vgic_list_loaded(&saved, linked(PENDING, VIRTUAL_TIMER)));

	saved.in_use = 0x5;
	assert_true(vgic_list_loaded(&saved, linked(PENDING, VIRTUAL_TIMER)));
	assert_int_equal(cpu_fake_get(ich_lr1_el2), linked(PENDING, VIRTUAL_TIMER));

	cpu_fake_set(ich_lr0_el2, 0);
	vgic_list_loaded_first(linked(PENDING, VIRTUAL_TIMER));
	assert_int_equal(cpu_fake_get(ich_lr0_el2), linked(PENDING, VIRTUAL_TIMER));
}

static void test_released_state_deactivates_only_the_spis_it_links(void **state)
{
	(void)state;
	struct vgic_state saved = switched_out();
	vgic_return_private(&saved);
	deactivated = 0;

	vgic_release_hardware(&saved);
	assert_int_equal(deactivated, bit(PASSED_SPI));
	assert_int_equal(saved.in_use, 0);
	assert_int_equal(saved.private_active, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_switch_away_gives_private_interrupts_back, setup),
		cmocka_unit_test_setup(test_load_makes_what_it_handles_active_again, setup),
		cmocka_unit_test_setup(test_timer_is_not_listed_beside_itself_or_without_room, setup),
		cmocka_unit_test_setup(test_released_state_deactivates_only_the_spis_it_links, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
