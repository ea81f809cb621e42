/* SPDX-License-Identifier: Apache-2.0 */
/* Widths, alignment, ranges, bad arguments and the RAZ/WI space. */
#include <limits.h>

#include "array_length.h"
#include "vgic_mmio_test.h"

static struct recorder recorder;

static int setup(void **state)
{
	*state = new_gic(TEST_VCPUS, TEST_SPIS, &recorder);
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static enum vgic_mmio_status gicd(struct vgic_mmio *gic, uint64_t offset, unsigned size,
				  bool is_write)
{
	uint64_t value = 0;
	return vgic_mmio_distributor_access(gic, 0, offset, size, is_write, &value);
}

static enum vgic_mmio_status gicr(struct vgic_mmio *gic, uint64_t offset, unsigned size,
				  bool is_write)
{
	uint64_t value = 0;
	return vgic_mmio_redistributor_access(gic, 0, offset, size, is_write, &value);
}

static void test_distributor_widths(void **state)
{
	struct vgic_mmio *gic = *state;
	const unsigned bad_sizes[] = {0, 2, 3, 5, 16, UINT_MAX};

	for (int w = 0; w < 2; w++) {
		bool is_write = w;
		for (size_t i = 0; i < ARRAY_LENGTH(bad_sizes); i++)
			assert_int_equal(gicd(gic, GICD_CTLR, bad_sizes[i], is_write),
					 VGIC_MMIO_BAD_SIZE);
		assert_int_equal(gicd(gic, GICD_CTLR, 1, is_write), VGIC_MMIO_BAD_SIZE);
		assert_int_equal(gicd(gic, GICD_CTLR, 8, is_write), VGIC_MMIO_BAD_SIZE);
		assert_int_equal(gicd(gic, GICD_TYPER + 1, 4, is_write), VGIC_MMIO_BAD_SIZE);
		assert_int_equal(gicd(gic, GICD_ISENABLER + 4, 1, is_write), VGIC_MMIO_BAD_SIZE);
		assert_int_equal(gicd(gic, GICD_ICFGR + 8, 8, is_write), VGIC_MMIO_BAD_SIZE);
		/* Priorities and targets take bytes, not halfwords or doublewords. */
		assert_int_equal(gicd(gic, GICD_IPRIORITYR + 33, 1, is_write), VGIC_MMIO_OK);
		assert_int_equal(gicd(gic, GICD_IPRIORITYR + 34, 2, is_write), VGIC_MMIO_BAD_SIZE);
		assert_int_equal(gicd(gic, GICD_IPRIORITYR + 40, 8, is_write), VGIC_MMIO_BAD_SIZE);
		assert_int_equal(gicd(gic, GICD_IPRIORITYR + 34, 4, is_write), VGIC_MMIO_BAD_SIZE);
		assert_int_equal(gicd(gic, GICD_ITARGETSR + 35, 1, is_write), VGIC_MMIO_OK);
		/* IROUTER: whole, or either 32-bit half; naturally aligned. */
		assert_int_equal(gicd(gic, GICD_IROUTER + 8 * 40, 8, is_write), VGIC_MMIO_OK);
		assert_int_equal(gicd(gic, GICD_IROUTER + 8 * 40 + 4, 4, is_write), VGIC_MMIO_OK);
		assert_int_equal(gicd(gic, GICD_IROUTER + 8 * 40 + 4, 8, is_write),
				 VGIC_MMIO_BAD_SIZE);
		assert_int_equal(gicd(gic, GICD_IROUTER + 8 * 40, 1, is_write), VGIC_MMIO_BAD_SIZE);
	}
	assert_int_equal(recorder.count, 0);
}

static void test_redistributor_widths(void **state)
{
	struct vgic_mmio *gic = *state;

	assert_int_equal(gicr(gic, rd_base(1) + GICR_TYPER, 8, false), VGIC_MMIO_OK);
	assert_int_equal(gicr(gic, rd_base(1) + GICR_TYPER + 4, 4, false), VGIC_MMIO_OK);
	assert_int_equal(gicr(gic, rd_base(1) + GICR_TYPER + 4, 8, false), VGIC_MMIO_BAD_SIZE);
	assert_int_equal(gicr(gic, rd_base(1) + GICR_TYPER, 2, false), VGIC_MMIO_BAD_SIZE);
	assert_int_equal(gicr(gic, rd_base(1) + GICR_CTLR, 8, false), VGIC_MMIO_BAD_SIZE);
	assert_int_equal(gicr(gic, rd_base(1) + 0x10, 8, true), VGIC_MMIO_BAD_SIZE); /* WAKER */
	assert_int_equal(gicr(gic, rd_base(1) + GICR_WAKER, 1, true), VGIC_MMIO_BAD_SIZE);
	assert_int_equal(gicr(gic, rd_base(1) + 0x70, 8, false), VGIC_MMIO_OK); /* PROPBASER */
	uint64_t sgi = rd_base(3) + SGI_BASE;
	assert_int_equal(gicr(gic, sgi + GICD_IPRIORITYR + 7, 1, true), VGIC_MMIO_OK);
	assert_int_equal(gicr(gic, sgi + GICD_IPRIORITYR, 8, true), VGIC_MMIO_BAD_SIZE);
	assert_int_equal(gicr(gic, sgi + GICD_ISENABLER + 1, 1, true), VGIC_MMIO_BAD_SIZE);
	assert_int_equal(gicr(gic, sgi + GICD_ICFGR, 1, false), VGIC_MMIO_BAD_SIZE);
	assert_int_equal(gicr(gic, sgi + GICD_ITARGETSR, 1, false), VGIC_MMIO_BAD_SIZE);
	assert_int_equal(recorder.count, 0);
}

static void test_offsets_out_of_range(void **state)
{
	struct vgic_mmio *gic = *state;
	const uint64_t distributor[] = {VGIC_MMIO_DISTRIBUTOR_SIZE, 0x20000, 1ull << 32,
					UINT64_MAX - 3};
	const uint64_t redistributor[] = {rd_base(TEST_VCPUS), rd_base(TEST_VCPUS) + GICR_TYPER,
					  rd_base(VGIC_MMIO_MAX_VCPUS), 1ull << 40, UINT64_MAX - 7};

	for (size_t i = 0; i < ARRAY_LENGTH(distributor); i++) {
		uint64_t value = 77;
		assert_int_equal(vgic_mmio_distributor_access(gic, 0, distributor[i], 4, false,
							      &value),
				 VGIC_MMIO_OUT_OF_RANGE);
		assert_int_equal(value, 0); /* a failed read returns 0, not stale data */
		assert_int_equal(gicd(gic, distributor[i], 4, true), VGIC_MMIO_OUT_OF_RANGE);
	}
	for (size_t i = 0; i < ARRAY_LENGTH(redistributor); i++) {
		assert_int_equal(gicr(gic, redistributor[i], 4, false), VGIC_MMIO_OUT_OF_RANGE);
		assert_int_equal(gicr(gic, redistributor[i], 8, true), VGIC_MMIO_OUT_OF_RANGE);
	}
	/* The last byte of each frame is still in range. */
	assert_int_equal(gicd(gic, VGIC_MMIO_DISTRIBUTOR_SIZE - 4, 4, false), VGIC_MMIO_OK);
	assert_int_equal(gicr(gic, rd_base(TEST_VCPUS) - 4, 4, false), VGIC_MMIO_OK);
}

static void test_bad_vcpu_and_null_arguments(void **state)
{
	struct vgic_mmio *gic = *state;
	uint64_t value = 5;
	const unsigned bad_vcpus[] = {TEST_VCPUS, VGIC_MMIO_MAX_VCPUS, UINT_MAX};

	for (size_t i = 0; i < ARRAY_LENGTH(bad_vcpus); i++) {
		assert_int_equal(vgic_mmio_distributor_access(gic, bad_vcpus[i], GICD_CTLR, 4,
							      false, &value),
				 VGIC_MMIO_BAD_VCPU);
		assert_int_equal(value, 0);
		value = 1;
		assert_int_equal(vgic_mmio_redistributor_access(gic, bad_vcpus[i], GICR_WAKER, 4,
								true, &value),
				 VGIC_MMIO_BAD_VCPU);
	}
	assert_int_equal(gicr_read(gic, GICR_WAKER, 4), 6); /* the write was refused */
	assert_int_equal(vgic_mmio_distributor_access(NULL, 0, 0, 4, false, &value),
			 VGIC_MMIO_BAD_ARGUMENT);
	assert_int_equal(vgic_mmio_distributor_access(gic, 0, 0, 4, false, NULL),
			 VGIC_MMIO_BAD_ARGUMENT);
	assert_int_equal(vgic_mmio_redistributor_access(NULL, 0, 0, 4, true, &value),
			 VGIC_MMIO_BAD_ARGUMENT);
	assert_int_equal(vgic_mmio_redistributor_access(gic, 0, 0, 4, true, NULL),
			 VGIC_MMIO_BAD_ARGUMENT);
	/* vCPU 3 may access vCPU 0's Redistributor and the Distributor. */
	assert_int_equal(vgic_mmio_redistributor_access(gic, 3, GICR_TYPER, 8, false, &value),
			 VGIC_MMIO_OK);
	assert_int_equal(value >> 32, 0);
}

static void test_init_arguments(void **state)
{
	(void)state;
	struct vgic_mmio *gic = malloc(sizeof(*gic));
	assert_non_null(gic);

	assert_int_equal(vgic_mmio_init(NULL, 1, 32, NULL, NULL), VGIC_MMIO_BAD_ARGUMENT);
	assert_int_equal(vgic_mmio_init(gic, 0, 32, NULL, NULL), VGIC_MMIO_BAD_ARGUMENT);
	assert_int_equal(vgic_mmio_init(gic, VGIC_MMIO_MAX_VCPUS + 1, 32, NULL, NULL),
			 VGIC_MMIO_BAD_ARGUMENT);
	assert_int_equal(vgic_mmio_init(gic, UINT_MAX, 32, NULL, NULL), VGIC_MMIO_BAD_ARGUMENT);
	assert_int_equal(vgic_mmio_init(gic, 1, VGIC_MMIO_MAX_SPIS + 1, NULL, NULL),
			 VGIC_MMIO_BAD_ARGUMENT);
	assert_int_equal(vgic_mmio_init(gic, 1, UINT_MAX, NULL, NULL), VGIC_MMIO_BAD_ARGUMENT);
	assert_int_equal(vgic_mmio_init(gic, VGIC_MMIO_MAX_VCPUS, VGIC_MMIO_MAX_SPIS, NULL, NULL),
			 VGIC_MMIO_OK);
	assert_int_equal(gicd_read(gic, GICD_TYPER, 4) & 0x1f, VGIC_MMIO_MAX_SPIS / 32);
	/* Without callbacks the state still changes. */
	gicd_write(gic, GICD_ISENABLER + 4, 4, 1);
	gicd_write(gic, GICD_IROUTER + 8 * 32, 8, 1);
	assert_int_equal(gicd_read(gic, GICD_ISENABLER + 4, 4), 1);
	uint64_t last = rd_base(VGIC_MMIO_MAX_VCPUS - 1) + GICR_TYPER;
	assert_true(gicr_read(gic, last, 8) & (1u << 4));
	free(gic);
}

static void test_no_spis(void **state)
{
	(void)state;
	struct recorder local;
	struct vgic_mmio *gic = new_gic(1, 0, &local);

	assert_int_equal(gicd_read(gic, GICD_TYPER, 4) & 0x1f, 0);
	gicd_write(gic, GICD_ISENABLER + 4, 4, 0xffffffff);
	gicd_write(gic, GICD_IROUTER + 8 * 32, 8, 0x7);
	assert_int_equal(gicd_read(gic, GICD_ISENABLER + 4, 4), 0);
	assert_int_equal(gicd_read(gic, GICD_IROUTER + 8 * 32, 8), 0);
	assert_int_equal(local.count, 0);
	assert_true(gicr_read(gic, GICR_TYPER, 8) & (1u << 4)); /* the only one is the last */
	struct vgic_mmio_irq irq;
	assert_int_equal(vgic_mmio_irq_state(gic, 0, 32, &irq), VGIC_MMIO_BAD_INTID);
	free(gic);
}

static void test_partial_spi_bank(void **state)
{
	(void)state;
	struct recorder local;
	struct vgic_mmio *gic = new_gic(2, 40, &local); /* INTIDs 32..71: 8 of the second bank */

	assert_int_equal(gicd_read(gic, GICD_TYPER, 4) & 0x1f, 2); /* rounded up */
	gicd_write(gic, GICD_ISENABLER + 8, 4, 0xffffffff);
	assert_int_equal(gicd_read(gic, GICD_ISENABLER + 8, 4), 0xff);
	assert_int_equal(local.count, 8);
	expect_event(&local, 7, SPI_ENABLE, 0, 71, 1);
	gicd_write(gic, GICD_IPRIORITYR + 68, 4, 0x44332211);
	gicd_write(gic, GICD_IPRIORITYR + 72, 4, 0x44332211);
	assert_int_equal(gicd_read(gic, GICD_IPRIORITYR + 68, 4), 0x44332211);
	assert_int_equal(gicd_read(gic, GICD_IPRIORITYR + 72, 4), 0);
	gicd_write(gic, GICD_ICFGR + 16, 4, 0xffffffff); /* INTIDs 64..79 */
	assert_int_equal(gicd_read(gic, GICD_ICFGR + 16, 4), 0xaaaa);
	gicd_write(gic, GICD_IROUTER + 8 * 72, 8, 1);
	assert_int_equal(gicd_read(gic, GICD_IROUTER + 8 * 72, 8), 0);
	assert_int_equal(local.count, 8);
	struct vgic_mmio_irq irq;
	assert_int_equal(vgic_mmio_irq_state(gic, 0, 71, &irq), VGIC_MMIO_OK);
	assert_int_equal(vgic_mmio_irq_state(gic, 0, 72, &irq), VGIC_MMIO_BAD_INTID);
	free(gic);
}

/* Writes all ones, then expects a read of 0 and no callback. */
static void expect_raz_wi_gicd(struct vgic_mmio *gic, uint64_t offset, unsigned size)
{
	gicd_write(gic, offset, size, UINT64_MAX);
	assert_int_equal(gicd_read(gic, offset, size), 0);
}

static void expect_raz_wi_gicr(struct vgic_mmio *gic, uint64_t offset, unsigned size)
{
	gicr_write(gic, offset, size, UINT64_MAX);
	assert_int_equal(gicr_read(gic, offset, size), 0);
}

static void test_raz_wi_distributor(void **state)
{
	struct vgic_mmio *gic = *state;

	/* SGIs and PPIs are the Redistributors' with affinity routing. */
	for (unsigned block = GICD_IGROUPR; block < GICD_IPRIORITYR; block += 0x80)
		expect_raz_wi_gicd(gic, block, 4);
	for (unsigned i = 0; i < 32; i += 4)
		expect_raz_wi_gicd(gic, GICD_IPRIORITYR + i, 4);
	expect_raz_wi_gicd(gic, GICD_ICFGR, 4);
	expect_raz_wi_gicd(gic, GICD_ICFGR + 4, 4);
	expect_raz_wi_gicd(gic, GICD_IROUTER + 8 * 31, 8);
	/* Beyond the implemented SPIs, up to INTID 1023. */
	expect_raz_wi_gicd(gic, GICD_ISENABLER + 4 * 3, 4);
	expect_raz_wi_gicd(gic, GICD_ISENABLER + 4 * 31, 4);
	expect_raz_wi_gicd(gic, GICD_IPRIORITYR + 1020, 4);
	expect_raz_wi_gicd(gic, GICD_IPRIORITYR + 1023, 1);
	expect_raz_wi_gicd(gic, GICD_ICFGR + 0xfc, 4);
	expect_raz_wi_gicd(gic, GICD_IROUTER + 8 * (32 + TEST_SPIS), 8);
	expect_raz_wi_gicd(gic, GICD_IROUTER + 8 * 1019, 8);
	expect_raz_wi_gicd(gic, 0x7ff8, 8);
	/* Registers this configuration makes RES0 or RAZ/WI. */
	expect_raz_wi_gicd(gic, GICD_ITARGETSR + 40, 4);
	expect_raz_wi_gicd(gic, GICD_ITARGETSR + 41, 1);
	expect_raz_wi_gicd(gic, GICD_IGRPMODR + 4, 4);
	expect_raz_wi_gicd(gic, GICD_NSACR + 8, 4);
	expect_raz_wi_gicd(gic, GICD_SGIR, 4);
	expect_raz_wi_gicd(gic, 0x0f10, 1); /* CPENDSGIR */
	expect_raz_wi_gicd(gic, 0x0f2c, 4); /* SPENDSGIR3 */
	expect_raz_wi_gicd(gic, 0x0040, 4); /* SETSPI_NSR: no MBIS */
	expect_raz_wi_gicd(gic, GICD_TYPER2, 4);
	expect_raz_wi_gicd(gic, 0x0010, 4); /* STATUSR */
	/* Reserved and extended-SPI space, and the other ID registers. */
	for (uint64_t offset = 0x1000; offset < 0x6000; offset += 0x3fc)
		expect_raz_wi_gicd(gic, offset & ~3ull, 4);
	expect_raz_wi_gicd(gic, 0x8000, 4);
	expect_raz_wi_gicd(gic, 0xc000, 4);
	expect_raz_wi_gicd(gic, 0xffd0, 4);
	expect_raz_wi_gicd(gic, 0xfffc, 4);
	/* Read-only registers ignore writes. */
	uint64_t typer = gicd_read(gic, GICD_TYPER, 4);
	gicd_write(gic, GICD_TYPER, 4, 0);
	gicd_write(gic, GICD_IIDR, 4, 0);
	gicd_write(gic, GICD_PIDR2, 4, 0);
	assert_int_equal(gicd_read(gic, GICD_TYPER, 4), typer);
	assert_int_equal(gicd_read(gic, GICD_IIDR, 4), 0x54001000);
	assert_int_equal(gicd_read(gic, GICD_PIDR2, 4), 0x30);
	gicd_write(gic, GICD_CTLR, 4, 0xffffffff); /* only the two enables stick */
	assert_int_equal(gicd_read(gic, GICD_CTLR, 4), 0x53);
	gicd_write(gic, GICD_CTLR, 4, 0);
	assert_int_equal(gicd_read(gic, GICD_CTLR, 4), 0x50);
	assert_int_equal(recorder.count, 0);
}

static void test_raz_wi_redistributor(void **state)
{
	struct vgic_mmio *gic = *state;
	uint64_t rd = rd_base(1), sgi = rd + SGI_BASE;

	expect_raz_wi_gicr(gic, rd + GICR_CTLR, 4);
	expect_raz_wi_gicr(gic, rd + 0x10, 4); /* STATUSR */
	expect_raz_wi_gicr(gic, rd + 0x40, 8); /* SETLPIR */
	expect_raz_wi_gicr(gic, rd + 0x78, 8); /* PENDBASER */
	expect_raz_wi_gicr(gic, rd + 0xb0, 8); /* INVALLR */
	expect_raz_wi_gicr(gic, rd + 0xc0, 4); /* SYNCR */
	expect_raz_wi_gicr(gic, rd + 0x8000, 4);
	expect_raz_wi_gicr(gic, rd + 0xffec, 4);
	expect_raz_wi_gicr(gic, sgi + GICD_IGROUPR + 4, 4); /* extended PPI registers */
	expect_raz_wi_gicr(gic, sgi + GICD_ISENABLER + 4, 4);
	expect_raz_wi_gicr(gic, sgi + GICD_IPRIORITYR + 32, 4);
	expect_raz_wi_gicr(gic, sgi + GICD_IPRIORITYR + 33, 1);
	expect_raz_wi_gicr(gic, sgi + GICD_ICFGR + 8, 4);
	expect_raz_wi_gicr(gic, sgi + GICD_IGRPMODR, 4);
	expect_raz_wi_gicr(gic, sgi + GICD_NSACR, 4);
	expect_raz_wi_gicr(gic, sgi + 0x0f80, 4);
	expect_raz_wi_gicr(gic, sgi + GICD_PIDR2, 4);
	uint64_t typer = gicr_read(gic, rd + GICR_TYPER, 8);
	gicr_write(gic, rd + GICR_TYPER, 8, 0);
	gicr_write(gic, rd + GICR_IIDR, 4, 0);
	assert_int_equal(gicr_read(gic, rd + GICR_TYPER, 8), typer);
	assert_int_equal(gicr_read(gic, rd + GICR_IIDR, 4), 0x54001000);
	assert_int_equal(recorder.count, 0);
}

static void test_write_data_is_truncated_to_width(void **state)
{
	struct vgic_mmio *gic = *state;

	gicd_write(gic, GICD_IPRIORITYR + 45, 1, 0xffffffffffff12a5ull);
	assert_int_equal(gicd_read(gic, GICD_IPRIORITYR + 44, 4), 0x0000a500);
	assert_int_equal(gicd_read(gic, GICD_IPRIORITYR + 45, 1), 0xa5);
	gicd_write(gic, GICD_ISENABLER + 4, 4, 0x100000000ull); /* bit 32: beyond the word */
	assert_int_equal(gicd_read(gic, GICD_ISENABLER + 4, 4), 0);
	gicd_write(gic, GICD_IROUTER + 8 * 33 + 4, 4, 0xffffffff00000000ull);
	assert_int_equal(gicd_read(gic, GICD_IROUTER + 8 * 33, 8), 0);
	assert_int_equal(recorder.count, 0);
}

static void test_irq_state_arguments(void **state)
{
	struct vgic_mmio *gic = *state;
	struct vgic_mmio_irq irq;

	assert_int_equal(vgic_mmio_irq_state(NULL, 0, 32, &irq), VGIC_MMIO_BAD_ARGUMENT);
	assert_int_equal(vgic_mmio_irq_state(gic, 0, 32, NULL), VGIC_MMIO_BAD_ARGUMENT);
	assert_int_equal(vgic_mmio_irq_state(gic, TEST_VCPUS, 5, &irq), VGIC_MMIO_BAD_VCPU);
	assert_int_equal(vgic_mmio_irq_state(gic, TEST_VCPUS, 32, &irq), VGIC_MMIO_OK);
	assert_int_equal(vgic_mmio_irq_state(gic, 0, 32 + TEST_SPIS, &irq), VGIC_MMIO_BAD_INTID);
	assert_int_equal(vgic_mmio_irq_state(gic, 0, 1023, &irq), VGIC_MMIO_BAD_INTID);
	assert_int_equal(vgic_mmio_irq_state(gic, 0, UINT_MAX, &irq), VGIC_MMIO_BAD_INTID);
	assert_int_equal(vgic_mmio_irq_state(gic, 0, 3, &irq), VGIC_MMIO_OK);
	assert_true(irq.edge); /* an SGI */
	assert_false(irq.enabled);
}

static void test_status_names(void **state)
{
	(void)state;
	assert_string_equal(vgic_mmio_status_name(VGIC_MMIO_OK), "VGIC_MMIO_OK");
	assert_string_equal(vgic_mmio_status_name(VGIC_MMIO_BAD_SIZE), "VGIC_MMIO_BAD_SIZE");
	assert_string_equal(vgic_mmio_status_name(VGIC_MMIO_BAD_INTID), "VGIC_MMIO_BAD_INTID");
	assert_string_equal(vgic_mmio_status_name(VGIC_MMIO_STATUS_COUNT),
			    "VGIC_MMIO_UNKNOWN_STATUS");
	assert_string_equal(vgic_mmio_status_name((enum vgic_mmio_status)-1),
			    "VGIC_MMIO_UNKNOWN_STATUS");
	for (int s = 0; s < VGIC_MMIO_STATUS_COUNT; s++)
		assert_non_null(vgic_mmio_status_name((enum vgic_mmio_status)s));
}

int run_access_rule_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_distributor_widths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redistributor_widths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_offsets_out_of_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_vcpu_and_null_arguments, setup, teardown),
		cmocka_unit_test(test_init_arguments),
		cmocka_unit_test(test_no_spis),
		cmocka_unit_test(test_partial_spi_bank),
		cmocka_unit_test_setup_teardown(test_raz_wi_distributor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raz_wi_redistributor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_data_is_truncated_to_width, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_irq_state_arguments, setup, teardown),
		cmocka_unit_test(test_status_names),
	};
	return cmocka_run_group_tests_name("vgic-mmio: access rules", tests, NULL, NULL);
}
