# The same tests, tickless: the virtual timer is programmed for the next deadline only.
test/tenon-tests/tests-tickless-el := 1
test/tenon-tests/tests-tickless-srcs := test/tenon-tests/tests/tests.c $(tenon-testing-srcs) $(tenon-base-srcs)
test/tenon-tests/tests-tickless-libs := $(tenon-base-libs)
test/tenon-tests/tests-tickless-includes := $(tenon-base-includes) $(tenon-testing-includes) -DTENON_TICKLESS=1 \
	-DTENON_TIME_SLICE_US=2000 -DTENON_TIMER_CAPACITY=10240
test/tenon-tests/tests-tickless-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
