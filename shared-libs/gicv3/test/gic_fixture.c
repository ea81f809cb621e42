/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "gic_fixture.h"

/* Aff0 only, Aff1, and Aff3.Aff2.Aff1.Aff0 all non-zero to check the GICR_TYPER packing. */
const uint64_t fake_cpu_affinity[FAKE_CPUS] = {
	0x0,
	0x1,
	0x100,
	(0x12ull << 32) | 0x030201,
};

uint32_t reg32(const uint8_t *frame, size_t offset)
{
	uint32_t value;
	memcpy(&value, frame + offset, sizeof(value));
	return value;
}

uint64_t reg64(const uint8_t *frame, size_t offset)
{
	uint64_t value;
	memcpy(&value, frame + offset, sizeof(value));
	return value;
}

void set_reg32(uint8_t *frame, size_t offset, uint32_t value)
{
	memcpy(frame + offset, &value, sizeof(value));
}

void set_reg64(uint8_t *frame, size_t offset, uint64_t value)
{
	memcpy(frame + offset, &value, sizeof(value));
}

uint8_t *fake_redistributor(struct gic_fixture *fixture, unsigned cpu)
{
	return fixture->region + (size_t)cpu * FAKE_REDISTRIBUTOR_STRIDE;
}

uint8_t *fake_sgi_frame(struct gic_fixture *fixture, unsigned cpu)
{
	return fake_redistributor(fixture, cpu) + FAKE_SGI_FRAME;
}

void fake_cpu_select(unsigned cpu)
{
	cpu_fake_set(mpidr_el1, (1ull << 31) | (1ull << 24) | fake_cpu_affinity[cpu]);
}

/* GICR_TYPER.Affinity_Value is Aff3.Aff2.Aff1.Aff0 in bits 63:32; Last is bit 4. */
static uint64_t fake_typer(uint64_t mpidr_affinity, int last)
{
	uint64_t packed = ((mpidr_affinity >> 32) << 24) | (mpidr_affinity & 0xffffff);

	return (packed << 32) | (last ? 1u << 4 : 0);
}

int gic_fixture_setup(void **state)
{
	struct gic_fixture *fixture = calloc(1, sizeof(*fixture));

	assert_non_null(fixture);
	cpu_fake_reset();
	fixture->distributor = calloc(1, FAKE_DISTRIBUTOR_SIZE);
	fixture->region_size = FAKE_CPUS * FAKE_REDISTRIBUTOR_STRIDE;
	fixture->region = calloc(1, fixture->region_size);
	fixture->distributor_before = malloc(FAKE_DISTRIBUTOR_SIZE);
	fixture->region_before = malloc(fixture->region_size);
	assert_non_null(fixture->distributor);
	assert_non_null(fixture->region);
	assert_non_null(fixture->distributor_before);
	assert_non_null(fixture->region_before);

	/* ArchRev 3 in bits 7:4; the low nibble is part of the JEP106 code, noise here. */
	set_reg32(fixture->distributor, GICD_PIDR2_OFFSET, 0x3b);
	set_reg32(fixture->distributor, GICD_TYPER_OFFSET, FAKE_ITLINES);
	for (unsigned cpu = 0; cpu < FAKE_CPUS; cpu++)
		set_reg64(fake_redistributor(fixture, cpu), GICR_TYPER_OFFSET,
			  fake_typer(fake_cpu_affinity[cpu], cpu == FAKE_CPUS - 1));
	fake_cpu_select(0);
	*state = fixture;
	return 0;
}

int gic_fixture_setup_initialized(void **state)
{
	gic_fixture_setup(state);
	struct gic_fixture *fixture = *state;
	enum gicv3_status status =
		gicv3_distributor_init(&fixture->gic, (uintptr_t)fixture->distributor,
				       (uintptr_t)fixture->region, fixture->region_size);
	assert_int_equal(status, GICV3_OK);
	return 0;
}

int gic_fixture_teardown(void **state)
{
	struct gic_fixture *fixture = *state;

	free(fixture->distributor);
	free(fixture->region);
	free(fixture->distributor_before);
	free(fixture->region_before);
	free(fixture);
	return 0;
}

void gic_fixture_snapshot(struct gic_fixture *fixture)
{
	memcpy(fixture->distributor_before, fixture->distributor, FAKE_DISTRIBUTOR_SIZE);
	memcpy(fixture->region_before, fixture->region, fixture->region_size);
}

void assert_gic_unchanged(const struct gic_fixture *fixture)
{
	assert_memory_equal(fixture->distributor, fixture->distributor_before,
			    FAKE_DISTRIBUTOR_SIZE);
	assert_memory_equal(fixture->region, fixture->region_before, fixture->region_size);
}
