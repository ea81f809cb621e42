/* SPDX-License-Identifier: Apache-2.0 */
/* The accesses Linux's irq-gic-v3.c makes while probing and starting the GIC, in its order. */
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

static void test_probe_reads_identification(void **state)
{
	struct vgic_mmio *gic = *state;

	assert_int_equal(gicd_read(gic, GICD_PIDR2, 4) & 0xf0, 0x30); /* ArchRev 3: GICv3 */
	uint64_t typer = gicd_read(gic, GICD_TYPER, 4);
	assert_int_equal(typer & 0x1f, TEST_SPIS / 32);	   /* ITLinesNumber */
	assert_int_equal((typer >> 19) & 0x1f, 9);	   /* IDbits: 10-bit INTIDs */
	assert_int_equal(typer & ((1u << 16) | (1u << 17)), 0); /* no MBIS, no LPIS */
	assert_int_equal(typer & (1u << 8), 0);		   /* no ESPI */
	assert_int_equal(typer & (1u << 24), 0);	   /* no A3V */
	assert_int_equal(typer & (1u << 10), 0);	   /* no SecurityExtn */
	assert_true(typer & (1u << 25));		   /* No1N */
	assert_int_equal(gicd_read(gic, GICD_TYPER2, 4), 0);
	assert_int_equal(gicd_read(gic, GICD_IIDR, 4), 0x54001000);
	assert_int_equal(recorder.count, 0);
}

static void test_distributor_init(void **state)
{
	struct vgic_mmio *gic = *state;
	unsigned lines = (unsigned)(gicd_read(gic, GICD_TYPER, 4) & 0x1f) + 1;

	gicd_write(gic, GICD_CTLR, 4, 0);
	assert_int_equal(gicd_read(gic, GICD_CTLR, 4) & (1u << 31), 0); /* RWP */
	/* gic_dist_config(): all SPIs level, default priority, inactive, disabled, Group 1. */
	for (unsigned i = 32; i < lines * 32; i += 16)
		gicd_write(gic, GICD_ICFGR + i / 4, 4, 0);
	for (unsigned i = 32; i < lines * 32; i += 4)
		gicd_write(gic, GICD_IPRIORITYR + i, 4, 0xa0a0a0a0);
	for (unsigned i = 32; i < lines * 32; i += 32) {
		gicd_write(gic, GICD_ICACTIVER + i / 8, 4, 0xffffffff);
		gicd_write(gic, GICD_ICENABLER + i / 8, 4, 0xffffffff);
		gicd_write(gic, GICD_IGROUPR + i / 8, 4, 0xffffffff);
	}
	assert_int_equal(recorder.count, 0); /* nothing was enabled, so nothing changed */
	/* ARE_NS | EnableGrp1A | EnableGrp1: with DS = 1 bits 0 and 1 enable Groups 0 and 1. */
	gicd_write(gic, GICD_CTLR, 4, 0x13);
	assert_int_equal(gicd_read(gic, GICD_CTLR, 4), 0x53); /* DS reads 1 too */
	for (unsigned i = 32; i < 32 + TEST_SPIS; i++)
		gicd_write(gic, GICD_IROUTER + 8 * i, 8, 0); /* to the boot CPU: unchanged */
	assert_int_equal(recorder.count, 0);

	struct vgic_mmio_irq irq;
	assert_int_equal(vgic_mmio_irq_state(gic, 0, 33, &irq), VGIC_MMIO_OK);
	assert_true(irq.group1 && irq.group_enabled && !irq.enabled && !irq.edge);
	assert_int_equal(irq.priority, 0xa0);
	assert_int_equal(irq.target_vcpu, 0);
}

