/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Random access sequences: no access may crash (the sanitizer build runs this too), every
 * status is a known one, identification registers never change, and the callbacks alone let a
 * VMM track every enable bit and route exactly.
 */
#include "array_length.h"
#include "vgic_mmio_test.h"

#define ROUNDS 200000

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t next_random(void)
{
	/* xorshift64: reproducible across runs and hosts */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Mostly offsets near registers, sometimes anything. */
static uint64_t random_offset(uint64_t span)
{
	switch (next_random() % 8) {
	case 0:
		return next_random();
	case 1:
		return span + next_random() % 0x100;
	case 2:
		return next_random() % span;
	case 3:
		return 0x6000 + next_random() % 0x2000;
	default: {
		uint64_t frame = span > 0x20000 ? (next_random() % (span / 0x10000)) * 0x10000 : 0;
		return frame + next_random() % 0x1000;
	}
	}
}

static const unsigned sizes[] = {1, 4, 4, 4, 4, 4, 8, 8, 2, 0, 3, 16};

/* What a VMM knows from the callbacks alone. */
struct shadow {
	bool spi_enabled[VGIC_MMIO_MAX_SPIS];
	unsigned spi_route[VGIC_MMIO_MAX_SPIS];
	bool private_enabled[VGIC_MMIO_MAX_VCPUS][32];
};

static struct shadow shadow;
static unsigned callbacks_seen;

static void shadow_spi_enable(void *context, unsigned intid, bool enabled)
{
	assert_ptr_equal(context, &shadow);
	assert_true(intid >= 32 && intid < 32 + TEST_SPIS);
	assert_true(shadow.spi_enabled[intid - 32] != enabled); /* only real changes */
	shadow.spi_enabled[intid - 32] = enabled;
	callbacks_seen++;
}

static void shadow_spi_route(void *context, unsigned intid, unsigned vcpu_index)
{
	assert_ptr_equal(context, &shadow);
	assert_true(intid >= 32 && intid < 32 + TEST_SPIS);
	assert_true(vcpu_index < TEST_VCPUS || vcpu_index == VGIC_MMIO_NO_VCPU);
	shadow.spi_route[intid - 32] = vcpu_index;
	callbacks_seen++;
}

static void shadow_private_enable(void *context, unsigned vcpu_index, unsigned intid,
				  bool enabled)
{
	assert_ptr_equal(context, &shadow);
	assert_true(vcpu_index < TEST_VCPUS && intid < 32);
	assert_true(shadow.private_enabled[vcpu_index][intid] != enabled);
	shadow.private_enabled[vcpu_index][intid] = enabled;
	callbacks_seen++;
}

static void test_random_accesses_are_safe_and_tracked(void **state)
{
	(void)state;
	static const struct vgic_mmio_callbacks callbacks = {
		shadow_spi_enable, shadow_spi_route, shadow_private_enable};
	struct vgic_mmio *gic = malloc(sizeof(*gic));
	assert_non_null(gic);
	assert_int_equal(vgic_mmio_init(gic, TEST_VCPUS, TEST_SPIS, &callbacks, &shadow),
			 VGIC_MMIO_OK);
	unsigned counts[VGIC_MMIO_STATUS_COUNT] = {0};

	for (unsigned round = 0; round < ROUNDS; round++) {
		bool redistributor = next_random() & 1;
		bool is_write = next_random() & 1;
		unsigned vcpu = next_random() % 16 == 0 ? (unsigned)next_random() : round % TEST_VCPUS;
		unsigned size = sizes[next_random() % (ARRAY_LENGTH(sizes))];
		uint64_t offset = random_offset(redistributor ? rd_base(TEST_VCPUS) : 0x10000);
		if (next_random() % 8 != 0 && (size == 4 || size == 8))
			offset &= ~(uint64_t)(size - 1); /* mostly aligned, to get past the checks */
		uint64_t value = next_random();
		enum vgic_mmio_status status =
			redistributor ? vgic_mmio_redistributor_access(gic, vcpu, offset, size,
									is_write, &value)
				      : vgic_mmio_distributor_access(gic, vcpu, offset, size,
								     is_write, &value);
		assert_true((unsigned)status < VGIC_MMIO_STATUS_COUNT);
		counts[status]++;
		if (!is_write && size < 8)
			assert_int_equal(value >> (8 * size), 0); /* reads are zero-extended */
		if (!is_write && status != VGIC_MMIO_OK)
			assert_int_equal(value, 0);
	}
	print_message("statuses: ok %u size %u range %u vcpu %u, callbacks %u\n", counts[0], counts[1],
		      counts[2], counts[3], callbacks_seen);
	/* The sequence reached both successes and every kind of refusal. */
	assert_true(counts[VGIC_MMIO_OK] > ROUNDS / 4);
	assert_true(counts[VGIC_MMIO_BAD_SIZE] > 0 && counts[VGIC_MMIO_OUT_OF_RANGE] > 0 &&
		    counts[VGIC_MMIO_BAD_VCPU] > 0);
	assert_true(callbacks_seen > 0);

	assert_int_equal(gicd_read(gic, GICD_PIDR2, 4), 0x30);
	assert_int_equal(gicd_read(gic, GICD_TYPER, 4) & 0x1f, TEST_SPIS / 32);
	assert_int_equal(gicd_read(gic, GICD_CTLR, 4) & ~3ull, 0x50);
	for (unsigned v = 0; v < TEST_VCPUS; v++) {
		assert_int_equal(gicr_read(gic, rd_base(v) + GICR_TYPER + 4, 4), v);
		assert_int_equal(gicr_read(gic, rd_base(v) + SGI_BASE + GICD_ICFGR, 4), 0xaaaaaaaa);
		for (unsigned intid = 0; intid < 32; intid++) {
			struct vgic_mmio_irq irq;
			assert_int_equal(vgic_mmio_irq_state(gic, v, intid, &irq), VGIC_MMIO_OK);
			assert_int_equal(irq.enabled, shadow.private_enabled[v][intid]);
		}
	}
	for (unsigned spi = 0; spi < TEST_SPIS; spi++) {
		struct vgic_mmio_irq irq;
		assert_int_equal(vgic_mmio_irq_state(gic, 0, 32 + spi, &irq), VGIC_MMIO_OK);
		assert_int_equal(irq.enabled, shadow.spi_enabled[spi]);
		assert_int_equal(irq.target_vcpu, shadow.spi_route[spi]);
	}
	free(gic);
}

int run_random_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_accesses_are_safe_and_tracked),
	};
	return cmocka_run_group_tests_name("vgic-mmio: random accesses", tests, NULL, NULL);
}
