# The interrupt nesting tests of tests-irq/ with the depth bounded at 4, a power of two: there the
# IRQ entry tests one bit of the new depth rather than comparing it (libos-tenon/arch/aarch64/
# vectors.S), so a chain of five ever more urgent SGIs shows that bound.
test/tenon-tests/tests-irq-bound4-el := 1
test/tenon-tests/tests-irq-bound4-srcs := test/tenon-tests/tests-irq/main.c $(tenon-testing-srcs) \
	$(tenon-base-srcs)
test/tenon-tests/tests-irq-bound4-libs := $(tenon-base-libs)
test/tenon-tests/tests-irq-bound4-includes := $(tenon-base-includes) $(tenon-testing-includes)
test/tenon-tests/tests-irq-bound4-config-fragments := libos-tenon/configs/tickless.conf \
	test/tenon-tests/tests-irq/tests-irq.conf test/tenon-tests/tests-irq-bound4/bound4.conf
test/tenon-tests/tests-irq-bound4-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