static void test_redistributor_walk_stops_at_last(void **state)
{
	struct vgic_mmio *gic = *state;
	unsigned visited = 0;

	/* gic_iterate_rdists(): PIDR2, then TYPER, 2 frames on (no VLPIS) until Last. */
	for (uint64_t base = 0;; base += VGIC_MMIO_REDISTRIBUTOR_STRIDE) {
		assert_int_equal(gicr_read(gic, base + GICR_PIDR2, 4) & 0xf0, 0x30);
		uint64_t typer = gicr_read(gic, base + GICR_TYPER, 8);
		assert_int_equal(typer >> 32, visited);		  /* Aff0 = vCPU index */
		assert_int_equal((typer >> 8) & 0xffff, visited); /* Processor_Number */
		assert_int_equal(typer & 0xf, 0);		  /* PLPIS, VLPIS, Dirty, DirectLPI */
		assert_int_equal(gicr_read(gic, base + GICR_TYPER, 4), typer & 0xffffffff);
		assert_int_equal(gicr_read(gic, base + GICR_TYPER + 4, 4), typer >> 32);
		visited++;
		if (typer & (1u << 4))
			break;
		assert_true(visited < TEST_VCPUS);
	}
	assert_int_equal(visited, TEST_VCPUS);
	assert_int_equal(gicr_read(gic, rd_base(0) + GICR_IIDR, 4), 0x54001000);
}

static void test_waker_handshake(void **state)
{
	struct vgic_mmio *gic = *state;
	uint64_t waker = rd_base(2) + GICR_WAKER;

	assert_int_equal(gicr_read(gic, waker, 4), 0x6); /* asleep after reset */
	gicr_write(gic, waker, 4, gicr_read(gic, waker, 4) & ~2ull);
	assert_int_equal(gicr_read(gic, waker, 4) & 4, 0); /* ChildrenAsleep cleared: awake */
	assert_int_equal(gicr_read(gic, rd_base(1) + GICR_WAKER, 4), 0x6); /* others untouched */
	gicr_write(gic, waker, 4, 2 | 4 | 1 | (1u << 31)); /* only ProcessorSleep is writable */
	assert_int_equal(gicr_read(gic, waker, 4), 0x6);
	assert_int_equal(gicr_read(gic, rd_base(2) + GICR_CTLR, 4) & (1u << 3), 0); /* RWP */
}

static void test_redistributor_sgi_ppi_config(void **state)
{
	struct vgic_mmio *gic = *state;
	uint64_t sgi = rd_base(1) + SGI_BASE;

	/* gic_cpu_config(): inactive, disabled, Group 1, default priority. */
	gicr_write(gic, sgi + GICD_ICACTIVER, 4, 0xffffffff);
	gicr_write(gic, sgi + GICD_ICENABLER, 4, 0xffffffff);
	gicr_write(gic, sgi + GICD_IGROUPR, 4, 0xffffffff);
	for (unsigned i = 0; i < 32; i += 4)
		gicr_write(gic, sgi + GICD_IPRIORITYR + i, 4, 0xa0a0a0a0);
	assert_int_equal(recorder.count, 0);
	/* SGIs are always edge; PPIs' trigger mode is stored. */
	assert_int_equal(gicr_read(gic, sgi + GICD_ICFGR, 4), 0xaaaaaaaa);
	gicr_write(gic, sgi + GICD_ICFGR, 4, 0);
	assert_int_equal(gicr_read(gic, sgi + GICD_ICFGR, 4), 0xaaaaaaaa);
	assert_int_equal(gicr_read(gic, sgi + GICD_ICFGR + 4, 4), 0);
	gicr_write(gic, sgi + GICD_ICFGR + 4, 4, 0xffffffff);
	assert_int_equal(gicr_read(gic, sgi + GICD_ICFGR + 4, 4), 0xaaaaaaaa); /* RES0 bits */
	/* The virtual timer PPI, 27, enabled on vCPU 1 (accessed from vCPU 0). */
	gicr_write(gic, sgi + GICD_ISENABLER, 4, 1u << 27);
	assert_int_equal(recorder.count, 1);
	expect_event(&recorder, 0, PRIVATE_ENABLE, 1, 27, 1);
	assert_int_equal(gicr_read(gic, sgi + GICD_ISENABLER, 4), 1u << 27);
	assert_int_equal(gicr_read(gic, rd_base(0) + SGI_BASE + GICD_ISENABLER, 4), 0);
	gicr_write(gic, sgi + GICD_IPRIORITYR + 27, 1, 0x80);
	struct vgic_mmio_irq irq;
	assert_int_equal(vgic_mmio_irq_state(gic, 1, 27, &irq), VGIC_MMIO_OK);
	assert_true(irq.enabled && irq.group1 && irq.edge);
	assert_int_equal(irq.priority, 0x80);
	assert_int_equal(irq.target_vcpu, 1);
	assert_int_equal(gicr_read(gic, sgi + GICD_IPRIORITYR + 24, 4), 0x80a0a0a0);
	gicr_write(gic, sgi + GICD_ICENABLER, 4, 1u << 27);
	expect_event(&recorder, 1, PRIVATE_ENABLE, 1, 27, 0);
}

