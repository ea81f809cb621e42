# The same tests, tickless: the virtual timer is programmed for the next deadline only.
libos-tenon/tests-tickless-el := 1
libos-tenon/tests-tickless-srcs := libos-tenon/tests/tests.c $(tenon-testing-srcs) $(tenon-base-srcs)
libos-tenon/tests-tickless-libs := $(tenon-base-libs)
libos-tenon/tests-tickless-includes := $(tenon-base-includes) $(tenon-testing-includes) -DTENON_TICKLESS=1 \
	-DTENON_TIME_SLICE_US=2000 -DTENON_TIMER_CAPACITY=10240
libos-tenon/tests-tickless-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
