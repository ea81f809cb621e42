# Tenon primitives test image, periodic tick, 2 ms round-robin slices, room for 10,000 timers.
libos-tenon/tests-el := 1
libos-tenon/tests-srcs := libos-tenon/tests/tests.c $(tenon-testing-srcs) $(tenon-base-srcs)
libos-tenon/tests-libs := $(tenon-base-libs)
libos-tenon/tests-includes := $(tenon-base-includes) $(tenon-testing-includes) -DTENON_TICKLESS=0 -DTENON_TIME_SLICE_US=2000 \
	-DTENON_TIMER_CAPACITY=10240
libos-tenon/tests-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