static void test_spi_startup_and_affinity(void **state)
{
	struct vgic_mmio *gic = *state;
	const unsigned intid = 40;

	/* irq_set_type: edge, by read-modify-write of GICD_ICFGR2. */
	uint64_t cfg = gicd_read(gic, GICD_ICFGR + intid / 16 * 4, 4);
	gicd_write(gic, GICD_ICFGR + intid / 16 * 4, 4, cfg | 2u << (2 * (intid % 16)));
	gicd_write(gic, GICD_IPRIORITYR + intid, 1, 0x90); /* byte write, as Linux does */
	gicd_write(gic, GICD_IROUTER + 8 * intid, 8, 2);  /* set_affinity to vCPU 2 */
	assert_int_equal(recorder.count, 1);
	expect_event(&recorder, 0, SPI_ROUTE, 0, intid, 2);
	assert_int_equal(gicd_read(gic, GICD_IROUTER + 8 * intid, 8), 2);
	gicd_write(gic, GICD_ISENABLER + 4, 4, 1u << (intid - 32)); /* unmask */
	expect_event(&recorder, 1, SPI_ENABLE, 0, intid, 1);
	assert_int_equal(gicd_read(gic, GICD_ISENABLER + 4, 4), 1u << (intid - 32));
	assert_int_equal(gicd_read(gic, GICD_ICENABLER + 4, 4), 1u << (intid - 32));
	gicd_write(gic, GICD_ISENABLER + 4, 4, 1u << (intid - 32)); /* again: no change */
	assert_int_equal(recorder.count, 2);

	struct vgic_mmio_irq irq;
	assert_int_equal(vgic_mmio_irq_state(gic, 3, intid, &irq), VGIC_MMIO_OK);
	assert_true(irq.enabled && irq.edge && !irq.group1);
	assert_int_equal(irq.priority, 0x90);
	assert_int_equal(irq.target_vcpu, 2);

	gicd_write(gic, GICD_ICENABLER + 4, 4, 1u << (intid - 32)); /* mask */
	expect_event(&recorder, 2, SPI_ENABLE, 0, intid, 0);
	assert_int_equal(gicd_read(gic, GICD_ISENABLER + 4, 4), 0);
	gicd_write(gic, GICD_ICENABLER + 4, 4, 0xffffffff);
	assert_int_equal(recorder.count, 3);
}

