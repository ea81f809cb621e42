# Tenon primitives test image, periodic tick, 2 ms round-robin slices, room for 10,000 timers.
test/tenon-tests/tests-el := 1
test/tenon-tests/tests-srcs := test/tenon-tests/tests/tests.c $(tenon-testing-srcs) $(tenon-base-srcs)
test/tenon-tests/tests-libs := $(tenon-base-libs)
test/tenon-tests/tests-includes := $(tenon-base-includes) $(tenon-testing-includes) -DTENON_TICKLESS=0 -DTENON_TIME_SLICE_US=2000 \
	-DTENON_TIMER_CAPACITY=10240
test/tenon-tests/tests-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
