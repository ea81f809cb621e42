# A guest that takes its virtual timer's interrupts through Mortise's virtual GIC and measures
# interrupt -> guest handler latency; bare at EL1 too (main.c).
test/timer-guest-el := 1
test/timer-guest-srcs := test/timer-guest/main.c shared-libs/boot/$(boot-el1-srcs)
test/timer-guest-libs := boot cpu sync libc-min fmt pl011 console exception dtb hvc psci gicv3 gtimer \
	bench
test/timer-guest-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
