# The same tests with priority inheritance compiled out: the inversion tests must fail, which
# shows they detect inversion rather than pass by timing luck.
libos-tenon/tests-nopi-el := 1
libos-tenon/tests-nopi-srcs := libos-tenon/tests/tests.c $(tenon-testing-srcs) $(tenon-base-srcs)
libos-tenon/tests-nopi-libs := $(tenon-base-libs)
libos-tenon/tests-nopi-includes := $(tenon-base-includes) $(tenon-testing-includes) -DTENON_TICKLESS=0 \
	-DTENON_TIME_SLICE_US=2000 -DTENON_TIMER_CAPACITY=10240 -DTENON_MUTEX_PI=0
libos-tenon/tests-nopi-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
