# The heartbeat partition beside the hostile guest: a hypercall every period, judged in virtual time.
test/heartbeat-guest-el := 1
test/heartbeat-guest-srcs := test/heartbeat-guest/main.c shared-libs/boot/$(boot-el1-srcs)
test/heartbeat-guest-libs := boot cpu sync libc-min fmt console exception hvc gicv3 gtimer caps
test/heartbeat-guest-includes := -Itest/caps-guest -Itest/heartbeat-guest
test/heartbeat-guest-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
