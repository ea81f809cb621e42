# The same tests with priority inheritance compiled out: the inversion tests must fail, which
# shows they detect inversion rather than pass by timing luck.
test/tenon-tests/tests-nopi-el := 1
test/tenon-tests/tests-nopi-srcs := test/tenon-tests/tests/tests.c $(tenon-testing-srcs) $(tenon-base-srcs)
test/tenon-tests/tests-nopi-libs := $(tenon-base-libs)
test/tenon-tests/tests-nopi-includes := $(tenon-base-includes) $(tenon-testing-includes) -DTENON_TICKLESS=0 \
	-DTENON_TIME_SLICE_US=2000 -DTENON_TIMER_CAPACITY=10240 -DTENON_MUTEX_PI=0
test/tenon-tests/tests-nopi-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
