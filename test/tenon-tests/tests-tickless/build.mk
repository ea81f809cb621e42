# The same tests, tickless: the virtual timer is programmed for the next deadline only.
test/tenon-tests/tests-tickless-el := 1
test/tenon-tests/tests-tickless-srcs := test/tenon-tests/tests/tests.c $(tenon-testing-srcs) \
	$(tenon-base-srcs)
test/tenon-tests/tests-tickless-libs := $(tenon-base-libs)
test/tenon-tests/tests-tickless-includes := $(tenon-base-includes) $(tenon-testing-includes)
test/tenon-tests/tests-tickless-config-fragments := libos-tenon/configs/tickless.conf \
	test/tenon-tests/tests/tests.conf
test/tenon-tests/tests-tickless-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
