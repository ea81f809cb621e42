# SPDX-License-Identifier: Apache-2.0
# The emulated GICv3 frames: the same portable sources in the VMM image, the tests and the fuzzer.
vgic-mmio-srcs := vgic_mmio_status.c vgic_mmio_init.c vgic_mmio_state.c vgic_mmio_access.c \
	vgic_mmio_registers.c vgic_mmio_distributor.c vgic_mmio_redistributor.c
vgic-mmio-host-srcs := $(vgic-mmio-srcs)
vgic-mmio-tests := test/test_vgic_mmio.c test/test_linux_init.c test/test_access_rules.c \
	test/test_random.c
vgic-mmio-fuzzers := fuzz/fuzz_vgic_mmio.c
# make test fuzzes this many inputs (a few seconds).
fuzz_vgic_mmio-test-runs := 20000
