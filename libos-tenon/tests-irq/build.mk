# Interrupt nesting by priority and deferred work on QEMU, with SGIs the CPU sends itself.
# Tickless, so no tick interrupt can nest into the handlers under test; nesting bounded at 3
# levels, so a chain of four ever more urgent SGIs shows the bound.
libos-tenon/tests-irq-el := 1
libos-tenon/tests-irq-srcs := libos-tenon/tests-irq/main.c $(tenon-testing-srcs) $(tenon-base-srcs)
libos-tenon/tests-irq-libs := $(tenon-base-libs)
libos-tenon/tests-irq-includes := $(tenon-base-includes) $(tenon-testing-includes) -DTENON_TICKLESS=1 -DTENON_IRQ_MAX_NESTING=3
libos-tenon/tests-irq-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
