# Interrupt nesting by priority and deferred work on QEMU, with SGIs the CPU sends itself.
# Tickless, so no tick interrupt can nest into the handlers under test; nesting bounded at 3
# levels, so a chain of four ever more urgent SGIs shows the bound (tests-irq-bound4/: 4, five).
test/tenon-tests/tests-irq-el := 1
test/tenon-tests/tests-irq-srcs := test/tenon-tests/tests-irq/main.c $(tenon-testing-srcs) \
	$(tenon-base-srcs)
test/tenon-tests/tests-irq-libs := $(tenon-base-libs)
test/tenon-tests/tests-irq-includes := $(tenon-base-includes) $(tenon-testing-includes)
test/tenon-tests/tests-irq-config-fragments := libos-tenon/configs/tickless.conf \
	test/tenon-tests/tests-irq/tests-irq.conf
test/tenon-tests/tests-irq-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
