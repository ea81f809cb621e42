# The same tests with priority inheritance compiled out: the inversion tests must fail, which
# shows they detect inversion rather than pass by timing luck.
test/tenon-tests/tests-nopi-el := 1
test/tenon-tests/tests-nopi-srcs := test/tenon-tests/tests/tests.c $(tenon-testing-srcs) \
	$(tenon-base-srcs)
test/tenon-tests/tests-nopi-libs := $(tenon-base-libs)
test/tenon-tests/tests-nopi-includes := $(tenon-base-includes) $(tenon-testing-includes)
test/tenon-tests/tests-nopi-config-fragments := libos-tenon/configs/periodic-tick.conf \
	test/tenon-tests/tests/tests.conf test/tenon-tests/tests-nopi/no-priority-inheritance.conf
test/tenon-tests/tests-nopi-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
