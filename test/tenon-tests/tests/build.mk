# Tenon primitives test image, periodic tick, 2 ms round-robin slices, room for 10,000 timers.
test/tenon-tests/tests-el := 1
test/tenon-tests/tests-srcs := test/tenon-tests/tests/tests.c $(tenon-testing-srcs) \
	$(tenon-base-srcs)
test/tenon-tests/tests-libs := $(tenon-base-libs)
test/tenon-tests/tests-includes := $(tenon-base-includes) $(tenon-testing-includes)
test/tenon-tests/tests-config-fragments := libos-tenon/configs/periodic-tick.conf \
	test/tenon-tests/tests/tests.conf
test/tenon-tests/tests-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
