/* SPDX-License-Identifier: Apache-2.0 */
/* What the vgic-mmio test files share: one runner per file (test_vgic_mmio.c calls them all), a
 * callback recorder and access helpers that assert success. */
#ifndef VGIC_MMIO_TEST_H
#define VGIC_MMIO_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "array_length.h"
#include "vgic_mmio.h"

int run_linux_init_tests(void);
int run_access_rule_tests(void);
int run_random_tests(void);

/* Register offsets, written out here independently of the library's own header. */
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_TYPER2 0x000c
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800
#define GICD_ICFGR 0x0c00
#define GICD_IGRPMODR 0x0d00
#define GICD_NSACR 0x0e00
#define GICD_SGIR 0x0f00
#define GICD_IROUTER 0x6000
#define GICD_PIDR2 0xffe8
#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_PIDR2 0xffe8
#define SGI_BASE 0x10000 /* the SGI_base frame, then the same offsets as the Distributor's */

#define TEST_VCPUS 4
#define TEST_SPIS 64

enum event_kind { SPI_ENABLE, SPI_ROUTE, PRIVATE_ENABLE };

struct event {
	enum event_kind kind;
	unsigned vcpu, intid, value;
};

struct recorder {
	struct event events[2048];
	unsigned count;
};

static inline void record(struct recorder *recorder, struct event event)
{
	if (recorder->count < ARRAY_LENGTH(recorder->events))
		recorder->events[recorder->count] = event;
	recorder->count++;
}

static inline void on_spi_enable(void *context, unsigned intid, bool enabled)
{
	record(context, (struct event){SPI_ENABLE, 0, intid, enabled});
}

static inline void on_spi_route(void *context, unsigned intid, unsigned vcpu_index)
{
	record(context, (struct event){SPI_ROUTE, 0, intid, vcpu_index});
}

static inline void on_private_enable(void *context, unsigned vcpu_index, unsigned intid,
				     bool enabled)
{
	record(context, (struct event){PRIVATE_ENABLE, vcpu_index, intid, enabled});
}

/* A GIC with recording callbacks, on the heap like a VMM's static state. */
static inline struct vgic_mmio *new_gic(unsigned vcpus, unsigned spis, struct recorder *recorder)
{
	static const struct vgic_mmio_callbacks recording_callbacks = {
		.spi_enable_changed = on_spi_enable,
		.spi_route_changed = on_spi_route,
		.private_enable_changed = on_private_enable,
	};
	struct vgic_mmio *gic = malloc(sizeof(*gic));
	assert_non_null(gic);
	memset(recorder, 0, sizeof(*recorder));
	assert_int_equal(vgic_mmio_init(gic, vcpus, spis, &recording_callbacks, recorder),
			 VGIC_MMIO_OK);
	return gic;
}

static inline void expect_event(const struct recorder *recorder, unsigned index,
				enum event_kind kind, unsigned vcpu, unsigned intid, unsigned value)
{
	assert_true(index < recorder->count);
	const struct event *event = &recorder->events[index];
	assert_int_equal(event->kind, kind);
	assert_int_equal(event->vcpu, vcpu);
	assert_int_equal(event->intid, intid);
	assert_int_equal(event->value, value);
}

static inline uint64_t gicd_read(struct vgic_mmio *gic, uint64_t offset, unsigned size)
{
	uint64_t value = 0xdeadbeef;
	assert_int_equal(vgic_mmio_distributor_access(gic, 0, offset, size, false, &value),
			 VGIC_MMIO_OK);
	return value;
}

static inline void gicd_write(struct vgic_mmio *gic, uint64_t offset, unsigned size,
			      uint64_t value)
{
	assert_int_equal(vgic_mmio_distributor_access(gic, 0, offset, size, true, &value),
			 VGIC_MMIO_OK);
}

static inline uint64_t gicr_read(struct vgic_mmio *gic, uint64_t offset, unsigned size)
{
	uint64_t value = 0xdeadbeef;
	assert_int_equal(vgic_mmio_redistributor_access(gic, 0, offset, size, false, &value),
			 VGIC_MMIO_OK);
	return value;
}

static inline void gicr_write(struct vgic_mmio *gic, uint64_t offset, unsigned size,
			      uint64_t value)
{
	assert_int_equal(vgic_mmio_redistributor_access(gic, 0, offset, size, true, &value),
			 VGIC_MMIO_OK);
}

static inline uint64_t rd_base(unsigned vcpu)
{
	return (uint64_t)vcpu * VGIC_MMIO_REDISTRIBUTOR_STRIDE;
}

#endif
