# A guest for the exit tests: prints through a PL011 its VMM emulates, checks its physical timer is
# its own, measures the exit round trip, takes bus errors its VMM injects for a device it does not
# emulate, then touches memory outside its partition.
test/exit-guest-el := 1
test/exit-guest-srcs := test/exit-guest/main.c test/exit-guest/bus_error.c shared-libs/boot/$(boot-el1-srcs)
test/exit-guest-libs := boot cpu sync libc-min fmt pl011 console exception gicv3 gtimer bench
test/exit-guest-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
test/exit-guest-includes := -Itest/caps-guest
