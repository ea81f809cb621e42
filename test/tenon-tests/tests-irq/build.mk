# Interrupt nesting by priority and deferred work on QEMU, with SGIs the CPU sends itself.
# Tickless, so no tick interrupt can nest into the handlers under test; nesting bounded at 3
# levels, so a chain of four ever more urgent SGIs shows the bound.
test/tenon-tests/tests-irq-el := 1
test/tenon-tests/tests-irq-srcs := test/tenon-tests/tests-irq/main.c $(tenon-testing-srcs) $(tenon-base-srcs)
test/tenon-tests/tests-irq-libs := $(tenon-base-libs)
test/tenon-tests/tests-irq-includes := $(tenon-base-includes) $(tenon-testing-includes) -DTENON_TICKLESS=1 -DTENON_IRQ_MAX_NESTING=3
test/tenon-tests/tests-irq-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
