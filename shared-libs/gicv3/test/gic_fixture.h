/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fake GIC for host tests: a zeroed distributor and a redistributor region in ordinary memory, with
 * the identification registers preset as a real GIC would show them. Offsets below are written out
 * from IHI 0069 independently of the library's own register map, so a wrong offset there fails
 * here.
 */
#ifndef GIC_FIXTURE_H
#define GIC_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "gicv3.h"

#define FAKE_DISTRIBUTOR_SIZE 0x10000u
#define FAKE_REDISTRIBUTOR_STRIDE 0x20000u
#define FAKE_SGI_FRAME 0x10000u
#define FAKE_CPUS 4u
/* GICD_TYPER.ITLinesNumber 2: INTIDs 0..95. */
#define FAKE_ITLINES 2u
#define FAKE_INTERRUPT_LINES 96u

#define GICD_CTLR_OFFSET 0x0000u
#define GICD_TYPER_OFFSET 0x0004u
#define GICD_IGROUPR_OFFSET 0x0080u
#define GICD_ISENABLER_OFFSET 0x0100u
#define GICD_ICENABLER_OFFSET 0x0180u
#define GICD_ISACTIVER_OFFSET 0x0300u
#define GICD_ICACTIVER_OFFSET 0x0380u
#define GICD_IPRIORITYR_OFFSET 0x0400u
#define GICD_ICFGR_OFFSET 0x0c00u
#define GICD_IGRPMODR_OFFSET 0x0d00u
#define GICD_IROUTER_OFFSET 0x6000u
#define GICD_PIDR2_OFFSET 0xffe8u
#define GICR_CTLR_OFFSET 0x0000u
#define GICR_TYPER_OFFSET 0x0008u
#define GICR_WAKER_OFFSET 0x0014u

struct gic_fixture {
	uint8_t *distributor;
	uint8_t *region;
	size_t region_size;
	struct gicv3 gic;
	uint8_t *distributor_before;
	uint8_t *region_before;
};

/* MPIDR affinities of the fake CPUs, one redistributor each, in region order. */
extern const uint64_t fake_cpu_affinity[FAKE_CPUS];

/* cmocka setups: fresh fakes; the _initialized variant has also run gicv3_distributor_init. */
int gic_fixture_setup(void **state);
int gic_fixture_setup_initialized(void **state);
int gic_fixture_teardown(void **state);

/* Makes the fake MPIDR_EL1 that of fake CPU `cpu`, with RES1 bit 31 and MT set as noise. */
void fake_cpu_select(unsigned cpu);
uint8_t *fake_redistributor(struct gic_fixture *fixture, unsigned cpu);
uint8_t *fake_sgi_frame(struct gic_fixture *fixture, unsigned cpu);

uint32_t reg32(const uint8_t *frame, size_t offset);
uint64_t reg64(const uint8_t *frame, size_t offset);
void set_reg32(uint8_t *frame, size_t offset, uint32_t value);
void set_reg64(uint8_t *frame, size_t offset, uint64_t value);

/* Copies both fakes so a test can assert that a rejected call wrote nothing. */
void gic_fixture_snapshot(struct gic_fixture *fixture);
void assert_gic_unchanged(const struct gic_fixture *fixture);

int run_gicv3_distributor_tests(void);
int run_gicv3_redistributor_tests(void);
int run_gicv3_irq_tests(void);
int run_gicv3_cpu_interface_tests(void);

#endif