static void test_spi_routing_values(void **state)
{
	struct vgic_mmio *gic = *state;
	uint64_t irouter = GICD_IROUTER + 8 * 70;

	gicd_write(gic, irouter, 4, 3); /* low half only */
	expect_event(&recorder, 0, SPI_ROUTE, 0, 70, 3);
	gicd_write(gic, irouter + 4, 4, 0xff); /* Aff3: RES0 without A3V */
	assert_int_equal(gicd_read(gic, irouter, 8), 3);
	assert_int_equal(recorder.count, 1);
	gicd_write(gic, irouter, 8, 0xff00000000000000ull | (1u << 31) | 3); /* IRM: RAZ/WI */
	assert_int_equal(gicd_read(gic, irouter, 8), 3);
	assert_int_equal(recorder.count, 1);
	gicd_write(gic, irouter, 8, 0x100); /* Aff1 = 1: no such vCPU */
	expect_event(&recorder, 1, SPI_ROUTE, 0, 70, VGIC_MMIO_NO_VCPU);
	assert_int_equal(gicd_read(gic, irouter + 4, 4), 0);
	assert_int_equal(gicd_read(gic, irouter, 4), 0x100);
	gicd_write(gic, irouter, 8, TEST_VCPUS);
	expect_event(&recorder, 2, SPI_ROUTE, 0, 70, VGIC_MMIO_NO_VCPU);
	gicd_write(gic, irouter, 8, TEST_VCPUS - 1);
	expect_event(&recorder, 3, SPI_ROUTE, 0, 70, TEST_VCPUS - 1);
	struct vgic_mmio_irq irq;
	assert_int_equal(vgic_mmio_irq_state(gic, 0, 70, &irq), VGIC_MMIO_OK);
	assert_int_equal(irq.target_vcpu, TEST_VCPUS - 1);
}

static void test_enables_report_each_changed_bit(void **state)
{
	struct vgic_mmio *gic = *state;

	gicd_write(gic, GICD_ISENABLER + 8, 4, 0x80000001); /* INTIDs 64 and 95 */
	assert_int_equal(recorder.count, 2);
	expect_event(&recorder, 0, SPI_ENABLE, 0, 64, 1);
	expect_event(&recorder, 1, SPI_ENABLE, 0, 95, 1);
	gicd_write(gic, GICD_ICENABLER + 8, 4, 0x3); /* INTID 65 was not enabled */
	assert_int_equal(recorder.count, 3);
	expect_event(&recorder, 2, SPI_ENABLE, 0, 64, 0);
	assert_int_equal(gicd_read(gic, GICD_ISENABLER + 8, 4), 0x80000000);
	gicd_write(gic, GICD_ISENABLER + 8, 4, 0); /* writing 0 has no effect */
	gicd_write(gic, GICD_ICENABLER + 8, 4, 0);
	assert_int_equal(recorder.count, 3);
	assert_int_equal(gicd_read(gic, GICD_ISENABLER + 8, 4), 0x80000000);
}

static void test_pending_and_active_are_stored(void **state)
{
	struct vgic_mmio *gic = *state;

	gicd_write(gic, GICD_ISPENDR + 4, 4, 0xf0);
	gicd_write(gic, GICD_ICPENDR + 4, 4, 0x30);
	assert_int_equal(gicd_read(gic, GICD_ISPENDR + 4, 4), 0xc0);
	assert_int_equal(gicd_read(gic, GICD_ICPENDR + 4, 4), 0xc0);
	gicd_write(gic, GICD_ISACTIVER + 4, 4, 0x5);
	gicd_write(gic, GICD_ICACTIVER + 4, 4, 0x1);
	assert_int_equal(gicd_read(gic, GICD_ISACTIVER + 4, 4), 0x4);
	struct vgic_mmio_irq irq;
	assert_int_equal(vgic_mmio_irq_state(gic, 0, 39, &irq), VGIC_MMIO_OK);
	assert_true(irq.pending && !irq.active);
	assert_int_equal(vgic_mmio_irq_state(gic, 0, 34, &irq), VGIC_MMIO_OK);
	assert_true(!irq.pending && irq.active);
	assert_int_equal(recorder.count, 0);
}

int run_linux_init_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_probe_reads_identification, setup, teardown),
		cmocka_unit_test_setup_teardown(test_distributor_init, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redistributor_walk_stops_at_last, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_waker_handshake, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redistributor_sgi_ppi_config, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_spi_startup_and_affinity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spi_routing_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enables_report_each_changed_bit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pending_and_active_are_stored, setup,
						teardown),
	};
	return cmocka_run_group_tests_name("vgic-mmio: Linux's GICv3 driver", tests, NULL, NULL);
}
