# A guest that measures physical interrupt -> guest handler latency with the PL031 RTC's alarm,
# as a Mortise guest with the PL031 passed through (test/irq-guest/bench.mk) and bare at EL1.
test/irq-guest-el := 1
test/irq-guest-srcs := test/irq-guest/main.c shared-libs/boot/$(boot-el1-srcs)
test/irq-guest-libs := boot cpu sync libc-min fmt pl011 console exception dtb gicv3 gtimer hvc \
	psci bench
test/irq-guest-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
