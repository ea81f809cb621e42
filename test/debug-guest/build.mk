# The debug and PMU isolation test guest: three copies on one CPU, the second without the features.
test/debug-guest-el := 1
test/debug-guest-srcs := test/debug-guest/main.c shared-libs/boot/$(boot-el1-srcs)
test/debug-guest-libs := boot cpu sync libc-min fmt pl011 console exception gicv3 gtimer hvc
test/debug-guest-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
test/debug-guest-includes := -Itest/caps-guest
