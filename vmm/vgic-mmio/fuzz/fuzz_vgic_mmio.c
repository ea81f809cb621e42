/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer harness: the first two bytes pick the vCPU and SPI counts (out-of-range ones too),
 * the rest is a sequence of guest accesses to either frame. After each access: the status is a
 * known one, a read is zero-extended (and 0 when refused), and the identification registers
 * are unchanged. At the end, a VMM that only listened to the callbacks knows every enable bit
 * and every SPI route exactly.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vgic_mmio.h"

#define MAX_ACCESSES 1024

struct fuzz_input {
	const uint8_t *data;
	size_t size;
};

static uint64_t take(struct fuzz_input *in, unsigned bytes)
{
	uint64_t value = 0;
	for (unsigned i = 0; i < bytes && in->size > 0; i++, in->size--)
		value |= (uint64_t)*in->data++ << (8 * i);
	return value;
}

static void fail(const char *what)
{
	fprintf(stderr, "vgic-mmio fuzz: %s\n", what);
	abort();
}

static void expect(bool condition, const char *what)
{
	if (!condition)
		fail(what);
}

static struct vgic_mmio gic;
static struct {
	unsigned vcpus, spis;
	bool spi_enabled[VGIC_MMIO_MAX_SPIS];
	unsigned spi_route[VGIC_MMIO_MAX_SPIS];
	bool private_enabled[VGIC_MMIO_MAX_VCPUS][32];
} shadow;

static void on_spi_enable(void *context, unsigned intid, bool enabled)
{
	expect(context == &shadow, "spi enable: wrong context");
	expect(intid >= 32 && intid - 32 < shadow.spis, "spi enable: bad INTID");
	expect(shadow.spi_enabled[intid - 32] != enabled, "spi enable: no change");
	shadow.spi_enabled[intid - 32] = enabled;
}

static void on_spi_route(void *context, unsigned intid, unsigned vcpu_index)
{
	expect(context == &shadow, "spi route: wrong context");
	expect(intid >= 32 && intid - 32 < shadow.spis, "spi route: bad INTID");
	expect(vcpu_index < shadow.vcpus || vcpu_index == VGIC_MMIO_NO_VCPU, "spi route: bad vCPU");
	shadow.spi_route[intid - 32] = vcpu_index;
}

static void on_private_enable(void *context, unsigned vcpu_index, unsigned intid, bool enabled)
{
	expect(context == &shadow, "private enable: wrong context");
	expect(vcpu_index < shadow.vcpus && intid < 32, "private enable: bad vCPU or INTID");
	expect(shadow.private_enabled[vcpu_index][intid] != enabled, "private enable: no change");
	shadow.private_enabled[vcpu_index][intid] = enabled;
}

static const struct vgic_mmio_callbacks callbacks = {on_spi_enable, on_spi_route,
						     on_private_enable};

static uint64_t read_ok(bool redistributor, uint64_t offset, unsigned size)
{
	uint64_t value = 0;
	enum vgic_mmio_status status =
		redistributor ? vgic_mmio_redistributor_access(&gic, 0, offset, size, false, &value)
			      : vgic_mmio_distributor_access(&gic, 0, offset, size, false, &value);
	expect(status == VGIC_MMIO_OK, "identification read refused");
	return value;
}

/* Offsets: mostly inside the frames, sometimes at the edges or anywhere. */
static uint64_t take_offset(struct fuzz_input *in, bool redistributor)
{
	uint8_t tag = (uint8_t)take(in, 1);
	uint64_t low = take(in, 2);
	switch (tag >> 6) {
	case 0:
	case 1:
		return redistributor ? (uint64_t)(tag % (VGIC_MMIO_MAX_VCPUS + 1)) * 0x20000 +
					       (tag & 0x20 ? 0x10000 : 0) + low
				     : low;
	case 2:
		return 0x6000 + (low & 0x1fff);
	default:
		return tag & 1 ? take(in, 8) : 0x10000ull * (tag & 0x3f) + low;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned sizes[8] = {1, 2, 4, 8, 4, 8, 0, 3};
	struct fuzz_input in = {data, size};
	unsigned vcpus = (unsigned)take(&in, 1) % (VGIC_MMIO_MAX_VCPUS + 2);
	unsigned spis = (unsigned)take(&in, 2) % (VGIC_MMIO_MAX_SPIS + 2);

	memset(&shadow, 0, sizeof(shadow));
	enum vgic_mmio_status status = vgic_mmio_init(&gic, vcpus, spis, &callbacks, &shadow);
	if (vcpus == 0 || vcpus > VGIC_MMIO_MAX_VCPUS || spis > VGIC_MMIO_MAX_SPIS) {
		expect(status == VGIC_MMIO_BAD_ARGUMENT, "init accepted bad counts");
		return 0;
	}
	expect(status == VGIC_MMIO_OK, "init refused good counts");
	shadow.vcpus = vcpus;
	shadow.spis = spis;
	uint64_t typer = read_ok(false, 0x4, 4);

	for (unsigned n = 0; n < MAX_ACCESSES && in.size > 0; n++) {
		uint8_t flags = (uint8_t)take(&in, 1);
		bool redistributor = flags & 1, is_write = flags & 2;
		unsigned width = sizes[(flags >> 2) & 7];
		unsigned vcpu = flags & 0x80 ? (unsigned)take(&in, 4) : (unsigned)take(&in, 1) % vcpus;
		uint64_t offset = take_offset(&in, redistributor);
		uint64_t value = take(&in, 8);

		status = redistributor ? vgic_mmio_redistributor_access(&gic, vcpu, offset, width,
									is_write, &value)
				       : vgic_mmio_distributor_access(&gic, vcpu, offset, width,
								      is_write, &value);
		expect((unsigned)status < VGIC_MMIO_STATUS_COUNT, "unknown status");
		if (!is_write && status != VGIC_MMIO_OK)
			expect(value == 0, "refused read left data");
		if (!is_write && width < 8)
			expect(value >> (8 * width) == 0, "read not zero-extended");
		expect(read_ok(false, 0x4, 4) == typer, "GICD_TYPER changed");
	}

	expect((read_ok(false, 0xffe8, 4) & 0xf0) == 0x30, "GICD_PIDR2 changed");
	for (unsigned v = 0; v < vcpus; v++) {
		uint64_t rd_typer = read_ok(true, (uint64_t)v * VGIC_MMIO_REDISTRIBUTOR_STRIDE + 8, 8);
		expect(rd_typer >> 32 == v, "GICR_TYPER affinity changed");
		expect(((rd_typer >> 4) & 1) == (v + 1 == vcpus), "GICR_TYPER.Last wrong");
		for (unsigned intid = 0; intid < 32; intid++) {
			struct vgic_mmio_irq irq;
			expect(vgic_mmio_irq_state(&gic, v, intid, &irq) == VGIC_MMIO_OK,
			       "private state refused");
			expect(irq.enabled == shadow.private_enabled[v][intid],
			       "private enable not reported");
			expect(intid >= 16 || irq.edge, "an SGI became level");
		}
	}
	for (unsigned spi = 0; spi < spis; spi++) {
		struct vgic_mmio_irq irq;
		expect(vgic_mmio_irq_state(&gic, 0, 32 + spi, &irq) == VGIC_MMIO_OK,
		       "SPI state refused");
		expect(irq.enabled == shadow.spi_enabled[spi], "SPI enable not reported");
		expect(irq.target_vcpu == shadow.spi_route[spi], "SPI route not reported");
	}
	return 0;
}
